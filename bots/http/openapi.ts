import { adjustmentPaths } from './openapi/adjustment-paths.ts'
import { codePaths } from './openapi/code-paths.ts'
import { schemas, securitySchemes } from './openapi/components.ts'
import { dealPaths } from './openapi/deal-paths.ts'
import { miniAppPaths, tmaScheme } from './openapi/miniapp-paths.ts'
import { applicationPaths, operatorPaths, refereeBonusPaths, reviewFlagPaths } from './openapi/operator-paths.ts'
import { errorResponse } from './openapi/parts.ts'
import { payopsPaths } from './openapi/payops-paths.ts'
import { payoutPaths } from './openapi/payout-paths.ts'
import { performancePaths } from './openapi/performance-paths.ts'
import { probePaths, publicPaths } from './openapi/public-paths.ts'
import { queuePaths } from './openapi/queue-paths.ts'
import { sanctionPaths } from './openapi/sanction-paths.ts'
import { termsPaths } from './openapi/terms-paths.ts'

type Operation = { security?: Record<string, unknown>[]; requestBody?: unknown; responses?: Record<string, unknown> }

/** A request body as every operator route reads it: an object with no property the document does not name. */
function closed(requestBody: unknown): unknown {
  const b = requestBody as { content?: { 'application/json'?: { schema?: Record<string, unknown> } } }
  const schema = b.content?.['application/json']?.schema
  if (schema?.type !== 'object' || 'additionalProperties' in schema) return requestBody
  return { ...b, content: { ...b.content, 'application/json': { schema: { ...schema, additionalProperties: false } } } }
}

/**
 * An operator operation with what every one answers besides its own: a missing or wrong token (401), a body not
 * declared JSON (415), and an unknown field of the body refused (every route's schema is strict).
 */
function withCommon(o: Operation): Operation {
  if (!o.security?.some((s) => 'bearer' in s)) return o
  const responses = { ...o.responses }
  responses['401'] ??= errorResponse('The bearer token is missing or wrong (unauthorized)')
  if (o.requestBody && !responses['415'])
    responses['415'] = errorResponse('The body is not sent as JSON (Content-Type: application/json)')
  return o.requestBody ? { ...o, requestBody: closed(o.requestBody), responses } : { ...o, responses }
}

const withCommonResponses = (paths: Record<string, Record<string, Operation>>) =>
  Object.fromEntries(
    Object.entries(paths).map(([path, ops]) => [
      path,
      Object.fromEntries(Object.entries(ops).map(([method, o]) => [method, withCommon(o)])),
    ]),
  )

/** The OpenAPI 3.1 description of the public HTTP API (contract sections 1-4), served at /v1/openapi.json. */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Partner Assistant API',
      version: '1.0.0',
      description:
        "Conversion postbacks from programs, referral clicks, the operator API and the Telegram Mini App's data routes. Money is a decimal string in " +
        'major units with its currency; times are ISO-8601 with offset.',
    },
    components: { securitySchemes: { ...securitySchemes, tma: tmaScheme }, schemas },
    paths: withCommonResponses({
      ...publicPaths,
      ...operatorPaths,
      ...applicationPaths,
      ...dealPaths,
      ...payoutPaths,
      ...sanctionPaths,
      ...payopsPaths,
      ...termsPaths,
      ...reviewFlagPaths,
      ...refereeBonusPaths,
      ...adjustmentPaths,
      ...codePaths,
      ...queuePaths,
      ...performancePaths,
      ...miniAppPaths,
      ...probePaths,
    }),
  }
}
