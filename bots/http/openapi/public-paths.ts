import { errorResponse, program } from './parts.ts'

/** What programs and visitors call: the signed postback and the referral link (contract sections 1-2). */
export const publicPaths = {
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
            '(postback.unknown_click, postback.click_mismatch); a refund, cancellation or settlement dated before ' +
            'the order it acts on (postback.before_order), naming another partner’s order ' +
            '(postback.order_of_other_partner), or in another currency than the order’s (postback.order_currency)',
        ),
      },
    },
  },
  '/r/{code}': {
    get: {
      summary: 'Follow a referral link',
      parameters: [
        { name: 'code', in: 'path', required: true, schema: { type: 'string' } },
        ...['sub1', 'sub2', 'sub3', 'sub4', 'sub5'].map((name) => ({
          name,
          in: 'query',
          description:
            'A sub-id kept with the click and carried to its conversions (at most 100 of [A-Za-z0-9._~-]; others dropped)',
          schema: { type: 'string', maxLength: 100, pattern: '^[A-Za-z0-9._~-]+$' },
        })),
        {
          name: 'to',
          in: 'query',
          description:
            "A deep link: a path on the program's landing site under one of its landingPaths (else the landing page)",
          schema: { type: 'string' },
        },
      ],
      responses: {
        302: {
          description:
            "To the program's landing page (HOME_URL for a code that names no program), with ref when the code is active, and a random click id (UUID) when " +
            'the click was recorded: past the per-address, per-code or per-process budget the visitor lands ' +
            'without one, unrecorded',
        },
        404: errorResponse('A code that names no program, when no HOME_URL is configured (with one: 302 to it)'),
      },
    },
  },
}

/** What the orchestrator and monitoring probe, unauthenticated. */
export const probePaths = {
  '/healthz': { get: { summary: 'The process is up', responses: { 200: { description: 'OK' } } } },
  '/readyz': {
    get: {
      summary: 'Database, migrations and Redis answer',
      responses: { 200: { description: 'Ready' }, 503: { description: 'Not ready (or shutting down)' } },
    },
  },
  '/metrics': { get: { summary: 'Prometheus metrics', responses: { 200: { description: 'OK' } } } },
}
