import { sign } from '@telegram-apps/init-data-node'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { redisLimit } from '../../bots/miniapp/rate-limit.ts'
import { type Api, startApi, withTelegram } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * Issue 17 item 4, the Mini App's server side: /app/api answers only an initData Telegram signed for this bot, not
 * older than 24 hours (contract section 7), for the partner that initData names and no other.
 */

/** A raw initData for a Telegram user, signed with `token` at `at` (what Telegram hands the page). */
const initData = (user: { id: number; language_code?: string }, at: Date, token = TEST_TOKEN) =>
  sign({ user: { first_name: `User${user.id}`, ...user }, chat_type: 'sender', chat_instance: '1' }, token, at)

/** GET an /app/api route as the Mini App calls it. */
async function appGet(api: Api, path: string, auth?: string) {
  const r = await fetch(`${api.base}/app/api${path}`, { headers: auth === undefined ? {} : { authorization: auth } })
  const type = r.headers.get('content-type') ?? ''
  const body = type.includes('json') ? await r.json() : type.startsWith('text/') ? await r.text() : undefined
  return { status: r.status, body: body as any, headers: r.headers }
}

describe('mini app API: initData', () => {
  const env = withTelegram('2026-03-02T09:00:00Z')
  const tma = (user: { id: number; language_code?: string }, agoMs = 60_000, token = TEST_TOKEN) =>
    `tma ${initData(user, new Date(env().api.clock.now().getTime() - agoMs), token)}`
  let partner: string
  beforeAll(async () => {
    const { api } = env()
    partner = (
      await api.enrolled('jqsee', {
        name: 'Anna Partner',
        language: 'ru',
        legalType: 'individual',
        country: 'GB',
        telegramId: 7001,
      })
    ).partner
  })

  it('refuses a missing, malformed, forged, tampered or stale initData with 401, and says so in the user’s language', async () => {
    const { api } = env()
    const refused = async (auth: string | undefined, message = /open it again from the bot/) => {
      const r = await appGet(api, '/me', auth)
      expect(r.status, JSON.stringify(r.body)).toBe(401)
      expect(r.body.error.code).toBe('unauthorized')
      expect(r.body.error.message).toMatch(message)
      expect(r.headers.get('cache-control')).toBe('no-store')
      expect(JSON.stringify(r.body)).not.toContain(partner)
    }
    await refused(undefined)
    await refused('')
    await refused(`Bearer ${initData({ id: 7001 }, api.clock.now())}`)
    await refused('tma not-init-data')
    await refused(`tma ${initData({ id: 7001 }, api.clock.now()).replace(/hash=[0-9a-f]+/, '')}`)
    // signed with another bot's token
    await refused(tma({ id: 7001 }, 60_000, '987654321:AAAnotherBotsTokenxxxxxxxxxxxxxxxx'))
    // signed for one user, claiming another
    const good = tma({ id: 7002 })
    await refused(good.replace('%22id%22%3A7002', '%22id%22%3A7001'))
    // older than 24 hours
    await refused(tma({ id: 7001 }, 24 * 3600_000 + 1000))
    // from the future (beyond a few minutes of clock skew)
    await refused(tma({ id: 7001 }, -3600_000))
    // the user's language when the initData names one: Russian
    await refused(tma({ id: 7001, language_code: 'ru' }, 24 * 3600_000 + 1000), /откройте его снова из бота/)
    // just within 24 hours: accepted
    expect((await appGet(api, '/me', tma({ id: 7001 }, 24 * 3600_000 - 1000))).status).toBe(200)
  })

  it('answers a valid Telegram user who is not a partner with 403 not_a_partner, in their language', async () => {
    const { api } = env()
    const r = await appGet(api, '/me', tma({ id: 7999, language_code: 'kk' }))
    expect(r.status).toBe(403)
    expect(r.body.error).toEqual({
      code: 'not_a_partner',
      message: 'Бұл Telegram аккаунты әлі серіктес емес. Алдымен боттағы бағдарламаға қосылып, кабинетті қайта ашыңыз.',
    })
  })

  it('/me: the partner’s id, name, language and programs', async () => {
    const { api } = env()
    const r = await appGet(api, '/me', tma({ id: 7001, language_code: 'en' }))
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.headers.get('cache-control')).toBe('no-store')
    expect(r.headers.get('set-cookie')).toBeNull()
    expect(r.body).toEqual({
      partnerId: partner,
      name: 'Anna Partner',
      language: 'ru',
      defaultProgram: 'jqsee',
      programs: [
        {
          key: 'jqsee',
          name: 'JQSEE',
          status: 'active',
          timeZone: 'Europe/Kyiv',
          currencies: ['USD'],
          attribution: 'promo',
          approved: true,
          reward: false,
        },
      ],
    })
    // an unknown route under /app/api is a 404 in the partner's language, after the check
    const unknown = await appGet(api, '/nothing', tma({ id: 7001 }))
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.code).toBe('not_found')
    expect((await appGet(api, '/nothing')).status).toBe(401)
  })

  it("one partner's flood of QR images and CSV exports is answered 429 with Retry-After, in their language; opening the page never is", async () => {
    const { api } = env()
    const { codes } = await api.enrolled('jqsee', {
      name: 'Quinn Flood',
      language: 'lv',
      legalType: 'individual',
      telegramId: 7306,
    })
    const auth = tma({ id: 7306 })
    // what the page calls when it opens (bots/miniapp/web/main.ts), at once, and once more (the partner reopens it)
    const opening = ['/me', '/overview', '/balance?program=jqsee', '/links', '/statement?program=jqsee', '/payouts']
    for (let round = 0; round < 2; round++) {
      const statuses = await Promise.all(opening.map(async (path) => (await appGet(api, path, auth)).status))
      expect(statuses, `round ${round}`).toEqual(opening.map(() => 200))
    }
    // a ticket for Telegram's download dialog, taken before the flood
    const link = await appGet(api, '/statement.csv/link?program=jqsee', auth)
    expect(link.status).toBe(200)
    // then 200 QR images and CSV exports as fast as ten connections go
    const paths = [`/qr?program=jqsee&code=${codes[0]!.code}`, '/statement.csv?program=jqsee']
    const answers: { status: number; retryAfter: string | null; body: any }[] = []
    let i = 0
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (i < 200) {
          const r = await appGet(api, paths[i++ % 2]!, auth)
          answers.push({ status: r.status, retryAfter: r.headers.get('retry-after'), body: r.body })
        }
      }),
    )
    const limited = answers.filter((a) => a.status === 429)
    // by default 10 at once, then one every 5 s
    expect(limited.length, JSON.stringify(answers.map((a) => a.status))).toBeGreaterThanOrEqual(180)
    expect(Number(limited[0]!.retryAfter)).toBeGreaterThanOrEqual(1)
    expect(limited[0]!.body.error).toEqual({
      code: 'rate_limited',
      message: 'No paneļa nāk pārāk daudz pieprasījumu. Lūdzu, uzgaidiet dažas sekundes un mēģiniet vēlreiz.',
    })
    // the download dialog's URL (no initData: the ticket names the user) is held to the same allowance
    const download = await appGet(
      api,
      new URL(link.body.url).pathname.replace('/app/api', '') + new URL(link.body.url).search,
    )
    expect(download.status).toBe(429)
    expect(download.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(download.body.error.code).toBe('rate_limited')
    // the limit is this partner's: another one's calls go on
    expect((await appGet(api, '/me', tma({ id: 7001 }))).status).toBe(200)
  })

  it('the allowance is counted in Redis: two instances give a partner one allowance; without Redis, each its own', async () => {
    const prefix = `rl${Math.random().toString(36).slice(2, 8)}:`
    const [a, b] = [new Redis(inject('redisUrl')), new Redis(inject('redisUrl'))]
    // a Redis that refuses every command: the process counts alone
    const down = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 })
    try {
      const first = redisLimit(a, prefix, 120)
      const second = redisLimit(b, prefix, 120)
      const waits = []
      for (let i = 0; i < 61; i++) waits.push(await (i % 2 ? second : first)(9001, ['calls']))
      expect(waits.slice(0, 60)).toEqual(Array(60).fill(0))
      expect(waits[60]).toBeGreaterThanOrEqual(1)
      // another user, and the QR and CSV routes' stricter allowance besides: 10 at once
      const qr = []
      for (let i = 0; i < 11; i++) qr.push(await (i % 2 ? second : first)(9002, ['calls', 'heavy']))
      expect(qr.map((w) => w > 0)).toEqual([...Array(10).fill(false), true])
      const alone = redisLimit(down, prefix, 120)
      const local = []
      for (let i = 0; i < 61; i++) local.push(await alone(9001, ['calls']))
      expect(local.map((w) => w > 0)).toEqual([...Array(60).fill(false), true])
    } finally {
      a.disconnect()
      b.disconnect()
      down.disconnect()
    }
  })

  it('the OpenAPI document describes the Mini App routes and their tma authentication', async () => {
    const doc = await (await env().api.get('/v1/openapi.json')).json()
    expect(doc.components.securitySchemes.tma).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' })
    for (const route of [
      'me',
      'overview',
      'balance',
      'links',
      'qr',
      'statement',
      'statement.csv',
      'payouts',
      'disputes',
    ])
      expect(doc.paths[`/app/api/${route}`].get.security, route).toEqual([{ tma: [] }])
  })
})

describe('mini app buttons in the bot', () => {
  const env = withTelegram('2026-03-02T09:00:00Z')
  /** The bot's web_app buttons in its latest keyboard to a chat, after it sent `n` messages. */
  const webApps = async (chat: number, n: number) => {
    const k = await env().telegram.keyboardAfter(chat, n)
    return k!.buttons.filter((b) => b.webApp).map((b) => [b.text, b.webApp])
  }

  it('/earnings and /link carry “Open dashboard” on their tab, and the chat’s menu button opens the Mini App, in the partner’s language', async () => {
    const { api, telegram } = env()
    await api.enrolled('jqsee', { name: 'Ka', language: 'ka', legalType: 'individual', telegramId: 7401 })
    await telegram.sendText(7401, '/earnings')
    expect(await webApps(7401, 1)).toEqual([['📊 კაბინეტის გახსნა', 'https://partners.example.com/app?tab=earnings']])
    // the button beside it still works as before
    await telegram.press(7401, 'perf')
    await telegram.nthText(7401, 2)
    await telegram.sendText(7401, '/link')
    expect(await webApps(7401, 3)).toEqual([['📊 კაბინეტის გახსნა', 'https://partners.example.com/app?tab=links']])
    await expect
      .poll(() => telegram.menuButtons.get(7401))
      .toEqual({ type: 'web_app', text: 'კაბინეტი', web_app: { url: 'https://partners.example.com/app' } })
    // once per chat and language: the second command did not set it again
    expect(telegram.calls.filter((c) => c.method === 'setChatMenuButton')).toHaveLength(1)
    // in each language
    for (const [language, open, menu] of [
      ['en', '📊 Open dashboard', 'Dashboard'],
      ['ru', '📊 Открыть кабинет', 'Кабинет'],
      ['kk', '📊 Кабинетті ашу', 'Кабинет'],
      ['lv', '📊 Atvērt paneli', 'Panelis'],
    ] as const) {
      const chat = 7402 + ['en', 'ru', 'kk', 'lv'].indexOf(language)
      await api.enrolled('jqsee', { name: language, language, legalType: 'individual', telegramId: chat })
      await telegram.sendText(chat, '/earnings')
      expect((await webApps(chat, 1)).map(([text]) => text)).toEqual([open])
      await expect.poll(() => telegram.menuButtons.get(chat)?.text).toBe(menu)
    }
    // someone who is not a partner gets no menu button
    await telegram.sendText(7499, '/earnings')
    await telegram.nthText(7499, 1)
    expect(telegram.menuButtons.has(7499)).toBe(false)
  })
})

describe('mini app buttons without an https PUBLIC_URL', () => {
  let api: Api
  let telegram: FakeTelegram
  beforeAll(async () => {
    telegram = await new FakeTelegram().start()
    api = await startApi('2026-03-02T09:00:00Z', {
      TELEGRAM_BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: telegram.url,
      PUBLIC_URL: 'http://partners.example.com',
    })
  })
  afterAll(async () => {
    await api?.close()
    await telegram?.stop()
  })

  it('no web_app buttons and no menu button (Telegram opens Mini Apps only over https); the API still answers', async () => {
    await api.enrolled('jqsee', { name: 'Plain', language: 'en', legalType: 'individual', telegramId: 7501 })
    await telegram.sendText(7501, '/earnings')
    const k = await telegram.keyboardAfter(7501, 1)
    expect(k!.buttons.map((b) => b.text)).toEqual(['📈 Performance'])
    await telegram.sendText(7501, '/link')
    await telegram.nthText(7501, 2)
    expect(telegram.calls.some((c) => c.method === 'setChatMenuButton')).toBe(false)
    const me = await appGet(api, '/me', `tma ${initData({ id: 7501 }, api.clock.now())}`)
    expect(me.status).toBe(200)
  })
})

describe('mini app API: the sandbox opens the Mini App for its chat', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-02T09:00:00Z', { TELEGRAM_SANDBOX: 'true' })
  })
  afterAll(async () => {
    await api?.close()
  })

  it('POST /sandbox/api/app: a launch URL signed for the session’s chat, on the asked tab, with a theme', async () => {
    const session = await (await fetch(`${api.base}/sandbox/api/session`, { method: 'POST' })).json()
    const headers = { 'x-sandbox-session': session.token, 'content-type': 'application/json' }
    const launch = (body: unknown) =>
      fetch(`${api.base}/sandbox/api/app`, { method: 'POST', headers, body: JSON.stringify(body) })
    const r = await launch({ path: '/earnings', theme: 'dark', language: 'lv' })
    expect(r.status).toBe(201)
    const url = new URL((await r.json()).url)
    expect(`${url.origin}${url.pathname}${url.search}`).toBe(`${api.base}/app?tab=earnings`)
    const hash = new URLSearchParams(url.hash.slice(1))
    expect(hash.get('tgWebAppVersion')).toBe('8.0')
    expect(JSON.parse(hash.get('tgWebAppThemeParams')!).bg_color).toBe('#212121')
    const data = new URLSearchParams(hash.get('tgWebAppData')!)
    const user = JSON.parse(data.get('user')!)
    expect(user.language_code).toBe('lv')

    // the chat is not a partner yet: the initData is good, the partner is missing
    const before = await appGet(api, '/me', `tma ${hash.get('tgWebAppData')}`)
    expect(before.status).toBe(403)
    expect(before.body.error.message).toMatch(/nav partneris/)
    await api.enrolled('jqsee', { name: 'Sandy', language: 'lv', legalType: 'individual', telegramId: user.id })
    const me = await appGet(api, '/me', `tma ${hash.get('tgWebAppData')}`)
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({ name: 'Sandy', language: 'lv', programs: [{ key: 'jqsee', approved: true }] })

    // the partner's chat: /earnings carries the Mini App button, the menu button opens it; pressing either asks for
    // a launch URL with that button's URL as the path
    const send = await fetch(`${api.base}/sandbox/api/send`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ text: '/earnings', language: 'lv' }),
    })
    expect(send.status).toBe(202)
    const state = async () => (await fetch(`${api.base}/sandbox/api/state`, { headers })).json()
    await expect
      .poll(async () =>
        (await state()).messages.flatMap((m: any) => m.buttons?.flat() ?? []).filter((b: any) => b.webApp),
      )
      .toEqual([{ text: '📊 Atvērt paneli', data: '', webApp: `${api.base}/app?tab=earnings` }])
    await expect.poll(async () => (await state()).menuButton).toEqual({ text: 'Panelis', webApp: `${api.base}/app` })
    const fromButton = await launch({ path: `${api.base}/app?tab=earnings` })
    expect(new URL((await fromButton.json()).url).search).toBe('?tab=earnings')

    // the whole Mini App URL and no path open it too; a path that names no tab is refused
    for (const path of ['/app?tab=links', 'payouts', '/app', undefined]) {
      expect((await launch(path === undefined ? {} : { path })).status).toBe(201)
    }
    for (const body of [{ path: '/secrets' }, { path: '/app?tab=admin' }, { theme: 'pink' }, { other: 1 }]) {
      expect((await launch(body)).status, JSON.stringify(body)).toBe(400)
    }
    // only with a session
    const none = await fetch(`${api.base}/sandbox/api/app`, { method: 'POST' })
    expect(none.status).toBe(401)
    // the sandbox signs with a key of its own process, not the public sandbox token
    const forged = sign(
      { user: { id: user.id, first_name: 'x' }, chat_type: 'sender', chat_instance: '1' },
      '100000001:sandbox-local-bot-api-token',
      api.clock.now(),
    )
    expect((await appGet(api, '/me', `tma ${forged}`)).status).toBe(401)
  })
})

/**
 * Two partners in chetup (Asia/Tbilisi, 10% of a cafe sale, 10 days' verification) and jqsee (Europe/Kyiv, $12.00 of
 * a $120.00 payment, paid on request), with clicks, sales, payouts and disputes whose numbers are worked out by hand
 * below. Partner A reads everything of theirs; nothing of partner B's comes back through any route or parameter.
 */
describe('mini app API: the partner’s data, and only theirs', () => {
  // the hostile-parameters test sends ~140 calls as one partner within a second: not the rate limit's test (above)
  const env = withTelegram('2026-03-02T09:00:00Z', { MINIAPP_RATE_LIMIT: '100000' })
  const A = 8101
  const B = 8102
  const tma = (id: number, language_code = 'en') =>
    `tma ${initData({ id, language_code }, new Date(env().api.clock.now().getTime() - 60_000))}`
  const get = (id: number, path: string) => appGet(env().api, path, tma(id))
  let a: { partner: string; chetup: string; jqsee: string }
  let b: { partner: string; chetup: string; jqsee: string; payout: string; dispute: { id: string; number: number } }
  let aPayout: string
  let aDispute: number

  const click = async (path: string, ip: string, cookie?: string) => {
    const { api } = env()
    const r = await api.get(path, {
      'x-forwarded-for': ip,
      'user-agent': 'Mozilla/5.0 (mini app test)',
      ...(cookie ? { cookie } : {}),
    })
    expect(r.status).toBe(302)
    await api.service.core.earnings.clicks.flush()
    const location = new URL(r.headers.get('location')!)
    return { click: location.searchParams.get('click'), cookie: r.headers.get('set-cookie')?.split(';')[0] }
  }
  const sale = (code: string, n: string, at: string, amount: string, clickId: string | null) =>
    env().api.recorded('chetup', {
      id: `sale-${n}`,
      type: 'payment',
      occurredAt: at,
      customer: `cust-${n}`,
      ref: code,
      campaign: 'cafe-sale',
      order: `ORDER-${n}`,
      amount,
      currency: 'GEL',
      country: 'GE',
      ...(clickId ? { click: clickId } : {}),
    })
  const jqseePayment = (code: string, n: string, amount: string) =>
    env().api.recorded('jqsee', {
      id: `pay-${n}`,
      type: 'payment',
      occurredAt: new Date(env().api.clock.now().getTime() - 3_600_000).toISOString(),
      customer: `jq-cust-${n}`,
      ref: code,
      order: `jq-order-${n}`,
      amount,
      currency: 'USD',
    })
  const enrol = async (telegramId: number, name: string, language: string) => {
    const { api } = env()
    const body = { name, language, legalType: 'individual', country: 'GE', telegramId }
    const c = await api.enrolled('chetup', { ...body, campaigns: ['cafe-sale'] })
    const j = await api.enrolled('jqsee', body)
    return { partner: c.partner, chetup: c.codes[0]!.code, jqsee: j.codes[0]!.code }
  }
  const payout = async (partner: string, n: string) => {
    const r = await env().api.requestPayout(
      partner,
      { program: 'jqsee', method: 'paypal', details: { email: `${n}@example.com` } },
      `mini-${n}`,
    )
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return r.body.payout.id as string
  }
  const dispute = (partner: string, commission: string, n: string) =>
    env().api.service.core.disputes.open({
      partnerId: partner,
      programKey: 'chetup',
      subject: 'commission',
      subjectId: commission,
      text: 'Please check this sale again.',
      source: 'test',
      sourceRef: `mini-${n}`,
      enrolledPrograms: ['chetup', 'jqsee'],
    })

  beforeAll(async () => {
    const { api } = env()
    // 2 March, 13:00 in Tbilisi: both join; A's first click (9 days before "today": in the 30 days, not in the 7)
    a = await enrol(A, 'Anna Partner', 'en')
    const bJoined = await enrol(B, 'Boris Partner', 'ru')
    api.clock.set('2026-03-02T10:00:00Z')
    await click(`/r/${a.chetup}`, '203.0.113.9')
    // 10 March, 12:00 in Tbilisi: a visitor twice (one unique click), another with sub-ids, who buys for 50.00 GEL
    api.clock.set('2026-03-10T08:00:00Z')
    const first = await click(`/r/${a.chetup}`, '203.0.113.10')
    await click(`/r/${a.chetup}`, '203.0.113.10', first.cookie)
    const withSubs = await click(`/r/${a.chetup}?sub1=tg.ads&sub2=post-7`, '203.0.113.11')
    api.clock.set('2026-03-10T08:31:00Z')
    const aSale = await sale(a.chetup, 'A-000101', '2026-03-10T08:30:00Z', '50.00', withSubs.click)
    // B: a click with a sub-id of their own and a sale of 200.00 GEL, the same day
    const bClick = await click(`/r/${bJoined.chetup}?sub1=b-secret-sub`, '198.51.100.77')
    const bSale = await sale(bJoined.chetup, 'B-999999', '2026-03-10T08:30:30Z', '200.00', bClick.click)
    // 11 March, 13:00 in Tbilisi ("today"): one more visitor of A's, who buys for 120.00 GEL
    api.clock.set('2026-03-11T09:00:00Z')
    const late = await click(`/r/${a.chetup}`, '203.0.113.12')
    api.clock.set('2026-03-11T09:31:00Z')
    await sale(a.chetup, 'A-000102', '2026-03-11T09:30:00Z', '120.00', late.click)
    // a minute later 40.00 GEL of it is refunded: 4.00 of its 12.00 commission is taken back
    const refund = await api.recorded('chetup', {
      id: 'refund-A-000102',
      type: 'refund',
      occurredAt: '2026-03-11T09:31:00Z',
      customer: 'cust-A-000102',
      ref: a.chetup,
      campaign: 'cafe-sale',
      order: 'ORDER-A-000102',
      amount: '40.00',
      currency: 'GEL',
      country: 'GE',
    })
    expect(refund.reversals, JSON.stringify(refund)).toEqual([
      expect.objectContaining({ amount: '-4.00', reason: 'refund' }),
    ])
    // jqsee: A earns $12.00 and is paid it; B earns $24.00 and asks for it
    await jqseePayment(a.jqsee, 'a1', '120.00')
    await jqseePayment(bJoined.jqsee, 'b1', '240.00')
    aPayout = await payout(a.partner, 'a')
    expect((await api.operator('POST', `/v1/payouts/${aPayout}/approve`, {})).status).toBe(200)
    expect((await api.operator('POST', `/v1/payouts/${aPayout}/paid`, { reference: 'PP-A-0001' })).status).toBe(200)
    const bPayout = await payout(bJoined.partner, 'b')
    // each disputes their first chetup sale; A's is rejected with a reason
    const aD = await dispute(a.partner, aSale.commissions[0].id, 'a')
    aDispute = aD.number
    await api.service.core.disputes.resolve({
      disputeId: aD.id,
      actor: 'slack:U0SUPPORT',
      outcome: 'rejected',
      reason: 'terms_applied',
    })
    const bD = await dispute(bJoined.partner, bSale.commissions[0].id, 'b')
    b = { ...bJoined, payout: bPayout, dispute: { id: bD.id, number: bD.number } }
  }, 60_000)

  it('overview: the funnel of the last 7 and 30 days and each day, in the program’s time zone', async () => {
    const r = await get(A, '/overview?program=chetup')
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    const gel = (amount: string) => [{ amount, currency: 'GEL' }]
    expect(r.body.program).toBe('chetup')
    expect(r.body.timeZone).toBe('Asia/Tbilisi')
    // 7 days (5-11 March): clicks 3 + 1, unique 2 + 1; two customers, each a sign-up and a first payment; the
    // commissions 5.00 + 12.00, less the 4.00 the refund took back
    expect(r.body.last7).toEqual({
      clicks: 4,
      uniqueClicks: 3,
      signups: 2,
      firstPayments: 2,
      signupRate: '66.67',
      paymentRate: '100.00',
      commissions: gel('13.00'),
    })
    // 30 days: and the click of 2 March
    expect(r.body.last30).toEqual({
      clicks: 5,
      uniqueClicks: 4,
      signups: 2,
      firstPayments: 2,
      signupRate: '50.00',
      paymentRate: '100.00',
      commissions: gel('13.00'),
    })
    expect(r.body.days).toHaveLength(30)
    expect(r.body.days[0].date).toBe('2026-02-10')
    expect(r.body.days.at(-1).date).toBe('2026-03-11')
    const zero = { clicks: 0, uniqueClicks: 0, signups: 0, firstPayments: 0, commissions: [] }
    const day = (date: string) => r.body.days.find((d: { date: string }) => d.date === date)
    expect(day('2026-03-01')).toEqual({ date: '2026-03-01', ...zero })
    expect(day('2026-03-02')).toEqual({ date: '2026-03-02', ...zero, clicks: 1, uniqueClicks: 1 })
    expect(day('2026-03-10')).toEqual({
      date: '2026-03-10',
      clicks: 3,
      uniqueClicks: 2,
      signups: 1,
      firstPayments: 1,
      commissions: gel('5.00'),
    })
    expect(day('2026-03-11')).toEqual({
      date: '2026-03-11',
      clicks: 1,
      uniqueClicks: 1,
      signups: 1,
      firstPayments: 1,
      commissions: gel('8.00'),
    })
    // the default program is the first joined: chetup
    expect((await get(A, '/overview')).body).toEqual(r.body)
  })

  it('statement: the commission lines with masked ids, hold dates, campaign and sub-ids; filters; paging', async () => {
    const r = await get(A, '/statement?program=chetup&from=2026-03-01&to=2026-03-11')
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body).toMatchObject({
      program: 'chetup',
      timeZone: 'Asia/Tbilisi',
      from: '2026-03-01',
      to: '2026-03-11',
      nextCursor: null,
      statuses: ['pending', 'held', 'available', 'paid', 'reversed', 'annulled', 'rejected'],
      currencies: ['GEL'],
    })
    const line = {
      kind: 'sale',
      status: 'pending',
      currency: 'GEL',
      campaign: 'Cafe: sales',
    }
    expect(r.body.lines).toEqual([
      {
        ...line,
        id: expect.any(String),
        date: '2026-03-11',
        occurredAt: '2026-03-11T09:30:00.000Z',
        amount: '12.00',
        customer: '•••0102',
        order: '•••0102',
        // 10 days after 11 March, from midnight in Tbilisi
        holdUntil: '2026-03-20T20:00:00.000Z',
        subIds: {},
        // the refund of 40.00 of its 120.00 took a third back: the line says so, and what it nets
        reversed: { amount: '4.00', currency: 'GEL' },
        net: { amount: '8.00', currency: 'GEL' },
        reason: 'refund',
      },
      {
        ...line,
        id: expect.any(String),
        date: '2026-03-10',
        occurredAt: '2026-03-10T08:30:00.000Z',
        amount: '5.00',
        customer: '•••0101',
        order: '•••0101',
        holdUntil: '2026-03-19T20:00:00.000Z',
        subIds: { sub1: 'tg.ads', sub2: 'post-7' },
        reversed: null,
        net: { amount: '5.00', currency: 'GEL' },
        reason: null,
      },
    ])
    // the lines' net adds up to the overview's commissions of the same period; their amounts do not
    const cents = (a: string) => Math.round(Number(a) * 100)
    const nets = r.body.lines.reduce((sum: number, l: { net: { amount: string } }) => sum + cents(l.net.amount), 0)
    const overview = await get(A, '/overview?program=chetup')
    expect(nets).toBe(cents(overview.body.last30.commissions[0].amount))
    expect(nets).toBe(1300)
    expect(JSON.stringify(r.body)).not.toContain('ORDER-A')
    // one at a time: the cursor leads to the second, then nothing
    const p1 = await get(A, '/statement?program=chetup&from=2026-03-01&to=2026-03-11&limit=1')
    expect(p1.body.lines.map((l: { amount: string }) => l.amount)).toEqual(['12.00'])
    const p2 = await get(
      A,
      `/statement?program=chetup&from=2026-03-01&to=2026-03-11&limit=1&cursor=${p1.body.nextCursor}`,
    )
    expect(p2.body.lines.map((l: { amount: string }) => l.amount)).toEqual(['5.00'])
    expect(p2.body.nextCursor).toBeNull()
    // filters: the 10th alone; a status with none; another currency
    const tenth = await get(A, '/statement?program=chetup&from=2026-03-10&to=2026-03-10')
    expect(tenth.body.lines.map((l: { amount: string }) => l.amount)).toEqual(['5.00'])
    expect((await get(A, '/statement?program=chetup&from=2026-03-01&status=paid')).body.lines).toEqual([])
    expect((await get(A, '/statement?program=chetup&from=2026-03-01&status=pending')).body.lines).toHaveLength(2)
    expect((await get(A, '/statement?program=chetup&from=2026-03-01&currency=USD')).body.lines).toEqual([])
    // bad filters: 400 with each field named, in the partner's words
    const bad = await get(A, '/statement?program=chetup&from=2026-13-01&status=lost&limit=0&colour=red')
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('invalid_request')
    expect(bad.body.error.message).toBe('Some of the filters are not valid. Check them and try again.')
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['colour'])
    const values = await get(A, '/statement?program=chetup&from=2026-13-01&status=lost&limit=0')
    expect(values.status).toBe(400)
    expect(values.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['from', 'limit', 'status'])
  })

  it('statement.csv: every line of the filter, amounts plain, columns stable', async () => {
    const r = await get(A, '/statement.csv?program=chetup&from=2026-03-01&to=2026-03-11')
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(r.headers.get('content-disposition')).toBe(
      'attachment; filename="chetup-statement-2026-03-01-2026-03-11.csv"',
    )
    const header =
      'date,kind,status,amount,currency,customer,order,hold_until,campaign,sub1,sub2,sub3,sub4,sub5,reversed,net,reason'
    const rows = r.body.split('\r\n')
    expect(rows).toEqual([
      header,
      '2026-03-11,sale,pending,12.00,GEL,•••0102,•••0102,2026-03-21,Cafe: sales,,,,,,4.00,8.00,refund',
      '2026-03-10,sale,pending,5.00,GEL,•••0101,•••0101,2026-03-20,Cafe: sales,tg.ads,post-7,,,,,5.00,',
      '',
    ])
    // the net column sums to the overview's commissions of the same period (the default: the last 30 days)
    const all = (await get(A, '/statement.csv?program=chetup')).body.split('\r\n').slice(1, -1)
    const net = all.reduce((sum: number, row: string) => sum + Math.round(Number(row.split(',')[15]) * 100), 0)
    const overview = await get(A, '/overview?program=chetup')
    expect(net).toBe(Math.round(Number(overview.body.last30.commissions[0].amount) * 100))
    const none = await get(A, '/statement.csv?program=chetup&from=2026-03-01&status=paid')
    expect(none.body).toBe(`${header}\r\n`)
    expect((await get(A, '/statement.csv?program=chetup&cursor=x')).status).toBe(400)
  })

  it("statement.csv/link: a short-lived URL for Telegram's download dialog, good for this user and these filters only", async () => {
    const { api } = env()
    const query = 'program=chetup&from=2026-03-01&to=2026-03-11'
    const link = await get(A, `/statement.csv/link?${query}`)
    expect(link.status, JSON.stringify(link.body)).toBe(200)
    expect(link.body).toEqual({
      url: expect.stringMatching(
        /^https:\/\/partners\.example\.com\/app\/api\/download\/statement\.csv\?from=2026-03-01&program=chetup&to=2026-03-11&ticket=8101\.\d+\.[\w-]{43}$/,
      ),
      fileName: 'chetup-statement-2026-03-01-2026-03-11.csv',
      expiresAt: new Date(api.clock.now().getTime() + 5 * 60_000).toISOString().replace(/\.\d{3}Z$/, '.000Z'),
    })
    // fetched as the dialog does: no Authorization header; the same file as the header's
    const path = new URL(link.body.url).pathname.replace('/app/api', '') + new URL(link.body.url).search
    const byTicket = await appGet(api, path)
    expect(byTicket.status).toBe(200)
    expect(byTicket.headers.get('content-disposition')).toBe(
      'attachment; filename="chetup-statement-2026-03-01-2026-03-11.csv"',
    )
    expect(byTicket.headers.get('cache-control')).toBe('no-store')
    expect(byTicket.body).toBe((await get(A, `/statement.csv?${query}`)).body)
    // refused alike: other filters, another user's id in the ticket, an altered or missing ticket
    const ticket = new URL(link.body.url).searchParams.get('ticket')!
    const refused = async (p: string, language?: string) => {
      const r = await fetch(`${api.base}/app/api${p}`, { headers: language ? { 'accept-language': language } : {} })
      expect(r.status, p).toBe(401)
      return (await r.json()).error
    }
    await refused(path.replace('to=2026-03-11', 'to=2026-03-12'))
    await refused(path.replace('program=chetup', 'program=jqsee'))
    await refused(path.replace('ticket=8101.', 'ticket=8102.'))
    await refused(path.replace(ticket, `${ticket.slice(0, -1)}${ticket.endsWith('A') ? 'B' : 'A'}`))
    await refused(path.replace(/&ticket=.*/, ''))
    expect(await refused(`${path}&status=paid`, 'ru-RU,ru;q=0.9')).toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/откройте его снова из бота/),
    })
    // a bad filter is refused when the link is asked for, not in the download
    expect((await get(A, '/statement.csv/link?program=chetup&from=2026-13-01')).status).toBe(400)
    expect((await appGet(api, `/statement.csv/link?${query}`)).status).toBe(401)
    // five minutes later the ticket is worth nothing
    const now = api.clock.now()
    api.clock.set(new Date(now.getTime() + 5 * 60_000 + 1000).toISOString())
    try {
      await refused(path)
    } finally {
      api.clock.set(now.toISOString())
    }
    expect((await appGet(api, path)).status).toBe(200)
  })

  it('links, QR codes, payouts and disputes', async () => {
    const links = await get(A, '/links?program=chetup')
    expect(links.status).toBe(200)
    expect(links.body).toEqual({
      links: [
        {
          code: a.chetup,
          kind: 'link',
          url: `https://partners.example.com/r/${a.chetup}`,
          campaign: 'Cafe: sales',
          status: 'active',
          suspendedBy: null,
          commission: '10% of each sale',
        },
      ],
      landingPaths: ['/'],
      baseUrl: 'https://partners.example.com/r/',
      notice: null,
      // nothing suspended: no sanction's reason or end to tell
      suspension: null,
    })
    const jq = await get(A, '/links?program=jqsee')
    expect(jq.body.links).toEqual([
      { code: a.jqsee, kind: 'code', url: null, campaign: null, status: 'active', suspendedBy: null, commission: null },
    ])

    const qr = await get(A, `/qr?program=chetup&code=${a.chetup}&to=/menu&sub1=tg.ads`)
    expect(qr.status).toBe(200)
    expect(qr.headers.get('content-type')).toBe('image/png')
    expect((await get(A, `/qr?program=jqsee&code=${a.jqsee}`)).status).toBe(200)
    for (const q of [
      `code=${a.chetup}&sub1=${'x'.repeat(101)}`,
      `code=${a.chetup}&sub2=a%20b`,
      `code=${a.chetup}&to=https://evil.example/`,
    ]) {
      const r = await get(A, `/qr?program=chetup&${q}`)
      expect(r.status, q).toBe(400)
      expect(r.body.error.code).toBe('invalid_request')
    }
    expect((await get(A, `/qr?program=jqsee&code=${a.jqsee}&sub1=x`)).status).toBe(400)

    const payouts = await get(A, '/payouts?program=jqsee')
    expect(payouts.body).toEqual({
      payouts: [
        {
          id: aPayout,
          requestedAt: expect.any(String),
          status: 'paid',
          method: 'paypal',
          gross: '12.00',
          fee: '0.00',
          tax: '0.00',
          net: '12.00',
          credit: null,
          currency: 'USD',
          reference: 'PP-A-0001',
          // only a payout still on its way is expected on a date
          expectedAt: null,
          // only a payout still on its way can be late
          late: false,
          paidAt: expect.any(String),
          // only a held or rejected payout says why
          reason: null,
          note: null,
        },
      ],
    })
    expect((await get(A, '/payouts?program=chetup')).body).toEqual({ payouts: [] })
    expect((await get(A, `/payouts/${aPayout}`)).body.payout).toEqual(payouts.body.payouts[0])

    const disputes = await get(A, '/disputes?program=chetup')
    expect(disputes.status).toBe(200)
    expect(disputes.body.disputes).toEqual([
      {
        id: expect.any(String),
        number: aDispute,
        openedAt: '2026-03-11T09:31:00.000Z',
        status: 'rejected',
        about: 'commission',
        subject: expect.stringMatching(/^Order •••0101 · 5\.00 GEL · /),
        amount: '5.00',
        currency: 'GEL',
        deadline: null,
        resolution: "the program's terms were applied correctly",
        note: null,
      },
    ])
    const one = await get(A, `/disputes/${aDispute}`)
    expect(one.body.dispute).toEqual(disputes.body.disputes[0])
    expect(one.body.messages[0]).toMatchObject({ from: 'partner', text: 'Please check this sale again.' })
  })

  it('hostile parameters on every route: a 400 or 404 in the partner’s words, never a 5xx', async () => {
    const junk = [
      'program=CHETUP',
      'program=chetup&program=jqsee',
      `program=${'a'.repeat(300)}`,
      'program[x]=1',
      'from=2026-02-30',
      'from=2026-03-11&to=2026-03-01',
      'from=2020-01-01&to=2026-03-11',
      'limit=-1',
      'limit=1e3',
      'limit=201',
      'cursor=%F0%9F%98%80',
      `cursor=${'A'.repeat(199)}`,
      'currency=usd',
      'status=PENDING',
      'code=%27%20OR%201%3D1',
      `code=${a?.chetup}&to=//evil.example`,
      `code=${a?.chetup}&sub5=%3Cscript%3E`,
    ]
    const routes = ['/overview', '/balance', '/links', '/qr', '/statement', '/statement.csv', '/payouts', '/disputes']
    for (const route of routes)
      for (const q of junk) {
        const r = await get(A, `${route}?${q}`)
        expect(r.status, `${route}?${q}`).toBeLessThan(500)
        if (r.status >= 400) {
          expect(r.body.error.code, `${route}?${q}`).toMatch(/^(invalid_request|not_found)$/)
          expect(r.headers.get('cache-control')).toBe('no-store')
        }
      }
    for (const path of [
      '/payouts/%00',
      '/disputes/-1',
      '/disputes/1e9',
      '/payouts/..%2Fme',
      `/me?x=${'y'.repeat(5000)}`,
    ])
      expect((await get(A, path)).status, path).toBeLessThan(500)
  })

  it('a parameter given twice, as a list or as an object: 400 naming it and saying so, not blaming its value', async () => {
    const once = 'must be one value, not a list (program[]=) or an object (program[key]=)'
    const cases: [string, { path: string; message: string }][] = [
      ['program=chetup&program=jqsee', { path: 'program', message: 'is given 2 times: give it once' }],
      ['program[]=chetup', { path: 'program', message: once }],
      ['program[x]=chetup', { path: 'program', message: once }],
    ]
    for (const route of ['/overview', '/balance', '/links', '/statement', '/statement.csv', '/payouts', '/disputes'])
      for (const [q, issue] of cases) {
        const r = await get(A, `${route}?${q}`)
        expect(r.status, `${route}?${q}`).toBe(400)
        expect(r.body.error.code).toBe('invalid_request')
        expect(r.body.error.issues, `${route}?${q}`).toEqual([issue])
      }
    // the QR's required code, given twice: named once, as given twice (not also as missing)
    const qr = await get(A, `/qr?code=${a.chetup}&code=${a.chetup}`)
    expect(qr.status).toBe(400)
    expect(qr.body.error.issues).toEqual([{ path: 'code', message: 'is given 2 times: give it once' }])
    // an unknown one is still "unknown field"
    expect((await get(A, '/balance?programme=chetup')).body.error.issues).toEqual([
      { path: 'programme', message: 'unknown field' },
    ])
  })

  it('a licences payout (quantower) shows what it credits, not a net of 0.00', async () => {
    const { api } = env()
    const body = { name: 'Q', language: 'ru', legalType: 'individual', country: 'GE', telegramId: 8103 }
    const q = await api.enrolled('quantower', body)
    const event = { customer: 'q-cust-1', ref: q.codes[0]!.code, currency: 'USD' }
    const at = new Date(api.clock.now().getTime() - 3_600_000).toISOString()
    await api.recorded('quantower', { id: 'q-signup-1', type: 'signup', occurredAt: at, ...event })
    await api.recorded('quantower', { id: 'q-pay-1', type: 'payment', occurredAt: at, amount: '52.50', ...event })
    const r = await api.requestPayout(q.partner, { program: 'quantower', method: 'licences', amount: '10.50' }, 'q-l')
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const [payout] = (await get(8103, '/payouts?program=quantower')).body.payouts
    expect(payout).toMatchObject({ method: 'licences', gross: '10.50', net: '0.00', credit: '10.50', tax: '0.00' })
    // the lines still say available; the balance says what of it is already asked for (10.50 of 52.50 x 20%)
    const [balance] = (await get(8103, '/balance?program=quantower')).body.balances
    expect(balance).toMatchObject({ currency: 'USD', available: '0.00', inPayout: '10.50', paid: '0.00' })
    // quantower pays on request: a date shown is when a payout asked for today would be paid (the page says so)
    expect(balance).toMatchObject({ inReview: '0.00', payoutOnRequest: true })
    // held for review, the payout leaves "in payout" for "under review", as /earnings says it
    const held = await api.operator('POST', `/v1/payouts/${r.body.payout.id}/hold`, { reason: 'traffic_check' })
    expect(held.status, JSON.stringify(held.body)).toBe(200)
    const [review] = (await get(8103, '/balance?program=quantower')).body.balances
    expect(review).toMatchObject({ available: '0.00', inPayout: '0.00', inReview: '10.50' })
  })

  it('partner A never reaches partner B’s data: not by program, code, cursor, payout id or dispute number', async () => {
    const secrets = [b.partner, b.chetup, b.jqsee, b.payout, b.dispute.id, 'b-secret-sub', '•••9999', '20.00', '24.00']
    const seen: string[] = []
    const asA = async (path: string, status: number) => {
      const r = await get(A, path)
      expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(status)
      seen.push(typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? ''))
      return r
    }
    for (const path of [
      '/me',
      '/overview?program=chetup',
      '/links?program=chetup',
      '/statement?program=chetup&from=2026-03-01',
      '/statement.csv?program=chetup&from=2026-03-01',
      '/payouts?program=jqsee',
      '/disputes?program=chetup',
    ])
      await asA(path, 200)
    // B's codes, payout and dispute: unknown, in the same words as what does not exist at all
    const unknown = 'Not found among your programs, links and records.'
    for (const path of [
      `/qr?program=chetup&code=${b.chetup}`,
      `/qr?program=jqsee&code=${b.jqsee}`,
      `/payouts/${b.payout}`,
      `/payouts/00000000-0000-4000-8000-000000000000`,
      '/payouts/not-a-uuid',
      `/disputes/${b.dispute.number}`,
      '/disputes/999999',
      '/overview?program=melbet',
      '/statement?program=quantower',
    ]) {
      const r = await asA(path, 404)
      expect(r.body.error).toEqual({ code: 'not_found', message: unknown })
    }
    // a cursor at B's line (B's own position: its time and id), sent by A: A's lines before it, never B's
    const bLines = (await get(B, '/statement?program=chetup&from=2026-03-01')).body.lines
    expect(bLines.map((l: { amount: string; subIds: object }) => [l.amount, l.subIds])).toEqual([
      ['20.00', { sub1: 'b-secret-sub' }],
    ])
    const atB = Buffer.from(`${bLines[0].occurredAt}|${bLines[0].id}`).toString('base64url')
    const afterB = await asA(`/statement?program=chetup&from=2026-03-01&cursor=${atB}`, 200)
    expect(afterB.body.lines.map((l: { amount: string }) => l.amount)).toEqual(['5.00'])
    // a malformed cursor is refused
    expect((await asA('/statement?program=chetup&cursor=not-a-cursor!', 400)).body.error.code).toBe('invalid_request')
    // B sees B's own, not A's
    const bLinks = await get(B, '/links?program=chetup')
    expect(bLinks.body.links.map((l: { code: string }) => l.code)).toEqual([b.chetup])
    expect((await get(B, `/payouts/${aPayout}`)).status).toBe(404)
    expect((await get(B, `/disputes/${aDispute}`)).status).toBe(404)
    expect((await get(B, '/payouts?program=jqsee')).body.payouts.map((p: { id: string }) => p.id)).toEqual([b.payout])
    // nothing A was answered names anything of B's
    for (const body of seen) for (const s of secrets) expect(body, s).not.toContain(s)
  })
  it('a line reads pending until its money is payable, then available, as /earnings counts it (melbet week)', async () => {
    const { api } = env()
    const body = { name: 'M', language: 'ru', legalType: 'individual', country: 'LV', telegramId: 8104 }
    const m = await api.enrolled('melbet', { ...body, registeredAt: '2026-02-01T12:00:00Z' })
    const player = { customer: 'mb-player-1', currency: 'USD' }
    await api.recorded('melbet', {
      id: 'mb-s',
      type: 'signup',
      occurredAt: '2026-03-10T10:00:00Z',
      ref: m.codes[0]!.code,
      ...player,
    })
    await api.recorded('melbet', {
      id: 'mb-d',
      type: 'first_deposit',
      occurredAt: '2026-03-10T10:00:00Z',
      amount: '10.00',
      ...player,
    })
    const week = { id: 'mb-r', type: 'revenue', occurredAt: '2026-03-11T08:00:00Z', order: 'mb-o', amount: '100.00' }
    await api.recorded('melbet', { ...week, ...player })
    const read = async (status = '') =>
      (await get(8104, `/statement?program=melbet&from=2026-03-01${status && `&status=${status}`}`)).body.lines
    // recorded `available` from the week's end (Monday 16 March): until then it is on hold, as /earnings says
    expect(await read()).toEqual([
      expect.objectContaining({ amount: '20.00', status: 'pending', holdUntil: '2026-03-16T00:00:00.000Z' }),
    ])
    expect(await read('available')).toEqual([])
    expect(await read('pending')).toHaveLength(1)
    const balance = async () => (await get(8104, '/balance?program=melbet')).body.balances
    expect(await balance()).toEqual([
      expect.objectContaining({ currency: 'USD', available: '0.00', pending: '20.00', nextRelease: '2026-03-16' }),
    ])
    const subjects = await api.service.core.disputes.subjects(m.partner, 'melbet')
    expect(subjects.filter((i) => i.subject === 'commission').map((i) => i.status)).toEqual(['pending'])
    api.clock.set('2026-03-16T01:00:00Z')
    expect(await read()).toEqual([expect.objectContaining({ status: 'available', holdUntil: null })])
    expect(await balance()).toEqual([
      expect.objectContaining({ available: '20.00', pending: '0.00', nextRelease: null }),
    ])
    // no pay date is promised, and the card says why, as /earnings does (in the partner's Russian)
    expect(await balance()).toEqual([
      expect.objectContaining({
        nextPayoutAt: null,
        shortfalls: [
          'Выплата производится, только когда баланс превышает 30,00 USD: не хватает 10,01 USD.',
          'Для выплат нужно привести более 4 новых пользователей; у вас — 1.',
        ],
      }),
    ])
    expect(await read('pending')).toEqual([])
    // chetup's sale of 10 March, recorded `pending` for its 10 days' verification, still is
    const chetup = await get(A, '/statement?program=chetup&from=2026-03-10&status=pending')
    expect(chetup.body.lines.length).toBeGreaterThan(0)
  })
  it('the balance card sends a partner without payment details to the bot for them, not to a command of its own', async () => {
    const { api } = env()
    api.clock.set('2026-03-12T10:00:00Z')
    const body = { name: 'Details', language: 'lv', legalType: 'individual', country: 'LV', telegramId: 8106 }
    const m = await api.enrolled('melbet', { ...body, registeredAt: '2026-02-01T12:00:00Z' })
    for (let i = 1; i <= 6; i++) {
      const player = { customer: `mb8106-${i}`, occurredAt: '2026-03-10T10:00:00Z' }
      await api.recorded('melbet', { id: `${player.customer}-s`, type: 'signup', ref: m.codes[0]!.code, ...player })
      const deposit = { id: `${player.customer}-d`, type: 'first_deposit', amount: '10.00', currency: 'USD' }
      await api.recorded('melbet', { ...deposit, ...player })
    }
    const revenue = { id: 'mb8106-r', type: 'revenue', occurredAt: '2026-03-11T08:00:00Z', order: 'mb8106-o' }
    await api.recorded('melbet', { ...revenue, customer: 'mb8106-1', amount: '500.00', currency: 'USD' })
    api.clock.set('2026-03-16T01:00:00Z')
    const { balances } = (await get(8106, '/balance?program=melbet')).body
    expect(balances).toEqual([
      expect.objectContaining({
        available: '100.00',
        nextPayoutAt: null,
        shortfalls: [
          expect.stringContaining('maksājuma rekvizīti vēl nav norādīti: pievienojiet tos botā ar komandu /settings'),
        ],
      }),
    ])
  })
})
