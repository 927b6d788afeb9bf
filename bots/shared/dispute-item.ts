import { TIER_TOP_UP } from '../../core/domain/month-tiers.ts'
import { longDate } from '../i18n/errors.ts'
import { minorText } from '../i18n/format.ts'
import type { Translate } from '../i18n/index.ts'

/** A disputable item as the partner reads it: its order or customer, amount, kind, status and date. */
export interface DisputeItemView {
  subject: 'commission' | 'payout' | 'sanction'
  at: string | Date
  /** Minor units, as a decimal string. */
  amount?: string
  currency?: string
  status: string
  detail: string
  orderRef?: string
  customerRef?: string
}

const money = (language: string, minor: string | undefined, currency: string | undefined) =>
  minor !== undefined && currency ? minorText(language, { minor: BigInt(minor), currency }) : ''

/**
 * The item's line, as the bot's dispute flow and the Mini App's dispute list word it. Within `max` characters (a
 * button's), the order or customer is shortened in its middle so that amount, status and date stay whole.
 */
export function disputeItemText(t: Translate, lang: string, timeZone: string, i: DisputeItemView, max = Infinity) {
  const text = t(`disputes.item.${i.subject}`, {
    amount: money(lang, i.amount, i.currency),
    detail:
      i.subject === 'payout'
        ? t(`payout.method.${i.detail}` as 'payout.method.bank', { defaultValue: i.detail })
        : t(`disputes.sanction_kind.${i.detail}` as 'disputes.sanction_kind.warning', { defaultValue: i.detail }),
    status: t(`disputes.item_status.${i.status}` as 'disputes.item_status.pending', { defaultValue: i.status }),
    date: longDate(i.at, lang, timeZone),
  })
  const cut = (s: string) => (s.length > max ? `${s.slice(0, max - 1)}…` : s)
  const ref = i.orderRef ?? i.customerRef
  // a volume tier's top-up is for the partner's month, no order or customer: it is named by what it is
  if (!ref && i.subject === 'commission' && i.detail === TIER_TOP_UP)
    return cut(`${t('disputes.item.tier_top_up')} · ${text}`)
  if (!ref) return cut(text)
  const line = (r: string) =>
    `${i.orderRef ? t('disputes.item.order', { order: r }) : t('disputes.item.customer', { customer: r })} · ${text}`
  const full = line(ref)
  if (full.length <= max) return full
  // what is left for the reference, its start and end kept (order ids differ at either end)
  const room = max - (full.length - ref.length) - 1
  if (room < 4) {
    // no room for the word and the reference: its last characters alone still tell two items apart
    const tail = `…${ref.slice(-4)} · ${text}`
    return tail.length <= max ? tail : cut(text)
  }
  return line(`${ref.slice(0, Math.ceil(room / 2))}…${ref.slice(ref.length - Math.floor(room / 2))}`)
}
