import { describe, expect, it } from 'vitest'
import { isDomainError } from '../../core/domain/errors.ts'
import { PAYOUT_HOLD_REASONS, PAYOUT_REJECT_REASONS } from '../../core/domain/reason-codes.ts'
import { fakeCore } from '../helpers/core.ts'

/**
 * A payout decision's reason is one of its action's list (core/domain/reason-codes.ts), whoever calls core: the
 * partner reads it in their language, and a code without words would reach them raw. The fake core's stores fail
 * any call, so a refusal here also shows that nothing was read or written.
 */
describe('core.payouts.decide: a reason not on the decision’s list', () => {
  const refusal = async (promise: Promise<unknown>) => {
    const e = await promise.then(
      () => undefined,
      (err: unknown) => err,
    )
    return isDomainError(e) ? { code: e.code, data: e.data } : { other: String(e) }
  }
  const decide = (action: 'reject' | 'hold' | 'approve' | 'cancel' | 'pay', reason: string) =>
    fakeCore().core.payouts.decide({ payoutId: 'p-1', action, reason, reference: 'TRX-1', note: 'x', actor: 'test' })

  it.each([
    ['reject', 'details_invalid', PAYOUT_REJECT_REASONS],
    ['reject', 'traffic_check', PAYOUT_REJECT_REASONS], // a hold's reason, not a rejection's
    ['hold', 'fraud', PAYOUT_HOLD_REASONS], // a rejection's reason, not a hold's
  ] as const)(
    '%s with "%s" is refused before anything is read, naming the allowed reasons',
    async (action, reason, list) => {
      expect(await refusal(decide(action, reason))).toEqual({
        code: 'payout.unknown_reason',
        data: { code: reason, action, allowed: list.join(', ') },
      })
    },
  )

  it.each(['approve', 'cancel', 'pay'] as const)('%s with a code that has no words is refused too', async (action) => {
    expect(await refusal(decide(action, 'details invalid'))).toMatchObject({
      code: 'payout.unknown_reason',
      data: { code: 'details invalid', action },
    })
  })

  it('a reason on the list gets past the check (to the store, which this test does not have)', async () => {
    expect(await refusal(decide('reject', 'details_unusable'))).toEqual({
      other: expect.stringMatching(/payouts\.transaction is not part of this test/),
    })
    expect(await refusal(decide('cancel', 'partner_request'))).toEqual({
      other: expect.stringMatching(/payouts\.transaction is not part of this test/),
    })
  })
})
