import { EVENT_TYPES } from '../../core/programs/definition.ts'

/** The OpenAPI 3.1 description of the public HTTP API (contract sections 1-4), served at /v1/openapi.json. */
export function openApiDocument() {
  const error = { $ref: '#/components/schemas/Error' }
  const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: error } } })
  const program = { name: 'program', in: 'path', required: true, schema: { type: 'string' }, example: 'quantower' }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Partner Assistant API',
      version: '1.0.0',
      description:
        'Conversion postbacks from programs, referral clicks, and the operator API. Money is a decimal string in ' +
        'major units with its currency; times are ISO-8601 with offset.',
    },
    components: {
      securitySchemes: {
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
      },
      schemas: {
        Error: {
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
        },
        Event: {
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
            ip: { type: 'string' },
            country: { type: 'string', example: 'GE' },
          },
        },
        Recorded: {
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
                  rule: { type: 'string' },
                  reason: { type: ['string', 'null'] },
                },
              },
            },
            reversals: { type: 'array', items: { type: 'object' } },
            notes: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
    paths: {
      '/v1/programs/{program}/events': {
        post: {
          summary: 'Record a conversion event',
          security: [{ standardWebhooks: [] }],
          parameters: [program],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Event' } } },
          },
          responses: {
            201: {
              description: 'Recorded, with the commissions it produced',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Recorded' } } },
            },
            200: { description: 'The identical event again: the first answer' },
            400: errorResponse('Field errors'),
            401: errorResponse('Missing, wrong or stale signature'),
            404: errorResponse('Unknown program'),
            409: errorResponse('The id was used with a different body'),
            413: errorResponse('Body over 64 KiB'),
          },
        },
      },
      '/r/{code}': {
        get: {
          summary: 'Follow a referral link',
          parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            302: { description: "To the program's landing page, with ref and click id when the code is active" },
            404: errorResponse('Unknown code'),
          },
        },
      },
      '/v1/programs': {
        get: {
          summary: 'Program definitions in force',
          security: [{ bearer: [] }],
          responses: { 200: { description: 'OK' } },
        },
      },
      '/v1/programs/{program}/partners': {
        post: {
          summary: 'Enrol (or import) a partner',
          security: [{ bearer: [] }],
          parameters: [program],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['name', 'language', 'legalType'],
                  properties: {
                    name: { type: 'string' },
                    language: { type: 'string', example: 'ru' },
                    legalType: { enum: ['individual', 'company'] },
                    country: { type: 'string' },
                    telegramId: { type: ['integer', 'string'] },
                    registeredAt: { type: 'string', format: 'date-time' },
                    campaigns: { type: 'array', items: { type: 'string' } },
                    ownAccountId: {
                      type: 'string',
                      description: "The partner's own account in the program (self-referral)",
                    },
                  },
                },
              },
            },
          },
          responses: {
            201: { description: 'Enrolled, with codes and links' },
            200: { description: 'Already enrolled: the same partner and codes' },
            400: errorResponse('Field errors'),
            404: errorResponse('Unknown program'),
            409: errorResponse('Enrolled in a program that excludes this one'),
          },
        },
      },
      '/v1/partners/{partner}/statement': {
        get: {
          summary: "A partner's balances and entries",
          security: [{ bearer: [] }],
          parameters: [
            { name: 'partner', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
            { name: 'program', in: 'query', schema: { type: 'string' } },
            { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' } },
            { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' } },
          ],
          responses: { 200: { description: 'OK' }, 404: errorResponse('Unknown partner or program') },
        },
      },
      '/healthz': { get: { summary: 'The process is up', responses: { 200: { description: 'OK' } } } },
      '/readyz': {
        get: {
          summary: 'Database, migrations and Redis answer',
          responses: { 200: { description: 'Ready' }, 503: { description: 'Not ready (or shutting down)' } },
        },
      },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { 200: { description: 'OK' } } } },
    },
  }
}
