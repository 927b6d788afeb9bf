import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'
import { melbetPartner } from '../helpers/melbet-partner.ts'

/**
 * A request made on a pay day before that day's batch has run (melbet's Tuesday, chetup's 25th; the daily job runs at
 * 06:00 in the program's time zone) is due that day and paid by that batch, once; one made after the batch ran waits
 * for the next pay day. A request made at the moment the batch starts is either in today's batch and promised today,
 * or promised the next pay day and in none yet: never promised today and left out, never paid twice.
 */
describe('a request on a pay day before its batch runs', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-01T09:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  const payoutsOf = async (partner: string, program: string) =>
    (await api.operator('GET', `/v1/partners/${partner}/payouts?program=${program}`)).body.payouts as any[]

  let seq = 0
  /** A melbet partner with $80 earned in the week of 2-8 March (20% of $400 revenue on the 4th). */
  const melbetEarner = async (agreed = true) => {
    api.clock.set('2026-03-01T09:00:00Z')
    const m = await melbetPartner(api, { name: `Tuesday ${++seq}`, registeredAt: '2026-02-01T12:00:00Z', agreed })
    api.clock.set('2026-03-04T13:00:00Z')
    await m.revenue('2026-03-04T12:00:00Z', '400.00')
    return m.partner as string
  }

  it("melbet: asked at 03:00 on Tuesday 10 March for last week's $80 -> due the 10th, the 06:00 batch pays it once", async () => {
    const early = await melbetEarner()
    // details not agreed yet: the batch leaves this partner's $80 for later
    const late = await melbetEarner(false)
    api.clock.set('2026-03-10T03:00:00Z')
    const r = await api.requestPayout(early, { program: 'melbet', method: 'bank' }, `tue-early-${early}`)
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.payout).toMatchObject({ gross: '80.00', expectedAt: '2026-03-10T00:00:00.000Z' })

    api.clock.set('2026-03-10T06:00:00Z')
    const built = await api.service.core.batches.runPayDay('melbet')
    expect(built.outcome).toBe('built')
    const batchId = built.batch!.id
    expect(await payoutsOf(early, 'melbet')).toEqual([
      expect.objectContaining({ id: r.body.payout.id, status: 'approved', batch: batchId, gross: '80.00' }),
    ])

    // after the batch ran, a request waits for the next Tuesday
    api.clock.set('2026-03-10T08:00:00Z')
    const agreed = await api.operator('POST', `/v1/partners/${late}/payout-settings`, {
      program: 'melbet',
      detailsAgreed: true,
    })
    expect(agreed.status, JSON.stringify(agreed.body)).toBe(200)
    api.clock.set('2026-03-10T09:00:00Z')
    const after = await api.requestPayout(late, { program: 'melbet', method: 'bank' }, `tue-late-${late}`)
    expect(after.status, JSON.stringify(after.body)).toBe(201)
    expect(after.body.payout).toMatchObject({ gross: '80.00', expectedAt: '2026-03-17T00:00:00.000Z', batch: null })

    const paid = await api.operator('POST', `/v1/payout-batches/${batchId}/paid`, { reference: 'MB-0310' })
    expect(paid.status, JSON.stringify(paid.body)).toBe(200)
    api.clock.set('2026-03-17T06:00:00Z')
    const next = await api.service.core.batches.runPayDay('melbet')
    // paid once: the 17th pays the late request and nothing more to the early partner
    expect(await payoutsOf(early, 'melbet')).toEqual([
      expect.objectContaining({ id: r.body.payout.id, status: 'paid', gross: '80.00' }),
    ])
    expect(await payoutsOf(late, 'melbet')).toEqual([
      expect.objectContaining({ id: after.body.payout.id, status: 'approved', batch: next.batch!.id }),
    ])
    const balance = balanceOf((await api.statement(early, { program: 'melbet' })).body, 'melbet', 'USD')
    expect(balance).toMatchObject({ available: '0.00', inPayout: '0.00' })
  })

  it('melbet: requests made while the batch starts are each promised the day the batch that takes them pays', async () => {
    const partners = await Promise.all(Array.from({ length: 6 }, () => melbetEarner()))
    // a Tuesday no batch has run on yet: its batch pays these balances unasked (available when its week ended)
    api.clock.set('2026-03-31T06:00:00Z')
    const [run, ...requests] = await Promise.all([
      api.service.core.batches.runPayDay('melbet'),
      ...partners.map((p) => api.requestPayout(p, { program: 'melbet', method: 'bank' }, `tue-race-${p}`)),
    ])
    expect(run.outcome).toBe('built')
    const batchId = run.batch!.id
    for (const [i, p] of partners.entries()) {
      const payouts = await payoutsOf(p, 'melbet')
      const gross = payouts.reduce((s, x) => s + Number(x.gross), 0)
      expect(gross, `paid once: the request or the batch, never both ${JSON.stringify(payouts)}`).toBe(80)
      const asked = requests[i]!
      if (asked.status === 201) {
        const mine = payouts.find((x) => x.id === asked.body.payout.id)
        if (asked.body.payout.expectedAt === '2026-03-31T00:00:00.000Z') {
          expect(mine, 'promised today: in today batch').toMatchObject({ batch: batchId, status: 'approved' })
        } else {
          expect(asked.body.payout.expectedAt).toBe('2026-04-07T00:00:00.000Z')
          expect(mine.batch).toBeNull()
        }
      } else {
        // the batch paid it first: nothing left to ask for
        expect(asked.status, JSON.stringify(asked.body)).toBe(422)
        expect(payouts).toEqual([expect.objectContaining({ batch: batchId, status: 'approved' })])
      }
    }
  })

  const chetupEarner = async () => {
    api.clock.set('2026-03-01T08:00:00Z')
    const p = await api.enrolled('chetup', {
      name: `25th ${++seq}`,
      language: 'en',
      legalType: 'individual',
      campaigns: ['cafe-sale'],
    })
    await api.recorded('chetup', {
      ...{ id: `c25-${p.partner}`, type: 'payment', occurredAt: '2026-03-01T07:00:00Z', customer: `c25-${p.partner}` },
      ...{ ref: p.codes[0]!.code, campaign: 'cafe-sale', order: `c25-o-${p.partner}` },
      ...{ amount: '1500.00', currency: 'GEL', country: 'GE' },
    })
    const d = await api.operator('POST', `/v1/partners/${p.partner}/payment-details`, {
      method: 'bank',
      details: { iban: 'GE29NB0000000101904917' },
    })
    expect(d.status, JSON.stringify(d.body)).toBe(201)
    return p.partner as string
  }

  it('chetup: asked at 03:00 on the 25th (Tbilisi) -> due the 25th and in its batch; asked after it -> 25 April', async () => {
    const early = await chetupEarner()
    const late = await chetupEarner()
    api.clock.set('2026-03-24T23:00:00Z') // 03:00 on 25 March in Tbilisi
    const r = await api.requestPayout(early, { program: 'chetup', method: 'bank' }, `c25-early-${early}`)
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.payout.expectedAt).toBe('2026-03-24T20:00:00.000Z')
    api.clock.set('2026-03-25T02:00:00Z') // 06:00 in Tbilisi
    const built = await api.service.core.batches.runPayDay('chetup')
    expect(built.outcome).toBe('built')
    expect(await payoutsOf(early, 'chetup')).toEqual([
      expect.objectContaining({ id: r.body.payout.id, status: 'approved', batch: built.batch!.id }),
    ])
    api.clock.set('2026-03-25T05:00:00Z')
    const after = await api.requestPayout(late, { program: 'chetup', method: 'bank' }, `c25-late-${late}`)
    expect(after.status, JSON.stringify(after.body)).toBe(201)
    expect(after.body.payout).toMatchObject({ expectedAt: '2026-04-24T20:00:00.000Z', batch: null })
    await api.service.core.batches.runPayDay('chetup') // a rerun the same day takes nothing more
    expect((await payoutsOf(late, 'chetup'))[0]).toMatchObject({ status: 'requested', batch: null })
  })
})
