import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * Contract section 7: "events are judged by the deal in force at their date". A raise already agreed from 20 March
 * (the partner was told so) is not in force on 10-14 March: a short promotion for those days, saved later, does not
 * overlap it and must not cancel it. Today the later deal silently cancels every deal that starts after its `from`,
 * even one that starts after its `until`; the partner, told "25% from 20 March", is paid 20% and never told why.
 */
describe('a short deal that ends before a future deal starts leaves the future deal in place', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-02T09:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  it('a 25% raise from 20 March survives a 30% promotion for 10-14 March', async () => {
    const { partner, codes } = await api.enrolled('quantower', {
      name: 'Promo',
      language: 'en',
      legalType: 'individual',
    })
    await api.recorded('quantower', {
      id: 'rfk-s',
      type: 'signup',
      occurredAt: '2026-03-01T10:00:00Z',
      customer: 'rfk-c',
      ref: codes[0]!.code,
    })
    const path = `/v1/programs/quantower/partners/${partner}/deal`
    const raise = await api.operator('PUT', path, {
      commission: { levels: [{ name: 'raised', after: 0, rateBps: 2500 }] },
      from: '2026-03-20',
      note: 'raised for volume',
    })
    expect(raise.status, JSON.stringify(raise.body)).toBe(201)
    const promo = await api.operator('PUT', path, {
      commission: { levels: [{ name: 'promo', after: 0, rateBps: 3000 }] },
      from: '2026-03-10',
      until: '2026-03-15',
      note: 'spring promotion',
    })
    expect(promo.status, JSON.stringify(promo.body)).toBe(201)

    // both are still to come: the promotion, then the raise
    const list = await api.operator('GET', path)
    expect(list.body.future.map((d: any) => d.id).sort()).toEqual([promo.body.deal.id, raise.body.deal.id].sort())

    const pay = async (id: string, occurredAt: string) =>
      (
        await api.recorded('quantower', {
          id,
          type: 'payment',
          occurredAt,
          customer: 'rfk-c',
          order: id,
          amount: '100.00',
          currency: 'USD',
        })
      ).commissions[0].amount
    api.clock.set('2026-03-25T09:00:00Z')
    expect(await pay('rfk-p1', '2026-03-12T09:00:00Z')).toBe('30.00')
    expect(await pay('rfk-p2', '2026-03-17T09:00:00Z')).toBe('20.00')
    // the raise the partner was told of
    expect(await pay('rfk-p3', '2026-03-21T09:00:00Z')).toBe('25.00')
  })
})

/**
 * The other overlaps, each told to the partner in their language in the new deal's notice: a deal saved for a period
 * takes exactly that period from the partner's other deals. One going on past it applies again after it (paused);
 * one reaching into it ends where it starts; a later one starting inside it starts at its end (moved); one wholly
 * inside it is cancelled. Deals outside the period are untouched.
 */
describe('a deal takes exactly its own period from the deals it overlaps, and the partner is told of each', () => {
  const env = withTelegram('2026-03-02T09:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  it('a raise pauses for a later offer, ends for a promotion that moves the offer, and the rest follows', async () => {
    const chat = 16_960
    const { partner, codes } = await api.enrolled('quantower', {
      name: 'Overlaps',
      language: 'ru',
      legalType: 'individual',
      telegramId: String(chat),
    })
    await api.recorded('quantower', {
      id: 'ovl-s',
      type: 'signup',
      occurredAt: '2026-03-01T10:00:00Z',
      customer: 'ovl-c',
      ref: codes[0]!.code,
    })
    const path = `/v1/programs/quantower/partners/${partner}/deal`
    const put = async (rateBps: number, from: string, until?: string) => {
      const r = await api.operator('PUT', path, {
        commission: { levels: [{ name: 'deal', after: 0, rateBps }] },
        from,
        ...(until ? { until } : {}),
        note: `${rateBps / 100}%`,
      })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      return r.body
    }
    const noticeOf = async (text: string) => {
      for (let i = 0; i < 100; i++) {
        const found = telegram.textsTo(chat).filter((t) => t.includes(text))
        if (found.length) return found
        await new Promise((res) => setTimeout(res, 50))
      }
      throw new Error(`no notice with "${text}": ${JSON.stringify(telegram.textsTo(chat))}`)
    }

    const raise = await put(2500, '2026-03-05')
    expect(raise.replaced).toEqual([])
    // an offer for 20-30 March: the raise pauses for it and applies again from 31 March
    const offer = await put(2800, '2026-03-20', '2026-03-31')
    expect(offer.replaced).toEqual([{ dealId: raise.deal.id, change: 'paused', next: expect.any(String) }])
    const [paused] = await noticeOf('Действуют с: 20 марта 2026')
    expect(paused).toContain('в эти даты не действуют, а после них снова вступают в силу')
    expect(paused).toContain('Дата начала: 5 марта 2026')
    expect(paused).toContain('Снова действуют с: 31 марта 2026')

    // a promotion for 10-24 March: the raise ends on the 9th, the offer starts on the 25th (it still ends on the 30th)
    const promo = await put(3000, '2026-03-10', '2026-03-25')
    expect(promo.replaced.map((r: { change: string }) => r.change)).toEqual(['ended', 'moved'])
    const [told] = await noticeOf('Действуют с: 10 марта 2026')
    expect(told).toContain('Действуют до: 24 марта 2026')
    expect(told).toContain('теперь заканчиваются раньше.\nДата начала: 5 марта 2026 г.\nПоследний день: 9 марта 2026')
    expect(told).toContain('Прежняя дата начала: 20 марта 2026 г.\nНовая дата начала: 25 марта 2026')
    const list = (await api.operator('GET', path)).body
    expect(list.future.map((d: { rates: string[]; from: string }) => [d.rates[0], d.from.slice(0, 10)])).toEqual([
      ['25%', '2026-03-05'],
      ['30%', '2026-03-10'],
      ['28%', '2026-03-25'],
      ['25%', '2026-03-31'],
    ])

    // an open-ended 22% from 28 March: the offer ends on the 27th, the raise's return is cancelled
    const last = await put(2200, '2026-03-28')
    expect(last.replaced.map((r: { change: string }) => r.change)).toEqual(['ended', 'cancelled'])
    const [cancelled] = await noticeOf('Действуют с: 28 марта 2026')
    expect(cancelled).toContain('отменены и действовать не будут.\nДата начала: 31 марта 2026')

    const pay = async (id: string, occurredAt: string) =>
      (
        await api.recorded('quantower', {
          id,
          type: 'payment',
          occurredAt,
          customer: 'ovl-c',
          order: id,
          amount: '100.00',
          currency: 'USD',
        })
      ).commissions[0].amount
    api.clock.set('2026-04-02T09:00:00Z')
    expect(await pay('ovl-p1', '2026-03-07T09:00:00Z')).toBe('25.00')
    expect(await pay('ovl-p2', '2026-03-12T09:00:00Z')).toBe('30.00')
    expect(await pay('ovl-p3', '2026-03-21T09:00:00Z')).toBe('30.00')
    expect(await pay('ovl-p4', '2026-03-26T09:00:00Z')).toBe('28.00')
    expect(await pay('ovl-p5', '2026-04-01T09:00:00Z')).toBe('22.00')
  })
})
