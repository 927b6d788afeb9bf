import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * (Found by an outside review.) Enrolling a partner in a language the bot does not speak (`language: "de"`)
 * answered 201 and stored English, silently: the operator believed the partner would be written to in German. The
 * contract names no fallback, so such a language is a field error naming the field and the languages there are;
 * a regional tag of a supported language (ru-RU, kk-KZ) is still that language.
 */
describe('enrolling a partner in an unsupported language', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-02T11:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  it('is a 400 naming language and the supported languages; nothing is saved', async () => {
    for (const language of ['de', 'de-DE', 'xx', 'fr_CA']) {
      const r = await api.enrol('jqsee', { name: 'Hans', language, legalType: 'individual' })
      expect(r.status, `${language}: ${JSON.stringify(r.body)}`).toBe(400)
      expect(r.body.error.code).toBe('invalid_request')
      expect(r.body.error.issues).toEqual([
        { path: 'language', message: 'must be one of the supported languages: en, ru, kk, ka, lv' },
      ])
    }
    const malformed = await api.enrol('jqsee', { name: 'Hans', language: 'german!', legalType: 'individual' })
    expect(malformed.body.error.issues.map((i: { path: string }) => i.path)).toContain('language')
    expect(await api.service.db.prisma.partner.count()).toBe(0)
    expect(await api.service.db.prisma.enrolment.count()).toBe(0)
  })

  it('a supported language, also as a regional tag, is stored as that language', async () => {
    const r = await api.enrol('jqsee', { name: 'Айгерим', language: 'kk-KZ', legalType: 'individual' })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.partner.language).toBe('kk')
  })

  it('the OpenAPI document lists the supported languages', async () => {
    const doc = await (await api.get('/v1/openapi.json')).json()
    const language = doc.paths['/v1/programs/{program}/partners'].post.requestBody.content['application/json'].schema
    const schema = language.$ref ? doc.components.schemas[language.$ref.split('/').pop()] : language
    expect(schema.properties.language.description).toContain('en, ru, kk, ka, lv')
  })
})
