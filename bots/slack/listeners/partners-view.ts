import type { KnownBlock } from '@slack/types'
import { SANCTION_REASONS } from '../../../core/domain/reason-codes.ts'
import type { PartnerCandidate } from '../../../core/ports/partner-lookup.ts'
import { programName } from '../../../core/programs/names.ts'
import type { PartnerProfile } from '../../../core/use-cases/partner-lookup.ts'
import { SANCTION_END_ACTOR, type SanctionKind } from '../../../core/use-cases/sanctions.ts'
import { decimalText, minorText } from '../../i18n/format.ts'
import { countryName, languageName, type Translate } from '../../i18n/index.ts'
import { deskDate, deskEndDate } from '../../shared/dates.ts'
import { deskReasonText, sanctionKindKey } from '../../shared/reasons.ts'
import { END_ACTION, LIFT_ACTION, LIFT_MORE_ACTION, PARTNER_ACTIONS } from '../actions.ts'
import { mrkdwnEscape, userOf } from '../desk/finance-cards.ts'
import { movements } from '../desk/movements.ts'
import type { Permission } from '../roles.ts'

export const SANCTION_PERMISSION: Record<SanctionKind, Permission> = {
  warning: 'partners.warn',
  suspend_codes: 'partners.suspend_codes',
  block: 'partners.block',
  disqualify: 'partners.disqualify',
}

export const PARTNER_VIEW = 'partner_sanction_modal'
export const LIFT_VIEW = 'partner_lift_modal'

/** Reason codes support picks from (the partner reads them in their language: `reasons.*`). */
export { SANCTION_REASONS }

const clip = (s: string, n = 2900) => (s.length > n ? `${s.slice(0, n - 1)}…` : s)
const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: clip(text) } })

/** The partner in one line: name and @username, or that the data was erased. */
export function whoOf(t: Translate, p: { name?: string; telegramUsername?: string; erased?: boolean }) {
  if (p.erased) return t('finance.card.erased')
  return [
    p.name ? mrkdwnEscape(p.name) : t('finance.card.unnamed'),
    p.telegramUsername && `@${mrkdwnEscape(p.telegramUsername)}`,
  ]
    .filter(Boolean)
    .join(' ')
}

const ledgerKind = (t: Translate, kind: string) =>
  t(`partner_desk.ledger.${kind}` as 'partner_desk.ledger.commission', { defaultValue: kind.replaceAll('_', ' ') })

/**
 * The card's dates, as every desk date: a program's in that program's time zone (with the zone named), the partner's
 * own (when they first came) in UTC, named too.
 */
const zoneOf = (p: PartnerProfile, programKey: string) => p.programZones[programKey] ?? 'UTC'

/** A program of the partner, with its last days' activity in one line when it was read. */
type Enrolment = PartnerProfile['enrolments'][number] & { activity?: string }
type May = (kind: SanctionKind) => boolean
/** The viewer may end agreements (partners.terminate). */
type MayEnd = boolean

/** Standings whose agreement is still in force, which the company may end. */
const LIVE = ['applied', 'active', 'blocked']

const programOf = (p: PartnerProfile, key: string, language: string) => programName(p.programNames[key], language, key)

/** Who the partner is: name, language, legal form, country, since when, and whether Telegram reaches them. */
function identityBlock(t: Translate, language: string, p: PartnerProfile): KnownBlock {
  const telegram = !p.hasTelegram
    ? t('partner_desk.telegram_none')
    : p.unreachable
      ? t('partner_desk.telegram_unreachable')
      : t('partner_desk.telegram_ok')
  return section(
    [
      t('partner_desk.title', { who: whoOf(t, p), id: p.id }),
      t('partner_desk.identity', {
        language: languageName(p.language),
        legal: t(`partner_desk.legal.${p.legalType}`),
        country: p.country ? countryName(p.country, language) : '—',
        since: deskDate(p.createdAt, language, 'UTC'),
        telegram,
      }),
    ].join('\n'),
  )
}

/** One program of the partner: standing, codes, balances and a payout hold, then the sanctions the viewer may apply. */
function enrolmentBlocks(
  t: Translate,
  language: string,
  p: PartnerProfile,
  e: Enrolment,
  may: May,
  mayEnd: MayEnd,
): KnownBlock[] {
  const codes = e.codes.length
    ? e.codes
        .map((c) => (c.status === 'suspended' ? t('partner_desk.code_suspended', { code: c.code }) : `\`${c.code}\``))
        .join(', ')
    : t('partner_desk.no_codes')
  const lines = [
    t('partner_desk.program', {
      program: mrkdwnEscape(programOf(p, e.programKey, language)),
      status: t(`partner_desk.status.${e.status}`),
      since: deskDate(e.registeredAt, language, zoneOf(p, e.programKey)),
    }),
    t('partner_desk.codes', { codes }),
    ...(e.activity ? [e.activity] : []),
    ...p.balances
      .filter((b) => b.program === e.programKey)
      .map((b) => {
        const m = (v: string) => decimalText(language, v, b.currency)
        return t('partner_desk.balance', {
          currency: b.currency,
          available: m(b.available),
          pending: m(b.pending),
          held: m(b.held),
          inPayout: m(b.inPayout),
          paid: m(b.paid),
        })
      }),
  ]
  if (e.payoutHoldUntil)
    lines.push(
      t('partner_desk.hold', {
        date: deskDate(e.payoutHoldUntil, language, zoneOf(p, e.programKey)),
        reason: deskReasonText(t, e.payoutHoldReason ?? 'review'),
      }),
    )
  if (e.payoutsBlockedReason)
    lines.push(t('partner_desk.payouts_blocked', { reason: deskReasonText(t, e.payoutsBlockedReason) }))
  // an ad-rule warning still open before its deadline: the day by which it must be resolved
  for (const s of p.inForce)
    if (s.programKey === e.programKey && s.kind === 'warning' && s.dueAt && !s.liftedAt && !s.escalatedTo)
      lines.push(
        t('partner_desk.warning_due', {
          reason: deskReasonText(t, s.reason),
          date: deskDate(new Date(s.dueAt.getTime() - 1), language, zoneOf(p, e.programKey)),
        }),
      )
  if (e.endsAt)
    lines.push(
      t(e.status === 'terminated' ? 'end_desk.ended' : 'end_desk.ends', {
        date: deskEndDate(language, new Date(e.endsAt), zoneOf(p, e.programKey)),
        reason: t(`end_desk.reason.${e.endReason ?? 'terms_objection'}` as 'end_desk.reason.breach'),
      }),
    )
  const blocks: KnownBlock[] = [{ type: 'divider' }, section(lines.join('\n'))]
  const ref = { partnerId: p.id, programKey: e.programKey }
  const buttons = e.sanctions.filter(may).map((k) => ({
    type: 'button' as const,
    action_id: PARTNER_ACTIONS[k].id,
    text: { type: 'plain_text' as const, text: t(`partner_desk.button.${k}`) },
    value: PARTNER_ACTIONS[k].encode(ref),
    ...(k === 'block' || k === 'disqualify' ? { style: 'danger' as const } : {}),
  }))
  if (mayEnd && LIVE.includes(e.status))
    buttons.push({
      type: 'button' as const,
      action_id: END_ACTION.id,
      text: { type: 'plain_text' as const, text: t('end_desk.button') },
      value: END_ACTION.encode(ref),
      style: 'danger' as const,
    })
  if (buttons.length) blocks.push({ type: 'actions', block_id: `partner:${e.programKey}`, elements: buttons })
  return blocks
}

/** The partner's sanctions, lifted ones too, then buttons to lift those in force the viewer may lift. */
function sanctionBlocks(t: Translate, language: string, p: PartnerProfile, may: May): KnownBlock[] {
  const sanctions = p.sanctions.map((s) => {
    // a lifted one says who lifted it, or that its end came (the service lifted it); one lifted before that was kept
    // says when alone
    const ended = s.liftedBy === SANCTION_END_ACTOR
    const key = !s.liftedAt
      ? 'partner_desk.sanction'
      : ended
        ? 'partner_desk.sanction_ended'
        : s.liftedBy
          ? 'partner_desk.sanction_lifted_by'
          : 'partner_desk.sanction_lifted'
    const line = t(key, {
      date: deskDate(s.createdAt, language, zoneOf(p, s.programKey)),
      program: mrkdwnEscape(programOf(p, s.programKey, language)),
      kind: t(`partner_desk.kind.${sanctionKindKey(s.kind, p.paysRewards[s.programKey])}`),
      reason: deskReasonText(t, s.reason),
      actor: userOf(s.actor),
      lifted: s.liftedAt ? deskDate(s.liftedAt, language, zoneOf(p, s.programKey)) : '',
      by: userOf(s.liftedBy),
    })
    // the day it ends by itself (lifted at that day's first moment), as the form took it and the partner reads it;
    // one that has ended said so already
    return s.endsAt && !ended
      ? `${line} · ${t('partner_desk.sanction_until', { date: deskDate(s.endsAt, language, zoneOf(p, s.programKey)) })}`
      : line
  })
  const blocks: KnownBlock[] = [
    { type: 'divider' },
    section(
      [t('partner_desk.sanctions_title'), ...(sanctions.length ? sanctions : [t('partner_desk.no_sanctions')])].join(
        '\n',
      ),
    ),
  ]
  // every sanction in force (not only the history's ten newest), blocks and code suspensions first; a
  // disqualification is final
  const liftable = p.inForce.filter((s) => s.kind !== 'payout_hold' && may(s.kind as SanctionKind))
  if (liftable.length) blocks.push(liftBlock(t, language, p, liftable))
  return blocks
}

/** Up to this many lift buttons; more sanctions in force are chosen in a select after the first few. */
const LIFT_BUTTONS = 5

/** Slack's limit on a button's and an option's text. */
const LABEL_MAX = 75

/**
 * A sanction in force as the desk names it before lifting it: its kind and, when it ends by itself, until when (the
 * card's "until" date), e.g. `code suspension — until March 20, 2026 (UTC)`.
 */
export function inForceName(
  t: Translate,
  language: string,
  s: { kind: string; endsAt?: Date },
  timeZone: string,
): string {
  const kind = t(`partner_desk.kind.${s.kind}` as 'partner_desk.kind.warning')
  if (!s.endsAt) return kind
  const until = t('partner_desk.sanction_until', { date: deskDate(s.endsAt, language, timeZone) })
  return t('partner_desk.kind_until', { kind, until })
}

/** The lift buttons; past LIFT_BUTTONS, the first four and a select of the rest (Slack: 100 options at most). */
function liftBlock(t: Translate, language: string, p: PartnerProfile, liftable: PartnerProfile['inForce']): KnownBlock {
  // within Slack's limit the program's name gives way first: what is lifted and until when stay whole
  const label = (s: PartnerProfile['inForce'][number]) => {
    const kind = inForceName(t, language, s, zoneOf(p, s.programKey))
    const program = programOf(p, s.programKey, language)
    const text = (name: string) => t('partner_desk.button.lift', { kind, program: name })
    const full = text(program)
    if (full.length <= LABEL_MAX) return full
    const room = program.length - (full.length - LABEL_MAX) - 1
    return room > 0 ? text(`${program.slice(0, room)}…`) : full.slice(0, LABEL_MAX)
  }
  const shown = liftable.length > LIFT_BUTTONS ? liftable.slice(0, LIFT_BUTTONS - 1) : liftable
  const rest = liftable.slice(shown.length, shown.length + 100)
  const buttons = shown.map((s) => ({
    type: 'button' as const,
    action_id: LIFT_ACTION.id,
    text: { type: 'plain_text' as const, text: label(s) },
    value: LIFT_ACTION.encode(s.id),
  }))
  const more = rest.length
    ? [
        {
          type: 'static_select' as const,
          action_id: LIFT_MORE_ACTION.id,
          placeholder: { type: 'plain_text' as const, text: t('partner_desk.button.lift_more') },
          options: rest.map((s) => ({
            text: {
              type: 'plain_text' as const,
              // one without an end is told from another of its kind by the day it was applied
              text: s.endsAt
                ? label(s)
                : `${label(s)} ${deskDate(s.createdAt, language, zoneOf(p, s.programKey))}`.slice(0, LABEL_MAX),
            },
            value: LIFT_MORE_ACTION.encode(s.id),
          })),
        },
      ]
    : []
  return { type: 'actions', block_id: 'lift', elements: [...buttons, ...more] }
}

/** The partner's review flags still to decide, each with the rule and its evidence (customer, event, period). */
function flagBlocks(t: Translate, language: string, p: PartnerProfile): KnownBlock[] {
  if (!p.openFlags.length) return []
  const lines = p.openFlags.map((f) => {
    const d = f.details
    const evidence = [
      typeof d.customer === 'string' && t('partner_desk.flag_customer', { customer: mrkdwnEscape(d.customer) }),
      typeof d.event === 'string' && t('partner_desk.flag_event', { event: mrkdwnEscape(d.event) }),
    ].filter(Boolean)
    return t('partner_desk.flag', {
      date: deskDate(f.createdAt, language, zoneOf(p, f.programKey)),
      program: mrkdwnEscape(programOf(p, f.programKey, language)),
      kind: t(`partner_desk.flag_kind.${f.kind}` as 'partner_desk.flag_kind.self_referral', {
        defaultValue: f.kind.replaceAll('_', ' '),
      }),
      evidence: evidence.length ? evidence.join(', ') : '—',
      id: f.id,
    })
  })
  return [{ type: 'divider' }, section([t('partner_desk.flags_title'), ...lines].join('\n'))]
}

/** The partner's payouts not final yet, if any. */
function openPayoutBlocks(t: Translate, language: string, p: PartnerProfile): KnownBlock[] {
  if (!p.openPayouts.length) return []
  const lines = p.openPayouts.map((x) =>
    t('partner_desk.payout', {
      amount: minorText(language, { minor: x.grossMinor, currency: x.currency }),
      program: mrkdwnEscape(programOf(p, x.programKey, language)),
      status: t(`finance.status.${x.status}` as 'finance.status.paid'),
      id: x.id,
    }),
  )
  return [section([t('partner_desk.payouts_title'), ...lines].join('\n'))]
}

/** The latest ledger entries. */
function recentBlock(t: Translate, language: string, p: PartnerProfile): KnownBlock {
  const recent = movements(p.recent).map((r) =>
    t('partner_desk.entry', {
      date: deskDate(r.at, language, zoneOf(p, r.programKey), { time: true }),
      program: mrkdwnEscape(programOf(p, r.programKey, language)),
      kind: ledgerKind(t, r.kind),
      amount: minorText(language, { minor: r.amountMinor, currency: r.currency }),
    }),
  )
  return section(
    [t('partner_desk.recent_title'), ...(recent.length ? recent : [t('partner_desk.no_recent')])].join('\n'),
  )
}

/**
 * The partner card of `/pa partner`: identity, and per program its standing, codes and balances with the sanction
 * buttons the viewer's roles allow; then open review flags, sanctions, open payouts and the latest ledger entries.
 */
export function profileBlocks(
  t: Translate,
  language: string,
  p: PartnerProfile,
  may: May,
  mayEnd: MayEnd = false,
  activity: ReadonlyMap<string, string> = new Map(),
): KnownBlock[] {
  return [
    identityBlock(t, language, p),
    ...p.enrolments.flatMap((e) =>
      enrolmentBlocks(t, language, p, { ...e, activity: activity.get(e.programKey) }, may, mayEnd),
    ),
    ...flagBlocks(t, language, p),
    ...sanctionBlocks(t, language, p, may),
    ...openPayoutBlocks(t, language, p),
    recentBlock(t, language, p),
  ]
}

/** Counts of the performance report: clicks and unique clicks, sign-ups, first payments. */
interface Funnel {
  clicks: number
  uniqueClicks: number
  signups: number
  firstPayments: number
}

/**
 * A program's last `days` days in one line of the card: clicks (none in a program of promo codes alone, which has
 * no links to click), sign-ups and first payments, as the partner reads them in /stats.
 */
export function activityLine(t: Translate, language: string, c: Funnel, days: number, promoOnly: boolean) {
  const n = (x: number) => new Intl.NumberFormat(language).format(x)
  return t(promoOnly ? 'partner_desk.activity_codes' : 'partner_desk.activity', {
    count: days,
    clicks: n(c.clicks),
    unique: n(c.uniqueClicks),
    signups: n(c.signups),
    payments: n(c.firstPayments),
  })
}

/** Several partners match (a shared username): listed with their ids to look one up. */
export function candidatesText(t: Translate, query: string, list: PartnerCandidate[]): string {
  return [
    t('partner_desk.many', { count: list.length, query: mrkdwnEscape(query) }),
    ...list.map((c) =>
      t('partner_desk.candidate', { id: c.id, who: whoOf(t, c), programs: c.programs.join(', ') || '—' }),
    ),
  ].join('\n')
}
