import express, { type Request, Router } from 'express'
import { z } from 'zod'
import type { Core } from '../../core/index.ts'
import type { ProgramDefinition } from '../../core/programs/definition.ts'
import { namesOf } from '../../core/programs/names.ts'
import { quietRequestLog } from '../http/request-context.ts'
import { type I18n, LANGUAGES } from '../i18n/index.ts'
import type { MiniAppAuth } from '../miniapp/auth.ts'
import { launchUrl, THEMES, tabOf } from '../miniapp/launch.ts'
import { loopbackOnly, SandboxSessions } from './access.ts'
import type { SandboxBotApi } from './bot-api.ts'
import { pageLanguages, sandboxPage } from './page.ts'

const language = z.enum(LANGUAGES)
const sendBody = z.object({ text: z.string().trim().min(1).max(4096), language }).strict()
const pressBody = z.object({ message: z.number().int().min(1), data: z.string().max(64), language }).strict()
/** A decimal amount in the program's currency, above zero, at most two decimals (as a postback carries it). */
const AMOUNT = /^(?!0+(\.0+)?$)\d{1,9}(\.\d{1,2})?$/
const saleBody = z
  .object({ program: z.string().min(1).max(64), campaign: z.string().min(1).max(64).optional(), amount: z.string() })
  .strict()

const appBody = z
  .object({
    path: z.string().max(512).optional(),
    theme: z.enum(Object.keys(THEMES) as [keyof typeof THEMES]).optional(),
    language: language.optional(),
  })
  .strict()

/** The header that carries a sandbox session's token (from POST /sandbox/api/session). */
export const SESSION_HEADER = 'x-sandbox-session'

/**
 * /sandbox: a web chat that plays partners against the real bot through the local Bot API, so a newcomer can walk
 * every journey without Telegram. Only mounted when no bot token is set and not in production. It answers only this
 * machine unless `remote` (TELEGRAM_SANDBOX_REMOTE); each browser gets a chat of the sandbox's own (a session token),
 * so nobody can read or act for a partner the sandbox did not create. "Simulate a sale" records a referred
 * customer's purchase of an amount in one of the partner's programs (and campaigns), through its code (a postback
 * without the signature, as the program's system would send it), so earnings appear.
 */
export function sandboxRoutes(deps: {
  api: SandboxBotApi
  core: Core
  i18n: I18n
  remote?: boolean
  /** The Mini App's initData key: the sandbox opens the Mini App as its chat's user (POST /sandbox/api/app). */
  miniApp?: MiniAppAuth
}): Router {
  const router = Router()
  if (!deps.remote) router.use('/sandbox', loopbackOnly())
  const sessions = new SandboxSessions(
    async (id) => (await deps.core.partners.byTelegram(BigInt(id))) !== null,
    (chat) => deps.api.forget(chat),
  )
  const page = sandboxPage(pageLanguages((l) => deps.i18n.bundle(l, 'sandbox')))
  router.get('/sandbox', (_req, res) => {
    res.type('html').set('cache-control', 'no-store').send(page)
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
    // the page asks several times a second: its access lines go to debug, not into every info log
    quietRequestLog(res)
    res.json({
      messages: deps.api.messages(chatOf(req)!, q.data.after),
      toasts: deps.api.takeToasts(chatOf(req)!),
      programs: deps.core.programs.list().map((p) => ({ key: p.key, ...namesOf(p) })),
      bot: deps.api.me.username,
      // the Mini App the chat's menu button opens (POST /sandbox/api/app with its URL as `path`), once set
      menuButton: deps.api.menuButton(chatOf(req)!) ?? null,
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
  // what the simulate-sale form offers: the partner's active programs, with their campaigns and a usual amount
  api.get('/sale-options', async (req, res) => {
    const options = await saleOptions(deps.core, chatOf(req)!)
    res.set('cache-control', 'no-store').json({ programs: options.map(({ codes: _, ...shown }) => shown) })
  })
  api.post('/simulate-sale', async (req, res) => {
    const { status, body } = await simulateSale(deps.core, chatOf(req)!, req.body)
    res.status(status).json(body)
  })
  // the Mini App as Telegram would open it for this chat's user: a launch URL with initData signed for them
  api.post('/app', (req, res) => {
    const b = appBody.safeParse(req.body ?? {})
    const tab = b.success ? tabOf(b.data.path) : null
    if (!b.success || tab === null)
      return void res.status(400).json({
        error: {
          code: 'bad_request',
          message: 'path?: a tab (/overview, /links, /earnings, /payouts, /disputes), theme?: light or dark, language?',
        },
      })
    if (!deps.miniApp)
      return void res.status(404).json({ error: { code: 'not_found', message: 'The Mini App is not served here' } })
    const chat = chatOf(req)!
    const initData = deps.miniApp.sign({
      id: chat,
      firstName: `Partner ${chat}`,
      languageCode: b.data.language ?? deps.api.languageOf(chat),
    })
    const base = `${req.protocol}://${req.get('host')}`
    res
      .status(201)
      .set('cache-control', 'no-store')
      .json({ url: launchUrl(base, initData, { tab, theme: b.data.theme }) })
  })
  router.use('/sandbox/api', api)
  return router
}

/**
 * A referred customer of the chat's partner buys for `amount` in one of its programs (and campaigns): the program's
 * postbacks for it are recorded as its system would send them, and the commissions they earned come back.
 */
async function simulateSale(core: Core, chat: number, raw: unknown): Promise<{ status: number; body: unknown }> {
  const refused = (status: number, code: string, message: string) => ({ status, body: { error: { code, message } } })
  const b = saleBody.safeParse(raw ?? {})
  if (!b.success) return refused(400, 'bad_request', 'program, campaign?, amount')
  if (!AMOUNT.test(b.data.amount))
    return refused(400, 'bad_amount', 'amount: above zero, at most two decimals (120.00)')
  const options = await saleOptions(core, chat)
  if (!options.length) return refused(409, 'not_partner', 'Join a program first')
  const option = options.find((o) => o.key === b.data.program)
  const code = option?.codes.find((c) => c.campaignKey === b.data.campaign)
  if (!option || !code) return refused(409, 'no_code', 'No active code of yours in this program (or campaign)')
  const program = core.programs.get(option.key)!
  const n = `${chat}-${Date.now().toString(36)}`
  const at = new Date(core.clock.now().getTime() - 60_000).toISOString()
  const commissions: { amount: string; currency: string }[] = []
  for (const e of saleEvents(program, code, n, at, b.data.amount)) {
    const recorded = await core.earnings.recordEvent(program.key, e)
    commissions.push(...recorded.body.commissions.map((c) => ({ amount: c.amount, currency: c.currency })))
  }
  return { status: 201, body: { program: program.key, ...namesOf(program), commissions } }
}

/**
 * The programs a sandbox chat's partner can simulate a sale in: its active enrolments, each with its active codes
 * (one per campaign in a network), the campaigns' names and the amount the form starts with.
 */
async function saleOptions(core: Core, chat: number) {
  const partner = await core.partners.byTelegram(BigInt(chat))
  if (!partner) return []
  const codes = (await core.partners.codes(partner.partnerId)).filter((c) => c.status === 'active')
  return partner.enrolments
    .filter((e) => e.status === 'active')
    .flatMap((e) => {
      const program = core.programs.get(e.programKey)
      const own = codes.filter((c) => c.programKey === e.programKey)
      if (!program || !own.length) return []
      const c = program.commission
      const campaigns =
        c.type === 'campaigns'
          ? c.campaigns
              .filter((x) => own.some((code) => code.campaignKey === x.key))
              .map((x) => ({ key: x.key, ...namesOf(x) }))
          : []
      return [
        {
          key: program.key,
          ...namesOf(program),
          currency: program.currencies[0]!,
          amount: SALE_AMOUNT[c.type],
          campaigns,
          codes: own,
        },
      ]
    })
}

/** The amount the form proposes: a revenue, a campaign's sale, or a payment (a JQSEE one earns $12.00). */
const SALE_AMOUNT: Record<ProgramDefinition['commission']['type'], string> = {
  revenue_share: '200.00',
  campaigns: '250.00',
  payment_share: '120.00',
  one_time_reward: '120.00',
}

/**
 * What a referred customer's purchase of `amount` looks like in the program's postbacks: sign-up, first deposit and
 * revenue (revenue share), the campaign's own event (networks), or sign-up and a payment.
 */
function saleEvents(
  program: ProgramDefinition,
  code: { code: string; campaignKey?: string },
  n: string,
  at: string,
  amount: string,
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
      { id: `${n}-r`, type: 'revenue', occurredAt: at, customer, order: `${n}-o`, amount, currency },
    ]
  if (c.type === 'campaigns') {
    const campaign = c.campaigns.find((x) => x.key === code.campaignKey) ?? c.campaigns[0]!
    const type = campaign.kind === 'sale' ? 'payment' : campaign.kind
    return [{ ...base, ...country, id: `${n}-e`, type, order: `${n}-o`, amount, currency }]
  }
  return [
    { ...base, id: `${n}-s`, type: 'signup' },
    {
      id: `${n}-p`,
      type: 'payment',
      occurredAt: at,
      customer,
      order: `${n}-o`,
      amount,
      currency,
      monthsPaid: 1,
    },
  ]
}
