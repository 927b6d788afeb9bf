import express, { Router } from 'express'
import { z } from 'zod'
import type { Core } from '../../core/index.ts'
import { LANGUAGES } from '../i18n/index.ts'
import type { SandboxBotApi } from './bot-api.ts'
import { SANDBOX_PAGE } from './page.ts'

const chat = z.coerce
  .number()
  .int()
  .min(1)
  .max(2 ** 40)
const language = z.enum(LANGUAGES)
const sendBody = z.object({ chat, text: z.string().trim().min(1).max(4096), language }).strict()
const pressBody = z.object({ chat, message: z.number().int().min(1), data: z.string().max(64), language }).strict()
const saleBody = z.object({ chat }).strict()

/**
 * /sandbox: a web chat that plays partners against the real bot through the local Bot API, so a newcomer can walk
 * every journey without Telegram. Only mounted when no bot token is set and not in production. "Simulate a sale"
 * records a referred customer's purchase for the partner's first program (a postback without the signature, as
 * the program's system would send it), so earnings appear.
 */
export function sandboxRoutes(deps: { api: SandboxBotApi; core: Core }): Router {
  const router = Router()
  router.get('/sandbox', (_req, res) => {
    res.type('html').set('cache-control', 'no-store').send(SANDBOX_PAGE)
  })
  const api = Router()
  api.use(express.json({ limit: '16kb' }))
  api.get('/state', (req, res) => {
    const q = z.object({ chat, after: z.coerce.number().int().min(0).default(0) }).safeParse(req.query)
    if (!q.success) return void res.status(400).json({ error: { code: 'bad_request', message: 'chat is required' } })
    res.json({
      messages: deps.api.messages(q.data.chat, q.data.after),
      programs: deps.core.programs.list().map((p) => ({ key: p.key, name: p.name })),
      bot: deps.api.me.username,
    })
  })
  api.post('/send', (req, res) => {
    const b = sendBody.safeParse(req.body)
    if (!b.success)
      return void res.status(400).json({ error: { code: 'bad_request', message: 'chat, text and language' } })
    deps.api.sendText(b.data.chat, b.data.text, b.data.language)
    res.status(202).json({ ok: true })
  })
  api.post('/press', (req, res) => {
    const b = pressBody.safeParse(req.body)
    if (!b.success) return void res.status(400).json({ error: { code: 'bad_request', message: 'chat, message, data' } })
    const pressed = deps.api.press(b.data.chat, b.data.message, b.data.data, b.data.language)
    res.status(pressed ? 202 : 404).json({ ok: pressed })
  })
  api.get('/photo/:id', (req, res) => {
    const png = deps.api.photo(String(req.params.id))
    if (!png) return void res.status(404).end()
    res.type('png').send(png)
  })
  api.post('/simulate-sale', async (req, res) => {
    const b = saleBody.safeParse(req.body)
    if (!b.success) return void res.status(400).json({ error: { code: 'bad_request', message: 'chat is required' } })
    const partner = await deps.core.partnerByTelegram(BigInt(b.data.chat))
    const enrolment = partner?.enrolments.find((e) => e.status === 'active')
    if (!partner || !enrolment) {
      return void res.status(409).json({ error: { code: 'not_a_partner', message: 'Join a program first' } })
    }
    const codes = (await deps.core.partnerCodes(partner.partnerId)).filter(
      (c) => c.programKey === enrolment.programKey && c.status === 'active',
    )
    const program = deps.core.programs.get(enrolment.programKey)!
    const code = codes[0]
    if (!code) return void res.status(409).json({ error: { code: 'no_code', message: 'No active code' } })
    const n = `${b.data.chat}-${Date.now().toString(36)}`
    const at = new Date(deps.core.clock.now().getTime() - 60_000).toISOString()
    const customer = `sandbox-${n}`
    const currency = program.currencies[0]!
    const base = {
      occurredAt: at,
      customer,
      ref: code.code,
      ...(code.campaignKey ? { campaign: code.campaignKey } : {}),
    }
    const country = program.quality.homeCountry ? { country: program.quality.homeCountry } : {}
    const events: Record<string, unknown>[] = []
    const c = program.commission
    if (c.type === 'revenue_share') {
      events.push({ ...base, id: `${n}-s`, type: 'signup' })
      events.push({ id: `${n}-d`, type: 'first_deposit', occurredAt: at, customer, amount: '50.00', currency })
      events.push({
        id: `${n}-r`,
        type: 'revenue',
        occurredAt: at,
        customer,
        order: `${n}-o`,
        amount: '200.00',
        currency,
      })
    } else if (c.type === 'campaigns') {
      const campaign = c.campaigns.find((x) => x.key === code.campaignKey) ?? c.campaigns[0]!
      const type = campaign.kind === 'sale' ? 'payment' : campaign.kind
      events.push({ ...base, ...country, id: `${n}-e`, type, order: `${n}-o`, amount: '250.00', currency })
    } else {
      events.push({ ...base, id: `${n}-s`, type: 'signup' })
      events.push({
        id: `${n}-p`,
        type: 'payment',
        occurredAt: at,
        customer,
        order: `${n}-o`,
        amount: '120.00',
        currency,
        monthsPaid: 1,
      })
    }
    const results = []
    for (const e of events) results.push((await deps.core.recordEvent(program.key, e)).body)
    res.status(201).json({ program: program.key, commissions: results.flatMap((r) => r.commissions) })
  })
  router.use('/sandbox/api', api)
  return router
}
