import type { KnownBlock, ModalView } from '@slack/types'
import { minorDigits } from '../../../core/domain/money.ts'
import type { Core } from '../../../core/index.ts'
import type { CommissionRule } from '../../../core/programs/definition.ts'
import { namesOr } from '../../../core/programs/names.ts'
import type { PartnerDeals } from '../../../core/use-cases/deals.ts'
import { decimalText } from '../../i18n/format.ts'
import type { Translate } from '../../i18n/index.ts'
import { commissionRuleText } from '../../shared/program-terms.ts'
import { DEAL_ACTIONS } from '../actions.ts'
import { modal, plain } from '../views.ts'
import { formatDate, mrkdwnEscape } from './finance-cards.ts'

/** The deal modal's two steps: the rates and dates, then the preview that saves. */
export const DEAL_VIEW = 'deal_modal'
export const DEAL_CONFIRM_VIEW = 'deal_confirm_modal'

export interface Reader {
  t: Translate
  language: string
}

type Preview = Awaited<ReturnType<Core['deals']['preview']>>

/** A rule as the partner's terms word it, speaking of the partner (the desk reads it, not the partner). */
const ruleText = (r: Reader, rule: CommissionRule, currency: string) =>
  commissionRuleText({ ...r, programName: (k) => k, desk: true }, rule, currency)

/** The last day of a deal that stops at `until` (exclusive), as people say it. */
const lastDay = (until: string | Date) => new Date(new Date(until).getTime() - 1)

/**
 * The partner card's deal section for one program: the deal in force (its rates, dates and note) or the program's
 * own commission, the next deal if one is set, and, for who may manage deals, "Set deal" and "End deal".
 */
export function dealBlocks(
  r: Reader,
  d: PartnerDeals,
  a: {
    partnerId: string
    programName: string
    currency: string
    timeZone: string
    may: boolean
    /** The partner is active in the program: a deal can be set (core dealStanding); one can always be ended. */
    settable: boolean
  },
): KnownBlock[] {
  const { t, language } = r
  const date = (iso: string) => formatDate(iso, language, a.timeZone)
  const program = mrkdwnEscape(a.programName)
  const lines: string[] = []
  if (d.current) {
    const until = d.current.until
      ? ` · ${t('deals.desk.until', { date: date(lastDay(d.current.until).toISOString()) })}`
      : ''
    lines.push(`${t('deals.desk.current', { program, from: date(d.current.from) })}${until}`)
    lines.push(ruleText(r, d.current.commission, a.currency))
    lines.push(t('deals.desk.note', { note: mrkdwnEscape(d.current.note) }))
  } else {
    lines.push(t('deals.desk.none', { program }), ruleText(r, d.programCommission, a.currency))
  }
  for (const f of d.future.slice(0, 2))
    lines.push(t('deals.desk.next', { from: date(f.from) }), ruleText(r, f.commission, a.currency))
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 2900) } }]
  const value = DEAL_ACTIONS.set.encode({ partnerId: a.partnerId, programKey: d.program })
  const elements = [
    ...(a.settable
      ? [{ type: 'button' as const, action_id: DEAL_ACTIONS.set.id, value, text: plain(t('deals.desk.set')) }]
      : []),
    ...(d.current || d.future.length
      ? [{ type: 'button' as const, action_id: DEAL_ACTIONS.end.id, value, text: plain(t('deals.desk.end')) }]
      : []),
  ]
  if (!a.may || !elements.length) return blocks
  blocks.push({ type: 'actions', block_id: `deal:${d.program}`, elements })
  return blocks
}

/** Basis points as the percentage typed in the modal, in integers only: 2250 -> "22.5", 2500 -> "25". */
const percentTyped = (bps: number) => {
  const digits = String(bps).padStart(3, '0')
  const fraction = digits.slice(-2).replace(/0+$/, '')
  return `${digits.slice(0, -2)}${fraction ? `.${fraction}` : ''}`
}

/**
 * A rule's revisable part as the modal's text: one `threshold: value` line per level or tier, the value with the
 * reader's decimal mark (`22,5` in ru, kk, ka, lv; `22.5` in en) and no grouping, as parseLevels reads it back.
 */
export function levelsText(rule: CommissionRule, language = 'en'): string {
  const mark = (v: string) => (language === 'en' ? v : v.replace('.', ','))
  const pct = (bps: number) => mark(percentTyped(bps))
  switch (rule.type) {
    case 'payment_share':
      return rule.levels.map((l) => `${l.after}: ${pct(l.rateBps)}`).join('\n')
    case 'revenue_share':
      return rule.tiers.map((x) => `${x.minNewUsers}: ${pct(x.rateBps)}`).join('\n')
    case 'one_time_reward':
      return rule.levels.map((l) => `${l.after}: ${mark(l.amount)}`).join('\n')
    default:
      return ''
  }
}

const LINE = /^\s*(\d{1,6})\s*:\s*(\d{1,7}(?:[.,]\d{1,2})?)\s*%?\s*$/

/**
 * An amount typed as whole and hundredths, written with the currency's own decimals ("60.00" in USD, "3000" in
 * JPY), or undefined when it has a fraction the currency does not (30,5 yen).
 */
function amountIn(currency: string, p: { whole: string; hundredths: string }): string | undefined {
  const digits = minorDigits(currency)
  const whole = BigInt(p.whole).toString()
  if (p.hundredths.slice(digits).replace(/0/g, '')) return undefined
  return digits ? `${whole}.${p.hundredths.slice(0, digits).padEnd(digits, '0')}` : whole
}

/** The lines give an amount with a fraction the currency does not have: the form says so, not "one line per level". */
export function fractionRefused(rule: CommissionRule, text: string, currency: string): boolean {
  if (rule.type !== 'one_time_reward') return false
  return text.split('\n').some((l) => {
    const fraction = LINE.exec(l.trim())?.[2]?.split(/[.,]/)[1] ?? ''
    return fraction.slice(minorDigits(currency)).replace(/0/g, '') !== ''
  })
}

/**
 * The modal's lines as the commission fields a deal gives (the rest stays the program's), or null when a line
 * does not read: `threshold: value`, the first at 0, thresholds rising; a rate in percent, an amount in the
 * program's currency with at most its decimals (a decimal comma is read as a point).
 */
export function parseLevels(rule: CommissionRule, text: string, currency = 'USD'): Record<string, unknown> | null {
  const rows = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => LINE.exec(l))
  if (!rows.length || rows.some((m) => !m)) return null
  // the value as whole and hundredths (at most two decimals, a point or a comma): integers only from here
  const parsed = rows.map((m) => {
    const [whole = '', fraction = ''] = m![2]!.split(/[.,]/)
    return { at: Number(m![1]), whole, hundredths: fraction.padEnd(2, '0') }
  })
  if (parsed[0]!.at !== 0 || parsed.some((p, i) => i > 0 && p.at <= parsed[i - 1]!.at)) return null
  const bps = (p: { whole: string; hundredths: string }) => Number(p.whole) * 100 + Number(p.hundredths)
  if (parsed.some((p) => rule.type !== 'one_time_reward' && bps(p) > 10_000)) return null
  switch (rule.type) {
    case 'payment_share':
      return {
        levels: parsed.map((p, i) => ({
          ...namesOr(rule.levels[i], `${i + 1}`),
          after: p.at,
          rateBps: bps(p),
        })),
      }
    case 'revenue_share':
      return { tiers: parsed.map((p) => ({ minNewUsers: p.at, rateBps: bps(p) })) }
    case 'one_time_reward': {
      const amounts = parsed.map((p) => amountIn(currency, p))
      if (amounts.some((a) => a === undefined)) return null
      return {
        levels: parsed.map((p, i) => ({ ...namesOr(rule.levels[i], `${i + 1}`), after: p.at, amount: amounts[i] })),
      }
    }
    default:
      return null
  }
}

/** Step one: the rates (the rule in force now, to edit), the first day, an optional last day and the note. */
export function dealModal(
  r: Reader,
  a: {
    metadata: Record<string, string>
    who: string
    programName: string
    rule: CommissionRule
    currency: string
    today: string
  },
): ModalView {
  const { t, language } = r
  return modal({
    callbackId: DEAL_VIEW,
    metadata: a.metadata,
    title: t('deals.desk.modal.title'),
    submit: t('deals.desk.modal.preview'),
    close: t('finance.modal.cancel'),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: [
            t('deals.desk.modal.program_now', { program: mrkdwnEscape(a.programName), who: a.who }),
            ruleText(r, a.rule, a.currency),
          ].join('\n'),
        },
      },
      {
        type: 'input',
        block_id: 'levels',
        label: plain(
          t(`deals.desk.modal.levels.${a.rule.type}` as 'deals.desk.modal.levels.payment_share', {
            currency: a.currency,
          }),
          2000,
        ),
        hint: plain(t('deals.desk.modal.levels_hint'), 2000),
        element: {
          type: 'plain_text_input',
          action_id: 'levels',
          multiline: true,
          max_length: 500,
          initial_value: levelsText(a.rule, language),
        },
      },
      {
        type: 'input',
        block_id: 'from',
        label: plain(t('deals.desk.modal.from'), 2000),
        element: { type: 'datepicker', action_id: 'date', initial_date: a.today },
      },
      {
        type: 'input',
        block_id: 'until',
        optional: true,
        label: plain(t('deals.desk.modal.until'), 2000),
        element: { type: 'datepicker', action_id: 'date' },
      },
      {
        type: 'input',
        block_id: 'note',
        label: plain(t('deals.desk.modal.note'), 2000),
        element: { type: 'plain_text_input', action_id: 'note', max_length: 500 },
      },
    ],
  })
}

/** Step two: what the deal sets from when, and what the last 30 days would have earned under it; Save saves. */
export function dealConfirmModal(
  r: Reader,
  a: { metadata: Record<string, string>; preview: Preview; currency: string; timeZone: string },
): ModalView {
  const { t, language } = r
  const { preview, metadata } = a
  const until = metadata.until
    ? ` · ${t('deals.desk.until', { date: formatDate(lastDay(metadata.until), language, a.timeZone) })}`
    : ''
  const compare = preview.totals.length
    ? preview.totals.map((x) =>
        t('deals.desk.modal.compare', {
          currency: x.currency,
          count: x.commissions,
          earned: decimalText(language, x.earned, x.currency),
          underDeal: decimalText(language, x.underDeal, x.currency),
          difference: `${x.difference.startsWith('-') ? '' : '+'}${decimalText(language, x.difference, x.currency)}`,
        }),
      )
    : [t('deals.desk.modal.nothing_to_compare')]
  return modal({
    callbackId: DEAL_CONFIRM_VIEW,
    metadata,
    title: t('deals.desk.modal.title'),
    submit: t('deals.desk.modal.save'),
    close: t('finance.modal.cancel'),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: [
            t('deals.desk.modal.confirm', { from: formatDate(metadata.from!, language, a.timeZone), until }),
            ruleText(r, preview.commission, a.currency),
          ].join('\n'),
        },
      },
      { type: 'section', text: { type: 'mrkdwn', text: compare.join('\n') } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: t('deals.desk.modal.told') }] },
    ],
  })
}
