import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { termsPartners } from '../helpers/terms-partners.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * A term-change message was in flight (delivery `sending`) when the process pumping the broadcast died: Telegram had
 * delivered it, the process never recorded it (the state broadcast-crash.test.ts SIGKILLs into). The admin then
 * cancels the broadcast, which withdraws the change. A cancel leaves a message in flight to its pump, which tells its
 * partner once Telegram has answered; but that pump is gone, and a cancelled broadcast is never pumped again. A
 * delivery `sending` for longer than a send can take (IN_FLIGHT_AT_MOST_MS) is counted as told, so the partner hears
 * that the change is withdrawn instead of keeping «the terms are changing» with live buttons.
 */
describe('a broadcast cancelled after its pump died with a message in flight', () => {
  const env = withTelegram('2026-04-01T09:00:00Z')
  const s = { api: undefined as unknown as Api, telegram: undefined as unknown as FakeTelegram }
  beforeAll(() => {
    ;({ api: s.api, telegram: s.telegram } = env())
  })
  const partners = termsPartners(() => s)
  const withdrawnTo = (chat: number) => s.telegram.textsTo(chat).filter((t) => t.includes('is withdrawn')).length

  it('the partner whose message was in flight still hears that the change is withdrawn', async () => {
    const { api } = s
    const chats = [4401, 4402]
    const enrolled = []
    for (const c of chats) enrolled.push(await partners.enrol('jqsee', c, 'en'))
    const d = await api.operator('POST', '/v1/programs/jqsee/terms', {
      effectiveAt: '2026-04-25T00:00:00Z',
      texts: { en: 'From 25 April the commission is 12%.' },
    })
    expect(d.status, JSON.stringify(d.body)).toBe(201)
    const p = await api.operator('POST', `/v1/terms/${d.body.version.id}/publish`, { ratePerSecond: 1 })
    expect(p.status, JSON.stringify(p.body)).toBe(201)
    const id = p.body.broadcast.id as string
    // the first partner's message reaches Telegram; the admin pauses (no pump runs any more)
    await partners.changeMessageTo(chats[0]!)
    expect((await api.operator('POST', `/v1/broadcasts/${id}/pause`)).status).toBe(200)
    const prisma = api.service.db.prisma
    await waitUntil(async () =>
      (await prisma.broadcastDelivery.count({ where: { broadcastId: id, status: 'sending' } })) === 0
        ? true
        : undefined,
    )
    // ...as a crash leaves it: Telegram delivered the change, the process died before recording it
    await prisma.broadcastDelivery.updateMany({
      where: { broadcastId: id, partnerId: enrolled[0]!.partner },
      data: { status: 'sending' },
    })
    // the admin cancels a few minutes after the crash
    api.clock.set(new Date(api.clock.now().getTime() + 5 * 60_000).toISOString())
    expect((await api.operator('POST', `/v1/broadcasts/${id}/cancel`)).status).toBe(200)
    // the minute sweep runs
    await api.service.core.terms.pump.ensurePumps()
    await new Promise((r) => setTimeout(r, 3000))
    expect(withdrawnTo(chats[0]!), 'the partner who got the change is never told it is withdrawn').toBe(1)
    expect(withdrawnTo(chats[1]!)).toBe(0)
  }, 30_000)
})
