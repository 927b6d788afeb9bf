import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitUntil } from '../helpers/wait.ts'

const en = createI18n().t('en')

/**
 * Issue 16 item 7: a term change published from Slack can carry the new commission rule, previewed (old and new
 * rate per level, from when, for how many partners), and the engine pays it from the effective date. Seed 001,
 * worksection-partner 5.10: a client keeps the rate of the level at which it was acquired.
 */
describe('term changes that change money', () => {
  const env = withDesk('2026-04-01T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, telegram, slack, desk } = env())
  })

  it('item 7. "rates only" needs the new rule; the API refuses it without one', async () => {
    const refused = await api.operator('POST', '/v1/programs/worksection-partner/terms', {
      effectiveAt: '2026-04-01T10:00:00Z',
      ratesOnly: true,
      texts: { en: 'Silver becomes 10%.' },
    })
    expect(refused.status).toBe(400)
    expect(refused.body.error.code).toBe('terms.rates_need_commission')
    expect((await api.operator('GET', '/v1/programs/worksection-partner/terms')).body.versions).toHaveLength(0)
  })

  it('item 7. "the Partner keeps the rate of the level at the client\'s acquisition" (5.10): a rate cut published from Slack pays new clients the new rate, old clients the old', async () => {
    api.clock.set('2026-04-01T10:00:00Z')
    const chat = 9701
    const enrolled = await api.enrol('worksection-partner', {
      name: 'Integrator',
      language: 'kk',
      legalType: 'company',
      telegramId: chat,
    })
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201)
    const code = enrolled.body.codes[0].code as string
    const pay = (client: string, n: number, at: string, ref?: string) =>
      api.recorded('worksection-partner', {
        id: `tm-${client}-${n}`,
        type: 'payment',
        occurredAt: at,
        customer: `tm-${client}`,
        order: `tm-${client}-${n}`,
        amount: '100.00',
        currency: 'USD',
        ...(ref ? { ref } : {}),
      })
    expect((await pay('a', 1, '2026-04-01T09:00:00Z', code)).commissions[0].amount).toBe('15.00')

    // support and finance may not publish terms: refused with the reason
    for (const user of [USERS.support, USERS.finance]) {
      const r = await desk.command('terms worksection-partner', user)
      const answer = await waitUntil(() => slack.responses.find((x) => x.id === r.responseId))
      expect(answer.body.text).toMatch(/admin/)
    }

    const mark = slack.calls.length
    await desk.command('terms worksection-partner', USERS.admin)
    const compose = await desk.openedView(mark)
    const section = compose.blocks.find((b: any) => b.block_id === 'commission')
    // prefilled with the rule in force: Silver 15% from 0, Gold 25% from 15, Platinum 35% from 35
    expect(section.element.initial_value).toBe('0: 15\n15: 25\n35: 35')
    expect(section.optional).toBe(true)

    const form = (commission: string, ratesOnly = true) => ({
      effective: { date: { date: '2026-04-01' } },
      ...(ratesOnly ? { options: { options: { checked: ['rates_only'] } } } : {}),
      commission: { levels: commission },
      text_en: { text: 'The Silver rate becomes 10% for customers acquired from today.' },
      text_kk: { text: 'Күміс деңгейі бүгіннен бастап тартылған клиенттер үшін 10% болады.' },
    })
    // "rates only" with the rule unchanged: refused on the commission field, nothing drafted
    const unchanged = await desk.submit(USERS.admin, compose, form('0: 15\n15: 25\n35: 35'))
    expect(unchanged.body).toEqual({
      response_action: 'errors',
      errors: { commission: en('desk.publish.needs_commission') },
    })
    // lines that do not read, and a rate over 100%: refused on the field
    for (const bad of ['silver 10', '0: 10\n15: 250'])
      expect((await desk.submit(USERS.admin, compose, form(bad))).body.errors).toHaveProperty('commission')
    expect((await api.operator('GET', '/v1/programs/worksection-partner/terms')).body.versions).toHaveLength(0)

    const preview = await desk.submit(USERS.admin, compose, form('0: 10\n15: 25\n35: 35'))
    expect(preview.body.response_action, JSON.stringify(preview.body)).toBe('update')
    const shown = JSON.stringify(preview.body.view.blocks)
    expect(shown).toContain('Silver (0+): 15% → *10%*')
    expect(shown).toContain('Gold (15+): 25%')
    expect(shown).toContain(en('desk.publish.change_partners', { count: 1 }))
    expect(shown).toContain('Customers acquired before')

    const published = await desk.submit(USERS.admin, preview.body.view, {})
    expect(published.status).toBe(200)
    // a second click on Publish changes nothing and says so
    const again = await desk.submit(USERS.admin, preview.body.view, {})
    expect(again.body.response_action).toBe('update')
    expect(JSON.stringify(again.body.view.blocks)).toContain('already published')
    const versions = (await api.operator('GET', '/v1/programs/worksection-partner/terms')).body.versions
    expect(versions).toHaveLength(1)
    expect(versions[0]).toMatchObject({ ratesOnly: true, commission: { type: 'payment_share', holdDays: 31 } })
    expect(versions[0].commission.levels.map((l: any) => l.rateBps)).toEqual([1000, 2500, 3500])
    expect(versions[0].publishedAt).toBeTruthy()
    const audit = await api.service.db.prisma.auditLog.findMany({
      where: { subjectId: versions[0].id, action: { in: ['terms.drafted', 'terms.published'] } },
    })
    expect(audit.map((a) => [a.action, a.actor]).sort()).toEqual([
      ['terms.drafted', `slack:${USERS.admin}`],
      ['terms.published', `slack:${USERS.admin}`],
    ])
    // the partner reads the change in Telegram, in Kazakh
    const notice = await waitUntil(() =>
      telegram.calls.find(
        (c) =>
          c.method === 'sendMessage' && Number(c.payload.chat_id) === chat && String(c.payload.text).startsWith('📜'),
      ),
    )
    expect(String(notice.payload.text)).toContain('Күміс деңгейі')

    // the engine pays the new rate from the effective date: client a keeps 15%, client b (new) earns 10%
    api.clock.set('2026-04-02T12:00:00Z')
    expect((await pay('a', 2, '2026-04-02T09:00:00Z')).commissions[0].amount).toBe('15.00')
    expect((await pay('b', 1, '2026-04-02T09:00:00Z', code)).commissions[0].amount).toBe('10.00')
  })
})
