import { ADJUSTMENT_NOTE_MAX, ADJUSTMENT_REASON_CODES } from '../../../core/domain/adjustments.ts'
import { RESTORE_REASONS } from '../../../core/use-cases/restore-commission.ts'
import { body, errorResponse, id, idempotencyKeyHeader, op } from './parts.ts'

/** Manual bonuses and penalties (contract section 7). */
export const adjustmentPaths = {
  '/v1/partners/{partner}/adjustments': {
    post: op(
      "A manual bonus or penalty on a partner's balance (a ledger transaction, audited, the partner told)",
      {
        parameters: [
          id('partner'),
          idempotencyKeyHeader(
            true,
            'The same key with the same body answers 200 with the same adjustment; with another body 409',
          ),
        ],
        requestBody: body(
          {
            program: { type: 'string', example: 'jqsee' },
            currency: { type: 'string', example: 'USD' },
            amount: {
              type: 'string',
              example: '25.00',
              description: 'Positive: a bonus; negative: a penalty; never zero',
            },
            reason: {
              enum: ADJUSTMENT_REASON_CODES,
              description:
                'Bonus reasons need a positive amount, penalty reasons a negative one; correction may be either',
            },
            note: { type: 'string', maxLength: ADJUSTMENT_NOTE_MAX, description: 'Shown to the partner' },
          },
          ['program', 'currency', 'amount', 'reason'],
        ),
      },
      {
        201: { description: 'The adjustment: id, partner, program, currency, amount, kind, reason, note, actor' },
        200: { description: 'The same key and body again: the first answer, nothing posted twice' },
        404: errorResponse('Unknown partner, or not in the program'),
        409: errorResponse('The key was used with another body (adjustment.key_conflict)'),
        422: errorResponse(
          'The partner has no agreement in the program: an application waiting for approval or declined (adjustment.no_agreement)',
        ),
      },
    ),
  },
  '/v1/commissions/{commission}/restore': {
    post: op(
      'Restore a refused, reversed or annulled commission (a ledger transaction, audited, the partner told)',
      {
        parameters: [id('commission')],
        requestBody: body({ reason: { enum: RESTORE_REASONS } }, ['reason']),
      },
      {
        200: {
          description:
            'replayed (already restored: nothing changed), commission (id, status, amount, currency, availableAt) ' +
            'and restored (what came back to the balance, a returned penalty included). penalty: the penalty ' +
            'charged with a substandard commission (jqsee), returned with it, or null. The money is available from ' +
            'the commission’s own ' +
            'available date, or at once when that has passed. tierTopUp: what restoring a revenue share added to ' +
            'the top-up of its month to the volume tier (melbet), or null',
        },
        404: errorResponse('Unknown commission'),
        409: errorResponse(
          'Not a refused, reversed or annulled commission (commission.not_restorable), its partner is disqualified ' +
            '(commission.partner_disqualified), or its bets settled while it was refused (commission.settled_meanwhile)',
        ),
      },
    ),
  },
}
