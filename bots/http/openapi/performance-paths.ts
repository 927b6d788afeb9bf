import { PERFORMANCE_BY, TAKEN_BACK_REASONS } from '../../../core/ports/performance.ts'
import { LINES_MAX, MAX_REPORT_DAYS } from '../../../core/use-cases/performance-report.ts'
import { errorResponse, op } from './parts.ts'

const money = {
  type: 'object',
  properties: { amount: { type: 'string', description: 'Major units' }, currency: { type: 'string' } },
}
/** What was taken back of a commission line and what it nets: the report's and the Mini App statement's lines. */
export const takenBackFields = {
  reversed: {
    type: ['object', 'null'],
    properties: money.properties,
    description:
      'What was taken back of the commission (a positive amount): refunds, cancellations, annulments and a penalty charged for it, from its postings on the ledger; null when nothing was',
  },
  net: {
    ...money,
    description:
      "What the line counts in the partner's commissions now: amount less reversed (0.00 for a commission refused when it was recorded). The net of a period's lines sums to the period's commissions",
  },
  reason: {
    type: ['string', 'null'],
    description: `Why money was taken back (the latest take-back), a code: ${TAKEN_BACK_REASONS.join(', ')}; null when nothing was`,
  },
}
const rate = { type: ['string', 'null'], description: 'Percent with two decimals; null when nothing to divide by' }
const counters = {
  clicks: { type: 'integer' },
  uniqueClicks: { type: 'integer', description: "A visitor's first click of the day on the partner's links" },
  signups: { type: 'integer', description: 'Customers attributed to the partner' },
  firstPayments: { type: 'integer', description: "Customers' first payments (or first deposits)" },
  signupRate: { ...rate, description: 'Sign-ups per unique click, percent' },
  firstPaymentRate: { ...rate, description: 'First payments per sign-up, percent' },
  commissions: {
    type: 'array',
    description: "Earned on the period's conversions, net of what was taken back, per currency",
    items: money,
  },
}
const subIds = {
  type: 'object',
  properties: Object.fromEntries(['sub1', 'sub2', 'sub3', 'sub4', 'sub5'].map((k) => [k, { type: 'string' }])),
}

/** The partner's performance report (contract section 7). */
export const performancePaths = {
  '/v1/partners/{partner}/performance': {
    get: op(
      "A partner's clicks, unique clicks, sign-ups, first payments and commissions in one program, with the period's commission lines and payouts; dates in the program's time zone",
      {
        parameters: [
          { name: 'partner', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          { name: 'program', in: 'query', required: true, schema: { type: 'string' } },
          {
            name: 'from',
            in: 'query',
            description: `First local date (default: 29 days before to); at most ${MAX_REPORT_DAYS} days before to`,
            schema: { type: 'string', format: 'date' },
          },
          {
            name: 'to',
            in: 'query',
            description: "Last local date, included (default: today in the program's time zone)",
            schema: { type: 'string', format: 'date' },
          },
          {
            name: 'by',
            in: 'query',
            description:
              'Row key: day (YYYY-MM-DD), week (ISO, 2026-W49), month (YYYY-MM), link (code), campaign, sub1..sub5',
            schema: { enum: [...PERFORMANCE_BY], default: 'day' },
          },
          {
            name: 'cursor',
            in: 'query',
            description: 'nextCursor of the previous page of lines',
            schema: { type: 'string' },
          },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: LINES_MAX, default: 50 } },
        ],
      },
      {
        200: {
          description: 'OK',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  partner: { type: 'string', format: 'uuid' },
                  program: { type: 'string' },
                  timeZone: { type: 'string' },
                  from: { type: 'string', format: 'date' },
                  to: { type: 'string', format: 'date' },
                  by: { enum: [...PERFORMANCE_BY] },
                  rows: {
                    type: 'array',
                    items: { type: 'object', properties: { key: { type: ['string', 'null'] }, ...counters } },
                  },
                  totals: { type: 'object', properties: counters },
                  lines: {
                    type: 'array',
                    description: 'Commissions of conversions in the period, newest first, ids masked',
                    items: {
                      type: 'object',
                      properties: {
                        id: { type: 'string', format: 'uuid' },
                        occurredAt: { type: 'string', format: 'date-time' },
                        status: { type: 'string' },
                        rule: { type: 'string' },
                        amount: money,
                        ...takenBackFields,
                        customer: { type: ['string', 'null'], example: '•••4821' },
                        order: { type: ['string', 'null'] },
                        link: { type: ['string', 'null'] },
                        campaign: { type: ['string', 'null'] },
                        subIds,
                      },
                    },
                  },
                  nextCursor: { type: ['string', 'null'] },
                  payouts: {
                    type: 'array',
                    description: 'Payouts requested in the period, newest first',
                    items: {
                      type: 'object',
                      properties: {
                        id: { type: 'string', format: 'uuid' },
                        requestedAt: { type: 'string', format: 'date-time' },
                        status: { type: 'string' },
                        method: { type: 'string' },
                        gross: money,
                        net: money,
                        reference: { type: ['string', 'null'] },
                        paidAt: { type: ['string', 'null'], format: 'date-time' },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        404: errorResponse('Unknown program, or the partner is not in it'),
      },
    ),
  },
}
