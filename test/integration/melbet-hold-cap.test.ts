import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'
import { melbetPartner } from '../helpers/melbet-partner.ts'

/**
 * melbet 8.2 (programs.md §5): "The company may hold payments up to 2 months". The cap was checked only against the
 * moment each hold is set, so a hold could be renewed just before it ends and the partner's payouts stay held for
 * 4 months, 6 months... A hold that is still running may not be extended past 2 months from when it began; a new
 * hold after the previous one ended or was lifted begins a new 2 months.
 */
describe('melbet payout hold is capped at 2 months in all', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-06-01T09:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  let seq = 0
  async function held() {
    const m = await melbetPartner(api, { name: `Held ${++seq}`, registeredAt: '2026-01-10T12:00:00Z' })
    await m.revenue(new Date(api.clock.now().getTime() - 3_600_000).toISOString(), '1000.00')
    const settings = (body: Record<string, unknown>) =>
      api.operator('POST', `/v1/partners/${m.partner}/payout-settings`, { program: 'melbet', ...body })
    const hold = (until: string) => settings({ hold: { until, reason: 'traffic_check' } })
    const lift = () => settings({ hold: null })
    const holdUntil = async () =>
      (
        await api.service.db.prisma.enrolment.findFirstOrThrow({
          where: { partnerId: m.partner, programKey: 'melbet' },
        })
      ).payoutHoldUntil?.toISOString()
    return { hold, lift, holdUntil }
  }

  it('extending a running hold past 2 months from its start is refused', async () => {
    api.clock.set('2026-06-01T09:00:00Z')
    const m = await melbetPartner(api, { name: 'Held', registeredAt: '2026-01-10T12:00:00Z' })
    await m.revenue('2026-06-01T08:00:00Z', '1000.00')
    const hold = (until: string) =>
      api.operator('POST', `/v1/partners/${m.partner}/payout-settings`, {
        program: 'melbet',
        hold: { until, reason: 'traffic_check' },
      })
    expect((await hold('2026-08-01T09:00:00Z')).status).toBe(200) // the full 2 months
    api.clock.set('2026-07-31T09:00:00Z') // still held since 1 June
    const extended = await hold('2026-09-30T09:00:00Z')
    expect(extended.status, JSON.stringify(extended.body)).toBe(422)
    expect(extended.body.error).toMatchObject({ code: 'payout.hold_too_long' })
  })

  it('a running hold may be extended up to 2 months from its start, renewed in steps too, and not a minute beyond', async () => {
    api.clock.set('2026-06-01T09:00:00Z')
    const h = await held()
    expect((await h.hold('2026-06-15T09:00:00Z')).status).toBe(200)
    api.clock.set('2026-06-14T09:00:00Z')
    expect((await h.hold('2026-07-10T09:00:00Z')).status).toBe(200)
    api.clock.set('2026-07-09T09:00:00Z')
    // the end of the 2 months from 1 June, whichever extension asks
    expect((await h.hold('2026-08-01T09:00:00Z')).status).toBe(200)
    api.clock.set('2026-07-31T09:00:00Z')
    const beyond = await h.hold('2026-08-01T09:01:00Z')
    expect(beyond.status, JSON.stringify(beyond.body)).toBe(422)
    expect(beyond.body.error).toMatchObject({ code: 'payout.hold_too_long' })
    expect(beyond.body.error.message).toContain('August 1, 2026')
    // refused: the hold stays as it was
    expect(await h.holdUntil()).toBe('2026-08-01T09:00:00.000Z')
  })

  it('a hold set after the previous one ended begins a new 2 months', async () => {
    api.clock.set('2026-06-01T09:00:00Z')
    const h = await held()
    expect((await h.hold('2026-07-01T09:00:00Z')).status).toBe(200)
    api.clock.set('2026-07-02T09:00:00Z') // ended yesterday
    const again = await h.hold('2026-09-02T09:00:00Z')
    expect(again.status, JSON.stringify(again.body)).toBe(200)
    expect(again.body).toMatchObject({ holdUntil: '2026-09-02T09:00:00.000Z' })
  })

  it('a hold set after the previous one was lifted begins a new 2 months', async () => {
    api.clock.set('2026-06-01T09:00:00Z')
    const h = await held()
    expect((await h.hold('2026-08-01T09:00:00Z')).status).toBe(200)
    api.clock.set('2026-07-20T09:00:00Z')
    expect((await h.lift()).status).toBe(200)
    api.clock.set('2026-07-21T09:00:00Z')
    const again = await h.hold('2026-09-21T09:00:00Z')
    expect(again.status, JSON.stringify(again.body)).toBe(200)
    api.clock.set('2026-09-20T09:00:00Z')
    // that hold is capped from 21 July in turn
    const renewed = await h.hold('2026-10-20T09:00:00Z')
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(422)
    expect(renewed.body.error).toMatchObject({ code: 'payout.hold_too_long' })
  })
})
