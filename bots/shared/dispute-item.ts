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

/** The item's line, as the bot's dispute flow and the Mini App's dispute list word it. */
export function disputeItemText(t: Translate, lang: string, timeZone: string, i: DisputeItemView): string {
  const text = t(`disputes.item.${i.subject}`, {
    amount: money(lang, i.amount, i.currency),
    detail:
      i.subject === 'payout'
        ? t(`payout.method.${i.detail}` as 'payout.method.bank', { defaultValue: i.detail })
        : t(`disputes.sanction_kind.${i.detail}` as 'disputes.sanction_kind.warning', { defaultValue: i.detail }),
    status: t(`disputes.item_status.${i.status}` as 'disputes.item_status.pending', { defaultValue: i.status }),
    date: longDate(i.at, lang, timeZone),
  })
  if (i.orderRef) return `${t('disputes.item.order', { order: i.orderRef })} · ${text}`
  if (i.customerRef) return `${t('disputes.item.customer', { customer: i.customerRef })} · ${text}`
  return text
}
