import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, type Api, startApi } from '../helpers/api.ts'

/**
 * (Found by an outside review.) The operator API is JSON (contract section 3), but a body sent under another
 * Content-Type was not read at all and the request went on as if it had none: `{"code": "VANITY1"}` as text/plain
 * issued a random code instead of the vanity one (taking one of the partner's code slots), and a publish's options
 * would be dropped the same way. A body that is not declared JSON is now refused with 415, naming the header, and
 * nothing changes.
 */
describe('the operator API refuses a body that is not declared JSON', () => {
  let api: Api
  let partner: string
  beforeAll(async () => {
    api = await startApi('2026-03-02T11:00:00Z')
    partner = (await api.enrolled('jqsee', { name: 'Vanity', language: 'en', legalType: 'individual' })).partner
  })
  afterAll(async () => {
    await api?.close()
  })
  const codes = () => api.service.db.prisma.referralCode.count({ where: { enrolment: { partnerId: partner } } })
  const send = (body: string | undefined, type?: string) =>
    fetch(`${api.base}/v1/programs/jqsee/partners/${partner}/codes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(type ? { 'content-type': type } : {}) },
      body,
    })

  it('text/plain, a form, or no Content-Type at all: 415 and no code issued', async () => {
    const before = await codes()
    for (const [body, type] of [
      [JSON.stringify({ code: 'VANITY1' }), 'text/plain'],
      ['code=VANITY1', 'application/x-www-form-urlencoded'],
      [JSON.stringify({ code: 'VANITY1' }), undefined],
    ] as const) {
      const r = await send(body, type)
      const answer = await r.json()
      expect(r.status, `${type}: ${JSON.stringify(answer)}`).toBe(415)
      expect(answer.error.code).toBe('unsupported_media_type')
      expect(answer.error.message).toContain('Content-Type: application/json')
    }
    expect(await codes()).toBe(before)
  })

  it('JSON with a charset is read; a request with no body at all still needs no Content-Type', async () => {
    const vanity = await send(JSON.stringify({ code: 'VANITY1' }), 'application/json; charset=utf-8')
    expect(vanity.status).toBe(201)
    expect((await vanity.json()).code).toBe('VANITY1')
    const bare = await send(undefined)
    expect(bare.status).toBe(201)
  })

  it('the OpenAPI document lists the 415 of an operation that takes a body', async () => {
    const doc = await (await api.get('/v1/openapi.json')).json()
    expect(Object.keys(doc.paths['/v1/programs/{program}/partners/{partner}/codes'].post.responses)).toContain('415')
    expect(Object.keys(doc.paths['/v1/programs/{program}/partners'].post.responses)).toContain('415')
  })
})
