import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, type Api, startApi } from '../helpers/api.ts'

/**
 * (Found by an outside review.) An integrator generates its client from GET /v1/openapi.json (contract section 3).
 * The document listed no 401 for any operator operation, though every one answers 401 to a missing or wrong token,
 * and its request bodies allowed any other property, though every operator route refuses an unknown field (400
 * "unknown field"). Checked here against what each documented operation answers.
 */
describe('the OpenAPI document lists the answers every operator operation gives', () => {
  let api: Api
  let doc: any
  beforeAll(async () => {
    api = await startApi('2026-03-02T11:00:00Z')
    doc = await (await api.get('/v1/openapi.json')).json()
  })
  afterAll(async () => {
    await api?.close()
  })

  /** Every bearer operation of the document, with a URL for it (ids that parse, a program that exists). */
  const operations = () =>
    Object.entries<any>(doc.paths).flatMap(([path, ops]) =>
      Object.entries<any>(ops)
        .filter(([, o]) => o.security?.some((s: any) => 'bearer' in s))
        .map(([method, o]) => ({
          method: method.toUpperCase(),
          path,
          op: o,
          url: path
            .replace('{program}', 'jqsee')
            .replace('{code}', 'NOPE1234')
            .replace('{action}', 'approve')
            .replace(/\{[a-z]+\}/g, '00000000-0000-4000-8000-000000000000'),
        })),
    )

  it('every operator operation answers 401 without the token, and the document says so', async () => {
    const undocumented: string[] = []
    for (const { method, path, op, url } of operations()) {
      const r = await fetch(`${api.base}${url}`, { method, headers: { authorization: 'Bearer wrong' } })
      expect(r.status, `${method} ${url}`).toBe(401)
      if (!op.responses['401']) undocumented.push(`${method} ${path}`)
    }
    expect(undocumented).toEqual([])
  })

  it('every operator body refuses an unknown field, and the document says it takes no other', async () => {
    const open: string[] = []
    for (const { method, path, op, url } of operations()) {
      if (!op.requestBody) continue
      const r = await fetch(`${api.base}${url}`, {
        method,
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          'content-type': 'application/json',
          'idempotency-key': 'k1',
        },
        body: JSON.stringify({ zzUnknown: 1 }),
      })
      const answer = await r.json()
      expect(r.status, `${method} ${url}: ${JSON.stringify(answer)}`).toBe(400)
      expect(answer.error.issues, `${method} ${url}`).toContainEqual({ path: 'zzUnknown', message: 'unknown field' })
      if (op.requestBody.content['application/json'].schema.additionalProperties !== false)
        open.push(`${method} ${path}`)
    }
    expect(open).toEqual([])
  })
})
