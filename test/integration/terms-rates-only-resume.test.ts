import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { termsPartners } from '../helpers/terms-partners.ts'
import { waitUntil } from '../helpers/wait.ts'

const COMMISSION = {
  type: 'one_time_reward',
  levels: [
    { name: 'iron', after: 0, amount: '20.00' },
    { name: 'bronze', after: 5, amount: '35.00' },
  ],
  holdDays: 31,
  minMonthsPaid: 1,
  refereeReward: '25.00',
}

/**
 * (Found by an outside review.) A paused worksection-referral broadcast resumed too late to give its partners the
 * 3 days' notice: the resume is refused, and the refusal shows the admin the way out.
 */
describe('resuming a change too late for its notice', () => {
  const env = withDesk('2026-04-01T09:00:00Z', { SLACK_ADMIN_USERS: 'UADMIN,ULVADM' })
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, telegram, slack, desk } = env())
  })
  const { enrol } = termsPartners(() => ({ api, telegram }))
  const broadcastOf = async (id: string) => (await api.operator('GET', `/v1/broadcasts/${id}`)).body.broadcast

  /** A worksection-referral change for the 3rd day from now, its broadcast paused from Slack before `chat` is told. */
  async function pausedChange(chat: number, user: string, ratesOnly: boolean) {
    await enrol('worksection-referral', chat)
    const start = api.clock.now()
    const draft = await api.operator('POST', '/v1/programs/worksection-referral/terms', {
      effectiveAt: new Date(start.getTime() + 3 * 86_400_000).toISOString(), // exactly the 3 days' notice
      ratesOnly,
      texts: { en: 'Each of your first 5 clients now earns $20.' },
      commission: COMMISSION,
    })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    // Telegram has a hiccup on the send to this partner; the admin pauses meanwhile
    let refused = false
    telegram.inject = (payload) => {
      if (Number(payload.chat_id) !== chat || refused) return undefined
      refused = true
      return { error_code: 502, description: 'Bad Gateway' }
    }
    const published = await api.operator('POST', `/v1/terms/${draft.body.version.id}/publish`, {})
    expect(published.status, JSON.stringify(published.body)).toBe(201)
    const id = published.body.broadcast.id as string
    await waitUntil(() => telegram.calls.find((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === chat))
    const paused = await desk.action(user, 'broadcast_pause', id)
    await waitUntil(() => slack.responses.find((r) => r.id === paused.responseId))
    await waitUntil(async () => ((await broadcastOf(id)).status === 'paused' ? true : undefined))
    await new Promise((r) => setTimeout(r, 6000))
    telegram.inject = undefined
    expect((await broadcastOf(id)).remaining).toBe(1)
    return { id, versionId: draft.body.version.id as string }
  }
  /** `user` presses a control of the broadcast's progress message: the ephemeral answer. */
  async function press(user: string, action: string, id: string) {
    const r = await desk.action(user, `broadcast_${action}`, id)
    return String((await waitUntil(() => slack.responses.find((x) => x.id === r.responseId))).body.text)
  }

  // worksection-referral gives 3 days' notice of every change, rates included (only worksection-partner's rate changes
  // apply on publication); core/use-cases/broadcasts.ts skipped the notice check for any rates-only version
  it('worksection-referral: a rates-only change paused and resumed inside the 3 days is refused, the partner not told late', async () => {
    api.clock.set('2026-04-01T09:00:00Z')
    const chat = 9301
    const { id } = await pausedChange(chat, USERS.admin, true)

    // two days later, one day before the change: resuming would tell the partner with a day's notice
    api.clock.set('2026-04-03T09:00:00Z')
    expect(await press(USERS.admin, 'resume', id)).toContain('Too late to resume')
    await new Promise((r) => setTimeout(r, 1500))
    expect((await broadcastOf(id)).status).toBe('paused')
    const told = telegram.calls.filter(
      (c) =>
        c.method === 'sendMessage' && Number(c.payload.chat_id) === chat && String(c.payload.text).startsWith('📜'),
    )
    // the only send was the one Telegram refused
    expect(told).toHaveLength(1)
  }, 40_000)

  // The refusal said only «Publish a new version with a later date»: done so, the paused change stayed published and
  // took effect on its date, for the partners never told as well (its commission included). The way out is to cancel
  // it first, which withdraws a change not in force yet.
  it('the refusal tells the admin to cancel the broadcast first; cancelled, the change is withdrawn (lv)', async () => {
    slack.locales.set('ULVADM', 'lv-LV')
    api.clock.set('2026-05-01T09:00:00Z')
    const { id, versionId } = await pausedChange(9302, 'ULVADM', false)
    api.clock.set('2026-05-03T09:00:00Z')
    const refusal = await press('ULVADM', 'resume', id)
    expect(refusal).toContain('Izsūtni atsākt vairs nevar')
    expect(refusal).toMatch(/Vispirms atceliet izsūtni.*pēc tam publicējiet jaunu versiju/s)
    // following it: the cancel withdraws the change, so it binds nobody
    expect(await press('ULVADM', 'cancel', id)).toContain('Atcelts')
    const versions = (await api.operator('GET', '/v1/programs/worksection-referral/terms')).body.versions
    expect(versions.find((v: { id: string }) => v.id === versionId).withdrawnAt).toBeTruthy()
  }, 40_000)

  // (Found by review.) worksection-partner's rate change applies on publication: a partner reached then, or days later
  // when the paused broadcast was resumed (no notice to keep), read "In force from April 1" («Новые условия вступают в
  // силу: 1 апреля») on April 4, as if still to come, though their clients already earned the new rate
  it('worksection-partner: a rate change already in force when it reaches a partner says since when (en, ru)', async () => {
    api.clock.set('2026-04-01T09:00:00Z')
    const [first, late] = [9311, 9312]
    await enrol('worksection-partner', first, 'en')
    await enrol('worksection-partner', late, 'ru')
    const draft = await api.operator('POST', '/v1/programs/worksection-partner/terms', {
      effectiveAt: '2026-04-01T09:00:00Z',
      ratesOnly: true,
      texts: {
        en: 'Silver becomes 10% for clients you bring from today.',
        ru: 'Уровень «Серебро» — 10% за клиентов, привлечённых с сегодняшнего дня.',
      },
      commission: {
        type: 'payment_share',
        levels: [
          { name: 'silver', after: 0, rateBps: 1000 },
          { name: 'gold', after: 15, rateBps: 2500 },
          { name: 'platinum', after: 35, rateBps: 3500 },
        ],
        holdDays: 31,
      },
    })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    // the Russian partner's message does not go through until the admin has paused the broadcast
    telegram.inject = (m) => (Number(m.chat_id) === late ? { error_code: 502, description: 'Bad Gateway' } : undefined)
    try {
      const published = await api.operator('POST', `/v1/terms/${draft.body.version.id}/publish`, {})
      expect(published.status, JSON.stringify(published.body)).toBe(201)
      const id = published.body.broadcast.id as string
      await waitUntil(async () => ((await broadcastOf(id)).sent === 1 ? true : undefined))
      await waitUntil(() =>
        telegram.calls.find((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === late),
      )
      expect((await api.operator('POST', `/v1/broadcasts/${id}/pause`)).status).toBe(200)
      await new Promise((r) => setTimeout(r, 6000))
      telegram.inject = undefined
      const told = (chat: number) => telegram.textsTo(chat).find((t) => t.startsWith('📜') && t.includes('10%'))
      expect(await waitUntil(() => told(first))).toContain('In force since April 1, 2026.')
      expect(told(first)).not.toContain('In force from')

      // three days on, the admin resumes it: the change has applied since April 1
      api.clock.set('2026-04-04T09:00:00Z')
      expect((await api.operator('POST', `/v1/broadcasts/${id}/resume`)).status).toBe(200)
      const ru = await waitUntil(() => told(late), 15_000)
      expect(ru).toContain('Новые условия вступили в силу: 1 апреля 2026 г.')
      expect(ru).not.toContain('вступают')
    } finally {
      telegram.inject = undefined
    }
  }, 60_000)
})
