import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * (Found by an outside review.) The operator API's GET routes read their query loosely. A filter sent as a list
 * (`?program[]=chetup`) or an object (`?program[x]=chetup`) was dropped without a word: the list came back
 * unfiltered, every program's payouts for one asked. A parameter given twice was a 400 whose words blamed its value
 * ("expected string, received array", "must be an ISO-8601 time", "expected number, received NaN"), and an unknown
 * parameter (`?programme=jqsee`, a typo) was ignored, though the performance report, the Mini App's calls and every
 * body refuse one. Every parameter of the API takes one value: each is now a 400 naming the parameter and saying
 * why, and an unknown one a 400 "unknown field", on every GET operation of the document (which now lists the
 * parameters its routes read: review-flags' limit, a batch export's details).
 */
describe('a query parameter is given once, as one value, and only the documented ones', () => {
  let api: Api
  let partner: string
  let doc: any
  beforeAll(async () => {
    api = await startApi('2026-03-02T11:00:00Z')
    partner = (await api.enrolled('jqsee', { name: 'Query', language: 'en', legalType: 'individual' })).partner
    await api.enrolled('chetup', { name: 'Other', language: 'en', legalType: 'individual' })
    doc = await (await api.get('/v1/openapi.json')).json()
  })
  afterAll(async () => {
    await api?.close()
  })

  /** Every bearer GET operation of the document, with a URL that reaches its route, and its query parameters. */
  const operations = () =>
    Object.entries<any>(doc.paths).flatMap(([path, ops]) =>
      ops.get?.security?.some((s: any) => 'bearer' in s)
        ? [
            {
              path,
              params: (ops.get.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => p.name as string),
              url: path
                .replace('{program}', 'jqsee')
                .replace('{partner}', partner)
                .replace(/\{[a-z]+\}/g, '00000000-0000-4000-8000-000000000000'),
            },
          ]
        : [],
    )
  const get = (url: string) => api.operator('GET', url)
  const sep = (url: string) => (url.includes('?') ? '&' : '?')

  it('a parameter given twice, as a list or as an object: 400 naming it and saying so', async () => {
    let checked = 0
    for (const { url, params } of operations()) {
      for (const name of params) {
        const cases: [string, string][] = [
          [`${name}=a&${name}=b`, 'is given 2 times: give it once'],
          [`${name}[]=a`, `must be one value, not a list (${name}[]=) or an object (${name}[key]=)`],
          [`${name}[x]=a`, `must be one value, not a list (${name}[]=) or an object (${name}[key]=)`],
        ]
        for (const [query, message] of cases) {
          const r = await get(`${url}${sep(url)}${query}`)
          expect(r.status, `${url} ${query}: ${JSON.stringify(r.body)}`).toBe(400)
          expect(r.body.error.issues, `${url} ${query}`).toContainEqual({ path: name, message })
          checked++
        }
      }
    }
    expect(checked).toBeGreaterThan(30)
  })

  it('an unknown parameter: 400 "unknown field"; every documented one is known', async () => {
    for (const { url, params } of operations()) {
      const r = await get(`${url}${sep(url)}zzUnknown=1`)
      expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(400)
      expect(r.body.error.issues, url).toContainEqual({ path: 'zzUnknown', message: 'unknown field' })
      for (const name of params) {
        const one = await get(`${url}${sep(url)}${name}=1`)
        expect(one.body?.error?.issues ?? [], `${url} ${name}`).not.toContainEqual({
          path: name,
          message: 'unknown field',
        })
      }
    }
  })

  it('a filter sent as a list no longer answers the unfiltered list', async () => {
    for (const q of ['program[]=chetup', 'program[x]=chetup', 'program=chetup&program=jqsee']) {
      const r = await get(`/v1/partners/${partner}/payouts?${q}`)
      expect(r.status, q).toBe(400)
      expect(r.body.error.code).toBe('invalid_request')
      expect(r.body.error.issues.map((i: any) => i.path)).toEqual(['program'])
    }
    // the performance report's own code, its required program named once
    const perf = await get(`/v1/partners/${partner}/performance?program[]=jqsee`)
    expect(perf.status).toBe(400)
    expect(perf.body.error.code).toBe('performance.invalid')
    expect(perf.body.error.issues).toEqual([
      { path: 'program', message: 'must be one value, not a list (program[]=) or an object (program[key]=)' },
    ])
    // one value, as documented: answered
    expect((await get(`/v1/partners/${partner}/payouts?program=jqsee`)).status).toBe(200)
    expect((await get(`/v1/partners/${partner}/performance?program=jqsee&by=week`)).status).toBe(200)
  })
})
