import { DomainError } from '../domain/errors.ts'
import type { PayoutMethod } from '../domain/payouts.ts'
import type { PayoutDeps } from './payouts.ts'

/**
 * The full payment details a payout is paid to, decrypted for one finance reader and audited (`payout.details_revealed`,
 * under the reader). Nothing of the details goes to the log; a payout paid without details (a redeem) has none.
 */
export async function revealPayoutDetails(
  deps: PayoutDeps,
  input: { payoutId: string; actor: string },
): Promise<{ payoutId: string; partnerId: string; method: PayoutMethod; fields: Record<string, string> }> {
  const payout = await deps.payouts.payout(input.payoutId)
  if (!payout) throw new DomainError('payout.not_found', { payout: input.payoutId })
  const sealed = await deps.payouts.detailsOf(payout.id)
  if (!sealed) throw new DomainError('payout.details_missing', { method: payout.method })
  const fields = JSON.parse(
    deps.cipher.decrypt(sealed.keyId, sealed.ciphertext, payout.partnerId).toString(),
  ) as Record<string, string>
  await deps.payouts.transaction((tx) =>
    tx.audit({
      at: deps.clock.now(),
      actor: input.actor,
      action: 'payout.details_revealed',
      subjectType: 'payout',
      subjectId: payout.id,
      data: { partner: payout.partnerId, method: sealed.method },
    }),
  )
  return { payoutId: payout.id, partnerId: payout.partnerId, method: sealed.method, fields }
}
