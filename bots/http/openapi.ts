import { adjustmentPaths } from './openapi/adjustment-paths.ts'
import { codePaths } from './openapi/code-paths.ts'
import { schemas, securitySchemes } from './openapi/components.ts'
import { dealPaths } from './openapi/deal-paths.ts'
import { miniAppPaths, tmaScheme } from './openapi/miniapp-paths.ts'
import { applicationPaths, operatorPaths, refereeBonusPaths, reviewFlagPaths } from './openapi/operator-paths.ts'
import { payopsPaths } from './openapi/payops-paths.ts'
import { payoutPaths } from './openapi/payout-paths.ts'
import { performancePaths } from './openapi/performance-paths.ts'
import { probePaths, publicPaths } from './openapi/public-paths.ts'
import { queuePaths } from './openapi/queue-paths.ts'
import { sanctionPaths } from './openapi/sanction-paths.ts'
import { termsPaths } from './openapi/terms-paths.ts'

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
    paths: {
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
    },
  }
}
