import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { termsPartners } from '../helpers/terms-partners.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * The admin's term-change form while another change is pending: a new commission is compared with the rule in force
 * on its own date (the pending change included), and a commission left as the form showed it is no change.
 */
describe('slack: a term change while another is pending', () => {
  const env = withDesk('2026-03-02T09:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, telegram, slack, desk } = env())
  })
  const { enrol, changeMessageTo } = termsPartners(() => ({ api, telegram }))
  const compose = async () => {
    const mark = slack.calls.length
    await desk.command('terms quantower', USERS.admin)
    return desk.openedView(mark)
  }

  let code = ''
  it('quantower cuts 20% to 15% from March 10 (published March 2)', async () => {
    ;({ code } = await enrol('quantower', 9801))
    const d = await api.operator('POST', '/v1/programs/quantower/terms', {
      effectiveAt: '2026-03-10T00:00:00Z',
      texts: { en: 'From March 10 the commission becomes 15%.' },
      commission: { type: 'payment_share', levels: [{ name: 'standard', after: 0, rateBps: 1500 }], holdDays: 0 },
    })
    expect(d.status, JSON.stringify(d.body)).toBe(201)
    expect((await api.operator('POST', `/v1/terms/${d.body.version.id}/publish`, {})).status).toBe(201)
    await changeMessageTo(9801)
  })

  it('with that cut pending, a further change from March 12 is previewed against the 15% it replaces', async () => {
    api.clock.set('2026-03-04T09:00:00Z')
    const view = await compose()
    const preview = await desk.submit(USERS.admin, view, {
      effective: { date: { date: '2026-03-12' } },
      commission: { levels: '0: 18' },
      text_en: { text: 'From March 12 the commission becomes 18%.' },
    })
    expect(preview.body.response_action, JSON.stringify(preview.body)).toBe('update')
    const shown = JSON.stringify(preview.body.view.blocks)
    expect(shown).toContain('standard (0+): 15% → *18%*')
  })

  it('with that cut pending, the admin undoes it from Slack: 20% from March 10 is what the engine pays', async () => {
    api.clock.set('2026-03-04T10:00:00Z')
    const view = await compose()
    const preview = await desk.submit(USERS.admin, view, {
      effective: { date: { date: '2026-03-10' } },
      commission: { levels: '0: 20' },
      text_en: { text: 'The cut is withdrawn: the commission stays 20%.' },
    })
    expect(preview.body.response_action, JSON.stringify(preview.body)).toBe('update')
    expect((await desk.submit(USERS.admin, preview.body.view, {})).status).toBe(200)
    await waitUntil(async () => {
      const v = (await api.operator('GET', '/v1/programs/quantower/terms')).body.versions
      return v.find((x: any) => x.publishedAt && x.texts.en.startsWith('The cut is withdrawn')) ? true : undefined
    })
    api.clock.set('2026-03-11T09:00:00Z')
    const paid = await api.recorded('quantower', {
      id: 'rbd-q-1',
      type: 'payment',
      occurredAt: '2026-03-11T08:00:00Z',
      customer: 'rbd-q-c1',
      order: 'rbd-q-o1',
      amount: '100.00',
      currency: 'USD',
      ref: code,
    })
    // the partners were told "the commission stays 20%"
    expect(paid.commissions[0].amount).toBe('20.00')
  })
})
