import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'

/**
 * Support answering "my clicks do not match yours" needs the partner's clicks, sign-ups and first payments: the
 * partner card shows the last 30 days of each program (the report the partner reads in /stats and the API's
 * performance route), so no one has to call the operator API for them. A program of promo codes alone has no clicks.
 */
describe('the partner card shows the last 30 days of activity', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, desk } = env())
    slack.locales.set(USERS.admin, 'ru-RU')
  })

  const click = async (path: string, ip: string) => {
    const r = await api.get(path, { 'x-forwarded-for': ip, 'user-agent': 'Mozilla/5.0 (test)' })
    expect(r.status).toBe(302)
    await api.service.core.earnings.clicks.flush()
    return new URL(r.headers.get('location')!)
  }
  const card = async (partner: string, user: string) => {
    const r = await desk.command(`partner ${partner}`, user)
    const answer = await slack.response(r.responseId)
    return JSON.stringify(answer.blocks ?? [])
  }

  it('quantower (links): clicks (two visitors, one of them twice), unique ones, sign-ups and first payments, in the reader’s language', async () => {
    const p = await api.enrolled('quantower', { name: 'Clicker', language: 'en', legalType: 'individual' })
    const link = `/r/${p.codes[0]!.code}`
    const first = await click(link, '203.0.113.10')
    await click(link, '203.0.113.11')
    await click(link, '203.0.113.11')
    const customer = `${p.partner}-c`
    await api.recorded('quantower', {
      id: `${customer}-s`,
      type: 'signup',
      occurredAt: '2026-03-06T10:00:00Z',
      customer,
      ref: p.codes[0]!.code,
      click: first.searchParams.get('click'),
    })
    await api.recorded('quantower', {
      id: `${customer}-p`,
      type: 'payment',
      occurredAt: '2026-03-06T10:00:00Z',
      customer,
      amount: '100.00',
      currency: 'USD',
    })
    expect(await card(p.partner, USERS.support)).toContain(
      'Last 30 days: clicks 3, unique 2 · sign-ups 1 · first payments 1',
    )
    expect(await card(p.partner, USERS.admin)).toContain(
      'За последние 30 дней: клики 3, уникальные 2 · регистрации 1 · первые оплаты 1',
    )
  })

  it('jqsee (promo codes alone): no clicks, the sign-ups and first payments', async () => {
    const p = await api.enrolled('jqsee', { name: 'Coder', language: 'en', legalType: 'individual' })
    await api.recorded('jqsee', {
      id: `${p.partner}-pay`,
      type: 'payment',
      occurredAt: '2026-03-06T08:00:00Z',
      customer: `${p.partner}-c`,
      ref: p.codes[0]!.code,
      order: `${p.partner}-o`,
      amount: '120.00',
      currency: 'USD',
    })
    const shown = await card(p.partner, USERS.finance)
    expect(shown).toMatch(/Last 30 days: sign-ups \d+ · first payments 1/)
    expect(shown).not.toContain('clicks')
  })
})
