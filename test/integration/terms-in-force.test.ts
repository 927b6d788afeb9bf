import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { termsPartners } from '../helpers/terms-partners.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * The terms a partner reads are the terms the engine runs: after a published change takes effect, /terms, the join
 * screen and GET /v1/programs state its commission; of several changes, the one that took effect last is in force;
 * an acknowledged change stays open to objection within the program's window (worksection 8.2). The broadcast's desk
 * message follows what happens after its pump stopped: answers, a cancel while paused.
 */
describe('terms in force', () => {
  const env = withDesk('2026-03-02T09:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, telegram, slack, desk } = env())
  })
  const { enrol, changeMessageTo, comingChange } = termsPartners(() => ({ api, telegram }))
  /** An admin publishes a term change of `program` from the Slack desk, effective on `date`, with `text`. */
  async function publishFromSlack(program: string, date: string, text: string) {
    const mark = slack.calls.length
    await desk.command(`terms ${program}`, USERS.admin)
    const compose = await desk.openedView(mark)
    const preview = await desk.submit(USERS.admin, compose, { effective: { date: { date } }, text_en: { text } })
    expect(preview.body.response_action, JSON.stringify(preview.body)).toBe('update')
    expect((await desk.submit(USERS.admin, preview.body.view, {})).status).toBe(200)
  }
  /** The broadcast's message on the desk, as last posted or updated. */
  const deskMessageOf = (broadcastId: string) =>
    slack.calls
      .filter(
        (c) =>
          (c.method === 'chat.update' || c.method === 'chat.postMessage') &&
          JSON.stringify(c.payload.blocks ?? []).includes(`broadcast:${broadcastId}`),
      )
      .at(-1)
  const jqsee12 = {
    type: 'payment_share',
    levels: [{ name: 'standard', after: 0, rateBps: 1200 }],
    holdDays: 0,
    allowRateOverride: true,
  }

  it('a published commission change in force: /terms states the rate the engine pays', async () => {
    api.clock.set('2026-03-02T09:00:00Z')
    const chat = 9101
    const { code } = await enrol('jqsee', chat)
    const draft = await api.operator('POST', '/v1/programs/jqsee/terms', {
      effectiveAt: '2026-03-03T00:00:00Z',
      texts: { en: 'From March 3 the commission becomes 12% of each payment.' },
      commission: jqsee12,
    })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    expect((await api.operator('POST', `/v1/terms/${draft.body.version.id}/publish`, {})).status).toBe(201)
    await changeMessageTo(chat)

    api.clock.set('2026-03-04T09:00:00Z')
    const paid = await api.recorded('jqsee', {
      id: 'rb-jq-1',
      type: 'payment',
      occurredAt: '2026-03-04T08:00:00Z',
      customer: 'rb-jq-c1',
      order: 'rb-jq-o1',
      amount: '100.00',
      currency: 'USD',
      ref: code,
    })
    expect(paid.commissions[0].amount).toBe('12.00') // the engine pays the new rate

    const before = telegram.textsTo(chat).length
    await telegram.sendText(chat, '/terms')
    const terms = await waitUntil(() =>
      telegram
        .textsTo(chat)
        .slice(before)
        .find((t) => t.startsWith('📄')),
    )
    // "every material rule, generated from the definition the engine runs": the rate it pays now
    expect(terms).toContain('Commission: 12% of each payment')
  })

  it('a partner joining after that change took effect accepts the rate in force', async () => {
    api.clock.set('2026-03-04T09:30:00Z')
    const chat = 9102
    await telegram.sendText(chat, '/start jqsee')
    const k = await telegram.keyboardAfter(chat, 1)
    expect(k.buttons.some((b) => b.data.endsWith(':accept'))).toBe(true)
    const shown = telegram.textsTo(chat).join('\n')
    expect(shown).toContain('Commission: 12% of each payment')
  })

  it('GET /v1/programs gives the definitions in force: jqsee 12% once the change took effect', async () => {
    const r = await api.operator('GET', '/v1/programs')
    const jq = r.body.programs.find((p: any) => p.key === 'jqsee')
    expect(jq.commission.levels[0].rateBps).toBe(1200)
  })

  it('a partner who joins between publication and the effective date accepts the coming change with the terms', async () => {
    api.clock.set('2026-03-04T10:00:00Z')
    await enrol('quantower', 9201)
    const text = 'From March 10 the Quantower commission becomes 15% of each payment.'
    const draft = await api.operator('POST', '/v1/programs/quantower/terms', {
      effectiveAt: '2026-03-10T00:00:00Z',
      texts: { en: text },
      commission: { type: 'payment_share', levels: [{ name: 'standard', after: 0, rateBps: 1500 }], holdDays: 0 },
    })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    const published = await api.operator('POST', `/v1/terms/${draft.body.version.id}/publish`, {})
    expect(published.status).toBe(201)
    await changeMessageTo(9201)
    const id = published.body.broadcast.id as string
    await waitUntil(async () =>
      (await api.operator('GET', `/v1/broadcasts/${id}`)).body.broadcast.status === 'completed' ? true : undefined,
    )

    // two days later (four before the change), a new partner joins in the bot
    api.clock.set('2026-03-06T10:00:00Z')
    const chat = 9202
    await telegram.sendText(chat, '/start quantower')
    await telegram.keyboardAfter(chat, 1)
    await telegram.press(chat, ':accept')
    await telegram.keyboardAfter(chat, 2)
    await telegram.press(chat, ':individual')
    await telegram.keyboardAfter(chat, 3)
    await telegram.press(chat, ':GB')
    await waitUntil(() => telegram.textsTo(chat).find((t) => t.startsWith('🎉')))
    // the terms they accepted say 20% and, with them, that in four days it is 15%
    const told = telegram.textsTo(chat).join('\n')
    expect(told).toContain('20%')
    expect(told).toContain(text)
  })

  it('worksection-referral: a broadcast cancelled before its change takes effect withdraws it: it binds nobody, the partners told hear so', async () => {
    api.clock.set('2026-03-06T11:00:00Z')
    const chats = [9301, 9302, 9303, 9304, 9305, 9306]
    const partners = new Map<number, { partner: string; code: string }>()
    for (const c of chats) partners.set(c, await enrol('worksection-referral', c))
    telegram.latencyMs = 400
    let id = ''
    try {
      const draft = await api.operator('POST', '/v1/programs/worksection-referral/terms', {
        effectiveAt: '2026-03-10T00:00:00Z',
        texts: { en: 'The Iron reward becomes $15.' },
        commission: {
          type: 'one_time_reward',
          levels: [
            { name: 'iron', after: 0, amount: '15.00' },
            { name: 'bronze', after: 5, amount: '35.00' },
          ],
          minMonthsPaid: 1,
          holdDays: 31,
          refereeReward: '25.00',
        },
      })
      expect(draft.status, JSON.stringify(draft.body)).toBe(201)
      const published = await api.operator('POST', `/v1/terms/${draft.body.version.id}/publish`, {
        ratePerSecond: 1,
      })
      expect(published.status).toBe(201)
      id = published.body.broadcast.id
      await changeMessageTo(chats[0]!)
      const cancelled = await api.operator('POST', `/v1/broadcasts/${id}/cancel`)
      expect(cancelled.status).toBe(200)
    } finally {
      await new Promise((r) => setTimeout(r, 1000))
      telegram.latencyMs = 0
    }
    const b = (await api.operator('GET', `/v1/broadcasts/${id}`)).body.broadcast
    expect(b.status).toBe('cancelled')
    expect(b.remaining).toBeGreaterThan(0)
    const untold = chats.find(
      (c) =>
        !telegram.calls.some(
          (x) =>
            x.method === 'sendMessage' &&
            Number(x.payload.chat_id) === c &&
            String(x.payload.text).includes('The Iron reward becomes $15.'),
        ),
    )!
    expect(untold).toBeDefined()

    // after the effective date, the untold partner's new client pays: the reward is the changed one
    api.clock.set('2026-03-11T09:00:00Z')
    const { code } = partners.get(untold)!
    await api.recorded('worksection-referral', {
      id: 'rb-ws-s1',
      type: 'signup',
      occurredAt: '2026-03-11T08:00:00Z',
      customer: 'rb-ws-c1',
      ref: code,
    })
    const payment = await api.recorded('worksection-referral', {
      id: 'rb-ws-p1',
      type: 'payment',
      occurredAt: '2026-03-11T08:30:00Z',
      customer: 'rb-ws-c1',
      order: 'rb-ws-o1',
      amount: '100.00',
      currency: 'USD',
      monthsPaid: 1,
    })
    const mine = payment.commissions.find((c: any) => c.partner === partners.get(untold)!.partner)
    expect(mine, JSON.stringify(payment.commissions)).toBeDefined()
    // seed 001, 8.1-8.2: a change binds a partner only after 3 days' notice; cancelled, it binds nobody
    expect(mine.amount).toBe('25.00')
    // the partner told of it hears it is withdrawn, in their language, and /terms lists no coming change
    const withdrawn = await waitUntil(() =>
      telegram.textsTo(chats[0]!).find((t) => t.startsWith('📜') && t.includes('withdrawn')),
    )
    expect(withdrawn).toContain('/terms')
    const before = telegram.textsTo(chats[0]!).length
    await telegram.sendText(chats[0]!, '/terms')
    await waitUntil(() =>
      telegram
        .textsTo(chats[0]!)
        .slice(before)
        .find((t) => t.startsWith('📄')),
    )
    expect(telegram.textsTo(chats[0]!).slice(before).join('\n')).not.toContain('Coming change')
  })

  it('a second change effective before the first: /terms names as in force the version the engine pays', async () => {
    // jqsee again (no notice): v1 (12%) is in force; v2 14% from March 20, then v3 11% from March 15
    api.clock.set('2026-03-11T09:00:00Z')
    const chat = 9401
    const { code } = await enrol('jqsee', chat)
    const rule = (bps: number) => ({ ...jqsee12, levels: [{ name: 'standard', after: 0, rateBps: bps }] })
    const d2 = await api.operator('POST', '/v1/programs/jqsee/terms', {
      effectiveAt: '2026-03-20T00:00:00Z',
      texts: { en: 'From March 20 the commission becomes 14%.' },
      commission: rule(1400),
    })
    expect((await api.operator('POST', `/v1/terms/${d2.body.version.id}/publish`, {})).status).toBe(201)
    const d3 = await api.operator('POST', '/v1/programs/jqsee/terms', {
      effectiveAt: '2026-03-15T00:00:00Z',
      texts: { en: 'From March 15 the commission becomes 11%.' },
      commission: rule(1100),
    })
    expect((await api.operator('POST', `/v1/terms/${d3.body.version.id}/publish`, {})).status).toBe(201)

    api.clock.set('2026-03-21T09:00:00Z')
    const paid = await api.recorded('jqsee', {
      id: 'rb-jq-2',
      type: 'payment',
      occurredAt: '2026-03-21T08:00:00Z',
      customer: 'rb-jq-c2',
      order: 'rb-jq-o2',
      amount: '100.00',
      currency: 'USD',
      ref: code,
    })
    const before = telegram.textsTo(chat).length
    await telegram.sendText(chat, '/terms')
    const terms = await waitUntil(() =>
      telegram
        .textsTo(chat)
        .slice(before)
        .find((t) => t.startsWith('📄')),
    )
    const inForce = terms.split('\n').find((l) => l.startsWith('In force: version'))
    // the engine pays the version that took effect last (March 20, 14%) ...
    expect(paid.commissions[0].amount).toBe('14.00')
    // ... so /terms must name that one as in force, with its text
    expect(inForce).toMatch(/^In force: version 2,/)
    expect(terms).toContain('From March 20 the commission becomes 14%.')
  })

  it('worksection-referral: a partner who acknowledged may still object within the 3 days (seed 001, 8.2)', async () => {
    api.clock.set('2026-03-12T09:00:00Z')
    const chat = 9811
    await enrol('worksection-referral', chat)
    const d = await api.operator('POST', '/v1/programs/worksection-referral/terms', {
      effectiveAt: '2026-03-16T00:00:00Z',
      texts: { en: 'Bronze starts after 10 clients.' },
    })
    expect((await api.operator('POST', `/v1/terms/${d.body.version.id}/publish`, {})).status).toBe(201)
    await changeMessageTo(chat)
    await telegram.press(chat, `tv:ack:${d.body.version.id}`)
    await waitUntil(() => telegram.textsTo(chat).find((t) => t.startsWith('Thank you')))
    // the next day, still within the 3 days, they think again and look in /terms
    api.clock.set('2026-03-13T09:00:00Z')
    const pending = await comingChange(chat)
    expect(JSON.stringify(pending.payload.reply_markup ?? {})).toContain(`tv:obj:${d.body.version.id}`)
  })

  it("a draft in the contract's shape: changes {commission, ratesOnly} is taken as the top-level fields are", async () => {
    const rule = { type: 'payment_share', levels: [{ name: 'standard', after: 0, rateBps: 1300 }], holdDays: 0 }
    const r = await api.operator('POST', '/v1/programs/jqsee/terms', {
      ...{ effectiveAt: '2026-06-01T00:00:00Z', texts: { en: 'From June the commission becomes 13%.' } },
      changes: { commission: { ...rule, allowRateOverride: true } },
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.version.commission).toMatchObject({ levels: [{ rateBps: 1300 }] })
    const both = await api.operator('POST', '/v1/programs/jqsee/terms', {
      ...{ effectiveAt: '2026-06-01T00:00:00Z', texts: { en: 'x' }, commission: rule },
      changes: { commission: rule },
    })
    expect(both.status).toBe(400)
    expect(both.body.error.issues).toEqual([expect.objectContaining({ path: 'changes' })])
  })

  it("an unknown program's terms are a 404, not an empty list", async () => {
    const r = await api.operator('GET', '/v1/programs/worksection/terms')
    expect(r.status, JSON.stringify(r.body)).toBe(404)
  })

  it("the broadcast's Slack message counts the answers that come after it completed", async () => {
    api.clock.set('2026-03-21T10:00:00Z')
    const chats = [9501, 9502]
    for (const c of chats) await enrol('melbet', c)
    await publishFromSlack('melbet', '2026-03-25', 'From March 25 the minimum payout becomes 40 USD.')
    const broadcast = await waitUntil(async () => {
      const list = (await api.operator('GET', '/v1/broadcasts?program=melbet')).body.broadcasts
      return list[0]?.status === 'completed' ? list[0] : undefined
    })
    // both partners acknowledge in Telegram
    for (const c of chats) {
      const m = await changeMessageTo(c)
      expect(m).toBeTruthy()
      const versionId = String(JSON.stringify(m.payload.reply_markup)).match(/tv:ack:([0-9a-f-]{36})/)![1]
      await telegram.press(c, `tv:ack:${versionId}`)
      await waitUntil(() => telegram.textsTo(c).find((t) => t.startsWith('Thank you')))
    }
    const api2 = (await api.operator('GET', `/v1/broadcasts/${broadcast.id}`)).body.broadcast
    expect(api2.acknowledged).toBe(2) // the operator API knows
    // the admin's message in Slack, as last posted or updated, counts them (refreshed a moment later)
    await waitUntil(() =>
      JSON.stringify(deskMessageOf(broadcast.id)?.payload.blocks).includes('Acknowledged: 2') ? true : undefined,
    )
  })

  it('a broadcast cancelled while paused: its Slack message says Cancelled and offers no Resume', async () => {
    api.clock.set('2026-03-21T12:00:00Z')
    const chats = Array.from({ length: 24 }, (_, i) => 9700 + i)
    for (const c of chats) await enrol('worksection-partner', c)
    telegram.latencyMs = 800
    try {
      await publishFromSlack('worksection-partner', '2026-04-10', 'From April 10 the payout minimum becomes 200 USD.')
      await changeMessageTo(chats[0]!)
      const id = (await api.operator('GET', '/v1/broadcasts?program=worksection-partner')).body.broadcasts[0].id
      const message = (status: string) => deskMessageOf(id)?.payload.blocks?.[1]?.text?.text?.includes(status)
      await desk.action(USERS.admin, 'broadcast_pause', id)
      await waitUntil(() => (message('Paused') ? true : undefined))
      const cancelled = await desk.action(USERS.admin, 'broadcast_cancel', id)
      await waitUntil(() => slack.responses.find((r) => r.id === cancelled.responseId))
      expect((await api.operator('GET', `/v1/broadcasts/${id}`)).body.broadcast.status).toBe('cancelled')
      await waitUntil(() => (message('Cancelled') ? true : undefined))
      expect(JSON.stringify(deskMessageOf(id)!.payload.blocks)).not.toContain('"Resume"')
    } finally {
      telegram.latencyMs = 0
    }
  })
})
