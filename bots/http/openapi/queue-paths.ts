import { QUEUE_KEYS } from '../../../core/ports/queues.ts'
import { errorResponse, op } from './parts.ts'

const item = {
  type: 'object',
  properties: {
    id: {
      type: 'string',
      format: 'uuid',
      description: 'The item: application (enrolment), commission, flag, payout, details, dispute, terms answer, bonus',
    },
    partner: { type: 'string', format: 'uuid' },
    partnerName: { type: ['string', 'null'] },
    program: { type: 'string' },
    amount: { type: ['string', 'null'], description: 'Major units, with `currency`' },
    currency: { type: ['string', 'null'] },
    at: { type: 'string', format: 'date-time', description: 'When it arrived; a dispute: its answer-by date' },
    kind: {
      type: ['string', 'null'],
      description: "A flag's kind, a hold's reason, a payout's or dispute's status, the payment details' method",
    },
    number: { type: ['integer', 'null'], description: "A dispute's number" },
    mask: { type: ['string', 'null'], description: 'Payment details awaiting agreement: their masked form' },
    version: { type: ['integer', 'null'], description: 'A term-change objection: the terms version objected to' },
  },
}

/** The desk's work queues: the App Home dashboard's read model. */
export const queuePaths = {
  '/v1/queues': {
    get: op(
      'What waits for the desk: per queue the count and the oldest items (disputes by answer-by date)',
      {
        parameters: [
          {
            name: 'queues',
            in: 'query',
            description: `Comma-separated, any of: ${QUEUE_KEYS.join(', ')} (all when omitted)`,
            schema: { type: 'string' },
          },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 5 } },
          {
            name: 'program',
            in: 'query',
            description: "Only this program's items, counted and listed (every program's when omitted)",
            schema: { type: 'string' },
          },
        ],
      },
      {
        404: errorResponse('Unknown program in the filter (program.not_found)'),
        200: {
          description: 'OK',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  queues: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        queue: { enum: [...QUEUE_KEYS] },
                        count: { type: 'integer' },
                        oldest: { type: 'array', items: item },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    ),
  },
}
