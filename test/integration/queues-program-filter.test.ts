import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * (Found by an outside review.) GET /v1/queues?program=jqsee ignored `program` and answered every program's queues,
 * so an operator working one program counted another's work as theirs. It now filters by it, as the operator API's
 * other lists do: the counts and oldest items of that program only; an unknown program is 404 program.not_found
 * (not empty queues), and the program given twice is a 400.
 */
describe('GET /v1/queues filtered by program', () => {
  let api: Api
  let inJqsee: string
  let inChetup: string
  beforeAll(async () => {
    api = await startApi('2026-03-02T11:00:00Z')
    inJqsee = (await api.enrolled('jqsee', { name: 'Queue J', language: 'en', legalType: 'individual' })).partner
    inChetup = (await api.enrolled('chetup', { name: 'Queue C', language: 'en', legalType: 'individual' })).partner
    // both wait for approval (as a program that approves its partners has them)
    await api.service.db.prisma.enrolment.updateMany({ data: { status: 'applied' } })
  })
  afterAll(async () => {
    await api?.close()
  })

  it("counts and lists only that program's items", async () => {
    const all = await api.operator('GET', '/v1/queues?queues=applications')
    expect(all.body.queues[0].count).toBe(2)
    const r = await api.operator('GET', '/v1/queues?program=jqsee')
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    const applications = r.body.queues.find((q: { queue: string }) => q.queue === 'applications')
    expect(applications).toMatchObject({ count: 1, oldest: [{ partner: inJqsee, program: 'jqsee' }] })
    for (const q of r.body.queues) for (const item of q.oldest) expect(item.program, q.queue).toBe('jqsee')
    const chetup = await api.operator('GET', '/v1/queues?program=chetup&queues=applications')
    expect(chetup.body.queues[0]).toMatchObject({ count: 1, oldest: [{ partner: inChetup }] })
  })

  it('an unknown program is a 404 naming it; twice is a 400; the document lists both', async () => {
    const unknown = await api.operator('GET', '/v1/queues?program=jqsse')
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.code).toBe('program.not_found')
    expect(unknown.body.error.message).toContain('jqsse')
    const twice = await api.operator('GET', '/v1/queues?program=jqsee&program=chetup')
    expect(twice.status).toBe(400)
    expect(twice.body.error.issues[0].path).toBe('program')
    const doc = await (await api.get('/v1/openapi.json')).json()
    const get = doc.paths['/v1/queues'].get
    expect(get.parameters.map((p: { name: string }) => p.name)).toContain('program')
    expect(Object.keys(get.responses)).toEqual(expect.arrayContaining(['400', '404']))
  })
})
