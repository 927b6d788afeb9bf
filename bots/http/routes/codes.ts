import type { Router } from 'express'
import { z } from 'zod'
import { DomainError } from '../../../core/domain/errors.ts'
import { FLAG_DISMISS_REASONS, SANCTION_REASONS } from '../../../core/domain/reason-codes.ts'
import type { ManagedCode } from '../../../core/ports/code-store.ts'
import { lineText } from '../safe-input.ts'
import { idempotencyKey, isoTime, noQuery, parseOr400, parseQuery, reasonFrom } from '../validate.ts'
import type { OperatorDeps } from './operator.ts'

/** The code's own rate in basis points (1500 = 15%); the shape and range are checked by core (code.invalid_rate). */
const issueBody = z
  .object({
    // the shape of a vanity code is core's to judge (a localized 400 code.malformed)
    code: lineText(100).optional(),
    commission: z.object({ rateBps: z.number() }).strict().optional(),
    from: isoTime.optional(),
    until: isoTime.optional(),
  })
  .strict()

/** Suspending gives a sanction's reason; reinstating, why the suspension is over (a flag's dismissal reasons). */
const statusBody = {
  suspended: z
    .object({ reason: reasonFrom(SANCTION_REASONS) })
    .partial()
    .strict(),
  active: z
    .object({ reason: reasonFrom(FLAG_DISMISS_REASONS) })
    .partial()
    .strict(),
}

const codeJson = (c: ManagedCode, linkBase: string) => ({
  id: c.id,
  code: c.code,
  url: `${linkBase}/r/${c.code}`,
  kind: c.kind,
  program: c.programKey,
  partner: c.partnerId,
  status: c.status,
  commission: c.rateOverrideBps === undefined ? null : { rateBps: c.rateOverrideBps },
  from: c.validFrom?.toISOString() ?? null,
  until: c.validUntil?.toISOString() ?? null,
  createdAt: c.createdAt.toISOString(),
})

/**
 * Extra and vanity codes on the operator API (contract section 7): issue one (201; the same Idempotency-Key again
 * answers 200 with the same code), list a partner's, suspend or reinstate one (200, `changed: false` when it
 * already was).
 */
export function codeRoutes(api: Router, deps: OperatorDeps, actor: string) {
  const { core } = deps
  const linkBase = (req: { protocol: string; get(h: string): string | undefined }) =>
    deps.publicUrl ?? `${req.protocol}://${req.get('host')}`

  api.post('/programs/:program/partners/:partner/codes', async (req, res) => {
    const key = idempotencyKey(req, false)
    const b = parseOr400(issueBody, req.body ?? {})
    const r = await core.codes.issue({
      partnerId: String(req.params.partner),
      programKey: String(req.params.program),
      code: b.code,
      rateBps: b.commission?.rateBps,
      from: b.from ? new Date(b.from) : undefined,
      until: b.until ? new Date(b.until) : undefined,
      actor,
      requestKey: key,
    })
    res.status(r.issued ? 201 : 200).json({ ...codeJson(r.code, linkBase(req)), replayed: !r.issued })
  })

  api.get('/programs/:program/partners/:partner/codes', async (req, res) => {
    parseQuery(noQuery, req.query)
    const program = core.programs.get(String(req.params.program))
    if (!program) throw new DomainError('program.not_found', { program: String(req.params.program).slice(0, 64) })
    const codes = await core.codes.ofEnrolment(String(req.params.partner), program.key)
    res.json({ max: program.attribution.maxCodesPerPartner, codes: codes.map((c) => codeJson(c, linkBase(req))) })
  })

  for (const [action, status] of [
    ['suspend', 'suspended'],
    ['reinstate', 'active'],
  ] as const) {
    api.post(`/programs/:program/codes/:code/${action}`, async (req, res) => {
      const b = parseOr400(statusBody[status], req.body ?? {})
      const r = await core.codes.setStatus({
        programKey: String(req.params.program),
        code: String(req.params.code),
        status,
        reason: b.reason,
        actor,
      })
      res.json({ ...codeJson(r.code, linkBase(req)), changed: r.changed })
    })
  }
}
