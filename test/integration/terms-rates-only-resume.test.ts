import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { termsPartners } from '../helpers/terms-partners.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * (Found by an outside review.) worksection-referral gives 3 days' notice of every change, rates included (only
 * worksection-partner's rate changes apply on publication). A paused "rates only" broadcast was resumed a day before
 * its change took effect: core/use-cases/broadcasts.ts skipped the notice check for any rates-only version, so the
 * partners still to be told would learn of a rate cut one day before it applied.
 */
describe('resuming a rates-only change keeps the notice the program gives', () => {
  const env = withDesk('2026-04-01T09:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, telegram, slack, desk } = env())
  })
  const { enrol } = termsPartners(() => ({ api, telegram }))
  const broadcastOf = async (id: string) => (await api.operator('GET', `/v1/broadcasts/${id}`)).body.broadcast

  it('worksection-referral: a rates-only change paused and resumed inside the 3 days is refused, the partner not told late', async () => {
    const chat = 9301
    await enrol('worksection-referral', chat)
    const draft = await api.operator('POST', '/v1/programs/worksection-referral/terms', {
      effectiveAt: '2026-04-04T09:00:00Z', // exactly the 3 days' notice
      ratesOnly: true,
      texts: { en: 'Each of your first 5 clients now earns $20.' },
      commission: {
        type: 'one_time_reward',
        levels: [
          { name: 'iron', after: 0, amount: '20.00' },
          { name: 'bronze', after: 5, amount: '35.00' },
        ],
        holdDays: 31,
        minMonthsPaid: 1,
        refereeReward: '25.00',
      },
    })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    // Telegram has a hiccup on the first send; the admin pauses meanwhile
    telegram.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' })
    const published = await api.operator('POST', `/v1/terms/${draft.body.version.id}/publish`, {})
    expect(published.status, JSON.stringify(published.body)).toBe(201)
    const id = published.body.broadcast.id as string
    await waitUntil(() => telegram.calls.find((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === chat))
    const paused = await desk.action(USERS.admin, 'broadcast_pause', id)
    await waitUntil(() => slack.responses.find((r) => r.id === paused.responseId))
    await waitUntil(async () => ((await broadcastOf(id)).status === 'paused' ? true : undefined))
    await new Promise((r) => setTimeout(r, 6000))
    expect((await broadcastOf(id)).remaining).toBe(1)

    // two days later, one day before the change: resuming would tell the partner with a day's notice
    api.clock.set('2026-04-03T09:00:00Z')
    const resumed = await desk.action(USERS.admin, 'broadcast_resume', id)
    const answer = await waitUntil(() => slack.responses.find((r) => r.id === resumed.responseId))
    expect(answer.body.text).toContain('Too late to resume')
    await new Promise((r) => setTimeout(r, 1500))
    expect((await broadcastOf(id)).status).toBe('paused')
    const told = telegram.calls.filter(
      (c) =>
        c.method === 'sendMessage' && Number(c.payload.chat_id) === chat && String(c.payload.text).startsWith('📜'),
    )
    // the only send was the one Telegram refused
    expect(told).toHaveLength(1)
  }, 40_000)
})
