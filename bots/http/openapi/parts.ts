/** Building blocks the path tables of the OpenAPI document share. */

const error = { $ref: '#/components/schemas/Error' }

/** A 4xx answer with the error body every refusal has. */
export const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: error } },
})

/** The `{program}` path parameter. */
export const program = { name: 'program', in: 'path', required: true, schema: { type: 'string' }, example: 'quantower' }

/** The optional `?program=` filter of a list. */
export const programQuery = { name: 'program', in: 'query', schema: { type: 'string' } }

/** A uuid path parameter: a malformed one is that thing's 404. */
export const id = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string', format: 'uuid' } })

/** A required JSON object body. */
export const body = (properties: Record<string, unknown>, required: string[] = []) => ({
  required: true,
  content: { 'application/json': { schema: { type: 'object', required, properties } } },
})

/** A bearer-authenticated operator endpoint: 200 and 400 unless `responses` says more. */
export const op = (summary: string, extra: Record<string, unknown> = {}, responses: Record<string, unknown> = {}) => ({
  summary,
  security: [{ bearer: [] }],
  ...extra,
  responses: { 200: { description: 'OK' }, 400: errorResponse('Field errors'), ...responses },
})

/** The `Idempotency-Key` header (1-128 of A-Z a-z 0-9 _ . : -); a malformed one is a 400 invalid_idempotency_key. */
export const idempotencyKeyHeader = (required: boolean, description: string) => ({
  name: 'Idempotency-Key',
  in: 'header',
  required,
  schema: { type: 'string', pattern: '^[\\w.:-]{1,128}$' },
  description,
})

/** A reason code such as self_referral. */
export const reason = { type: 'string', pattern: '^[a-z][a-z0-9_]{1,63}$' }
