import { sign } from '@telegram-apps/init-data-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi, withTelegram } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'

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
      programs: [
        { key: 'jqsee', name: 'JQSEE', status: 'active', timeZone: 'Europe/Kyiv', currencies: ['USD'], approved: true },
      ],
    })
    // an unknown route under /app/api is a 404 in the partner's language, after the check
    const unknown = await appGet(api, '/nothing', tma({ id: 7001 }))
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.code).toBe('not_found')
    expect((await appGet(api, '/nothing')).status).toBe(401)
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
