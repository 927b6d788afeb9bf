import { body, errorResponse, id, op, program } from './parts.ts'

const when = {
  type: 'string',
  description: 'An ISO-8601 time with offset, or a date alone (the start of that day in the program time zone)',
  example: '2026-04-01',
}
const commission = {
  type: 'object',
  description:
    "The partner's commission in the program definition's own shape and of its type (payment_share levels, revenue_share tiers, one_time_reward levels); fields left out are the program's",
  example: { type: 'payment_share', levels: [{ name: 'deal', after: 0, rateBps: 2500 }] },
}
const parameters = [program, id('partner')]
const unknown = errorResponse('Unknown program, partner or enrolment')
const notActive = errorResponse(
  'The partner is not active in the program (not approved yet, declined, blocked, disqualified or ended): deals are set only for active partners (deal.partner_not_active)',
)

/** A partner's deals: a per-partner commission from a date (contract section 7). */
export const dealPaths = {
  '/v1/programs/{program}/partners/{partner}/deal': {
    get: op(
      "The partner's deal in force, those still to start and those that ended, with the program's own rule",
      { parameters },
      { 404: unknown },
    ),
    put: op(
      "Set a deal for its period (from a date, until one or open-ended): it takes exactly that period from the partner's other deals (one reaching into it ends where it starts, one going on past it applies again after it, a later one starting inside it starts at its end or, wholly inside it, is cancelled), deals outside it are untouched; the partner is told of each; the same deal again changes nothing (200, `changed: false`); `dryRun` previews instead",
      {
        parameters,
        requestBody: body(
          {
            commission,
            from: when,
            until: { ...when, description: `${when.description}; the deal stops there (exclusive)` },
            note: { type: 'string', minLength: 1, maxLength: 500 },
            dryRun: { type: 'boolean', description: 'Answer the preview and save nothing' },
          },
          ['commission', 'from', 'note'],
        ),
      },
      {
        201: {
          description:
            'Saved: `{changed: true, deal, replaced}`; `replaced`: the other deals it changed, each `{dealId, change: ended|paused|moved|cancelled, next?}` (`next`: the deal its part after the new one became)',
        },
        404: unknown,
        422: notActive,
      },
    ),
    delete: op(
      'End the deal in force from now (and cancel any still to start); the partner is told',
      { parameters, requestBody: { ...body({ note: { type: 'string', maxLength: 500 } }), required: false } },
      { 404: unknown, 409: errorResponse('No deal in force or to come (deal.none)') },
    ),
  },
  '/v1/programs/{program}/partners/{partner}/deal/preview': {
    post: op(
      "What the partner's commissions of the last 30 days earned, and what they would have earned under the deal, per currency",
      { parameters, requestBody: body({ commission, from: when }, ['commission']) },
      { 404: unknown, 422: notActive },
    ),
  },
}
