import type { ChatPartner } from '../../core/ports/partner-directory.ts'
import type { ProgramCatalog } from '../../core/programs/catalog.ts'
import type { EarningsView } from '../../core/use-cases/earnings-view.ts'
import { longDate, minorText } from '../i18n/format.ts'
import type { Translate } from '../i18n/index.ts'
import { reasonText } from './reasons.ts'

/**
 * What stands between the partner and their next payout, in their words (nothing when nothing does): what the
 * balance lacks for the minimum, what keeps the next batch from paying them, and too few players (melbet). /earnings
 * and the Mini App's balance card say the same sentences; the pay date itself each shows in its own way.
 */
export function payoutShortfalls(
  t: Translate,
  lang: string,
  v: EarningsView,
  opts: {
    /** The partner's agreement ended and the program pays any amount out: no minimum, no batch to wait for. */
    endedAnyAmount?: boolean
    /** Read in the Mini App: what is done in the bot says so (payment details are added there, with /settings). */
    inApp?: boolean
  } = {},
): string[] {
  const m = (minor: bigint) => minorText(lang, { minor, currency: v.currency })
  const lines: string[] = []
  if (!v.payoutsPaused && !opts.endedAnyAmount) {
    // with everything in a payout already and nothing more coming, what a further payout would need is no news:
    // under the payout's own date it read as if that payout still lacked it
    const moneyLeft = v.availableMinor > 0n || v.pendingMinor > 0n
    if (v.missingMinor > 0n && (moneyLeft || v.inPayoutMinor === 0n)) lines.push(missingText(t, v, m))
    // too few players is said below, with the count
    if (v.payoutHold) {
      const until = longDate(v.payoutHold.until, lang, v.timeZone)
      lines.push(t('earnings.on_hold_until', { until, reason: reasonText(t, v.payoutHold.reason) }))
    } else if (v.payoutBlocker && v.payoutBlocker !== 'not_enough_players') {
      const reason =
        opts.inApp && v.payoutBlocker === 'details_missing'
          ? t('miniapp.details_missing')
          : reasonText(t, v.payoutBlocker)
      lines.push(t('earnings.no_payout', { reason }))
    }
  }
  // melbet pays only partners with more than 4 new users (as its terms say it): said while the partner has fewer,
  // with how many they have
  if (v.playersNeeded !== undefined && (v.players ?? 0) < v.playersNeeded)
    lines.push(t('earnings.players_short', { count: v.playersNeeded - 1, have: v.players ?? 0 }))
  return lines
}

/**
 * What the balance lacks for a payout, counting what is on its way: money on hold that reaches the minimum once it is
 * released, what is needed beyond it, and, while a payout is already under way, what the next request (or, where
 * payouts come unasked, the next payout) needs.
 */
function missingText(t: Translate, v: EarningsView, m: (minor: bigint) => string): string {
  // a program that pays only above its minimum (melbet) says so, with the minimum its terms state
  const minimum = m(v.minimumMinor)
  const context = v.minimumExclusive ? 'above' : undefined
  if (v.missingAfterPendingMinor === 0n) return t('earnings.missing_on_hold', { minimum, context })
  const amount = m(v.missingAfterPendingMinor)
  if (v.pendingMinor > 0n) return t('earnings.missing_beyond_hold', { amount, minimum, context })
  // a payout is under way: this is about the one after it, which a program paid on request pays only when asked
  if (v.inPayoutMinor > 0n)
    return t(v.payoutNeedsRequest ? 'earnings.missing_next_request' : 'earnings.missing_next', {
      amount,
      minimum,
      context,
    })
  return t('earnings.missing', { amount, minimum, context })
}

/** An agreement that ended and whose terms pay what is left on request, below the minimum too. */
export function endedAnyAmount(programs: ProgramCatalog, partner: Pick<ChatPartner, 'enrolments'>, program: string) {
  const ended = partner.enrolments.some((e) => e.programKey === program && e.status === 'terminated')
  return ended && programs.get(program)?.termination.unpaid === 'paid_any_amount'
}
