import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, type Api, startApi } from '../helpers/api.ts'

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
