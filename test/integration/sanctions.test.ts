import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitFor } from '../helpers/ports.ts'

/** Sanctions through the operator API, with the partner told in Telegram, in its language. */
describe('sanctions', () => {
  const env = withTelegram('2026-03-02T09:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  let tg = 900
  const enrol = async (program: string, language: string) => {
    const telegramId = ++tg
    const r = await api.enrol(program, { name: 'P', language, legalType: 'individual', telegramId })
    expect(r.status).toBe(201)
    return { partner: r.body.partner.id as string, code: r.body.codes[0].code as string, telegramId }
  }
  const messageTo = (chat: number, n = 1) =>
    waitFor(() => (telegram.textsTo(chat).length >= n ? telegram.textsTo(chat)[n - 1] : undefined), 10_000)

  it('suspended codes stop attribution and clicks; reinstated, they work again; the partner hears both in Russian', async () => {
    const p = await enrol('quantower', 'ru')
    const s = await api.operator('POST', `/v1/partners/${p.partner}/sanctions`, {
      program: 'quantower',
      kind: 'suspend_codes',
      reason: 'ad_rules',
      note: 'Уберите рекламу по бренду',
    })
    expect(s.status, JSON.stringify(s.body)).toBe(201)
    expect(await messageTo(p.telegramId)).toBe(
      '⏸ Программа Quantower приостановила ваши реферальные ссылки и промокоды. До их восстановления доход по ним не начисляется.\nПричина: нарушение правил рекламы.\n\nКомментарий программы Quantower: Уберите рекламу по бренду',
    )
    const click = await api.get(`/r/${p.code}`)
    expect(click.status).toBe(302)
    expect(click.headers.get('location')).toBe('https://www.quantower.com/')
    const ev = await api.postback('quantower', {
      id: 's1',
      type: 'signup',
      // from the suspension on (an event from before it still earns: code-suspension-by-event-date)
      occurredAt: '2026-03-02T09:00:00Z',
      customer: 'sc1',
      ref: p.code,
    })
    expect(ev.body.event).toMatchObject({ partner: null, attribution: 'code_suspended' })

    expect(s.body.sanction).toMatchObject({ liftedAt: null, liftedBy: null })
    const lift = await api.operator('POST', `/v1/sanctions/${s.body.sanction.id}/lift`, { reason: 'fixed' })
    expect(lift.status).toBe(200)
    // who lifted it, as the partner card on the desk says it
    expect(lift.body.sanction).toMatchObject({ liftedBy: 'operator-api' })
    expect(lift.body.sanction.liftedAt).toEqual(expect.any(String))
    expect(await messageTo(p.telegramId, 2)).toBe(
      '✅ Программа Quantower восстановила ваши реферальные ссылки и промокоды.',
    )
    const again = await api.get(`/r/${p.code}`)
    expect(again.headers.get('location')).toMatch(
      new RegExp(`^https://www\\.quantower\\.com/\\?ref=${p.code}&click=[0-9a-f-]{36}$`),
    )
  })

  it('a blocked partner earns nothing new until the block is lifted; told in Georgian', async () => {
    const p = await enrol('quantower', 'ka')
    await api.postback('quantower', {
      id: 'b-s',
      type: 'signup',
      occurredAt: '2026-03-02T08:00:00Z',
      customer: 'bc1',
      ref: p.code,
    })
    const block = await api.operator('POST', `/v1/partners/${p.partner}/sanctions`, {
      program: 'quantower',
      kind: 'block',
      reason: 'fraud',
    })
    expect(block.status).toBe(201)
    expect(await messageTo(p.telegramId)).toMatch(/^⛔️ პროგრამამ Quantower დაბლოკა თქვენი ანგარიში/)
    const paid = await api.postback('quantower', {
      id: 'b-p',
      type: 'payment',
      occurredAt: '2026-03-02T08:30:00Z',
      customer: 'bc1',
      order: 'bo1',
      amount: '50.00',
      currency: 'USD',
    })
    expect(paid.body).toMatchObject({ commissions: [], notes: ['partner_blocked'] })
    const twice = await api.operator('POST', `/v1/partners/${p.partner}/sanctions`, {
      program: 'quantower',
      kind: 'block',
      reason: 'fraud',
    })
    expect(twice).toMatchObject({ status: 409, body: { error: { code: 'enrolment.transition_not_allowed' } } })
    await api.operator('POST', `/v1/sanctions/${block.body.sanction.id}/lift`, { reason: 'cleared' })
    const later = await api.postback('quantower', {
      id: 'b-p2',
      type: 'payment',
      occurredAt: '2026-03-02T08:40:00Z',
      customer: 'bc1',
      order: 'bo2',
      amount: '50.00',
      currency: 'USD',
    })
    expect(later.body.commissions).toEqual([expect.objectContaining({ amount: '10.00', status: 'available' })])
  })

  it('a disqualification is final and cannot be lifted', async () => {
    const p = await enrol('melbet', 'lv')
    const d = await api.operator('POST', `/v1/partners/${p.partner}/sanctions`, {
      program: 'melbet',
      kind: 'disqualify',
      reason: 'self_referral',
    })
    expect(d.status).toBe(201)
    expect(await messageTo(p.telegramId)).toBe(
      '❌ Programma Melbet jūs ir diskvalificējusi. Vēl neizmaksātā atlīdzība ir anulēta, bet jau veiktās izmaksas paliek jums.\nIemesls: piesaistītie klienti ir jūsu pašu konti.',
    )
    const lift = await api.operator('POST', `/v1/sanctions/${d.body.sanction.id}/lift`, { reason: 'appeal' })
    expect(lift).toMatchObject({ status: 409, body: { error: { code: 'sanction.final' } } })
    // past sanctions: a disqualified partner is not warned or blocked any more (core's rule, the desk's buttons)
    for (const kind of ['warning', 'suspend_codes', 'block', 'disqualify']) {
      const again = await api.operator('POST', `/v1/partners/${p.partner}/sanctions`, {
        program: 'melbet',
        kind,
        reason: 'other',
      })
      expect([kind, again.status, again.body.error?.code]).toEqual([kind, 409, 'enrolment.transition_not_allowed'])
    }
    expect(telegram.textsTo(p.telegramId)).toHaveLength(1)
  })

  it('refuses bad sanction requests without changing anything', async () => {
    const p = await enrol('jqsee', 'en')
    const cases: [unknown, number, string][] = [
      [{ program: 'jqsee', kind: 'ban', reason: 'x1' }, 400, 'invalid_request'],
      [{ program: 'jqsee', kind: 'warning', reason: 'Has Spaces' }, 400, 'invalid_request'],
      [{ program: 'nope', kind: 'warning', reason: 'fraud' }, 404, 'program.not_found'],
      [{ program: 'melbet', kind: 'warning', reason: 'fraud' }, 404, 'enrolment.not_found'],
      [{ program: 'jqsee', kind: 'warning', reason: 'fraud', extra: 1 }, 400, 'invalid_request'],
    ]
    for (const [body, status, code] of cases) {
      const r = await api.operator('POST', `/v1/partners/${p.partner}/sanctions`, body)
      expect(r, JSON.stringify(body)).toMatchObject({ status, body: { error: { code } } })
    }
    const unknown = await api.operator('POST', '/v1/partners/00000000-0000-0000-0000-000000000000/sanctions', {
      program: 'jqsee',
      kind: 'warning',
      reason: 'fraud',
    })
    expect(unknown.status).toBe(404)
    expect(telegram.textsTo(p.telegramId)).toEqual([])
  })

  it('refuses a reason code that is not on its list (nobody could read it), on every operator route that takes one', async () => {
    const p = await enrol('jqsee', 'en')
    const id = '00000000-0000-0000-0000-000000000000'
    const cases: [string, unknown, string][] = [
      [`/v1/partners/${p.partner}/sanctions`, { program: 'jqsee', kind: 'warning', reason: 'spam' }, 'reason'],
      [`/v1/payouts/${id}/hold`, { reason: 'fraud_review' }, 'reason'],
      [`/v1/payouts/${id}/reject`, { reason: 'traffic_check' }, 'reason'],
      [`/v1/payouts/${id}/approve`, { reason: 'looks_fine' }, 'reason'],
      [
        `/v1/partners/${p.partner}/payout-settings`,
        { program: 'jqsee', hold: { until: '2026-04-01T00:00:00Z', reason: 'vacation' } },
        'hold.reason',
      ],
      ['/v1/programs/jqsee/payouts/pause', { reason: 'bank_holiday' }, 'reason'],
      ['/v1/programs/jqsee/payouts/resume', { reason: 'bank_holiday' }, 'reason'],
      [
        '/v1/programs/jqsee/payout-dates',
        { scheduled: '2026-03-25', movedTo: '2026-03-26', reason: 'bank_holiday' },
        'reason',
      ],
      [`/v1/programs/jqsee/codes/${id}/suspend`, { reason: 'spam' }, 'reason'],
      [`/v1/review-flags/${id}/resolve`, { resolution: 'no_action' }, 'resolution'],
    ]
    for (const [path, body, field] of cases) {
      const r = await api.operator('POST', path, body)
      expect(r, path).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } })
      const issue = r.body.error.issues.find((i: { path: string }) => i.path === field)
      expect(issue?.message, path).toMatch(/^must be one of: [a-z_]+(, [a-z_]+)*$/)
    }
    // nothing happened: no sanction, no notice
    expect(await api.service.db.prisma.sanction.count({ where: { enrolment: { partnerId: p.partner } } })).toBe(0)
    expect(telegram.textsTo(p.telegramId)).toEqual([])
  })
})
