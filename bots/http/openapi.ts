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
            422: errorResponse(
              'Cannot be true: older than the program’s postbacks.maxDelayDays (postback.too_old), before the ' +
                'registration of a partner imported with its own date (postback.before_enrolment), before the click ' +
                'it names (postback.before_click), or that click is unknown or on another code or program ' +
                '(postback.unknown_click, postback.click_mismatch)',
            ),
          },
        },
      },
      '/r/{code}': {
        get: {
          summary: 'Follow a referral link',
          parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            302: {
              description:
                "To the program's landing page, with ref when the code is active, and a random click id (UUID) when " +
                'the click was recorded: past the per-address, per-code or per-process budget the visitor lands ' +
                'without one, unrecorded',
            },
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
                    telegramId: { type: ['integer', 'string'], description: 'Positive, at most 2^63 - 1' },
                    registeredAt: {
                      type: 'string',
                      format: 'date-time',
                      description: 'An imported partner’s registration (not in the future); default: now',
                    },
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
      '/v1/programs/{program}/ledger': {
        get: {
          summary:
            "The program's trial balance: every account's balance, their total (zero) and what partners are owed",
          security: [{ bearer: [] }],
          parameters: [
            program,
            { name: 'currency', in: 'query', schema: { type: 'string', pattern: '^[A-Z]{3}$' } },
            { name: 'at', in: 'query', schema: { type: 'string', format: 'date-time' } },
          ],
          responses: {
            200: {
              description: 'Balances as decimal strings in the currency',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['program', 'currency', 'at', 'accounts', 'total', 'owedToPartners'],
                    properties: {
                      program: { type: 'string' },
                      currency: { type: 'string' },
                      at: { type: 'string', format: 'date-time' },
                      accounts: {
                        type: 'array',
                        items: {
                          type: 'object',
                          properties: { account: { type: 'string' }, balance: { type: 'string' } },
                        },
                      },
                      total: { type: 'string' },
                      owedToPartners: { type: 'string' },
                    },
                  },
                },
              },
            },
            400: errorResponse('A currency the program does not use, or a malformed time'),
            404: errorResponse('Unknown program'),
          },
        },
      },
      ...operatorPaths(errorResponse, program),
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

type ErrorResponse = (description: string) => unknown

/** The operator endpoints added with payouts and review flags (README, "Operator API"). */
function operatorPaths(errorResponse: ErrorResponse, program: Record<string, unknown>) {
  const id = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string', format: 'uuid' } })
  const body = (properties: Record<string, unknown>, required: string[] = []) => ({
    required: true,
    content: { 'application/json': { schema: { type: 'object', required, properties } } },
  })
  const op = (summary: string, extra: Record<string, unknown> = {}, responses: Record<string, unknown> = {}) => ({
    summary,
    security: [{ bearer: [] }],
    ...extra,
    responses: { 200: { description: 'OK' }, 400: errorResponse('Field errors'), ...responses },
  })
  const payoutRequest = body(
    {
      program: { type: 'string' },
      currency: { type: 'string', example: 'USD' },
      method: { enum: ['bank', 'paypal', 'service_credit', 'licences'] },
      amount: { type: 'string', example: '50.00', description: 'default: everything available' },
      details: { type: 'object', description: 'bank: {iban, holder?, swift?}; paypal: {email}; stored encrypted' },
    },
    ['program', 'method'],
  )
  const refused = errorResponse('A rule refuses it: payout.below_minimum, payout.funds_pending, payout.on_hold, ...')
  const reason = { type: 'string', pattern: '^[a-z][a-z0-9_]{1,63}$' }
  return {
    '/v1/partners/{partner}/payouts/preview': {
      post: op(
        'What a payout request would pay, without requesting it',
        {
          parameters: [id('partner')],
          requestBody: payoutRequest,
        },
        { 422: refused },
      ),
    },
    '/v1/partners/{partner}/payouts': {
      post: op(
        'Request a payout (reserved on the ledger at once)',
        {
          parameters: [
            id('partner'),
            { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string' } },
          ],
          requestBody: payoutRequest,
        },
        {
          201: { description: 'The payout: id, status, gross, fee, taxWithheld, net, credit, expectedAt' },
          200: { description: 'The same key and body again: the first answer' },
          409: errorResponse('The key was used with another body'),
          422: refused,
        },
      ),
      get: op("A partner's payouts", {
        parameters: [id('partner'), { name: 'program', in: 'query', schema: { type: 'string' } }],
      }),
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
          requestBody: body({ reason, reference: { type: 'string' } }),
        },
        { 404: errorResponse('Unknown payout'), 409: errorResponse('Not allowed from the current status') },
      ),
    },
    '/v1/partners/{partner}/payment-details': {
      post: op(
        'Save payment details (encrypted; the mask comes back)',
        {
          parameters: [id('partner')],
          requestBody: body({ method: { enum: ['bank', 'paypal'] }, details: { type: 'object' } }, [
            'method',
            'details',
          ]),
        },
        { 201: { description: 'Saved: id, method, masked' } },
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
              hold: {
                type: ['object', 'null'],
                properties: { until: { type: 'string', format: 'date-time' }, reason },
              },
            },
            ['program'],
          ),
        },
        { 422: errorResponse('The hold is longer than the program allows') },
      ),
    },
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
    '/v1/payout-batches': {
      get: op('Recent batches with totals per currency', {
        parameters: [{ name: 'program', in: 'query', schema: { type: 'string' } }],
      }),
    },
    '/v1/payout-batches/{batch}': {
      get: op('A batch summary', { parameters: [id('batch')] }, { 404: errorResponse('Unknown batch') }),
    },
    '/v1/payout-batches/{batch}/export.csv': {
      get: op(
        'The batch as CSV for finance (details masked)',
        { parameters: [id('batch')] },
        { 404: errorResponse('Unknown batch') },
      ),
    },
    '/v1/payout-batches/{batch}/paid': {
      post: op(
        'Mark a batch paid with the bank reference',
        { parameters: [id('batch')], requestBody: body({ reference: { type: 'string' } }, ['reference']) },
        {
          409: errorResponse('Only a closed batch can be paid'),
        },
      ),
    },
    '/v1/programs/{program}/terms': {
      get: op("Every version of the program's terms, with the languages its partners read and those still missing", {
        parameters: [program],
      }),
      post: op(
        'Draft a term change: its text per language (en, ru, kk, ka, lv) and when it takes effect',
        {
          parameters: [program],
          requestBody: body(
            {
              effectiveAt: { type: 'string', format: 'date-time' },
              ratesOnly: { type: 'boolean', description: 'Only commission rates change (may apply on publication)' },
              texts: { type: 'object', additionalProperties: { type: 'string', maxLength: 3000 } },
            },
            ['effectiveAt', 'texts'],
          ),
        },
        { 422: errorResponse('Inside the notice period (terms.notice_too_short), or no text') },
      ),
    },
    '/v1/terms/{version}/publish': {
      post: op(
        'Publish a draft: one delivery per partner, then the broadcast starts',
        {
          parameters: [id('version')],
          requestBody: body({
            paid: { type: 'boolean', description: 'Telegram paid broadcast (allow_paid_broadcast)' },
            ratePerSecond: { type: 'integer', minimum: 1, maximum: 1000 },
          }),
        },
        {
          409: errorResponse('Already published'),
          422: errorResponse(
            'A language the partners read has no text (terms.missing_languages), or the notice is too short',
          ),
        },
      ),
    },
    '/v1/broadcasts': {
      get: op('Broadcasts with their progress', {
        parameters: [{ name: 'program', in: 'query', schema: { type: 'string' } }],
      }),
    },
    '/v1/broadcasts/{broadcast}': {
      get: op(
        'Progress: sent, failed, blocked, remaining, ETA, acknowledged, objected',
        { parameters: [id('broadcast')] },
        { 404: errorResponse('Unknown broadcast') },
      ),
    },
    '/v1/broadcasts/{broadcast}/{action}': {
      post: op(
        'Pause, resume or cancel a broadcast',
        {
          parameters: [
            id('broadcast'),
            { name: 'action', in: 'path', required: true, schema: { enum: ['pause', 'resume', 'cancel'] } },
          ],
        },
        { 409: errorResponse('The broadcast is not in a state that allows it') },
      ),
    },
    '/v1/broadcasts/{broadcast}/report.csv': {
      get: op('The final report, one line per partner: delivery, answer and when', { parameters: [id('broadcast')] }),
    },
    '/v1/partners/{partner}/terms-answers': {
      post: op("Record a partner's acknowledgement or objection received in writing", {
        parameters: [id('partner')],
        requestBody: body(
          { versionId: { type: 'string', format: 'uuid' }, answer: { enum: ['acknowledged', 'objected'] } },
          ['versionId', 'answer'],
        ),
      }),
    },
    '/v1/review-flags': {
      get: op('Partners flagged for a human decision (low activity)', {
        parameters: [
          { name: 'program', in: 'query', schema: { type: 'string' } },
          { name: 'open', in: 'query', schema: { type: 'boolean' } },
        ],
      }),
    },
    '/v1/review-flags/{flag}/resolve': {
      post: op(
        'Record the decision on a flag',
        { parameters: [id('flag')], requestBody: body({ resolution: reason }, ['resolution']) },
        {
          409: errorResponse('Already resolved'),
        },
      ),
    },
  }
}
