import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import { applyThroughBot } from '../helpers/applicant.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { termsPartners } from '../helpers/terms-partners.ts'

/**
 * (Found by an outside review.) A term change of worksection-partner reaches its applicants too (the terms they
 * will join under), but an application waiting for approval is no agreement: the change came with Acknowledge and
 * Object, both answered only "you have no agreement", under a text saying an objection ends the agreement. An
 * applicant now reads that the new terms apply if they are approved, with no buttons; a partner whose application
 * was approved still gets both.
 */
describe('a term change reaches an applicant', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  const partners = termsPartners(env)
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  it('the applicant (ka) reads what applies once approved, no buttons; the approved partner (lv) can answer', async () => {
    const applicant = await applyThroughBot(api, telegram, 86_301, 'ka')
    const approved = await applyThroughBot(api, telegram, 86_302, 'lv')
    const ok = await api.operator('POST', `/v1/programs/worksection-partner/partners/${approved.partner}/approve`, {})
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)

    const draft = await api.operator('POST', '/v1/programs/worksection-partner/terms', {
      effectiveAt: '2026-04-20T00:00:00Z',
      texts: { en: 'CHANGE', ka: 'ცვლილება', lv: 'IZMAIŅAS' },
    })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    const versionId = draft.body.version.id as string
    expect((await api.operator('POST', `/v1/terms/${versionId}/publish`, {})).status).toBe(201)

    const toApplicant = await partners.changeMessageTo(applicant.chat)
    expect(toApplicant.payload.text).toContain('ცვლილება')
    expect(toApplicant.payload.text).toContain(
      'თქვენი განაცხადი ჯერ კიდევ განიხილება: თუ დამტკიცდება, თქვენზე ეს პირობები გავრცელდება.',
    )
    expect(toApplicant.payload.text).not.toContain('„არ ვეთანხმები“')
    expect(toApplicant.payload.reply_markup).toBeUndefined()

    const toPartner = await partners.changeMessageTo(approved.chat)
    expect(toPartner.payload.text).toContain('IZMAIŅAS')
    expect(toPartner.payload.text).not.toContain('Jūsu pieteikums vēl tiek izskatīts')
    const buttons = (toPartner.payload.reply_markup as { inline_keyboard: { callback_data: string }[][] })
      .inline_keyboard
    expect(buttons.flat().map((b) => b.callback_data)).toEqual([`tv:ack:${versionId}`, `tv:obj:${versionId}`])
  })
})
