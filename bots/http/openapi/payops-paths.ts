import { errorResponse, id, op, program } from './parts.ts'

/** Payout operations: a program's payout state, a payout's full payment details (audited). */
export const payopsPaths = {
  '/v1/programs/{program}/payouts/schedule': {
    get: op(
      "A scheduled program's payout state: paused (when, by whom, why), the next pay date, the dates moved",
      { parameters: [program] },
      {
        404: errorResponse('Unknown program'),
        422: errorResponse('payout.not_scheduled: the program pays on request'),
      },
    ),
  },
  '/v1/payouts/{payout}/payment-details': {
    get: op(
      'The full payment details a payout is paid to (decrypted; each reading is in the audit log)',
      { parameters: [id('payout')] },
      { 404: errorResponse('Unknown payout'), 422: errorResponse('payout.details_missing: paid without details') },
    ),
  },
}
