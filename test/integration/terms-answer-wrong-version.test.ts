import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * (Found by an outside review.) A partner's answer recorded through the operator API
 * (POST /v1/partners/{partner}/terms-answers) naming a version that was never published (a draft), or one of a
 * program the partner is not in, was told "This version of the terms no longer exists" or "The partner is not in this
 * program": the version exists, and the operator went looking for a deleted one or could not tell which program.
 * A draft is now 409 terms.not_published; another program's version names that program; nothing is recorded.
 */
describe('a terms answer naming a draft or another program’s version', () => {
  let api: Api
  let partner: string
  const texts = Object.fromEntries(['en', 'ru', 'kk', 'ka', 'lv'].map((l) => [l, `Changed terms (${l}).`]))
  const draftOf = async (program: string) =>
    (await api.operator('POST', `/v1/programs/${program}/terms`, { effectiveAt: '2026-05-01T00:00:00Z', texts })).body
      .version.id as string
  const answer = (versionId: string) =>
    api.operator('POST', `/v1/partners/${partner}/terms-answers`, { versionId, answer: 'objected' })
  beforeAll(async () => {
    api = await startApi('2026-03-02T11:00:00Z')
    partner = (await api.enrolled('jqsee', { name: 'Answers', language: 'en', legalType: 'individual' })).partner
    // chetup has a partner of its own, so its change is broadcast
    await api.enrolled('chetup', { name: 'Other', language: 'en', legalType: 'individual' })
  })
  afterAll(async () => {
    await api?.close()
  })

  it('a draft: 409 terms.not_published, saying it is not published yet', async () => {
    const r = await answer(await draftOf('jqsee'))
    expect(r.status, JSON.stringify(r.body)).toBe(409)
    expect(r.body.error).toEqual({
      code: 'terms.not_published',
      message:
        'This version of the terms is not published yet: there is nothing to answer until it is. Nothing was recorded.',
    })
    expect(await api.service.db.prisma.termsAnswer.count()).toBe(0)
  })

  it("another program's version: 404 terms.not_enrolled naming that program", async () => {
    const version = await draftOf('chetup')
    expect((await api.operator('POST', `/v1/terms/${version}/publish`, {})).status).toBe(201)
    const r = await answer(version)
    expect(r.status, JSON.stringify(r.body)).toBe(404)
    expect(r.body.error.code).toBe('terms.not_enrolled')
    expect(r.body.error.message).toMatch(
      /^The partner is not in .+, the program this version of the terms belongs to\. Nothing was recorded\.$/,
    )
    expect(r.body.error.message).not.toContain('no longer exists')
    expect(await api.service.db.prisma.termsAnswer.count()).toBe(0)
  })

  it('the document lists both answers', async () => {
    const doc = await (await api.get('/v1/openapi.json')).json()
    const responses = doc.paths['/v1/partners/{partner}/terms-answers'].post.responses
    expect(responses['409'].description).toContain('terms.not_published')
    expect(responses['404'].description).toContain('terms.not_enrolled')
  })

  it('an id that names no version is still 404 terms.not_found', async () => {
    const r = await answer('00000000-0000-4000-8000-000000000000')
    expect(r.status).toBe(404)
    expect(r.body.error.code).toBe('terms.not_found')
  })
})
