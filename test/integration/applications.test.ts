import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import { applyThroughBot } from '../helpers/applicant.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * Issue 15, rule 1: worksection-partner applications are approved or declined by the company.
 * Seed 001 (worksection-partner agreement), clause 3.1: "Серіктес Компанияның веб-сайтына (форма толтыру) электронды
 * түрде өтінімді жібереді, және Компанияның мақұлдауы кезінде, бұл Келісім күшіне енеді" (the partner sends an
 * application; the agreement takes effect on the company's approval); clause 3.3: "Компания өз қалауы бойынша
 * Келісімді растауға және жасауға бас тарту құқығына ие" (the company may refuse to conclude it). programs.md says the
 * same ("Joining needs an application approved by the company"); contract section 7 gives the HTTP form.
 */
describe('worksection-partner applications: "the agreement takes effect on the company\'s approval" (seed 3.1, 3.3)', () => {
  const env = withTelegram('2026-03-05T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  let tg = 15_100
  const messageTo = (chat: number, n: number) => telegram.nthText(chat, n)
  /** Applies through the bot's deep link, as a partner does: the chat and the partner's id. */
  const apply = (language: string) => applyThroughBot(api, telegram, ++tg, language)
  const photosTo = (chat: number) =>
    telegram.calls.filter((c) => c.method === 'sendPhoto' && Number(c.payload.chat_id) === chat)
  const decide = (partner: string, what: 'approve' | 'decline', body: unknown = {}) =>
    api.operator('POST', `/v1/programs/worksection-partner/partners/${partner}/${what}`, body)
  const reenrol = (chat: number) =>
    api.enrol('worksection-partner', { name: 'P', language: 'en', legalType: 'individual', telegramId: chat })

  it('approved from the API: /link says pending until then, the partner is told in Russian, then gets the link', async () => {
    const p = await apply('ru')
    await telegram.sendText(p.chat, '/link')
    expect(await messageTo(p.chat, 7)).toBe(
      '📝 Worksection (партнёрская): ваша заявка ожидает одобрения компании. Реферальная ссылка появится здесь после одобрения — мы вам сообщим.',
    )
    expect(photosTo(p.chat)).toEqual([])

    const ok = await decide(p.partner, 'approve')
    expect(ok, JSON.stringify(ok.body)).toMatchObject({
      status: 200,
      body: { partner: p.partner, program: 'worksection-partner', status: 'active' },
    })
    expect(await messageTo(p.chat, 8)).toBe(
      '✅ Ваша заявка на участие в программе Worksection (партнёрская) одобрена. Ваша реферальная ссылка готова: /link',
    )
    await telegram.sendText(p.chat, '/link')
    expect(await messageTo(p.chat, 9)).toMatch(/^🔗 Worksection \(партнёрская\): .*\n• .*\/r\/[A-Za-z0-9]+$/)

    // re-enrolling after approval returns the active enrolment
    const again = await reenrol(p.chat)
    expect(again).toMatchObject({ status: 200, body: { enrolment: { status: 'active' } } })
    // approving an active partner is refused, and nobody is told twice
    const twice = await decide(p.partner, 'approve')
    expect(twice).toMatchObject({ status: 409, body: { error: { code: 'enrolment.transition_not_allowed' } } })
    const declineActive = await decide(p.partner, 'decline', { reason: 'too late' })
    expect(declineActive).toMatchObject({ status: 409, body: { error: { code: 'enrolment.transition_not_allowed' } } })
    expect(telegram.textsTo(p.chat)).toHaveLength(9)
    const audit = await api.service.db.prisma.auditLog.findMany({
      where: { subjectId: p.partner, action: { startsWith: 'application.' } },
    })
    expect(audit.map((a) => [a.action, a.actor])).toEqual([['application.approve', 'operator-api']])
  })

  it('declined from the API with a reason: told in Latvian; the decline is final', async () => {
    const p = await apply('lv')
    const noReason = await decide(p.partner, 'decline', {})
    expect(noReason).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } })
    const no = await decide(p.partner, 'decline', { reason: 'Nav integratora pieredzes' })
    expect(no, JSON.stringify(no.body)).toMatchObject({ status: 200, body: { status: 'declined' } })
    expect(await messageTo(p.chat, 7)).toBe(
      'Diemžēl jūsu pieteikums dalībai programmā Worksection (partneru) ir noraidīts.',
    )
    await telegram.sendText(p.chat, '/link')
    expect(await messageTo(p.chat, 8)).toBe('Worksection (partneru): jūsu pieteikums ir noraidīts.')
    // /terms shows the application's status too
    await telegram.sendText(p.chat, '/terms')
    expect(await messageTo(p.chat, 9)).toContain('\n\nJūsu pieteikums: noraidīts.')

    // final: neither approved nor declined again, and enrolling again returns the declined enrolment
    for (const what of ['approve', 'decline'] as const) {
      const r = await decide(p.partner, what, what === 'decline' ? { reason: 'again' } : {})
      expect([what, r.status, r.body.error?.code]).toEqual([what, 409, 'enrolment.transition_not_allowed'])
    }
    expect(await reenrol(p.chat)).toMatchObject({ status: 200, body: { enrolment: { status: 'declined' } } })
    const audit = await api.service.db.prisma.auditLog.findFirstOrThrow({
      where: { subjectId: p.partner, action: 'application.decline' },
    })
    expect(audit.reason).toBe('Nav integratora pieredzes')
    expect(photosTo(p.chat)).toEqual([])
    expect(telegram.textsTo(p.chat)).toHaveLength(9)
  })

  it('refuses a decision for an unknown program, partner or a partner who never applied', async () => {
    const p = await apply('en')
    const cases: [string, number, string][] = [
      [`/v1/programs/nope/partners/${p.partner}/approve`, 404, 'program.not_found'],
      [
        '/v1/programs/worksection-partner/partners/00000000-0000-0000-0000-000000000000/approve',
        404,
        'enrolment.not_found',
      ],
      [`/v1/programs/quantower/partners/${p.partner}/approve`, 404, 'enrolment.not_found'],
    ]
    for (const [path, status, code] of cases) {
      const r = await api.operator('POST', path, {})
      expect([path, r.status, r.body.error?.code]).toEqual([path, status, code])
    }
    const extra = await decide(p.partner, 'approve', { reason: 'x', extra: 1 })
    expect(extra.status).toBe(400)
    // still waiting, as /terms says
    await telegram.sendText(p.chat, '/terms')
    expect(await messageTo(p.chat, 7)).toContain("\n\nYour application: awaiting the company's approval.")
    expect(telegram.textsTo(p.chat)).toHaveLength(7)
  })
})
