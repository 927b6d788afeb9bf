import { EVENT_TYPES } from '../../../core/programs/definition.ts'

/** How callers authenticate: the operator's bearer token, a program's Standard Webhooks signature. */
export const securitySchemes = {
  bearer: { type: 'http', scheme: 'bearer', description: 'ADMIN_API_TOKEN' },
  standardWebhooks: {
    type: 'apiKey',
    in: 'header',
    name: 'webhook-signature',
    description:
      'Standard Webhooks: v1,<base64 HMAC-SHA256(secret, "{webhook-id}.{webhook-timestamp}.{body}")>, several ' +
      'space-separated signatures allowed; webhook-timestamp within 5 minutes. One secret per program ' +
      '(POSTBACK_SECRET_<KEY>).',
  },
}

/** The error body of every refusal. */
const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        issues: {
          type: 'array',
          items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
}

/** A conversion event as a program posts it (contract section 1). */
const eventSchema = {
  type: 'object',
  required: ['id', 'type', 'occurredAt', 'customer'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', description: "The program's event id: the idempotency key within the program" },
    type: { enum: [...EVENT_TYPES] },
    occurredAt: { type: 'string', format: 'date-time' },
    customer: { type: 'string' },
    ref: {
      type: 'string',
      description: "Referral-link code or promo code; required on a customer's first event",
    },
    campaign: { type: 'string' },
    order: {
      type: 'string',
      description: 'Order or payment id; refund and cancellation name the order they undo',
    },
    amount: { type: 'string', example: '75.00', description: 'Decimal string; revenue may be negative' },
    currency: { type: 'string', example: 'USD' },
    listAmount: { type: 'string' },
    monthsPaid: { type: 'integer' },
    settled: { type: 'boolean', default: true },
    ip: {
      type: 'string',
      description: 'IPv4 or IPv6 address; kept only as a keyed hash, never stored as sent',
    },
    country: { type: 'string', example: 'GE' },
    click: {
      type: 'string',
      format: 'uuid',
      description:
        'The click id the landing page received (click=): the event may not be dated before that click, ' +
        'which must be on the code the event names (its ref, else its customer’s)',
    },
    customerKind: {
      type: 'string',
      pattern: '^[a-z][a-z0-9_]{0,31}$',
      example: 'integrator',
      description:
        "The customer's kind in the program's system. A kind the program's definition lists in " +
        'quality.customerKindsWithoutReward never earns (worksection-referral: integrator, reseller); once sent, the ' +
        'customer keeps it',
    },
  },
}

/** The answer to a recorded event: the commissions and reversals it produced. */
const recordedSchema = {
  type: 'object',
  properties: {
    event: { type: 'object' },
    commissions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          partner: { type: 'string' },
          amount: { type: 'string' },
          currency: { type: 'string' },
          status: { enum: ['pending', 'held', 'available', 'rejected'] },
          availableFrom: { type: ['string', 'null'], format: 'date-time' },
          rule: {
            type: 'string',
            description:
              "The rule that made it; revenue_share_tier: a new user lifted its month to a higher volume tier, and the month's revenue already earned is topped up to it (one per week and currency); level_top_up: a client that paid before this one was reported after it, and what this client earned is topped up to the level it reached by its payment date (reason level_raised_late)",
          },
          reason: { type: ['string', 'null'] },
        },
      },
    },
    reversals: { type: 'array', items: { type: 'object' } },
    notes: { type: 'array', items: { type: 'string' } },
  },
}

export const schemas = { Error: errorSchema, Event: eventSchema, Recorded: recordedSchema }
