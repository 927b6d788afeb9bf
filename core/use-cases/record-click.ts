import { CODE_SHAPE } from '../domain/codes.ts'
import { DomainError } from '../domain/errors.ts'
import type { ClickStore } from '../ports/click-store.ts'
import type { Clock } from '../ports/clock.ts'
import type { ProgramDefinition } from '../programs/definition.ts'

export interface ClickDeps {
  clicks: ClickStore
  clock: Clock
  program: (key: string) => ProgramDefinition | undefined
  hashIp: (ip: string) => string
}

/**
 * A visitor followed a referral link: the click is recorded (time, hashed IP, country, user agent) and the
 * visitor goes to the program's landing page with the code and the click id. A suspended code, or a partner
 * who may not earn, still lands the visitor, without attribution.
 */
export async function recordClick(
  deps: ClickDeps,
  code: string,
  visitor: { ip?: string; country?: string; userAgent?: string },
): Promise<{ location: string; attributed: boolean }> {
  const found = CODE_SHAPE.test(code) ? await deps.clicks.findCode(code) : null
  const program = found && deps.program(found.programKey)
  if (!found || !program) throw new DomainError('code.not_found', { code: code.slice(0, 64) })
  const url = new URL(program.landingUrl)
  if (found.status !== 'active' || found.enrolment.status !== 'active')
    return { location: url.toString(), attributed: false }
  const country = visitor.country && /^[A-Z]{2}$/.test(visitor.country) ? visitor.country : undefined
  const clickId = await deps.clicks.insertClick({
    codeId: found.id,
    at: deps.clock.now(),
    ipHash: visitor.ip ? deps.hashIp(visitor.ip) : undefined,
    country,
    userAgent: visitor.userAgent?.slice(0, 512),
  })
  url.searchParams.set('ref', found.code)
  url.searchParams.set('click', clickId)
  return { location: url.toString(), attributed: true }
}
