import { type Api, GrammyError, InputFile } from 'grammy'
import type { Logger } from 'pino'
import type { Core } from '../../../core/index.ts'
import type { AttachmentSource } from '../../../core/ports/attachments.ts'
import { UNDELIVERED } from '../../../core/ports/jobs.ts'
import type { DigestLine, PartnerContact } from '../../../core/ports/partner-directory.ts'
import { type Named, programName } from '../../../core/programs/names.ts'
import type { SanctionNotice } from '../../../core/use-cases/notices.ts'
import { longDate, minorText, percentText } from '../../i18n/format.ts'
import { type I18n, resolveLanguage, type Translate } from '../../i18n/index.ts'
import { monthText, termsDate } from '../../shared/dates.ts'
import { endingText } from '../../shared/ending-text.ts'
import { type JobHandlers, type JobRun, RetryLater } from '../../shared/jobs.ts'
import { reasonText } from '../../shared/reasons.ts'
import { answerDisputeKeyboard } from '../callbacks.ts'
import { codeNewsText } from './code-news.ts'
import { dealNoticeText } from './deal-notice.ts'
import { disputeText } from './dispute-notice.ts'
import { payoutText } from './payout-notice.ts'
import { payoutScheduleText } from './payout-schedule.ts'

export interface NotificationDeps {
  core: Core
  i18n: I18n
  logger: Logger
  /** The partner bot's API; undefined while Telegram is off (nothing can be delivered). */
  telegram?: Api
  /** The files support attached to a reply (read from the desk); undefined while Slack is off. */
  deskFiles?: AttachmentSource
}

/**
 * The text of a sanction notice, in the partner's language: the job says which (applied, lifted), not the sanction's
 * state when it is delivered. A notice of a sanction applied that reaches the partner after it was lifted (Telegram
 * down, the queue backed up, a short end) still says what it was and why, then that it has been lifted since, as the
 * lift's own notice does (not a code suspension lifted while something else keeps the codes suspended: that lift
 * changed nothing for the partner).
 */
function sanctionText(t: Translate, language: string, n: SanctionNotice, news: 'applied' | 'lifted'): string {
  const program = programName(n.programNames, language)
  const lifted = () => t(`notify.lifted.${n.kind}` as 'notify.lifted.warning', { program })
  if (news === 'lifted') return lifted()
  // a disqualification names what it annuls: a one-time reward (worksection-referral) or a commission, as /stats does
  const kind = n.kind === 'disqualify' && n.reward ? 'disqualify_reward' : n.kind
  const lines = [
    t(`notify.sanction.${kind}` as 'notify.sanction.warning', { program, reason: reasonText(t, n.reason) }),
  ]
  if (n.note) lines.push(t('notify.note', { program, note: n.note }))
  if (n.lifted) {
    if (n.kind !== 'disqualify' && !(n.kind === 'suspend_codes' && n.heldOn)) lines.push(lifted())
    return lines.join('\n\n')
  }
  // an ad-rule warning: the last moment to fix it is the end of its last business day, shown as that day
  if (n.due) {
    const lastDay = new Date(n.due.at.getTime() - 1)
    const date = longDate(lastDay, language, n.due.timeZone)
    lines.push(t('notify.due', { date, count: n.due.businessDays }))
  }
  // a code suspension or a block with an end: the day it is lifted by itself, as /link and /stats show it
  if (n.ends && (n.kind === 'suspend_codes' || n.kind === 'block'))
    lines.push(t(`notify.ends.${n.kind}`, { date: longDate(n.ends.at, language, n.ends.timeZone) }))
  return lines.join('\n\n')
}

/** A manual bonus or penalty, in the partner's language: the amount, the reason and the operator's note. */
function adjustmentText(
  t: Translate,
  language: string,
  n: NonNullable<Awaited<ReturnType<Core['earnings']['adjustment']>>>,
): string {
  const a = n.adjustment
  const abs = a.amountMinor < 0n ? -a.amountMinor : a.amountMinor
  const lines = [
    t(a.amountMinor > 0n ? 'adjustments.notify.bonus' : 'adjustments.notify.penalty', {
      program: programName(n.programNames, language),
      amount: minorText(language, { minor: abs, currency: a.currency }),
      reason: reasonText(t, a.reason),
    }),
  ]
  if (a.note) lines.push(t('notify.note', { program: programName(n.programNames, language), note: a.note }))
  return lines.join('\n\n')
}

/** One message for all the earnings news of a partner, per program and currency. */
function digestText(
  t: Translate,
  language: string,
  lines: (DigestLine & { programNames: Named; timeZone: string })[],
): string | undefined {
  const out: string[] = []
  for (const l of lines) {
    const m = (minor: bigint) => minorText(language, { minor, currency: l.currency })
    if (l.commissions > 0)
      out.push(
        t('notify.digest.earned', {
          program: programName(l.programNames, language),
          amount: m(l.earnedMinor),
          count: l.commissions,
        }),
      )
    // a revenue share's loss is not "earned": it is said apart, with what happens to it
    if (l.lossMinor > 0n)
      out.push(t('notify.digest.loss', { program: programName(l.programNames, language), amount: m(l.lossMinor) }))
    if (l.reversedMinor > 0n)
      out.push(
        t('notify.digest.reversed', { program: programName(l.programNames, language), amount: m(l.reversedMinor) }),
      )
    if (l.tier && l.tier.toppedUpMinor !== 0n)
      out.push(
        t('notify.digest.tier', {
          program: programName(l.programNames, language),
          month: monthText(l.tier.month, language, l.timeZone),
          rate: percentText(language, l.tier.rateBps),
          amount: m(l.tier.toppedUpMinor),
        }),
      )
  }
  if (!out.length) return undefined
  return [t('notify.digest.title'), ...out, t('notify.digest.footer')].join('\n')
}

/** An ending of the partner's agreement, with its date and what happens to the money, in their language. */
async function tellEnding(
  deps: NotificationDeps,
  id: string | undefined,
  data: { partnerId: string; programKey: string },
  kind: 'ending' | 'ended',
) {
  const [contact, facts] = await Promise.all([
    deps.core.partners.contact(data.partnerId),
    deps.core.endings.notice(data.partnerId, data.programKey),
  ])
  return tell(deps, id, contact && facts && { contact }, (t, language) => endingText(t, language, facts!, kind))
}

/** Delivers partner notifications from the `notifications` queue through the Telegram bot. */
export function telegramNotifications(deps: NotificationDeps): JobHandlers<'notifications'> {
  const sanction =
    (news: 'applied' | 'lifted') =>
    async ({ id, data }: { id?: string; data: { sanctionId: string } }) => {
      const n = await deps.core.sanctions.notice(data.sanctionId)
      return tell(deps, id, n, (t, language) => sanctionText(t, language, n!, news))
    }
  return {
    sanction_applied: sanction('applied'),
    sanction_lifted: sanction('lifted'),
    async payout_status({ id, data }) {
      const n = await deps.core.payouts.notice(data.payoutId)
      return tell(deps, id, n, (t, language) => payoutText(t, language, n!, data.status, data.paused))
    },
    async dispute_update({ id, data, queuedAt }) {
      const outcome = await sendDisputeUpdate(deps, data.disputeId, data.news, data.messageId ?? undefined)
      // support's words that did not reach the partner: the desk hears it (a partner's own reopening needs no word)
      const why = UNDELIVERED.find((w) => w === outcome)
      if (why && data.news !== 'reopened') {
        const noticeId = id ?? `${data.disputeId}-${data.news}-${data.messageId ?? queuedAt}`
        await deps.core.disputes.undelivered({ disputeId: data.disputeId, news: data.news, noticeId, why })
      }
      return outcome
    },
    agreement_ending: ({ id, data }) => tellEnding(deps, id, data, 'ending'),
    agreement_ended: ({ id, data }) => tellEnding(deps, id, data, 'ended'),
    async application_decided({ id, data }) {
      const contact = await deps.core.partners.contact(data.partnerId)
      const program = deps.core.programs.get(data.programKey)
      return tell(deps, id, contact && { contact }, (t, language) =>
        t(`applications.notify.${data.decision}`, { program: programName(program, language, data.programKey) }),
      )
    },
    deal_changed: ({ id, data }) => sendDealNotice(deps, id, data),
    terms_withdrawn: (run) => sendWithdrawal(deps, run),
    earnings_digest: ({ data }) => sendDigest(deps, data.partnerId, BigInt(data.upTo)),
    async commission_restored({ id, data }) {
      const n = await deps.core.earnings.restoredNotice(data.commissionId)
      const contact = n && (await deps.core.partners.contact(n.partnerId))
      return tell(deps, id, contact ? { contact } : null, (t, language) => restoredText(t, language, n!, data.penalty))
    },
    async commission_reviewed({ id, data }) {
      const n = await deps.core.earnings.reviewedNotice(data.commissionId, data.action)
      const contact = n && (await deps.core.partners.contact(n.partnerId))
      return tell(
        deps,
        id,
        contact ? { contact } : null,
        (t, language) =>
          t(`held.notify.${data.action}`, {
            program: programName(n!.programNames, language),
            amount: minorText(language, n!.amount),
            reason: reasonText(t, data.reason),
          }) + (n!.penalty ? `\n${t('held.notify.penalty', { amount: minorText(language, n!.penalty) })}` : ''),
      )
    },
    async adjustment_made({ id, data }) {
      const n = await deps.core.earnings.adjustment(data.adjustmentId)
      const contact = n && (await deps.core.partners.contact(n.adjustment.partnerId))
      return tell(deps, id, contact ? { contact } : null, (t, language) => adjustmentText(t, language, n!))
    },
    async code_news({ id, data }) {
      const code = await deps.core.codes.get(data.codeId)
      const contact = code && (await deps.core.partners.contact(code.partnerId))
      return tell(deps, id, contact ? { contact } : null, (t, language) =>
        codeNewsText(t, language, code!, deps.core.programs.get(code!.programKey), data.news),
      )
    },
    async details_decided({ id, data }) {
      const contact = await deps.core.partners.contact(data.partnerId)
      const program = deps.core.programs.get(data.programKey)
      return tell(deps, id, contact && { contact }, (t, language) =>
        data.outcome === 'agreed'
          ? t('details.notify.agreed', { program: programName(program, language, data.programKey) })
          : t('details.notify.changes_requested', {
              program: programName(program, language, data.programKey),
              reason: t(`details.reason.${data.reason ?? 'other'}` as 'details.reason.other'),
            }),
      )
    },
    async payout_schedule({ id, data }) {
      const contact = await deps.core.partners.contact(data.partnerId)
      const program = deps.core.programs.get(data.programKey)
      return tell(deps, id, contact && { contact }, (t, language) =>
        payoutScheduleText(t, language, programName(program, language, data.programKey), data),
      )
    },
  }
}

/** A restored commission as its partner reads it: how much, the penalty returned with it, from when. */
function restoredText(
  t: Translate,
  language: string,
  n: NonNullable<Awaited<ReturnType<NotificationDeps['core']['earnings']['restoredNotice']>>>,
  penalty: string | undefined,
) {
  const lines = [
    t('adjustments.notify.restored', {
      program: programName(n.programNames, language),
      amount: minorText(language, n.amount),
    }),
  ]
  // the penalty charged with it came back too (its amount as the restore returned it)
  if (penalty)
    lines.push(
      t('adjustments.notify.restored_penalty', {
        amount: minorText(language, { minor: BigInt(penalty), currency: n.amount.currency }),
      }),
    )
  if (n.awaitingSettlement) lines.push(t('adjustments.notify.restored_unsettled'))
  else if (n.availableFrom)
    lines.push(t('adjustments.notify.restored_from', { date: longDate(n.availableFrom, language, n.timeZone) }))
  return lines.join('\n')
}

/** Sends one notice to its partner in their language: what happened when it cannot be delivered. */
async function tell(
  deps: NotificationDeps,
  jobId: string | undefined,
  notice: { contact: PartnerContact } | null,
  text: (t: Translate, language: string) => string,
) {
  if (!notice) return 'gone'
  if (!notice.contact.telegramId) return 'no_telegram'
  if (!deps.telegram) {
    deps.logger.warn({ job: jobId }, 'notification not delivered: Telegram is off')
    return 'telegram_off'
  }
  const language = resolveLanguage(notice.contact.language)
  const t = deps.i18n.t(language)
  try {
    await deps.telegram.sendMessage(Number(notice.contact.telegramId), text(t, language))
    return 'sent'
  } catch (e) {
    if (e instanceof GrammyError && (e.error_code === 403 || e.error_code === 400)) return 'unreachable'
    throw e // network trouble, 5xx: the queue retries with backoff
  }
}

/** A partner's deal set or ended, in the partner's language (deal-notice.ts). */
async function sendDealNotice(
  deps: NotificationDeps,
  jobId: string | undefined,
  data: { dealId: string; change: 'set' | 'ended'; others?: string },
) {
  const n = await deps.core.deals.notice(data.dealId, data.others)
  const contact = n && (await deps.core.partners.contact(n.partnerId))
  return tell(deps, jobId, contact && { contact }, (t, language) =>
    dealNoticeText(
      { t, language, programName: (k) => programName(deps.core.programs.get(k), language, k) },
      n!,
      data.change,
    ),
  )
}

/** How long a withdrawal waits for a message a pump still holds (then it is told: that message may have gone). */
const WITHDRAWAL_WAITS_MS = 10 * 60_000
/**
 * A term change the partner was told of, withdrawn before it took effect: which one, and that nothing changes. Not
 * to a partner whose message the pump held and put back unsent: they never read the change.
 */
async function sendWithdrawal(deps: NotificationDeps, run: JobRun<{ versionId: string; partnerId: string }>) {
  const { id: jobId, data } = run
  const delivery = await deps.core.terms.deliveryStatus(data.versionId, data.partnerId)
  if (delivery === 'sending' && Date.now() - run.queuedAt < WITHDRAWAL_WAITS_MS)
    throw new RetryLater(2000, 'the change may still be on its way')
  if (delivery !== 'sent' && delivery !== 'sending') return 'not_told'
  const [v, contact] = await Promise.all([
    deps.core.terms.record(data.versionId),
    deps.core.partners.contact(data.partnerId),
  ])
  const program = v ? deps.core.programs.get(v.programKey) : undefined
  return tell(deps, jobId, v && contact && { contact }, (t, language) =>
    t('terms.withdrawn', {
      program: programName(program, language, v!.programKey),
      version: v!.version,
      date: termsDate(v!.effectiveAt.toISOString(), language, program?.timeZone ?? 'UTC'),
    }),
  )
}

/** Sends a partner's digest, then moves its cursor; a failed send leaves the cursor for the next try. */
async function sendDigest(deps: NotificationDeps, partnerId: string, upTo: bigint) {
  const d = await deps.core.reports.digest(partnerId, upTo)
  if (!d) return 'gone'
  const language = resolveLanguage(d.contact.language)
  const t = deps.i18n.t(language)
  const text = digestText(t, language, d.lines)
  if (text && !deps.telegram) return 'telegram_off' // the cursor stays: told once Telegram is on
  // the range is claimed before it is told: a digest queued meanwhile (the send waiting out a 429) reads from the
  // new cursor and never tells the same commission again; a send that fails gives the range back for the retry
  if (!(await deps.core.reports.markDigested(partnerId, d.cursor, upTo))) return 'told_by_another'
  if (text && d.contact.telegramId && deps.telegram) {
    try {
      await deps.telegram.sendMessage(Number(d.contact.telegramId), text)
    } catch (e) {
      if (!(e instanceof GrammyError && (e.error_code === 403 || e.error_code === 400))) {
        await deps.core.reports.markDigested(partnerId, upTo, d.cursor).catch(() => {})
        throw e
      }
    }
  }
  return text ? 'sent' : 'nothing'
}

async function sendDisputeUpdate(deps: NotificationDeps, disputeId: string, news: string, messageId?: string | number) {
  const n = await deps.core.disputes.notice(disputeId, messageId === undefined ? undefined : String(messageId))
  if (!n) return 'gone'
  if (!n.contact.telegramId) return 'no_telegram'
  if (!deps.telegram) return 'telegram_off'
  const language = resolveLanguage(n.contact.language)
  const t = deps.i18n.t(language)
  const { text, entities, canAnswer } = disputeText(t, language, n, news)
  const chat = Number(n.contact.telegramId)
  const reply_markup = canAnswer ? answerDisputeKeyboard(t, n.dispute.number) : undefined
  try {
    await deps.telegram.sendMessage(chat, text, { reply_markup, ...(entities?.length ? { entities } : {}) })
    for (const a of n.message?.attachments ?? []) {
      if (a.source !== deps.deskFiles?.source) continue
      // each file on its own: one that cannot be delivered is said, and the text is never sent twice
      try {
        const read = await deps.deskFiles.fetch(a)
        const file = new InputFile(read.bytes, a.name ?? 'file')
        if (a.kind === 'photo') await deps.telegram.sendPhoto(chat, file)
        else await deps.telegram.sendDocument(chat, file)
      } catch (e) {
        if (e instanceof GrammyError && e.error_code === 403) throw e
        deps.logger.warn({ err: e, dispute: disputeId }, 'dispute file not delivered to the partner')
        await deps.telegram.sendMessage(chat, t('disputes.notify.file_failed', { name: a.name ?? 'file' }))
      }
    }
    return 'sent'
  } catch (e) {
    if (e instanceof GrammyError && (e.error_code === 403 || e.error_code === 400)) return 'unreachable'
    throw e
  }
}
