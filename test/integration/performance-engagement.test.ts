import { sign } from '@telegram-apps/init-data-node'
import { describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'

/**
 * programs.md 4: a chetup campaign pays for a sale, a new customer, a lead, or an engagement action (a click, a visit,
 * a download). An engagement action is not a registration: the funnel's sign-ups (the performance report that the
 * HTTP API, the Mini App, /stats and the Slack card read) count only the customer's first registration, whichever of
 * its events makes it, once; the engagement actions earn their commission and nothing more.
 */
describe('performance: a chetup visit, click or download is not a sign-up', () => {
  const env = withTelegram('2026-03-10T08:00:00Z')
  const TG = 8801

  it('visits, clicks and downloads earn, but only a new customer counts as a sign-up, once, on its own day', async () => {
    const { api } = env()
    const kinds = ['shop-visit', 'shop-click', 'app-download', 'bank-new-customer', 'app-lead']
    const enrolled = await api.enrolled('chetup', {
      name: 'Engagement',
      language: 'en',
      legalType: 'company',
      country: 'GE',
      telegramId: TG,
      campaigns: kinds,
    })
    const code = (campaign: string) => enrolled.codes.find((c) => c.campaign === campaign)!.code
    const action = (id: string, type: string, campaign: string, customer: string, at: string) =>
      api.recorded('chetup', {
        id,
        type,
        occurredAt: at,
        customer,
        ref: code(campaign),
        campaign,
        country: 'GE',
        ip: `198.51.100.${id.length}${customer.length}`,
      })
    api.clock.set('2026-03-10T09:00:00Z')
    await action('v-1', 'visit', 'shop-visit', 'eng-1', '2026-03-10T08:50:00Z')
    await action('c-1', 'click', 'shop-click', 'eng-2', '2026-03-10T08:51:00Z')
    await action('d-1', 'download', 'app-download', 'eng-3', '2026-03-10T08:52:00Z')
    const report = async (from: string, to: string) => {
      const q = new URLSearchParams({ program: 'chetup', from, to })
      const r = await api.operator('GET', `/v1/partners/${enrolled.partner}/performance?${q}`)
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      return r.body
    }
    const first = await report('2026-03-10', '2026-03-10')
    // three customers acted, none registered: their commissions (0.02 + 0.05 + 0.50 GEL), no sign-up
    expect(first.totals).toMatchObject({
      signups: 0,
      firstPayments: 0,
      commissions: [{ amount: '0.57', currency: 'GEL' }],
    })

    // the next day the visitor opens a bank account through the partner's link: its sign-up, on that day
    api.clock.set('2026-03-11T09:00:00Z')
    await action('n-1', 'new_customer', 'bank-new-customer', 'eng-1', '2026-03-11T08:55:00Z')
    // and leaves a lead too: the same customer, not a second sign-up
    await action('l-1', 'lead', 'app-lead', 'eng-1', '2026-03-11T08:56:00Z')
    // the downloader visits the shop later: still no sign-up
    await action('v-2', 'visit', 'shop-visit', 'eng-3', '2026-03-11T08:57:00Z')
    const both = await report('2026-03-10', '2026-03-11')
    expect(both.rows.map((r: { key: string; signups: number }) => [r.key, r.signups])).toEqual([
      ['2026-03-10', 0],
      ['2026-03-11', 1],
    ])
    expect(both.totals).toMatchObject({ signups: 1, firstPayments: 0 })

    // the Mini App's overview reads the same funnel
    const initData = sign(
      { user: { id: TG, first_name: 'E' }, chat_type: 'sender', chat_instance: '1' },
      TEST_TOKEN,
      api.clock.now(),
    )
    const r = await fetch(`${api.base}/app/api/overview?program=chetup`, {
      headers: { authorization: `tma ${initData}` },
    })
    expect(r.status).toBe(200)
    const overview = (await r.json()) as { last30: { signups: number }; days: { date: string; signups: number }[] }
    expect(overview.last30.signups).toBe(1)
    expect(overview.days.filter((d) => d.signups).map((d) => [d.date, d.signups])).toEqual([['2026-03-11', 1]])
  })
})
