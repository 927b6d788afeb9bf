import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, type Api, startApi } from '../helpers/api.ts'

/**
 * (Found by an outside review.) A body of valid JSON that is not an object (`null`, `"x"`, `42`, `true`) was refused
 * with invalid_json, "The body is not valid JSON", which sends the caller looking for a syntax error that is not
 * there. It is now the field error it is: the body must be a JSON object. Broken JSON keeps invalid_json.
 */
describe('a JSON body that is not an object', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-02T11:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })
  const send = (body: string) =>
    fetch(`${api.base}/v1/programs/jqsee/partners`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body,
    }).then(async (r) => ({ status: r.status, body: await r.json() }))

  it('is a 400 saying the body must be an object; broken JSON is still invalid_json', async () => {
    for (const body of ['null', '"x"', '42', ' true ']) {
      const r = await send(body)
      expect(r.status, body).toBe(400)
      expect(r.body.error, body).toEqual({
        code: 'invalid_request',
        message: 'The body is not valid',
        issues: [{ path: '(body)', message: 'must be a JSON object' }],
      })
    }
    const broken = await send('{"name": ')
    expect(broken.body.error).toEqual({ code: 'invalid_json', message: 'The body is not valid JSON' })
    expect(await api.service.db.prisma.partner.count()).toBe(0)
  })
})
