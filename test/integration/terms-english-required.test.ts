import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'

/**
 * (Found by an outside review.) Contract section 3: a term change is `{effectiveAt, texts: {en, ru?, kk?, ka?, lv?}}`:
 * English is required, being what a partner reads when their language has no text (a partner who joins after the
 * change was published, in a language nobody read when it was written). The operator API drafted a change with
 * Russian text only, and the Slack form let English be left empty where no partner read it yet. Both now refuse it,
 * naming the field, and nothing is drafted.
 */
describe('a term change must have its English text', () => {
  const env = withDesk('2026-04-01T09:00:00Z')
  let api: Api
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, desk } = env())
  })
  const drafts = () => api.service.db.prisma.termsVersion.count()

  it('the operator API refuses texts without en (missing or blank) with a 400 naming texts.en', async () => {
    await api.enrolled('chetup', { name: 'Ru', language: 'ru', legalType: 'individual', telegramId: 9901 })
    const before = await drafts()
    for (const texts of [{ ru: 'Новые условия.' }, { en: '   ', ru: 'Новые условия.' }]) {
      const r = await api.operator('POST', '/v1/programs/chetup/terms', { effectiveAt: '2026-05-01T00:00:00Z', texts })
      expect(r.status, JSON.stringify(r.body)).toBe(400)
      expect(r.body.error.code).toBe('terms.english_required')
      expect(r.body.error.issues).toEqual([{ path: 'texts.en', message: expect.stringMatching(/English/) }])
    }
    expect(await drafts()).toBe(before)
    // with English it is drafted
    const ok = await api.operator('POST', '/v1/programs/chetup/terms', {
      effectiveAt: '2026-05-01T00:00:00Z',
      texts: { en: 'New terms.', ru: 'Новые условия.' },
    })
    expect(ok.status, JSON.stringify(ok.body)).toBe(201)
  })

  it('the OpenAPI document says texts.en is required and which languages there are', async () => {
    const doc = await (await api.get('/v1/openapi.json')).json()
    const schema = doc.paths['/v1/programs/{program}/terms'].post.requestBody.content['application/json'].schema
    const texts = schema.properties.texts
    expect(texts.required).toEqual(['en'])
    expect(Object.keys(texts.properties)).toEqual(['en', 'ru', 'kk', 'ka', 'lv'])
    expect(texts.additionalProperties).toBe(false)
  })

  it('the Slack form asks for English even where no partner reads it, and refuses it empty under its field', async () => {
    // worksection-partner: nobody enrolled, so no language is read by a partner
    const mark = slack.calls.length
    await desk.command('terms worksection-partner', USERS.admin)
    const view = await desk.openedView(mark)
    const en = view.blocks.find((b: any) => b.block_id === 'text_en')
    expect(en.optional).toBe(false)
    expect(en.label.text).toContain('English')
    expect(en.label.text).not.toContain('optional')
    const before = await drafts()
    const res = await desk.submit(USERS.admin, view, {
      effective: { date: { date: '2026-05-01' } },
      text_ru: { text: 'Новые условия.' },
    })
    expect(res.body.response_action, JSON.stringify(res.body)).toBe('errors')
    expect(Object.keys(res.body.errors)).toEqual(['text_en'])
    expect(res.body.errors.text_en).toMatch(/English/)
    expect(await drafts()).toBe(before)
  }, 30_000)
})
