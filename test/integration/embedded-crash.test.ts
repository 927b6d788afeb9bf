import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, secretOf, sign } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { CHANNELS, SLACK_SECRET, USERS } from '../helpers/desk.ts'
import { FakeSlack } from '../helpers/fake-slack.ts'
import { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitFor } from '../helpers/ports.ts'
import { type RunningService, runService } from '../helpers/service-process.ts'

/**
 * Embedded mode (PGlite and the private Redis in DATA_DIR), SIGKILLed while partners request payouts. Each request
 * commits its payout with the notices it announces (the partner's, in Telegram, and the finance desk's card, in
 * Slack) in one transaction; the kill lands between commits and their relay, and among jobs queued but not yet
 * done. Telegram and Slack refuse everything until the kill, so nothing is delivered before it. After the restart
 * every payout's partner is told once and every payout gets one card: nothing lost, nothing twice. Then once more
 * with the private Redis killed too (the next start replaces it and reloads its data). And the private Redis
 * killed alone, while the service runs: the service starts it again by itself.
 */
describe('embedded mode killed mid-traffic', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-embedded-crash-'))
  let telegram: FakeTelegram
  let slack: FakeSlack
  let service: RunningService | undefined
  let env: Record<string, string>

  beforeAll(async () => {
    telegram = await new FakeTelegram().start()
    slack = await new FakeSlack().start()
    env = {
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      POSTBACK_SECRET_JQSEE: secretOf('jqsee'),
      TELEGRAM_BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: telegram.url,
      SLACK_BOT_TOKEN: 'xoxb-test-desk',
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_FINANCE_USERS: USERS.finance,
      SLACK_FINANCE_CHANNEL: CHANNELS.finance,
      SLACK_DISPUTES_CHANNEL: CHANNELS.disputes,
    }
  })
  afterAll(async () => {
    if (service && service.child.exitCode === null && service.child.signalCode === null) service.child.kill('SIGTERM')
    await service?.exited
    await telegram?.stop()
    await slack?.stop()
    try {
      // a private Redis that a killed service left running (the next start would adopt it)
      process.kill(
        (JSON.parse(fs.readFileSync(path.join(dataDir, 'redis', 'server.json'), 'utf8')) as { pid: number }).pid,
      )
    } catch {
      // none left
    }
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  const call = async (
    base: string,
    method: string,
    url: string,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const r = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    })
    return { status: r.status, body: (await r.json()) as any }
  }

  /** `n` partners with a $15.00 commission each, all available at once (jqsee holds nothing). */
  async function earners(base: string, n: number, tag: string) {
    const out: { partner: string; telegramId: number }[] = []
    for (let i = 0; i < n; i++) {
      const telegramId = 96_000 + out.length + (tag === 'a' ? 0 : tag === 'b' ? 1000 : 2000)
      const e = await call(base, 'POST', '/v1/programs/jqsee/partners', {
        name: `Crash ${tag}${i}`,
        language: 'en',
        legalType: 'individual',
        telegramId,
      })
      expect(e.status, JSON.stringify(e.body)).toBe(201)
      const raw = JSON.stringify({
        id: `${tag}-${i}`,
        type: 'payment',
        occurredAt: new Date().toISOString(),
        customer: `${tag}-c${i}`,
        ref: e.body.codes[0].code,
        order: `${tag}-o${i}`,
        amount: '150.00',
        currency: 'USD',
      })
      const ts = Math.floor(Date.now() / 1000)
      const p = await fetch(`${base}/v1/programs/jqsee/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': `${tag}-${i}`,
          'webhook-timestamp': String(ts),
          'webhook-signature': sign(secretOf('jqsee'), `${tag}-${i}`, ts, raw),
        },
        body: raw,
      })
      expect(p.status).toBe(201)
      out.push({ partner: e.body.partner.id, telegramId })
    }
    return out
  }

  const request = (base: string, partner: string, key: string) =>
    call(
      base,
      'POST',
      `/v1/partners/${partner}/payouts`,
      { program: 'jqsee', method: 'paypal', details: { email: 'crash@example.com' } },
      { 'idempotency-key': key },
    )

  /** Delivered "request received" notices to a chat (refused sends are not deliveries). */
  const told = (chat: number) =>
    [...telegram.messages.values()].filter((m) => m.chat?.id === chat && String(m.text).startsWith('🧾')).length
  const cards = () =>
    slack.calls.filter((c) => c.method === 'chat.postMessage' && c.payload.channel === CHANNELS.finance).length

  async function crashRound(tag: string, killRedisToo: boolean) {
    service = runService(env)
    let base = await service.up(90_000)
    const partners = await earners(base, 30, tag)
    const cardsBefore = cards()
    // Telegram and Slack refuse everything until the crash: nothing is delivered before it
    telegram.inject = () => ({ error_code: 500, description: 'Internal Server Error' })
    slack.outage('error')
    const answered = new Set<number>()
    let next = 0
    let killed = false
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = next++; i < partners.length && !killed; i = next++) {
          try {
            const r = await request(base, partners[i]!.partner, `${tag}-key-${i}`)
            if (r.status === 201) answered.add(i)
          } catch {
            // the service died under this request
          }
          if (!killed && answered.size >= partners.length / 2) {
            killed = true
            const redisPid = (
              JSON.parse(fs.readFileSync(path.join(dataDir, 'redis', 'server.json'), 'utf8')) as {
                pid: number
              }
            ).pid
            service!.child.kill('SIGKILL')
            if (killRedisToo) process.kill(redisPid, 'SIGKILL')
          }
        }
      }),
    )
    await service.exited
    telegram.inject = undefined
    slack.recover()

    // restarted: the senders retry (same keys); every payout's partner is told once, every payout gets one card
    service = runService(env)
    base = await service.up(90_000)
    const starting = service.logs().find((l) => String(l.msg).startsWith('private redis'))?.msg
    expect(starting).toBe(killRedisToo ? 'private redis started' : 'private redis adopted')
    const payouts: string[] = []
    for (let i = 0; i < partners.length; i++) {
      const r = await request(base, partners[i]!.partner, `${tag}-key-${i}`)
      expect([200, 201]).toContain(r.status)
      if (answered.has(i)) expect(r.status).toBe(200)
      payouts.push(r.body.payout.id)
    }
    await waitFor(() => partners.every((p) => told(p.telegramId) >= 1) || undefined, 60_000, 200)
    await waitFor(() => cards() - cardsBefore >= partners.length || undefined, 60_000, 200)
    await new Promise((r) => setTimeout(r, 2000)) // anything sent twice would have arrived by now
    expect(partners.map((p) => told(p.telegramId))).toEqual(partners.map(() => 1))
    expect(cards() - cardsBefore).toBe(partners.length)
    service.child.kill('SIGTERM')
    expect((await service.exited).code).toBe(0)
    return payouts
  }

  it('the service SIGKILLed: its private Redis is adopted, and every notice of every committed payout arrives once', async () => {
    expect(await crashRound('a', false)).toHaveLength(30)
  }, 240_000)

  it('the service and its private Redis SIGKILLed: the Redis is replaced, and still every notice arrives once', async () => {
    expect(await crashRound('b', true)).toHaveLength(30)
  }, 240_000)

  it('its private Redis killed while the service runs: started again on its port, ready again, jobs and partners served', async () => {
    service = runService(env)
    const base = await service.up(90_000)
    const [partner] = await earners(base, 1, 'r')
    const serverFile = path.join(dataDir, 'redis', 'server.json')
    const before = JSON.parse(fs.readFileSync(serverFile, 'utf8')) as { pid: number; port: number }
    process.kill(before.pid, 'SIGKILL') // the OOM killer, a mistaken kill
    const killedAt = Date.now()
    // started again: the file that names the server names another one (on the same port)
    const after = await waitFor(() => {
      const now = JSON.parse(fs.readFileSync(serverFile, 'utf8')) as { pid: number; port: number }
      return now.pid !== before.pid ? now : undefined
    }, 30_000)
    expect(after.port).toBe(before.port)
    // ready again within 30 s, with no check failing
    const ready = await waitFor(
      async () => {
        const r = await fetch(`${base}/readyz`)
        const body = (await r.json()) as { checks: { name: string; ok: boolean }[] }
        return r.status === 200 ? body.checks.filter((c) => !c.ok) : undefined
      },
      30_000,
      250,
    )
    expect(ready).toEqual([])
    expect(Date.now() - killedAt).toBeLessThan(30_000)
    expect(service.logs().filter((l) => String(l.msg).startsWith('private redis'))).toEqual([
      expect.objectContaining({ msg: 'private redis started' }),
      expect.objectContaining({ msg: 'private redis exited', level: 'warn', redisPid: before.pid, signal: 'SIGKILL' }),
      expect.objectContaining({ msg: 'private redis restarted', level: 'info', redisPid: after.pid }),
    ])
    // a job: the payout's notice reaches the partner and its card the finance desk
    const cardsBefore = cards()
    expect((await request(base, partner!.partner, 'r-key')).status).toBe(201)
    await waitFor(() => told(partner!.telegramId) === 1 || undefined, 30_000, 200)
    await waitFor(() => cards() - cardsBefore === 1 || undefined, 30_000, 200)
    // a partner's message is answered
    const texts = telegram.textsTo(partner!.telegramId).length
    await telegram.sendText(partner!.telegramId, '/start')
    await telegram.nthText(partner!.telegramId, texts + 1, 15_000)
    service.child.kill('SIGTERM')
    expect((await service.exited).code).toBe(0)
  }, 180_000)

  it('a private Redis adopted from a killed run, killed in turn: started again as well (watched by its pid)', async () => {
    service = runService(env)
    await service.up(90_000)
    service.child.kill('SIGKILL')
    await service.exited
    service = runService(env)
    const base = await service.up(90_000)
    const serverFile = path.join(dataDir, 'redis', 'server.json')
    const before = JSON.parse(fs.readFileSync(serverFile, 'utf8')) as { pid: number; port: number }
    process.kill(before.pid, 'SIGKILL')
    const after = await waitFor(() => {
      const now = JSON.parse(fs.readFileSync(serverFile, 'utf8')) as { pid: number; port: number }
      return now.pid !== before.pid ? now : undefined
    }, 30_000)
    expect(after.port).toBe(before.port)
    await waitFor(async () => (await fetch(`${base}/readyz`)).status === 200 || undefined, 30_000, 250)
    expect(service.logs().filter((l) => String(l.msg).startsWith('private redis'))).toEqual([
      expect.objectContaining({ msg: 'private redis adopted', redisPid: before.pid }),
      expect.objectContaining({ msg: 'private redis exited', level: 'warn', redisPid: before.pid }),
      expect.objectContaining({ msg: 'private redis restarted', redisPid: after.pid }),
    ])
    service.child.kill('SIGTERM')
    expect((await service.exited).code).toBe(0)
  }, 180_000)
})
