import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { termsPartners } from '../helpers/terms-partners.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * An admin cancels a term change's broadcast (jqsee, 1 message a second) right after its first message went out:
 * the change is withdrawn and the partner already told hears so. The pump used to have claimed the other deliveries
 * already (its last batch) and no longer looked at the broadcast's status once the claims ran dry, so it went on
 * sending the cancelled change to them a second and two seconds later — after the «withdrawn» notice the same
 * partners were sent (they were `sending`, so counted as told). They read «the terms are withdrawn» and then «the
 * terms are changing» with Acknowledge/Object buttons for a change that binds nobody. Now each delivery is started
 * only while the broadcast runs (checked in the database, whichever instance pumps it): after a cancel only a
 * message already in flight goes out, and its partner hears of the withdrawal after it; a pause keeps the others
 * for the resume, each sent once. Each describe has a database of its own (its partners are all the program has).
 */
function jqsee() {
  const env = withTelegram('2026-04-01T09:00:00Z')
  const s = { api: undefined as unknown as Api, telegram: undefined as unknown as FakeTelegram }
  beforeAll(() => {
    ;({ api: s.api, telegram: s.telegram } = env())
  })
  const partners = termsPartners(() => s)
  const isChange = (t: unknown) => String(t).startsWith('📜 JQSEE: the terms are changing')
  return {
    s,
    ...partners,
    isChange,
    changesTo: (chat: number) => s.telegram.textsTo(chat).filter(isChange).length,
    withdrawnTo: (chat: number) => s.telegram.textsTo(chat).filter((t) => t.includes('is withdrawn')).length,
    async publish(effectiveAt: string, text: string) {
      const d = await s.api.operator('POST', '/v1/programs/jqsee/terms', { effectiveAt, texts: { en: text } })
      expect(d.status, JSON.stringify(d.body)).toBe(201)
      const p = await s.api.operator('POST', `/v1/terms/${d.body.version.id}/publish`, { ratePerSecond: 1 })
      expect(p.status, JSON.stringify(p.body)).toBe(201)
      return p.body.broadcast.id as string
    },
    view: async (id: string) => (await s.api.operator('GET', `/v1/broadcasts/${id}`)).body.broadcast,
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('a cancelled broadcast sends nothing more', () => {
  const j = jqsee()

  it('after cancel, no partner receives the change (least of all after its withdrawal notice)', async () => {
    const { api, telegram } = j.s
    const chats = [4301, 4302, 4303]
    for (const c of chats) await j.enrol('jqsee', c, 'en')
    const id = await j.publish('2026-04-25T00:00:00Z', 'From 25 April the commission is 12%.')
    await j.changeMessageTo(chats[0]!)
    const cancelled = await api.operator('POST', `/v1/broadcasts/${id}/cancel`)
    expect(cancelled.status).toBe(200)
    const mark = telegram.calls.length
    await sleep(3500)

    const laterChanges = telegram.calls
      .slice(mark)
      .filter((c) => c.method === 'sendMessage' && j.isChange(c.payload.text))
      .map((c) => Number(c.payload.chat_id))
    for (const c of chats) {
      const texts = telegram.textsTo(c)
      const withdrawn = texts.findIndex((t) => t.includes('is withdrawn'))
      const lastChange = texts.map(j.isChange).lastIndexOf(true)
      if (withdrawn >= 0)
        expect(
          lastChange,
          `chat ${c} read the change after being told it is withdrawn: ${JSON.stringify(texts)}`,
        ).toBeLessThan(withdrawn)
    }
    expect(laterChanges, 'the cancelled change was still sent after the cancel').toEqual([])
    // the partner who was told hears it is withdrawn, once; the others hear nothing of it
    expect(chats.map(j.changesTo)).toEqual([1, 0, 0])
    expect(chats.map(j.withdrawnTo)).toEqual([1, 0, 0])
    expect(await j.view(id)).toMatchObject({ status: 'cancelled', total: 3, sent: 1 })
  }, 30_000)
})

describe('a broadcast cancelled with a message in flight', () => {
  const j = jqsee()

  it('the change in flight still arrives, and its withdrawal notice only after it', async () => {
    const { api, telegram } = j.s
    const chats = [4311, 4312]
    for (const c of chats) await j.enrol('jqsee', c, 'en')
    telegram.latencyMs = 1500
    try {
      const id = await j.publish('2026-04-26T00:00:00Z', 'From 26 April the commission is 13%.')
      // the request to Telegram has started (the fake answers 1.5 s later): the cancel comes while it is in flight
      await j.changeMessageTo(chats[0]!)
      expect((await api.operator('POST', `/v1/broadcasts/${id}/cancel`)).status).toBe(200)
      await waitUntil(() => (j.withdrawnTo(chats[0]!) ? true : undefined), 10_000)
      // the moment the notice is asked for, Telegram has answered the change already
      expect(
        [...telegram.messages.values()].some((m) => m.chat?.id === chats[0] && j.isChange(m.text)),
        'the withdrawal was sent while the change was still in flight',
      ).toBe(true)
      await sleep(2500)
      expect(chats.map(j.changesTo)).toEqual([1, 0])
      expect(chats.map(j.withdrawnTo)).toEqual([1, 0])
      expect(await j.view(id)).toMatchObject({ status: 'cancelled', total: 2, sent: 1 })
    } finally {
      telegram.latencyMs = 0
    }
  }, 30_000)
})

describe('a paused broadcast', () => {
  const j = jqsee()

  it('sends nothing while paused, and each of the others once after the resume', async () => {
    const { api, telegram } = j.s
    const chats = [4321, 4322, 4323]
    for (const c of chats) await j.enrol('jqsee', c, 'en')
    const id = await j.publish('2026-04-27T00:00:00Z', 'From 27 April the commission is 14%.')
    await j.changeMessageTo(chats[0]!)
    expect((await api.operator('POST', `/v1/broadcasts/${id}/pause`)).status).toBe(200)
    const mark = telegram.calls.length
    await sleep(3000)
    expect(telegram.calls.slice(mark).filter((c) => c.method === 'sendMessage' && j.isChange(c.payload.text))).toEqual(
      [],
    )
    expect(await j.view(id)).toMatchObject({ status: 'paused', total: 3, sent: 1, remaining: 2 })

    expect((await api.operator('POST', `/v1/broadcasts/${id}/resume`)).status).toBe(200)
    await waitUntil(async () => ((await j.view(id)).status === 'completed' ? true : undefined), 15_000)
    expect(chats.map(j.changesTo)).toEqual([1, 1, 1])
    expect(await j.view(id)).toMatchObject({ status: 'completed', total: 3, sent: 3, remaining: 0 })
  }, 30_000)
})
