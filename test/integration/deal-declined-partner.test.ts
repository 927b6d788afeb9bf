import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import { applyThroughBot } from '../helpers/applicant.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * Contract section 7: a declined application is final ("applied -> active or declined"); the partner has no
 * agreement in the program. A deal is "a per-partner commission" for a partner of the program: setting one for a
 * declined applicant must be refused (as issuing a code to them is, 422 code.partner_not_active, and as the Slack
 * card offers no "Set deal" for them), and the declined applicant must not be told "individual commission terms have
 * been set for you".
 */
describe('a deal for a declined worksection-partner applicant', () => {
  const env = withTelegram('2026-03-05T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  it('is refused, nothing is saved and the applicant is not told of terms they do not have', async () => {
    const p = await applyThroughBot(api, telegram, 15_951, 'en')
    const no = await api.operator('POST', `/v1/programs/worksection-partner/partners/${p.partner}/decline`, {
      reason: 'No integration experience',
    })
    expect(no.status, JSON.stringify(no.body)).toBe(200)
    await telegram.nthText(p.chat, 7)

    const path = `/v1/programs/worksection-partner/partners/${p.partner}/deal`
    const put = await api.operator('PUT', path, {
      commission: { levels: [{ name: 'Silver', after: 0, rateBps: 2000 }] },
      from: '2026-03-06',
      note: 'special rate',
    })
    // the code route refuses the same partner: 422 code.partner_not_active
    const code = await api.operator('POST', `/v1/programs/worksection-partner/partners/${p.partner}/codes`, {})
    expect(code.status).toBe(422)
    expect(put.status, JSON.stringify(put.body)).toBeGreaterThanOrEqual(400)
    expect(put.status).toBeLessThan(500)
    // as the code route: 422, with a code of its own and the partner's status in words
    expect(put.status).toBe(422)
    expect(put.body.error.code).toBe('deal.partner_not_active')
    expect(put.body.error.message).toMatch(/status in .* is “application declined”\. Deals are set only for active/)
    // nor is what one would pay previewed
    const preview = await api.operator('POST', `${path}/preview`, {
      commission: { levels: [{ name: 'Silver', after: 0, rateBps: 2000 }] },
    })
    expect(preview.status, JSON.stringify(preview.body)).toBe(422)
    expect(preview.body.error.code).toBe('deal.partner_not_active')
    const dry = await api.operator('PUT', path, {
      commission: { levels: [{ name: 'Silver', after: 0, rateBps: 2000 }] },
      from: '2026-03-06',
      note: 'special rate',
      dryRun: true,
    })
    expect(dry.status).toBe(422)
    expect(await api.service.db.prisma.auditLog.count({ where: { subjectId: p.partner, action: 'deal.set' } })).toBe(0)
    expect((await api.operator('GET', path)).body).toMatchObject({ current: null, future: [] })
    await new Promise((r) => setTimeout(r, 1500))
    expect(telegram.textsTo(p.chat).filter((t) => t.includes('individual commission terms'))).toEqual([])
  })
})

/**
 * An applicant not yet approved has no agreement to revise either (codes, payouts and the link wait for the approval
 * too, and the application may still be declined): refused the same way, and the Slack card offers "Set deal" only
 * once the partner is active. A card opened before a decline, pressed after it, is refused with the same words.
 */
describe('a deal for a worksection-partner applicant waits for the approval, over the API and from Slack', () => {
  const env = withDesk('2026-03-05T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, telegram, slack, desk } = env())
  })
  const text = (c: { text?: string; blocks?: unknown[] }) => `${c.text ?? ''}${JSON.stringify(c.blocks ?? [])}`
  const card = async (partner: string) =>
    text(await slack.response((await desk.command(`partner ${partner}`, USERS.finance)).responseId))
  const deal = { commission: { levels: [{ name: 'Gold', after: 0, rateBps: 2500 }] }, from: '2026-03-06', note: 'x' }

  it('refused while applied, offered and saved once approved; a stale "Set deal" after a decline is refused', async () => {
    const p = await applyThroughBot(api, telegram, 15_961, 'ru')
    const path = `/v1/programs/worksection-partner/partners/${p.partner}/deal`
    const applied = await api.operator('PUT', path, deal)
    expect(applied.status, JSON.stringify(applied.body)).toBe(422)
    expect(applied.body.error).toMatchObject({ code: 'deal.partner_not_active' })
    expect(applied.body.error.message).toContain('“application pending”')
    expect((await api.operator('POST', `${path}/preview`, { commission: deal.commission })).status).toBe(422)
    expect((await api.operator('GET', path)).body).toMatchObject({ current: null, future: [] })
    expect(await card(p.partner)).not.toContain('deal_set')
    // a forged or stale button: refused with the same words, no modal
    const before = slack.calls.length
    const pressed = await desk.action(USERS.finance, 'deal_set', `${p.partner}:worksection-partner`)
    expect((await slack.response(pressed.responseId)).text).toMatch(/“application pending”.*only for active partners/)
    expect(slack.calls.slice(before).some((c) => c.method === 'views.open')).toBe(false)

    const ok = await api.operator('POST', `/v1/programs/worksection-partner/partners/${p.partner}/approve`, {})
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    expect(await card(p.partner)).toContain('deal_set')
    const saved = await api.operator('PUT', path, deal)
    expect(saved.status, JSON.stringify(saved.body)).toBe(201)

    // another applicant, its card shown before the decline: "Set deal" pressed after it is refused
    const q = await applyThroughBot(api, telegram, 15_962, 'en')
    const no = await api.operator('POST', `/v1/programs/worksection-partner/partners/${q.partner}/decline`, {
      reason: 'No integration experience',
    })
    expect(no.status).toBe(200)
    const late = await desk.action(USERS.finance, 'deal_set', `${q.partner}:worksection-partner`)
    expect((await slack.response(late.responseId)).text).toMatch(/“application declined”/)
    expect(await card(q.partner)).not.toContain('deal_set')
    expect(
      (await api.operator('GET', `/v1/programs/worksection-partner/partners/${q.partner}/deal`)).body,
    ).toMatchObject({ current: null, future: [] })
  })
})
