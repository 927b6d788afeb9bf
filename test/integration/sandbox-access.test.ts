import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpServer } from '../../bots/http/server.ts'
import { createI18n } from '../../bots/i18n/index.ts'
import { createMetrics } from '../../bots/metrics.ts'
import { SANDBOX_TOKEN, SandboxBotApi } from '../../bots/sandbox/bot-api.ts'
import { SESSION_HEADER, sandboxRoutes } from '../../bots/sandbox/routes.ts'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'
import { silentPino } from '../helpers/bots.ts'

/**
 * Who the sandbox answers and for whom it acts: the real express app with the real sandbox routes, on the service's
 * core and database. A listener whose sockets report a non-loopback peer stands in for a caller on the network.
 */
describe('sandbox access', () => {
  let api: Api
  let botApi: SandboxBotApi
  const servers: { base: string; close: () => Promise<void> }[] = []
  /** The service's HTTP app with the sandbox mounted; `peer` replaces the TCP peer address of every connection. */
  const serve = async (opts: { remote?: boolean; peer?: string } = {}) => {
    const app = createHttpServer({
      core: api.service.core,
      logger: silentPino(),
      metrics: createMetrics(),
      accepting: () => true,
      sandbox: sandboxRoutes({ api: botApi, core: api.service.core, i18n: createI18n(), remote: opts.remote }),
    })
    const server = http.createServer(app)
    if (opts.peer) {
      const peer = opts.peer
      server.on('connection', (socket) => Object.defineProperty(socket, 'remoteAddress', { value: peer }))
    }
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const s = {
      base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: async () => {
        server.closeAllConnections()
        await new Promise((r) => server.close(r))
      },
    }
    servers.push(s)
    return s
  }

  beforeAll(async () => {
    api = await startApi('2026-03-06T10:00:00Z')
    botApi = await new SandboxBotApi().start()
  })
  afterAll(async () => {
    for (const s of servers) await s.close()
    await botApi?.stop()
    await api?.close()
  })

  describe('answers only this machine unless TELEGRAM_SANDBOX_REMOTE', () => {
    it('a caller on the network is refused, whatever it says in X-Forwarded-For, X-Real-IP or Forwarded', async () => {
      const remote = await serve({ peer: '192.0.2.7' })
      const claims: Record<string, string>[] = [
        {},
        { 'x-forwarded-for': '127.0.0.1' },
        { 'x-real-ip': '127.0.0.1' },
        { forwarded: 'for=127.0.0.1' },
      ]
      for (const headers of claims) {
        const page = await fetch(`${remote.base}/sandbox`, { headers })
        expect(page.status).toBe(403)
        expect((await page.json()).error.code).toBe('sandbox.loopback_only')
        const session = await fetch(`${remote.base}/sandbox/api/session`, { method: 'POST', headers })
        expect(session.status).toBe(403)
        const state = await fetch(`${remote.base}/sandbox/api/state`, { headers })
        expect(state.status).toBe(403)
      }
      // the rest of the service answers the network as before
      expect((await fetch(`${remote.base}/healthz`)).status).toBe(200)
    })

    it('a request a proxy on this machine forwards for someone on the network is refused too', async () => {
      const local = await serve()
      expect((await fetch(`${local.base}/sandbox`)).status).toBe(200)
      const forwarded: Record<string, string>[] = [
        { 'x-forwarded-for': '192.0.2.7' },
        { 'x-forwarded-for': '127.0.0.1, 192.0.2.7' },
        { forwarded: 'for="[2001:db8::7]:4711"' },
        { forwarded: 'for=unknown' },
      ]
      for (const headers of forwarded) {
        expect((await fetch(`${local.base}/sandbox`, { headers })).status).toBe(403)
      }
      expect((await fetch(`${local.base}/sandbox`, { headers: { 'x-forwarded-for': '127.0.0.1' } })).status).toBe(200)
    })

    it('opened to the network, the same caller gets the page and a chat of its own', async () => {
      const open = await serve({ remote: true, peer: '192.0.2.7' })
      expect((await fetch(`${open.base}/sandbox`)).status).toBe(200)
      expect((await fetch(`${open.base}/sandbox/api/session`, { method: 'POST' })).status).toBe(201)
    })
  })

  describe('acts only for the chats it created', () => {
    const operatorChat = 770_001_234
    let partner: string
    let sandbox: { base: string }
    let before: unknown
    const json = (body: unknown, token?: string) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { [SESSION_HEADER]: token } : {}) },
      body: JSON.stringify(body),
    })
    const newSession = async () => {
      const r = await fetch(`${sandbox.base}/sandbox/api/session`, { method: 'POST' })
      expect(r.status).toBe(201)
      return (await r.json()).token as string
    }
    const botApiCall = async (method: string, payload: Record<string, unknown>) =>
      (
        await fetch(`${botApi.url}/bot${SANDBOX_TOKEN}/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(payload),
        })
      ).json()

    beforeAll(async () => {
      sandbox = await serve()
      // a partner an operator enrolled, with a Telegram id, a sale, and a message the bot sent them
      const enrolled = await api.enrolled('jqsee', {
        name: 'Operator Partner',
        language: 'en',
        legalType: 'individual',
        telegramId: operatorChat,
      })
      partner = enrolled.partner
      await api.recorded('jqsee', {
        id: 'sbx-op-1',
        type: 'payment',
        occurredAt: '2026-03-06T09:00:00Z',
        customer: 'sbx-op-1',
        ref: enrolled.codes[0]!.code,
        order: 'sbx-op-1',
        amount: '150.00',
        currency: 'USD',
      })
      await botApiCall('sendMessage', { chat_id: operatorChat, text: 'Private to the operator partner: 15.00 USD' })
      expect(botApi.messages(operatorChat)).toHaveLength(1)
      before = (await api.statement(partner)).body
    })

    it('without a session nothing answers, for any chat', async () => {
      const q = `chat=${operatorChat}`
      expect((await fetch(`${sandbox.base}/sandbox/api/state?${q}`)).status).toBe(401)
      expect((await fetch(`${sandbox.base}/sandbox/api/state`)).status).toBe(401)
      const send = json({ chat: operatorChat, text: '/payout', language: 'en' })
      expect((await fetch(`${sandbox.base}/sandbox/api/send`, send)).status).toBe(401)
      expect((await fetch(`${sandbox.base}/sandbox/api/simulate-sale`, json({ chat: operatorChat }))).status).toBe(401)
      const forged = { headers: { [SESSION_HEADER]: 'made-up-token' } }
      expect((await fetch(`${sandbox.base}/sandbox/api/state`, forged)).status).toBe(401)
    })

    it("a sandbox chat cannot name the operator partner's chat: not to read it, write in it, press in it or sell for it", async () => {
      const token = await newSession()
      const own = { headers: { [SESSION_HEADER]: token } }
      const named = await fetch(`${sandbox.base}/sandbox/api/state?chat=${operatorChat}`, own)
      expect(named.status).toBe(400)
      const state = await fetch(`${sandbox.base}/sandbox/api/state`, own)
      expect(state.status).toBe(200)
      const body = await state.json()
      expect(body.messages).toEqual([])
      expect(JSON.stringify(body)).not.toContain('Private to the operator partner')

      const send = json({ chat: operatorChat, text: '/payout', language: 'en' }, token)
      expect((await fetch(`${sandbox.base}/sandbox/api/send`, send)).status).toBe(400)
      const press = json({ chat: operatorChat, message: 1, data: 'po:x:all', language: 'en' }, token)
      expect((await fetch(`${sandbox.base}/sandbox/api/press`, press)).status).toBe(400)
      const sale = await fetch(`${sandbox.base}/sandbox/api/simulate-sale`, json({ chat: operatorChat }, token))
      expect(sale.status).toBe(400)
      // its own chat is no partner yet: no sale, and nobody else's
      const sold = json({ program: 'jqsee', amount: '120.00' }, token)
      const ownSale = await fetch(`${sandbox.base}/sandbox/api/simulate-sale`, sold)
      expect(ownSale.status).toBe(409)
      expect((await ownSale.json()).error.code).toBe('not_partner')

      // the bot never heard from the operator partner's chat, and their money did not move
      const updates = (await botApiCall('getUpdates', { timeout: 0 })).result as {
        message?: { chat: { id: number } }
      }[]
      expect(updates.filter((u) => u.message?.chat.id === operatorChat)).toEqual([])
      const after = (await api.statement(partner)).body
      expect(after).toEqual(before)
      expect(balanceOf(after, 'jqsee').available).toBe('15.00')
    })

    it('each session gets a chat of its own that no partner has; a photo is shown only in its chat', async () => {
      const [a, b] = [await newSession(), await newSession()]
      expect(a).not.toBe(b)
      await fetch(`${sandbox.base}/sandbox/api/send`, json({ text: 'hello', language: 'en' }, a))
      const updates = (await botApiCall('getUpdates', { timeout: 0 })).result as {
        message?: { chat: { id: number }; text: string }
      }[]
      const chat = updates.find((u) => u.message?.text === 'hello')!.message!.chat.id
      expect(chat).not.toBe(operatorChat)
      expect(await api.service.core.partners.byTelegram(BigInt(chat))).toBeNull()
      const stateOfB = await (
        await fetch(`${sandbox.base}/sandbox/api/state`, { headers: { [SESSION_HEADER]: b } })
      ).json()
      expect(stateOfB.messages).toEqual([]) // b does not see a's message

      // a photo the bot sent to the operator partner cannot be fetched from a sandbox session
      const form = new FormData()
      form.set('chat_id', String(operatorChat))
      form.set('photo', 'attach://qr')
      form.set('qr', new Blob([Buffer.from('png-bytes')], { type: 'image/png' }), 'qr.png')
      await fetch(`${botApi.url}/bot${SANDBOX_TOKEN}/sendPhoto`, { method: 'POST', body: form })
      const photo = botApi.messages(operatorChat).find((m) => m.photo)!.photo!
      const fetched = await fetch(`${sandbox.base}/sandbox/api/photo/${photo}`, { headers: { [SESSION_HEADER]: a } })
      expect(fetched.status).toBe(404)
    })
  })
})

describe('sandbox after a restart', () => {
  /** A sandbox chat on a running service: what the bot answers to `/start`. */
  const greeting = async (base: string) => {
    const { token } = (await (await fetch(`${base}/sandbox/api/session`, { method: 'POST' })).json()) as {
      token: string
    }
    const headers = { [SESSION_HEADER]: token, 'content-type': 'application/json' }
    const sent = await fetch(`${base}/sandbox/api/send`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ text: '/start', language: 'lv' }),
    })
    expect(sent.status).toBe(202)
    for (let i = 0; i < 100; i++) {
      const state = (await (await fetch(`${base}/sandbox/api/state`, { headers })).json()) as {
        messages: { from: string; text: string }[]
      }
      const reply = state.messages.find((m) => m.from === 'bot')
      if (reply) return reply.text
      await new Promise((r) => setTimeout(r, 50))
    }
    return undefined
  }

  it('a restarted service answers its new sandbox at once: its update ids, counted anew, are not taken as seen', async () => {
    // one Redis (and prefix) across both runs, as `npm start` twice on one machine
    const env = { TELEGRAM_SANDBOX: 'true', REDIS_PREFIX: `restart${Math.random().toString(36).slice(2, 8)}` }
    const first = await startApi('2026-03-06T10:00:00Z', env)
    expect(await greeting(first.base)).toBeTruthy()
    await first.close()
    const second = await startApi('2026-03-06T10:00:00Z', env)
    try {
      expect(await greeting(second.base)).toBeTruthy()
    } finally {
      await second.close()
    }
  })
})
