import express, { type Request, Router } from 'express'
import { z } from 'zod'
import type { Core } from '../../core/index.ts'
import type { ProgramDefinition } from '../../core/programs/definition.ts'
import { LANGUAGES } from '../i18n/index.ts'
import { loopbackOnly, SandboxSessions } from './access.ts'
import type { SandboxBotApi } from './bot-api.ts'
import { SANDBOX_PAGE } from './page.ts'

const language = z.enum(LANGUAGES)
const sendBody = z.object({ text: z.string().trim().min(1).max(4096), language }).strict()
const pressBody = z.object({ message: z.number().int().min(1), data: z.string().max(64), language }).strict()
const saleBody = z.object({}).strict()

/** The header that carries a sandbox session's token (from POST /sandbox/api/session). */
export const SESSION_HEADER = 'x-sandbox-session'

/**
 * /sandbox: a web chat that plays partners against the real bot through the local Bot API, so a newcomer can walk
 * every journey without Telegram. Only mounted when no bot token is set and not in production. It answers only this
 * machine unless `remote` (TELEGRAM_SANDBOX_REMOTE); each browser gets a chat of the sandbox's own (a session token),
 * so nobody can read or act for a partner the sandbox did not create. "Simulate a sale" records a referred
 * customer's purchase for the partner's first program (a postback without the signature, as the program's system
 * would send it), so earnings appear.
 */
export function sandboxRoutes(deps: { api: SandboxBotApi; core: Core; remote?: boolean }): Router {
  const router = Router()
  if (!deps.remote) router.use('/sandbox', loopbackOnly())
  const sessions = new SandboxSessions(
    async (id) => (await deps.core.partners.byTelegram(BigInt(id))) !== null,
    (chat) => deps.api.forget(chat),
  )
  router.get('/sandbox', (_req, res) => {
    res.type('html').set('cache-control', 'no-store').send(SANDBOX_PAGE)
  })
  const api = Router()
  api.use(express.json({ limit: '16kb' }))
  api.post('/session', async (_req, res) => {
    const { token } = await sessions.open()
    res.status(201).set('cache-control', 'no-store').json({ token })
  })
  const chatOf = (req: Request) => sessions.chatOf(req.get(SESSION_HEADER))
  // every other call acts for the session's chat, and only for it
  api.use((req, res, next) => {
    if (chatOf(req) !== undefined) return next()
    res.status(401).json({
      error: { code: 'sandbox.no_session', message: `Start a sandbox chat first (POST /sandbox/api/session)` },
    })
  })
  api.get('/state', (req, res) => {
    const q = z
      .object({ after: z.coerce.number().int().min(0).default(0) })
      .strict()
      .safeParse(req.query)
    if (!q.success) return void res.status(400).json({ error: { code: 'bad_request', message: 'after: a number' } })
    res.json({
      messages: deps.api.messages(chatOf(req)!, q.data.after),
      programs: deps.core.programs.list().map((p) => ({ key: p.key, name: p.name })),
      bot: deps.api.me.username,
    })
  })
  api.post('/send', (req, res) => {
    const b = sendBody.safeParse(req.body)
    if (!b.success) return void res.status(400).json({ error: { code: 'bad_request', message: 'text and language' } })
    deps.api.sendText(chatOf(req)!, b.data.text, b.data.language)
    res.status(202).json({ ok: true })
  })
  api.post('/press', (req, res) => {
    const b = pressBody.safeParse(req.body)
    if (!b.success)
      return void res.status(400).json({ error: { code: 'bad_request', message: 'message, data, language' } })
    const pressed = deps.api.press(chatOf(req)!, b.data.message, b.data.data, b.data.language)
    res.status(pressed ? 202 : 404).json({ ok: pressed })
  })
  api.get('/photo/:id', (req, res) => {
    const png = deps.api.photo(chatOf(req)!, String(req.params.id))
    if (!png) return void res.status(404).end()
    res.type('png').send(png)
  })
  api.post('/simulate-sale', async (req, res) => {
    const b = saleBody.safeParse(req.body ?? {})
    if (!b.success) return void res.status(400).json({ error: { code: 'bad_request', message: 'no fields expected' } })
    const chat = chatOf(req)!
    const partner = await deps.core.partners.byTelegram(BigInt(chat))
    const enrolment = partner?.enrolments.find((e) => e.status === 'active')
    if (!partner || !enrolment) {
      return void res.status(409).json({ error: { code: 'not_a_partner', message: 'Join a program first' } })
    }
    const codes = (await deps.core.partners.codes(partner.partnerId)).filter(
      (c) => c.programKey === enrolment.programKey && c.status === 'active',
    )
    const program = deps.core.programs.get(enrolment.programKey)!
    const code = codes[0]
    if (!code) return void res.status(409).json({ error: { code: 'no_code', message: 'No active code' } })
    const n = `${chat}-${Date.now().toString(36)}`
    const at = new Date(deps.core.clock.now().getTime() - 60_000).toISOString()
    const events = saleEvents(program, code, n, at)
    const results = []
    for (const e of events) results.push((await deps.core.earnings.recordEvent(program.key, e)).body)
    res.status(201).json({ program: program.key, commissions: results.flatMap((r) => r.commissions) })
  })
  router.use('/sandbox/api', api)
  return router
}

/**
 * What a referred customer's purchase looks like in the program's postbacks: sign-up, first deposit and revenue
 * (revenue share), the campaign's own event (networks), or sign-up and a payment.
 */
function saleEvents(
  program: ProgramDefinition,
  code: { code: string; campaignKey?: string },
  n: string,
  at: string,
): Record<string, unknown>[] {
  const customer = `sandbox-${n}`
  const currency = program.currencies[0]!
  const base = { occurredAt: at, customer, ref: code.code, ...(code.campaignKey ? { campaign: code.campaignKey } : {}) }
  const country = program.quality.homeCountry ? { country: program.quality.homeCountry } : {}
  const c = program.commission
  if (c.type === 'revenue_share')
    return [
      { ...base, id: `${n}-s`, type: 'signup' },
      { id: `${n}-d`, type: 'first_deposit', occurredAt: at, customer, amount: '50.00', currency },
      { id: `${n}-r`, type: 'revenue', occurredAt: at, customer, order: `${n}-o`, amount: '200.00', currency },
    ]
  if (c.type === 'campaigns') {
    const campaign = c.campaigns.find((x) => x.key === code.campaignKey) ?? c.campaigns[0]!
    const type = campaign.kind === 'sale' ? 'payment' : campaign.kind
    return [{ ...base, ...country, id: `${n}-e`, type, order: `${n}-o`, amount: '250.00', currency }]
  }
  return [
    { ...base, id: `${n}-s`, type: 'signup' },
    {
      id: `${n}-p`,
      type: 'payment',
      occurredAt: at,
      customer,
      order: `${n}-o`,
      amount: '120.00',
      currency,
      monthsPaid: 1,
    },
  ]
}
