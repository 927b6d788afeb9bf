import type { Conversation } from '@grammyjs/conversations'
import { createConversation } from '@grammyjs/conversations'
import { Composer, type Context, InlineKeyboard } from 'grammy'
import type { Message } from 'grammy/types'
import { type Attachment, isResolved, MAX_ATTACHMENTS, MAX_DISPUTE_TEXT } from '../../../core/domain/disputes.ts'
import { isDomainError } from '../../../core/domain/errors.ts'
import { cutText } from '../../../core/domain/text.ts'
import type { DisputeRecord } from '../../../core/ports/dispute-store.ts'
import { programName } from '../../../core/programs/names.ts'
import { resolutionOf } from '../../../core/use-cases/dispute-desk.ts'
import { NO_PROGRAMS, type ProgramNames } from '../../i18n/errors.ts'
import type { I18n, Translate } from '../../i18n/index.ts'
import { disputeItemText as itemLabel } from '../../shared/dispute-item.ts'
import { answerStaleButton, askWithButtons, markChosen, pressedOr } from '../ask.ts'
import { answerDisputeKeyboard, CALLBACKS, onCallback, QUESTIONS, questionAnswer, questionData } from '../callbacks.ts'
import type { BotContext } from '../context.ts'
import { enterFlow, refuseDetails, rememberQuestion, withoutDetails } from '../flows.ts'
import { longDate, partnerErrorText } from '../format.ts'

type Convo = Conversation<BotContext, Context>

/** Runs a core call; a refusal comes back as the partner's text (kept serialisable for the replay log). */
async function attempt<T>(
  t: Translate,
  reader: { lang: string; programs: ProgramNames },
  run: () => Promise<T>,
): Promise<{ ok: T } | { refused: string }> {
  try {
    return { ok: await run() }
  } catch (e) {
    // an outage or a bug goes to the error boundary
    if (!isDomainError(e) || e.code === 'service.unavailable') throw e
    return { refused: partnerErrorText(t, reader.lang, e, { programs: reader.programs }) }
  }
}

/** The files of a message, as the dispute keeps them: the largest size of a photo, a document as sent. */
function attachmentsOf(m: Message): Attachment[] {
  if (m.photo?.length) {
    const best = m.photo[m.photo.length - 1]!
    return [{ source: 'telegram', fileId: best.file_id, kind: 'photo', size: best.file_size }]
  }
  if (m.document)
    return [
      {
        source: 'telegram',
        fileId: m.document.file_id,
        kind: 'document',
        name: m.document.file_name,
        mime: m.document.mime_type,
        size: m.document.file_size,
      },
    ]
  return []
}
const textOf = (m: Message) => m.text ?? m.caption ?? ''
/** The parts' text as the dispute receives it. */
const joined = (parts: Message[]) => parts.map(textOf).filter(Boolean).join('\n\n')
const NO_NAMES = { programs: NO_PROGRAMS }

/**
 * Collects what the partner writes: text, photos and documents, until they press Send (or Cancel). The first
 * message's id names the case, so a redelivered update cannot open it twice.
 */
async function collect(conversation: Convo, ctx: Context, t: Translate, lang: string, prompt: string) {
  await ctx.reply(prompt)
  // a button pressed meanwhile (an older list's) is answered, so it does not spin: it belongs to an earlier question
  const first = await conversation
    .waitFor(['message:text', 'message:photo', 'message:document'], {
      otherwise: pressedOr(t, t('disputes.flow.text_or_files')),
    })
    .and(withoutDetails, { otherwise: (c) => refuseDetails(c, t) })
  if (first.message.text?.startsWith('/')) return null
  // the text is refused past its limit as it is written, not at Send: a part that would pass it is not taken, and the
  // partner may shorten it and send it again, or send what they have
  const tooLong = partnerErrorText(t, lang, { code: 'dispute.too_long', data: { max: MAX_DISPUTE_TEXT } }, NO_NAMES)
  const fits = (taken: Message[], m: Message) => joined([...taken, m]).length <= MAX_DISPUTE_TEXT
  // so are files past the most a message carries: the partner is told as the eleventh arrives, not dropped at Send
  const fileFits = (taken: Message[], m: Message) => [...taken, m].flatMap(attachmentsOf).length <= MAX_ATTACHMENTS
  if (!fits([], first.message)) {
    await ctx.reply(tooLong)
    return collect(conversation, ctx, t, lang, prompt)
  }
  const parts: Message[] = [first.message]
  const nonce = Math.floor((await conversation.random()) * 36 ** 6).toString(36)
  const keyboard = new InlineKeyboard()
    .text(t('disputes.flow.send'), questionData(QUESTIONS.disputeFiles, nonce, 'send'))
    .text(t('disputes.flow.cancel'), questionData(QUESTIONS.disputeFiles, nonce, 'cancel'))
  let status = await ctx.reply(t('disputes.flow.more'), { reply_markup: keyboard })
  await rememberQuestion(conversation, status.message_id)
  for (;;) {
    // a message or a press: anything else (an edit, should one get here) is skipped, so it is never kept in Redis
    const next = await conversation
      .waitFor(['message', 'callback_query'])
      .and(withoutDetails, { otherwise: (c) => refuseDetails(c, t) })
    const data = next.callbackQuery?.data
    if (data) {
      const pressed = questionAnswer(QUESTIONS.disputeFiles, nonce, data, ['send', 'cancel'] as const)
      if (pressed === 'other_question' || pressed === undefined) {
        await answerStaleButton(next, t(pressed ? 'flows.expired' : 'unhandled.button'))
        continue
      }
      await next.answerCallbackQuery()
      await markChosen(next, status.text ?? '', t(pressed === 'send' ? 'disputes.flow.send' : 'disputes.flow.cancel'))
      if (pressed === 'cancel') {
        await ctx.reply(t('disputes.flow.cancelled'))
        return null
      }
      break
    }
    const m = next.message
    if (m && (m.text || m.photo || m.document) && !m.text?.startsWith('/')) {
      if (!fits(parts, m)) {
        await next.reply(tooLong)
        continue
      }
      const taken = fileFits(parts, m)
      if (taken) parts.push(m)
      // the buttons follow the newest message, so Send is always at hand
      await ctx.api.editMessageReplyMarkup(status.chat.id, status.message_id).catch(() => {})
      status = await ctx.reply(
        taken
          ? t('disputes.flow.more_added', { count: parts.length })
          : t('disputes.flow.file_not_added', { count: MAX_ATTACHMENTS }),
        { reply_markup: keyboard },
      )
      await rememberQuestion(conversation, status.message_id)
      continue
    }
    await next.reply(t('disputes.flow.text_or_files'))
  }
  return {
    text: joined(parts),
    attachments: parts.flatMap(attachmentsOf),
    sourceRef: `${first.message.chat.id}:${first.message.message_id}`,
  }
}

/**
 * /dispute → New: the program, what it is about (a commission, a payout, a sanction — picked from the partner's
 * own items — or something else), the case in text with photos or documents, then the number and answer-by date.
 */
function newDisputeConversation(i18n: I18n) {
  return async function dispute_new(conversation: Convo, ctx: Context) {
    const me = await conversation.external((o) => ({
      lang: o.lang,
      partnerId: o.partner?.partnerId ?? null,
      programs: (o.partner?.enrolments ?? []).map((e) => ({
        key: e.programKey,
        label: programName(o.core.programs.get(e.programKey), o.lang, e.programKey),
        timeZone: o.core.programs.get(e.programKey)?.timeZone ?? 'UTC',
      })),
    }))
    const t = i18n.t(me.lang)
    if (!me.partnerId || !me.programs.length) {
      await ctx.reply(t('start.not_partner'))
      return
    }
    const partnerId = me.partnerId
    const ask = askWithButtons(conversation, ctx, t, QUESTIONS.dispute)
    const programKey =
      me.programs.length === 1
        ? me.programs[0]!.key
        : await ask(
            t('disputes.flow.which_program'),
            me.programs.map((p) => [p.label, p.key]),
          )
    const program = me.programs.find((p) => p.key === programKey)!
    const items = await conversation.external(async (o) =>
      (await o.core.disputes.subjects(partnerId, programKey)).map((i) => ({
        subject: i.subject,
        id: i.id,
        at: i.at.toISOString(),
        amount: i.amountMinor?.toString(),
        currency: i.currency,
        status: i.status,
        detail: i.detail,
        orderRef: i.orderRef,
        customerRef: i.customerRef,
      })),
    )
    const kinds = (['commission', 'payout', 'sanction'] as const).filter((k) => items.some((i) => i.subject === k))
    // nothing of the partner's to dispute in the program: no question with a single answer, the case goes to support
    if (!kinds.length) await ctx.reply(t('disputes.flow.nothing_to_dispute', { program: program.label }))
    const subject = (
      kinds.length
        ? await ask(t('disputes.flow.what_about'), [
            ...kinds.map((k): [string, string] => [t(`disputes.subject.${k}`), k]),
            [t('disputes.subject.other'), 'other'],
          ])
        : 'other'
    ) as 'commission' | 'payout' | 'sanction' | 'other'
    let subjectId: string | undefined
    if (subject !== 'other') {
      // newest first, each named by what tells it apart (its order or customer first, as a button shows 60 characters)
      const choices = items.filter((i) => i.subject === subject).sort((a, b) => (a.at < b.at ? 1 : -1))
      subjectId = await ask(
        t('disputes.flow.which_item'),
        choices.map((i) => [itemLabel(t, me.lang, program.timeZone, i, 60), i.id]),
      )
    }
    const written = await collect(conversation, ctx, t, me.lang, t('disputes.flow.describe'))
    if (!written) return
    const opened = await conversation.external(async (o) =>
      attempt(t, { lang: me.lang, programs: o.core.programs }, async () => {
        const d = await o.core.disputes.open({
          partnerId,
          programKey,
          subject,
          subjectId,
          text: written.text,
          attachments: written.attachments,
          source: 'telegram',
          sourceRef: written.sourceRef,
          enrolledPrograms: me.programs.map((p) => p.key),
        })
        return { number: d.number, answerBy: d.answerBy.toISOString() }
      }),
    )
    if ('refused' in opened) {
      await ctx.reply(opened.refused)
      return
    }
    await ctx.reply(
      t('disputes.flow.opened', {
        number: opened.ok.number,
        date: longDate(opened.ok.answerBy, me.lang, program.timeZone),
      }),
    )
  }
}

/** Adds a message (text, photos, documents) to one of the partner's disputes; a resolved one reopens if it may. */
function addToDisputeConversation(i18n: I18n) {
  return async function dispute_add(conversation: Convo, ctx: Context, number: number) {
    const me = await conversation.external((o) => ({ lang: o.lang, partnerId: o.partner?.partnerId ?? null }))
    const t = i18n.t(me.lang)
    if (!me.partnerId || !Number.isSafeInteger(number)) {
      await ctx.reply(
        partnerErrorText(t, me.lang, { code: 'dispute.not_found', data: { number } }, { programs: NO_PROGRAMS }),
      )
      return
    }
    const partnerId = me.partnerId
    const written = await collect(conversation, ctx, t, me.lang, t('disputes.flow.add_prompt', { number }))
    if (!written) return
    const added = await conversation.external(async (o) =>
      attempt(t, { lang: me.lang, programs: o.core.programs }, async () => {
        const r = await o.core.disputes.addPartnerMessage({
          partnerId,
          number,
          text: written.text,
          attachments: written.attachments,
          source: 'telegram',
          sourceRef: written.sourceRef,
        })
        return { reopened: r.reopened }
      }),
    )
    await ctx.reply(
      'refused' in added
        ? added.refused
        : t(added.ok.reopened ? 'disputes.flow.reopened' : 'disputes.flow.added', { number }),
    )
  }
}

/** /dispute: the partner's cases with their status and deadline, each viewable, and a button for a new one. */
export function disputeFeature(i18n: I18n) {
  const feature = new Composer<BotContext>()
  feature.use(createConversation(newDisputeConversation(i18n), 'dispute_new'))
  feature.use(createConversation(addToDisputeConversation(i18n), 'dispute_add'))

  feature.chatType('private').command('dispute', async (ctx) => {
    if (!ctx.partner) return ctx.reply(ctx.t('start.not_partner'))
    const mine = await ctx.core.disputes.ofPartner(ctx.partner.partnerId)
    if (!mine.length) return enterFlow(ctx, 'dispute_new')
    const keyboard = new InlineKeyboard()
    const lines = [ctx.t('disputes.list.title')]
    for (const d of mine.slice(0, 10)) {
      const program = ctx.core.programs.get(d.programKey)
      const row = {
        number: d.number,
        program: programName(program, ctx.lang, d.programKey),
        status: ctx.t(`disputes.status.${d.status}`),
      }
      // a decided dispute waits for no answer: its row drops the date, as its view does
      lines.push(
        isResolved(d.status)
          ? ctx.t('disputes.list.row_decided', row)
          : ctx.t('disputes.list.row', { ...row, date: longDate(d.answerBy, ctx.lang, program?.timeZone ?? 'UTC') }),
      )
      keyboard.text(
        ctx.t('disputes.list.button', { number: d.number }),
        CALLBACKS.dispute.encode({ action: 'view', number: d.number }),
      )
    }
    keyboard.row().text(ctx.t('disputes.list.new'), CALLBACKS.newDispute.encode(true))
    await ctx.reply(lines.join('\n'), { reply_markup: keyboard })
  })

  onCallback(feature, CALLBACKS.newDispute, async (ctx) => {
    await ctx.answerCallbackQuery()
    await enterFlow(ctx, 'dispute_new')
  })

  onCallback(feature, CALLBACKS.dispute, async (ctx, { action: what, number }) => {
    if (!ctx.partner) return ctx.answerCallbackQuery({ text: ctx.t('start.not_partner'), show_alert: true })
    const found = await attempt(ctx.t, { lang: ctx.lang, programs: ctx.core.programs }, () =>
      ctx.core.disputes.partnerDispute(ctx.partner!.partnerId, number),
    )
    if ('refused' in found) return ctx.answerCallbackQuery({ text: found.refused, show_alert: true })
    const final = found.ok.final
    if (what === 'add') {
      // a final decision is said at once, before the partner writes anything
      if (final) {
        const text = partnerErrorText(
          ctx.t,
          ctx.lang,
          { code: 'dispute.final', data: { number } },
          { programs: ctx.core.programs },
        )
        return ctx.answerCallbackQuery({ text, show_alert: true })
      }
      await ctx.answerCallbackQuery()
      await enterFlow(ctx, 'dispute_add', number)
      return
    }
    await ctx.answerCallbackQuery()
    const { dispute: d, messages } = found.ok
    const program = ctx.core.programs.get(d.programKey)
    const zone = program?.timeZone ?? 'UTC'
    const lines = [
      ctx.t('disputes.view.title', {
        number: d.number,
        program: programName(program, ctx.lang, d.programKey),
        subject: ctx.t(`disputes.subject.${d.subject}`),
      }),
      ...statusLines(ctx.t, ctx.lang, zone, d),
      // what the dispute is about, as it stands now
      ...(found.ok.item
        ? [
            ctx.t('disputes.view.item', {
              item: itemLabel(ctx.t, ctx.lang, zone, {
                ...found.ok.item,
                at: found.ok.item.at.toISOString(),
                amount: found.ok.item.amountMinor?.toString(),
              }),
            }),
          ]
        : []),
      '',
      ...messages.slice(-10).map((m) =>
        ctx.t(m.author === 'partner' ? 'disputes.view.you' : 'disputes.view.support', {
          text: m.text || ctx.t('disputes.view.files', { count: m.attachments.length }),
        }),
      ),
    ]
    await ctx.reply(cutText(lines.join('\n'), 4000), {
      reply_markup: final ? undefined : answerDisputeKeyboard(ctx.t, d.number, writeKind(d, messages)),
    })
  })
  return feature
}

/**
 * An answer to support's message or decision; before support writes, or after the partner's own message, there is
 * nothing to answer: an addition to the dispute.
 */
function writeKind(d: DisputeRecord, messages: { author: string }[]): 'answer' | 'add' {
  if (d.status === 'upheld' || d.status === 'rejected') return 'answer'
  return messages.at(-1)?.author === 'partner' ? 'add' : 'answer'
}

/**
 * Where the dispute stands: open, the date an answer is due by; decided, when and why (the reason as the partner was
 * told it, and support's note).
 */
function statusLines(t: Translate, lang: string, zone: string, d: DisputeRecord): string[] {
  const status = t(`disputes.status.${d.status}`)
  const decided = d.resolvedAt && (d.status === 'upheld' || d.status === 'rejected') ? resolutionOf(d) : undefined
  if (!decided) return [t('disputes.view.status', { status, date: longDate(d.answerBy, lang, zone) })]
  const reason = t(`disputes.reason.${decided.reason}` as 'disputes.reason.other', { defaultValue: decided.reason })
  const lines = [t('disputes.view.decided', { status, date: longDate(d.resolvedAt!, lang, zone), reason })]
  if (decided.note) lines.push(t('disputes.notify.note', { note: decided.note }))
  return lines
}
