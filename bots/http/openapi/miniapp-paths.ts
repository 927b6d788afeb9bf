import { COMMISSION_STATUSES } from '../../../core/ports/performance.ts'
import { LINES_MAX, MAX_REPORT_DAYS } from '../../../core/use-cases/performance-report.ts'
import { CSV_COLUMNS } from '../../miniapp/csv.ts'
import { MINI_APP_TABS } from '../../miniapp/launch.ts'
import { errorResponse } from './parts.ts'
import { takenBackFields } from './performance-paths.ts'

// The Telegram Mini App's data routes (contract section 7): GET, JSON, `Authorization: tma <initData>`, never cached.

const money = { type: 'string', description: 'Major units, "12.50"' }
const perCurrency = {
  type: 'array',
  items: { type: 'object', properties: { currency: { type: 'string' }, amount: money } },
}
const rate = { type: ['string', 'null'], description: 'Percent with two decimals; null when nothing to divide by' }
const counts = {
  clicks: { type: 'integer' },
  uniqueClicks: { type: 'integer' },
  signups: { type: 'integer' },
  firstPayments: { type: 'integer' },
}
const funnel = {
  type: 'object',
  properties: {
    ...counts,
    signupRate: { ...rate, description: 'Sign-ups per unique click, percent' },
    paymentRate: { ...rate, description: 'First payments per sign-up, percent' },
    commissions: perCurrency,
  },
}
const nullable = (schema: Record<string, unknown>) => ({ ...schema, type: [schema.type, 'null'] })
const date = { type: 'string', format: 'date' }
const time = { type: 'string', format: 'date-time' }
const json = (properties: Record<string, unknown>) => ({
  description: 'OK',
  content: { 'application/json': { schema: { type: 'object', properties } } },
})

const programParam = {
  name: 'program',
  in: 'query',
  description: "A program the partner is in (default: the first approved one of /me's programs)",
  schema: { type: 'string' },
}
const filters = [
  programParam,
  {
    name: 'from',
    in: 'query',
    description: `First local date (default: 29 days before to); at most ${MAX_REPORT_DAYS} days before to`,
    schema: date,
  },
  { name: 'to', in: 'query', description: "Last local date, included (default: today, program's zone)", schema: date },
  { name: 'status', in: 'query', schema: { enum: [...COMMISSION_STATUSES] } },
  { name: 'currency', in: 'query', schema: { type: 'string', pattern: '^[A-Z]{3}$' } },
]
const subIdParams = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5'].map((name) => ({
  name,
  in: 'query',
  schema: { type: 'string', pattern: '^[A-Za-z0-9._~-]{1,100}$' },
}))
const statementLine = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    date: { ...date, description: "The conversion's local date in the program's time zone" },
    occurredAt: time,
    kind: {
      type: 'string',
      description:
        'revenue_share, revenue_share_tier (a month lifted to a higher volume tier), payment_share, one_time_reward, level_top_up (a client raised to its level by an earlier-paying client reported late), or a network campaign kind: sale, new_customer, lead, download, click, visit',
    },
    status: { enum: [...COMMISSION_STATUSES] },
    amount: money,
    currency: { type: 'string' },
    customer: { type: ['string', 'null'], description: 'Masked: •••1234' },
    order: { type: ['string', 'null'], description: 'Masked: •••1234' },
    holdUntil: nullable({ ...time, description: 'When a pending commission becomes payable' }),
    campaign: { type: ['string', 'null'], description: "The campaign's name" },
    subIds: { type: 'object', properties: Object.fromEntries(subIdParams.map((p) => [p.name, { type: 'string' }])) },
    ...takenBackFields,
  },
}
const payout = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    requestedAt: time,
    status: { type: 'string' },
    method: { type: 'string' },
    gross: money,
    fee: money,
    tax: { ...money, description: 'Income tax withheld ("0.00" where none is)' },
    net: money,
    credit: nullable({ ...money, description: 'What a redeem (service credit, licences) credits instead of money' }),
    currency: { type: 'string' },
    reference: { type: ['string', 'null'] },
    expectedAt: nullable({ ...time, description: 'When a payout still on its way (requested, approved) is expected' }),
    late: {
      type: 'boolean',
      description: "Still on its way after its expected date has passed (in the program's time zone)",
    },
    paidAt: nullable(time),
  },
}
const dispute = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    number: { type: 'integer' },
    openedAt: time,
    status: { enum: ['open', 'claimed', 'awaiting_partner', 'escalated', 'upheld', 'rejected'] },
    about: { enum: ['commission', 'payout', 'sanction', 'other'] },
    subject: { type: 'string', description: 'The disputed item in words (amount, masked order or customer)' },
    amount: { type: ['string', 'null'] },
    currency: { type: ['string', 'null'] },
    deadline: nullable({ ...time, description: 'Answer-by, while open' }),
    resolution: { type: ['string', 'null'], description: "The decision's reason, in words" },
    note: { type: ['string', 'null'], description: "Support's note on the decision" },
  },
}

const rateLimited = errorResponse(
  'rate_limited: over the Telegram user’s allowance (MINIAPP_RATE_LIMIT; QR and CSV stricter); Retry-After says when to call again',
)

/** A Mini App route: tma-authenticated, 401/403/404/429 in the partner's language. */
const route = (summary: string, parameters: unknown[], ok: unknown, extra: Record<string, unknown> = {}) => ({
  get: {
    summary,
    security: [{ tma: [] }],
    parameters,
    responses: {
      200: ok,
      400: errorResponse('invalid_request: a parameter is unknown or malformed (issues name each)'),
      401: errorResponse('unauthorized: initData missing, forged, or older than 24 hours'),
      403: errorResponse('not_a_partner: a Telegram user with no partner record'),
      404: errorResponse('not_found: a program, code, payout or dispute that is not the partner’s'),
      429: rateLimited,
      ...extra,
    },
  },
})

/** GET /app/api/*: the Mini App's data, each route the partner's own (contract section 7). */
export const miniAppPaths = {
  '/app/api/me': route(
    "The partner's id, name, language and programs",
    [],
    json({
      partnerId: { type: 'string', format: 'uuid' },
      name: { type: 'string' },
      language: { enum: ['en', 'ru', 'kk', 'ka', 'lv'] },
      defaultProgram: {
        type: 'string',
        description:
          'The program a route answers for when none is named: the first approved one of `programs`, else the first (absent when there are none)',
      },
      programs: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            key: { type: 'string' },
            name: { type: 'string' },
            status: { type: 'string' },
            timeZone: { type: 'string' },
            currencies: { type: 'array', items: { type: 'string' } },
            approved: { type: 'boolean', description: 'The program approved the partner: links attribute' },
            reward: {
              type: 'boolean',
              description: 'It pays a one-time reward per client (worded "reward", not "commission")',
            },
          },
        },
      },
    }),
  ),
  '/app/api/overview': route(
    "The funnel of the last 7 and 30 days and each of the 30 days, in the program's time zone",
    [programParam],
    json({
      program: { type: 'string' },
      timeZone: { type: 'string' },
      last7: funnel,
      last30: funnel,
      suspended: nullable({
        type: 'object',
        description: "Every link and code of the partner's in the program is suspended (null: not so)",
        properties: {
          count: { type: 'integer' },
          codes: { type: 'boolean', description: 'All of them are promo codes' },
        },
      }),
      days: {
        type: 'array',
        items: { type: 'object', properties: { date, ...counts, commissions: perCurrency } },
      },
    }),
  ),
  '/app/api/links': route(
    "The partner's referral links and promo codes in the program (none until it approves the partner, none once the agreement ended)",
    [programParam],
    json({
      links: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            code: { type: 'string' },
            kind: { enum: ['link', 'code'] },
            url: { type: ['string', 'null'] },
            campaign: { type: ['string', 'null'] },
            status: { enum: ['active', 'suspended'] },
            commission: { type: ['string', 'null'], description: 'What it pays, in words, when its own' },
          },
        },
      },
      landingPaths: { type: 'array', items: { type: 'string' } },
      baseUrl: { type: 'string', description: '<base>/r/' },
      notice: {
        type: ['string', 'null'],
        description: 'Why there are no links (an application waiting or declined, an agreement ended), in words',
      },
    }),
  ),
  '/app/api/qr': route(
    "The QR image of one of the partner's links (with a landing path and sub-ids) or promo codes",
    [
      programParam,
      { name: 'code', in: 'query', required: true, schema: { type: 'string' } },
      { name: 'to', in: 'query', description: 'A landing path the program allows', schema: { type: 'string' } },
      ...subIdParams,
    ],
    { description: 'OK', content: { 'image/png': { schema: { type: 'string', format: 'binary' } } } },
  ),
  '/app/api/balance': route(
    'The balance in the program now, per currency, as /earnings counts it',
    [programParam],
    json({
      program: { type: 'string' },
      balances: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            currency: { type: 'string' },
            available: money,
            pending: { ...money, description: 'On hold: payable later' },
            nextRelease: nullable({ ...date, description: 'The first local date money on hold becomes payable' }),
            held: { ...money, description: 'Held for review' },
            inPayout: { ...money, description: 'Asked for in payouts not paid yet' },
            paid: money,
            nextPayoutAt: nullable({
              ...time,
              description:
                'The next pay day (scheduled programs: a date an admin moved counts, and once today’s batch is ' +
                'built the next one) or when a request now is due; null while payouts are paused',
            }),
            payoutsPaused: { type: 'boolean', description: 'The program’s team has paused its payouts' },
            shortfalls: {
              type: 'array',
              items: { type: 'string' },
              description: 'What stands between the partner and the next payout, as /earnings says it',
            },
          },
        },
      },
    }),
  ),
  '/app/api/statement': route(
    'Commission lines of a period, by status and currency, newest first, a page at a time',
    [
      ...filters,
      { name: 'cursor', in: 'query', description: 'nextCursor of the previous page', schema: { type: 'string' } },
      { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: LINES_MAX, default: 50 } },
    ],
    json({
      program: { type: 'string' },
      timeZone: { type: 'string' },
      from: date,
      to: date,
      lines: { type: 'array', items: statementLine },
      nextCursor: { type: ['string', 'null'] },
      statuses: { type: 'array', items: { enum: [...COMMISSION_STATUSES] } },
      currencies: { type: 'array', items: { type: 'string' } },
    }),
  ),
  '/app/api/statement.csv': route(
    'Every commission line of the filter as CSV (attachment "<program>-statement-<from>-<to>.csv")',
    filters,
    {
      description: `Columns: ${CSV_COLUMNS.join(',')}; amounts "12.50"; reversed: what was taken back (empty when nothing was), net: amount less reversed (the net column sums to the overview's commissions of the same period), reason: why, a code; a cell a spreadsheet would run as a formula is prefixed with '`,
      content: { 'text/csv': { schema: { type: 'string' } } },
    },
  ),
  '/app/api/statement.csv/link': route(
    "A URL for Telegram's download dialog (downloadFile, Mini Apps 8.0), which can send no Authorization header: the same CSV for this partner and exactly these filters, good for 5 minutes",
    filters,
    json({
      url: {
        type: 'string',
        format: 'uri',
        description: '<PUBLIC_URL>/app/api/download/statement.csv?<filters>&ticket=<ticket>',
      },
      fileName: { type: 'string' },
      expiresAt: time,
    }),
  ),
  '/app/api/download/statement.csv': {
    get: {
      summary:
        'The CSV of /app/api/statement.csv for the holder of a ticket from /app/api/statement.csv/link (no Authorization header); the filters must be the ticket’s',
      security: [],
      parameters: [...filters, { name: 'ticket', in: 'query', required: true, schema: { type: 'string' } }],
      responses: {
        200: {
          description: 'The CSV, as /app/api/statement.csv',
          content: { 'text/csv': { schema: { type: 'string' } } },
        },
        401: errorResponse(
          'unauthorized: no ticket, or one altered, expired or for other filters (in the language the client asks for)',
        ),
        403: errorResponse('not_a_partner: the ticket’s Telegram user is no longer a partner'),
        404: errorResponse('not_found: the program is no longer one of the partner’s'),
        429: rateLimited,
      },
    },
  },
  '/app/api/payouts': route(
    "The partner's payouts in the program, newest first",
    [programParam],
    json({ payouts: { type: 'array', items: payout } }),
  ),
  '/app/api/payouts/{id}': route(
    'One of the partner’s payouts',
    [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
    json({ payout }),
  ),
  '/app/api/disputes': route(
    "The partner's disputes in the program, newest first",
    [programParam],
    json({ disputes: { type: 'array', items: dispute } }),
  ),
  '/app/api/disputes/{number}': route(
    'One of the partner’s disputes, by its number, with its conversation',
    [{ name: 'number', in: 'path', required: true, schema: { type: 'integer' } }],
    json({
      dispute,
      final: { type: 'boolean', description: 'The decision is final under the program’s terms' },
      messages: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            at: time,
            from: { enum: ['partner', 'support'] },
            text: { type: 'string' },
            attachments: { type: 'integer' },
          },
        },
      },
    }),
  ),
}

/** How a Mini App call authenticates. */
export const tmaScheme = {
  type: 'apiKey',
  in: 'header',
  name: 'Authorization',
  description:
    '`tma <initData>`: the raw initData Telegram gives the Mini App, checked by HMAC with the bot token ' +
    '(@telegram-apps/init-data-node) and refused when older than 24 hours. The Mini App opens at ' +
    `/app?tab=${MINI_APP_TABS.join('|')}.`,
}
