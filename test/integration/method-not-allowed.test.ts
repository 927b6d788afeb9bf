import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, type Api, startApi } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { FakeSlack } from '../helpers/fake-slack.ts'
import { FakeTelegram } from '../helpers/fake-telegram.ts'
import { miniAppInitData } from '../helpers/mini-app.ts'

/**
 * (Found by an outside review.) A known path asked with a method it does not have (DELETE /v1/programs) answered
 * 404 "No route", as if the path did not exist, sending the caller to look for a typo in it. It is a 405 in the
 * contract's error shape, with an Allow header listing the methods the path has (HTTP semantics, RFC 9110 15.5.6);
 * a path that does not exist stays a 404.
 */
describe('a known path with a method it does not have', () => {
  let api: Api
  let partner: string
  beforeAll(async () => {
    api = await startApi('2026-03-02T11:00:00Z')
    partner = (await api.enrolled('jqsee', { name: 'Methods', language: 'en', legalType: 'individual' })).partner
  })
  afterAll(async () => {
    await api?.close()
  })
  const send = (method: string, path: string) =>
    fetch(`${api.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : '{}',
    }).then(async (r) => ({ status: r.status, allow: r.headers.get('allow'), body: await r.json() }))

  it('is a 405 naming the methods the path has, in Allow and in the error', async () => {
    const cases: [string, string, string][] = [
      ['DELETE', '/v1/programs', 'GET, HEAD'],
      ['PUT', '/v1/programs/jqsee/partners', 'POST'],
      ['POST', `/v1/partners/${partner}/statement`, 'GET, HEAD'],
      ['PATCH', `/v1/programs/jqsee/partners/${partner}/deal`, 'DELETE, GET, HEAD, PUT'],
    ]
    for (const [method, path, allow] of cases) {
      const r = await send(method, path)
      expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBe(405)
      expect(r.allow, `${method} ${path}`).toBe(allow)
      expect(r.body.error).toEqual({
        code: 'method_not_allowed',
        message: `${method} is not allowed on ${path}; it answers ${allow}`,
      })
    }
    // nothing was deleted or enrolled
    expect(await api.service.db.prisma.partner.count()).toBe(1)
    expect((await api.operator('GET', '/v1/programs')).status).toBe(200)
  })

  it('a path that does not exist is still a 404', async () => {
    const r = await send('DELETE', '/v1/programmes')
    expect(r.status).toBe(404)
    expect(r.allow).toBeNull()
    expect(r.body.error.code).toBe('not_found')
  })
})

/**
 * (Found by an outside review.) The 405 was answered only for the paths of the OpenAPI document. The other paths the
 * service serves answered a wrong method with 404 "No route", as if they did not exist: GET /telegram/webhook,
 * GET /slack/events, POST /app and its assets, DELETE /v1/openapi.json, POST /admin/queues, the sandbox's
 * paths; and the Mini App's data paths (documented) answered a signed-in partner's wrong method with the Mini App's
 * own 404. Each is now a 405 with Allow in the contract's shape, while a path not mounted (the webhook without
 * webhook mode) stays a 404 and every right method answers as before.
 */
describe('a path the service serves outside the document, with a method it does not have', () => {
  let api: Api
  let sandbox: Api
  let slack: FakeSlack
  let telegram: FakeTelegram
  beforeAll(async () => {
    slack = await new FakeSlack().start()
    telegram = await new FakeTelegram().start()
    api = await startApi('2026-03-02T11:00:00Z', {
      TELEGRAM_BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: telegram.url,
      TELEGRAM_WEBHOOK_URL: 'https://partners.example.com/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: 'webhook-secret-0123456789',
      SLACK_BOT_TOKEN: 'xoxb-methods',
      SLACK_SIGNING_SECRET: 'methods-signing-secret',
      SLACK_API_URL: slack.apiUrl,
      SLACK_ADMIN_USERS: 'UADMIN',
    })
    sandbox = await startApi('2026-03-02T11:00:00Z', { TELEGRAM_SANDBOX: 'true' })
    await api.enrolled('jqsee', { name: 'Mini', language: 'en', legalType: 'individual', telegramId: 7101 })
  })
  afterAll(async () => {
    await api?.close()
    await sandbox?.close()
    await slack?.stop()
    await telegram?.stop()
  })
  const send = (base: string, method: string, path: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', ...headers },
      body: method === 'GET' || method === 'HEAD' ? undefined : '{}',
      redirect: 'manual',
    }).then(async (r) => ({
      status: r.status,
      allow: r.headers.get('allow'),
      type: r.headers.get('content-type'),
      body: await r.text(),
    }))
  const expect405 = async (base: string, method: string, path: string, allow: string, h?: Record<string, string>) => {
    const r = await send(base, method, path, h)
    expect(r.status, `${method} ${path}: ${r.body}`).toBe(405)
    expect(r.allow, `${method} ${path}`).toBe(allow)
    expect(r.type).toContain('application/json')
    expect(JSON.parse(r.body).error).toEqual({
      code: 'method_not_allowed',
      message: `${method} is not allowed on ${path}; it answers ${allow}`,
    })
  }

  it('the webhooks, the page, the document and Bull Board: 405 with Allow; the right method as before', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      await expect405(api.base, method, '/telegram/webhook', 'POST')
      await expect405(api.base, method, '/slack/events', 'POST')
    }
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      await expect405(api.base, method, '/app', 'GET, HEAD')
      await expect405(api.base, method, '/app/assets/app-0123456789ab.js', 'GET, HEAD')
      await expect405(api.base, method, '/v1/openapi.json', 'GET, HEAD')
      await expect405(api.base, method, '/admin/queues', 'GET, HEAD')
    }
    // the right methods still reach their routes
    expect((await send(api.base, 'POST', '/telegram/webhook')).status).toBe(401)
    expect((await send(api.base, 'POST', '/slack/events')).status).toBe(401)
    expect((await send(api.base, 'GET', '/app')).status).toBe(200)
    expect((await send(api.base, 'GET', '/v1/openapi.json')).status).toBe(200)
    expect((await send(api.base, 'GET', '/admin/queues')).status).toBe(200)
    // an asset that is not there: still a 404
    expect((await send(api.base, 'GET', '/app/assets/app-0123456789ab.js')).status).toBe(404)
    // without webhook mode or Slack's HTTP mode, those paths are not served: 404
    for (const path of ['/telegram/webhook', '/slack/events'])
      expect((await send(sandbox.base, 'GET', path)).status, path).toBe(404)
  })

  it("the Mini App's data paths, signed in: 405 with Allow, not the Mini App's 404", async () => {
    const tma = { authorization: `tma ${miniAppInitData(api, 7101, 'en')}` }
    for (const method of ['POST', 'PUT', 'DELETE']) await expect405(api.base, method, '/app/api/me', 'GET, HEAD', tma)
    await expect405(api.base, 'POST', '/app/api/payouts/00000000-0000-4000-8000-000000000000', 'GET, HEAD', tma)
    // signed in, the right method answers; an unknown path is still the Mini App's 404; not signed in: 401 first
    expect((await send(api.base, 'GET', '/app/api/me', tma)).status).toBe(200)
    const unknown = await send(api.base, 'GET', '/app/api/nothing', tma)
    expect(unknown.status).toBe(404)
    expect(JSON.parse(unknown.body).error.code).toBe('not_found')
    expect((await send(api.base, 'POST', '/app/api/me')).status).toBe(401)
  })

  it("the sandbox's paths: 405 with Allow", async () => {
    const session = (await (await fetch(`${sandbox.base}/sandbox/api/session`, { method: 'POST' })).json()).token
    const chat = { 'x-sandbox-session': session }
    await expect405(sandbox.base, 'POST', '/sandbox', 'GET, HEAD')
    await expect405(sandbox.base, 'GET', '/sandbox/api/session', 'POST', chat)
    await expect405(sandbox.base, 'POST', '/sandbox/api/state', 'GET, HEAD', chat)
    await expect405(sandbox.base, 'GET', '/sandbox/api/send', 'POST', chat)
    await expect405(sandbox.base, 'GET', '/sandbox/api/press', 'POST', chat)
    await expect405(sandbox.base, 'DELETE', '/sandbox/api/photo/1', 'GET, HEAD', chat)
    await expect405(sandbox.base, 'POST', '/sandbox/api/sale-options', 'GET, HEAD', chat)
    await expect405(sandbox.base, 'GET', '/sandbox/api/simulate-sale', 'POST', chat)
    await expect405(sandbox.base, 'GET', '/sandbox/api/app', 'POST', chat)
    expect((await send(sandbox.base, 'GET', '/sandbox')).status).toBe(200)
    expect((await send(sandbox.base, 'GET', '/sandbox/api/state', chat)).status).toBe(200)
    expect((await send(sandbox.base, 'GET', '/sandbox/api/sale-options', chat)).status).toBe(200)
  })
})
