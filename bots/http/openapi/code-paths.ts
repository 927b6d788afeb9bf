import { body, errorResponse, id, idempotencyKeyHeader, op, program, reason } from './parts.ts'

const code = { name: 'code', in: 'path', required: true, schema: { type: 'string' }, description: 'Any case' }

const codeStatus = {
  200: { description: 'The code `{id, code, url, kind, program, partner, status, commission, from, until, changed}`' },
  404: errorResponse('Unknown program or code (code.not_found)'),
}

/** Extra and vanity codes per partner, and suspending or reinstating one (contract section 7). */
export const codePaths = {
  '/v1/programs/{program}/partners/{partner}/codes': {
    post: op(
      "Issue an extra or vanity code to a partner, up to the program's attribution.maxCodesPerPartner (suspended codes count), optionally with its own rate and validity; the partner is told in Telegram",
      {
        parameters: [
          program,
          id('partner'),
          idempotencyKeyHeader(
            false,
            'Optional: the same key for the same partner and program issues one code (200 on a replay)',
          ),
        ],
        requestBody: body({
          code: {
            type: 'string',
            pattern: '^[A-Za-z0-9_-]{4,64}$',
            description: 'A vanity code, kept as written; omitted: one is generated in the program’s code style',
          },
          commission: {
            type: 'object',
            required: ['rateBps'],
            properties: { rateBps: { type: 'integer', minimum: 1, maximum: 10000, example: 1500 } },
            description:
              'The code’s own rate (basis points); it wins over the partner’s. Only where commission.allowRateOverride',
          },
          from: { type: 'string', format: 'date-time', description: 'Events before it are not attributed by the code' },
          until: {
            type: 'string',
            format: 'date-time',
            description: 'Exclusive: events from it on are not attributed by the code (note code_expired)',
          },
        }),
      },
      {
        201: { description: 'Issued: `{id, code, url, kind, program, partner, status, commission, from, until}`' },
        200: { description: 'The same Idempotency-Key again: the code it issued (`replayed: true`)' },
        400: errorResponse(
          'A malformed code (code.malformed), rate (code.invalid_rate) or window (code.invalid_window)',
        ),
        404: errorResponse('Unknown program, partner or enrolment'),
        409: errorResponse('The code is taken: unique in the program regardless of case (code.taken)'),
        422: errorResponse(
          'At the program’s limit (code.limit_reached), a rate where the program allows none (code.rate_not_allowed), or a partner not active (code.partner_not_active)',
        ),
      },
    ),
    get: op(
      "A partner's codes in the program: `{max, codes: [...]}`",
      { parameters: [program, id('partner')] },
      { 404: errorResponse('Unknown program (program.not_found), or the partner is not in it (enrolment.not_found)') },
    ),
  },
  '/v1/programs/{program}/codes/{code}/suspend': {
    post: op(
      'Suspend one code: its clicks land without attribution and its postbacks attribute no one (note code_suspended); the partner is told. Already suspended: `changed: false`',
      {
        parameters: [program, code],
        requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { reason } } } } },
      },
      codeStatus,
    ),
  },
  '/v1/programs/{program}/codes/{code}/reinstate': {
    post: op(
      'Reinstate one suspended code; the partner is told. Already active: `changed: false`',
      {
        parameters: [program, code],
        requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { reason } } } } },
      },
      {
        ...codeStatus,
        409: errorResponse('A suspend_codes sanction is in force: lift it instead (code.codes_sanctioned)'),
        422: errorResponse('The partner is not active in the program (code.partner_not_active)'),
      },
    ),
  },
}
