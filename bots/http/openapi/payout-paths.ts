import { PAYOUT_NOTE_MAX } from '../../../core/domain/payouts.ts'
import { body, errorResponse, id, idempotencyKeyHeader, op, program, programQuery, reason } from './parts.ts'

const payoutRequest = body(
  {
    program: { type: 'string' },
    currency: { type: 'string', example: 'USD' },
    method: { enum: ['bank', 'paypal', 'service_credit', 'licences'] },
    amount: { type: 'string', example: '50.00', description: 'default: everything available' },
    details: {
      type: 'object',
      description:
        'bank: {iban, holder?, swift?}; paypal: {email}; stored encrypted. service_credit and licences are paid ' +
        'without payment details: 422 payout.details_not_needed',
    },
  },
  ['program', 'method'],
)
const refused = errorResponse(
  'A rule refuses it: payout.below_minimum, payout.funds_pending, payout.on_hold, ...; ' +
    'payout.details_not_needed: details sent with a method paid without them (service_credit, licences), ' +
    'nothing is written',
)

/** A partner's payouts: preview, request (Idempotency-Key), list, one, and the operator's decisions. */
const requestPaths = {
  '/v1/partners/{partner}/payouts/preview': {
    post: op(
      'What a payout request would pay, without requesting it',
      { parameters: [id('partner')], requestBody: payoutRequest },
      { 422: refused },
    ),
  },
  '/v1/partners/{partner}/payouts': {
    post: op(
      'Request a payout (reserved on the ledger at once)',
      {
        parameters: [
          id('partner'),
          idempotencyKeyHeader(
            true,
            'The same key with the same body answers 200 with the same payout; with another body 409',
          ),
        ],
        requestBody: payoutRequest,
      },
      {
        201: { description: 'The payout: id, status, gross, fee, taxWithheld, net, credit, expectedAt' },
        200: { description: 'The same key and body again: the first answer' },
        404: errorResponse('Unknown partner, or not in the program (enrolment.not_found)'),
        409: errorResponse('The key was used with another body'),
        422: refused,
      },
    ),
    get: op(
      "A partner's payouts",
      { parameters: [id('partner'), programQuery] },
      {
        404: errorResponse(
          'Unknown or erased partner (partner.not_found), unknown program in the filter (program.not_found), ' +
            'or a program the partner never joined (enrolment.not_found)',
        ),
      },
    ),
  },
  '/v1/payouts/{payout}': {
    get: op('One payout', { parameters: [id('payout')] }, { 404: errorResponse('Unknown payout') }),
  },
  '/v1/payouts/{payout}/{action}': {
    post: op(
      'Approve, hold, reject, cancel or mark paid (compare-and-set)',
      {
        parameters: [
          id('payout'),
          {
            name: 'action',
            in: 'path',
            required: true,
            schema: { enum: ['approve', 'hold', 'reject', 'cancel', 'paid'] },
          },
        ],
        requestBody: body({
          reason,
          reference: { type: 'string' },
          note: {
            type: 'string',
            maxLength: PAYOUT_NOTE_MAX,
            description:
              'hold and reject only: shown to the partner under the reason, as written (trimmed); required with the reason "other" (payout.note_required)',
          },
        }),
      },
      {
        400: errorResponse('Not valid: the fields named, or payout.note_required, payout.note_too_long'),
        404: errorResponse('Unknown payout'),
        409: errorResponse('Not allowed from the current status'),
      },
    ),
  },
}

/** What a partner is paid with and under which terms: payment details, agreed details, a hold. */
const settingPaths = {
  '/v1/partners/{partner}/payment-details': {
    post: op(
      'Save payment details (encrypted; the mask comes back)',
      {
        parameters: [id('partner')],
        requestBody: body(
          {
            method: {
              enum: ['bank', 'paypal', 'service_credit', 'licences'],
              description:
                'service_credit and licences are paid without payment details: 422 payout.details_not_needed',
            },
            details: { type: 'object', description: 'bank: {iban, holder?, swift?}; paypal: {email}' },
          },
          ['method', 'details'],
        ),
      },
      {
        201: { description: 'Saved: id, method, masked' },
        400: errorResponse(
          'Field errors; payout.details_invalid: the details do not fit the method (issues name them)',
        ),
        422: errorResponse(
          'payout.details_not_needed: the method (service_credit, licences) is paid without payment details; ' +
            'nothing is saved',
        ),
      },
    ),
  },
  '/v1/payment-details/rewrap': {
    post: op(
      'Key rotation: every payment details record under an older key of PAYMENT_DETAILS_KEYS is encrypted again ' +
        'under the current one, after which the old key can be removed. Idempotent; safe beside live writes',
      {},
      { 200: { description: '`{rewrapped, keyId}`: how many records were encrypted again, and under which key' } },
    ),
  },
  '/v1/partners/{partner}/payout-settings': {
    post: op(
      'Details agreed with the manager; a payout hold with its reason',
      {
        parameters: [id('partner')],
        requestBody: body(
          {
            program: { type: 'string' },
            detailsAgreed: { type: 'boolean' },
            hold: { type: ['object', 'null'], properties: { until: { type: 'string', format: 'date-time' }, reason } },
          },
          ['program'],
        ),
      },
      { 422: errorResponse('The hold is longer than the program allows') },
    ),
  },
}

/** A program's pay days: pause, resume, move a date, run one now. */
const schedulePaths = {
  '/v1/programs/{program}/payouts/pause': {
    post: op('Pause payouts (requests are still accepted)', {
      parameters: [program],
      requestBody: body({ reason }, ['reason']),
    }),
  },
  '/v1/programs/{program}/payouts/resume': {
    post: op('Resume payouts; requests waiting are batched at once', {
      parameters: [program],
      requestBody: body({ reason }, ['reason']),
    }),
  },
  '/v1/programs/{program}/payout-dates': {
    post: op('Move a scheduled pay date', {
      parameters: [program],
      requestBody: body(
        { scheduled: { type: 'string', format: 'date' }, movedTo: { type: 'string', format: 'date' }, reason },
        ['scheduled', 'movedTo', 'reason'],
      ),
    }),
  },
  '/v1/programs/{program}/payout-batches': {
    post: op("Run the program's pay day now (idempotent)", {
      parameters: [program],
      requestBody: body({ day: { type: 'string', format: 'date' } }),
    }),
  },
}

/** The batches a pay day makes: list, summary, CSV for finance, marked paid. */
const batchPaths = {
  '/v1/payout-batches': {
    get: op(
      'Recent batches with totals per currency',
      { parameters: [programQuery] },
      { 404: errorResponse('Unknown program in the filter (program.not_found)') },
    ),
  },
  '/v1/payout-batches/{batch}': {
    get: op('A batch summary', { parameters: [id('batch')] }, { 404: errorResponse('Unknown batch') }),
  },
  '/v1/payout-batches/{batch}/export.csv': {
    get: op(
      'The batch as CSV for finance (details masked; with details=full decrypted, and the reading audited)',
      {
        parameters: [id('batch'), { name: 'details', in: 'query', schema: { enum: ['masked', 'full'] } }],
      },
      { 404: errorResponse('Unknown batch') },
    ),
  },
  '/v1/payout-batches/{batch}/paid': {
    post: op(
      'Mark a batch paid with the bank reference',
      { parameters: [id('batch')], requestBody: body({ reference: { type: 'string' } }, ['reference']) },
      { 409: errorResponse('Only a closed batch can be paid') },
    ),
  },
}

/** Payouts on the operator API (README, "Operator API"). */
export const payoutPaths = { ...requestPaths, ...settingPaths, ...schedulePaths, ...batchPaths }
