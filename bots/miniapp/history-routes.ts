import type { Router } from 'express'
import { z } from 'zod'
import { UUID } from '../../core/domain/ids.ts'
import type { MiniAppApiDeps } from './api.ts'
import { callerOf, notFound, onlyProgram, programFor, queryOf } from './caller.ts'
import { disputeJson, payoutJson } from './views.ts'

/** The partner's payouts and disputes: core's lists of the caller's own, and one of them by its id or number. */
export function historyRoutes(api: Router, deps: MiniAppApiDeps) {
  const { core } = deps
  // the partner's payouts in the program, newest first
  api.get('/payouts', async (req, res) => {
    const caller = callerOf(res)
    const { program } = programFor(core, caller, queryOf(onlyProgram, req).program)
    const payouts = await core.payouts.of(caller.partner.partnerId, program.key)
    const at = { now: core.clock.now(), timeZone: program.timeZone }
    res.json({ payouts: payouts.map((p) => payoutJson(caller, p, at)) })
  })

  // one of them, by id: another partner's (or another program's) is unknown
  api.get('/payouts/:id', async (req, res) => {
    const caller = callerOf(res)
    queryOf(z.object({}).strict(), req)
    const id = String(req.params.id)
    const p = UUID.test(id) ? await core.payouts.get(id) : null
    if (!p || p.partner !== caller.partner.partnerId) throw notFound()
    const { program } = programFor(core, caller, p.program)
    res.json({ payout: payoutJson(caller, p, { now: core.clock.now(), timeZone: program.timeZone }) })
  })

  // the partner's disputes in the program, newest first, with what each is about and where it stands
  api.get('/disputes', async (req, res) => {
    const caller = callerOf(res)
    const { program } = programFor(core, caller, queryOf(onlyProgram, req).program)
    const mine = (await core.disputes.ofPartner(caller.partner.partnerId)).filter((d) => d.programKey === program.key)
    const disputes = []
    for (const d of mine) {
      const { item } = await core.disputes.partnerDispute(caller.partner.partnerId, d.number)
      disputes.push(disputeJson(caller, program, d, item))
    }
    res.json({ disputes })
  })

  // one of them, by its number, with its conversation: another partner's number is unknown
  api.get('/disputes/:number', async (req, res) => {
    const caller = callerOf(res)
    queryOf(z.object({}).strict(), req)
    const number = String(req.params.number)
    if (!/^\d{1,9}$/.test(number)) throw notFound()
    const found = await core.disputes.partnerDispute(caller.partner.partnerId, Number(number))
    const { program } = programFor(core, caller, found.dispute.programKey)
    res.json({
      dispute: disputeJson(caller, program, found.dispute, found.item),
      final: found.final,
      messages: found.messages.map((m) => ({
        at: m.createdAt.toISOString(),
        from: m.author === 'partner' ? 'partner' : 'support',
        text: m.text,
        attachments: m.attachments.length,
      })),
    })
  })
}
