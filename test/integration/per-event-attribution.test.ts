import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { plainEarningsStore } from '../../core/infra/db/earnings-store-plain.ts'
import { silentLogger } from '../../core/ports/logger.ts'
import { recordEvent } from '../../core/use-cases/record-event.ts'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'

/**
 * jqsee pays "a share of each successful payment made with the code" (programs.md 1; seed 000, 6.1), and chetup pays
 * each action through the campaign link it came by (programs.md 4): `attribution.perEvent`. A customer brought by
 * partner A who later pays with partner B's code earned A, by B's code, before (found by an outside review); now B
 * earns it, the report counts it under B's code, and A keeps what the customer pays with no code.
 */
describe('each event earns through the code it names (attribution.perEvent)', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-06T10:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  let seq = 0
  const enrol = (program: string, extra: Record<string, unknown> = {}) =>
    api.enrolled(program, { name: `Per event ${++seq}`, language: 'en', legalType: 'individual', ...extra })
  const balance = async (partner: string, program = 'jqsee', currency = 'USD') =>
    balanceOf((await api.statement(partner, { program })).body, program, currency)
  const payment = (customer: string, id: string, amount: string, ref?: string, occurredAt = '2026-03-06T09:00:00Z') =>
    api.postback('jqsee', {
      ...{ id, type: 'payment', occurredAt, customer, order: `o-${id}` },
      ...{ amount, currency: 'USD', ...(ref ? { ref } : {}) },
    })
  const report = (partner: string, query: Record<string, string>) =>
    api.operator('GET', `/v1/partners/${partner}/performance?${new URLSearchParams(query)}`)

  it('jqsee: a payment with B’s code earns B, one with no code the customer’s partner A; a refund undoes it for B', async () => {
    const a = await enrol('jqsee')
    const b = await enrol('jqsee')
    const customer = `${a.partner}-shopper`
    const first = await payment(customer, `${customer}-1`, '100.00', a.codes[0]!.code)
    expect(first.body.commissions).toEqual([expect.objectContaining({ amount: '10.00' })])
    const withB = await payment(customer, `${customer}-2`, '50.00', b.codes[0]!.code)
    expect(withB.status).toBe(201)
    expect(withB.body.event).toMatchObject({ partner: b.partner, attribution: 'attributed' })
    expect(withB.body.commissions).toEqual([expect.objectContaining({ amount: '5.00', partner: b.partner })])
    const noCode = await payment(customer, `${customer}-3`, '30.00')
    expect(noCode.body.event).toMatchObject({ partner: a.partner })
    expect(noCode.body.commissions).toEqual([expect.objectContaining({ amount: '3.00', partner: a.partner })])
    expect(await balance(a.partner)).toMatchObject({ available: '13.00' })
    expect(await balance(b.partner)).toMatchObject({ available: '5.00' })

    // the refund names the order and no code: it takes back B's commission, not A's money
    const refund = await api.postback('jqsee', {
      ...{ id: `${customer}-r2`, type: 'refund', occurredAt: '2026-03-06T09:30:00Z', customer },
      ...{ order: `o-${customer}-2`, amount: '50.00', currency: 'USD' },
    })
    expect(refund.status, JSON.stringify(refund.body)).toBe(201)
    expect(refund.body.event).toMatchObject({ partner: b.partner })
    expect(refund.body.reversals).toEqual([expect.objectContaining({ amount: '-5.00' })])
    expect(await balance(b.partner)).toMatchObject({ available: '0.00' })
    expect(await balance(a.partner)).toMatchObject({ available: '13.00' })

    // B's report lists the line under B's code, A's under A's: neither sees the other's code
    const linesOf = async (p: { partner: string }) =>
      (await report(p.partner, { program: 'jqsee', from: '2026-03-06', to: '2026-03-06' })).body.lines.map(
        (l: { link: string; amount: { amount: string } }) => [l.link, l.amount.amount],
      )
    expect(await linesOf(b)).toEqual([[b.codes[0]!.code, '5.00']])
    expect((await linesOf(a)).sort()).toEqual([
      [a.codes[0]!.code, '10.00'],
      [a.codes[0]!.code, '3.00'],
    ])
    const byLink = await report(b.partner, { program: 'jqsee', from: '2026-03-06', to: '2026-03-06', by: 'link' })
    expect(byLink.body.rows.map((r: { key: string }) => r.key)).toEqual([b.codes[0]!.code])
  })

  it('jqsee: a payment with a code that cannot earn (another partner’s, suspended) earns nobody, and says why', async () => {
    const a = await enrol('jqsee')
    const b = await enrol('jqsee')
    const customer = `${a.partner}-loyal`
    await payment(customer, `${customer}-1`, '100.00', a.codes[0]!.code)
    const code = b.codes[0]!.code
    expect(
      (await api.operator('POST', `/v1/programs/jqsee/codes/${code}/suspend`, { reason: 'bot_traffic' })).status,
    ).toBe(200)
    // made after the suspension (one made before it, reported late, would still earn: code-suspension-by-event-date)
    const suspended = await payment(customer, `${customer}-2`, '100.00', code, api.clock.now().toISOString())
    expect(suspended.status).toBe(201)
    expect(suspended.body).toMatchObject({ commissions: [], notes: ['code_suspended'] })
    expect(suspended.body.event).toMatchObject({ partner: null, attribution: 'code_suspended' })
    expect(await balance(a.partner)).toMatchObject({ available: '10.00' })
    expect((await balance(b.partner))?.available ?? '0.00').toBe('0.00')
  })

  it('jqsee: B’s own rate on its code applies to B’s payment; a payment with no code earns A at A’s rate', async () => {
    const a = await enrol('jqsee')
    const b = await enrol('jqsee')
    const vanity = `Per${seq}Event`
    const issued = await api.operator('POST', `/v1/programs/jqsee/partners/${b.partner}/codes`, {
      code: vanity,
      commission: { rateBps: 2000 },
    })
    expect(issued.status, JSON.stringify(issued.body)).toBe(201)
    const customer = `${a.partner}-rated`
    await payment(customer, `${customer}-1`, '100.00', a.codes[0]!.code)
    const rated = await payment(customer, `${customer}-2`, '100.00', vanity)
    expect(rated.body.commissions).toEqual([expect.objectContaining({ amount: '20.00', partner: b.partner })])
    // a payment with no code still earns A at A's rate
    expect((await payment(customer, `${customer}-3`, '100.00')).body.commissions).toEqual([
      expect.objectContaining({ amount: '10.00', partner: a.partner }),
    ])
  })

  it('jqsee, history imported: a late payment with B’s code is judged by B’s registration, not the first partner’s', async () => {
    api.clock.set('2026-03-06T10:00:00Z')
    const a = await enrol('jqsee', { registeredAt: '2026-01-10T00:00:00Z' })
    const b = await enrol('jqsee', { registeredAt: '2025-12-01T00:00:00Z' })
    const customer = `${a.partner}-history`
    const pay = (id: string, occurredAt: string, ref: string) =>
      api.postback('jqsee', {
        ...{ id: `${customer}-${id}`, type: 'payment', occurredAt, customer, order: `o-${customer}-${id}` },
        ...{ amount: '100.00', currency: 'USD', ref },
      })
    expect((await pay('1', '2026-01-20T09:00:00Z', a.codes[0]!.code)).status).toBe(201)
    const withB = await pay('2', '2025-12-15T09:00:00Z', b.codes[0]!.code)
    expect(withB.status, JSON.stringify(withB.body)).toBe(201)
    expect(withB.body.commissions).toEqual([expect.objectContaining({ amount: '10.00', partner: b.partner })])
    // with A's code on that date, it is before A's registration
    const withA = await pay('3', '2025-12-16T09:00:00Z', a.codes[0]!.code)
    expect(withA.status).toBe(422)
    expect(withA.body.error.code).toBe('postback.before_enrolment')
  })

  it('chetup: a customer brought by A’s cafe-sale link who leaves a lead through B’s app-lead link earns B the lead', async () => {
    api.clock.set('2026-07-01T05:00:00Z')
    const a = await enrol('chetup', { country: 'GE' })
    const b = await enrol('chetup', { country: 'GE' })
    const link = (p: typeof a, campaign: string) => p.codes.find((c) => c.campaign === campaign)!
    const customer = `${a.partner}-diner`
    // the customer came by A's link, whose placement A named (a sub-id: A's own business)
    const clicked = await api.get(`/r/${link(a, 'cafe-sale').code}?sub1=a-secret-placement`, {
      'x-forwarded-for': '192.0.2.50',
      'user-agent': 'Mozilla/5.0 (test)',
    })
    expect(clicked.status).toBe(302)
    await api.service.core.earnings.clicks.flush()
    api.clock.set('2026-07-01T12:00:00Z')
    const sale = await api.recorded('chetup', {
      ...{ id: `${customer}-sale`, type: 'payment', occurredAt: '2026-07-01T10:00:00+04:00', customer },
      ...{ ref: link(a, 'cafe-sale').code, campaign: 'cafe-sale', order: `${customer}-o1`, amount: '250.00' },
      ...{ currency: 'GEL', ip: '192.0.2.50', country: 'GE' },
      click: new URL(clicked.headers.get('location')!).searchParams.get('click'),
    })
    expect(sale.commissions).toEqual([expect.objectContaining({ amount: '25.00', partner: a.partner })])
    const lead = await api.recorded('chetup', {
      ...{ id: `${customer}-lead`, type: 'lead', occurredAt: '2026-07-01T11:00:00+04:00', customer },
      ...{ ref: link(b, 'app-lead').code, campaign: 'app-lead', ip: '192.0.2.51', country: 'GE' },
    })
    expect(lead.event).toMatchObject({ partner: b.partner })
    expect(lead.commissions).toEqual([expect.objectContaining({ amount: '2.00', partner: b.partner })])
    expect(await balance(b.partner, 'chetup', 'GEL')).toMatchObject({ pending: '2.00' })
    expect(await balance(a.partner, 'chetup', 'GEL')).toMatchObject({ pending: '25.00' })
    const byCampaign = await report(b.partner, {
      program: 'chetup',
      by: 'campaign',
      from: '2026-07-01',
      to: '2026-07-01',
    })
    expect(byCampaign.body.rows).toMatchObject([
      { key: 'app-lead', commissions: [{ amount: '2.00', currency: 'GEL' }] },
    ])
    // B's lead came by no click of its own: it carries none of A's sub-ids into B's report
    const bySub = await report(b.partner, { program: 'chetup', by: 'sub1', from: '2026-07-01', to: '2026-07-01' })
    expect(bySub.body.rows.map((r: { key: string | null }) => r.key)).toEqual([null])
    const ofA = await report(a.partner, { program: 'chetup', by: 'sub1', from: '2026-07-01', to: '2026-07-01' })
    expect(ofA.body.rows[0]).toMatchObject({ key: 'a-secret-placement', commissions: [{ amount: '25.00' }] })
  })

  /**
   * A second reading of attribution.perEvent by an outside reviewer, each finding a test: a refund naming another
   * customer's order took back another partner's commission; a first sale through B's link counted as A's conversion
   * under B's sub-id; the plain (reference) store rolled B's commission up under A's sub-id. And what held.
   */
  describe('attribution.perEvent: an outside review', () => {
    type P = Awaited<ReturnType<typeof enrol>>
    const link = (p: P, campaign: string) => p.codes.find((c) => c.campaign === campaign)!
    const clickOn = async (code: string, sub1: string, ip: string) => {
      const clicked = await api.get(`/r/${code}?sub1=${sub1}`, {
        'x-forwarded-for': ip,
        'user-agent': 'Mozilla/5.0 (t)',
      })
      expect(clicked.status).toBe(302)
      await api.service.core.earnings.clicks.flush()
      return new URL(clicked.headers.get('location')!).searchParams.get('click')
    }

    it('chetup, plain store: B’s lead (no click of its own) is not counted under A’s sub-id in B’s report', async () => {
      api.clock.set('2026-07-02T05:00:00Z')
      const a = await enrol('chetup', { country: 'GE' })
      const b = await enrol('chetup', { country: 'GE' })
      const customer = `${a.partner}-plain`
      const click = await clickOn(link(a, 'cafe-sale').code, 'a-secret-placement', '192.0.2.60')
      api.clock.set('2026-07-02T12:00:00Z')
      await api.recorded('chetup', {
        ...{ id: `${customer}-sale`, type: 'payment', occurredAt: '2026-07-02T10:00:00+04:00', customer },
        ...{ ref: link(a, 'cafe-sale').code, campaign: 'cafe-sale', order: `${customer}-o1`, amount: '250.00' },
        ...{ currency: 'GEL', ip: '192.0.2.60', country: 'GE', click },
      })
      // the same lead as per-event-attribution's chetup test, through the reference (plain) store
      const { db } = api.service
      const plain = plainEarningsStore(db.pool, { sharedSession: db.kind === 'pglite' })
      const lead = await recordEvent(
        {
          store: plain,
          clock: api.service.core.clock,
          logger: silentLogger,
          program: (key) => api.service.core.programs.get(key),
          hashIp: (ip) => `h:${ip}`,
        },
        'chetup',
        {
          ...{ id: `${customer}-lead`, type: 'lead', occurredAt: '2026-07-02T11:00:00+04:00', customer },
          ...{ ref: link(b, 'app-lead').code, campaign: 'app-lead', ip: '192.0.2.61', country: 'GE' },
        },
      )
      expect(lead.body.commissions).toEqual([expect.objectContaining({ amount: '2.00', partner: b.partner })])
      const bySub = await report(b.partner, { program: 'chetup', by: 'sub1', from: '2026-07-02', to: '2026-07-02' })
      // the group-commit store gives [null] here (per-event-attribution.test.ts)
      expect(bySub.body.rows.map((r: { key: string | null }) => r.key)).toEqual([null])
    })

    it('chetup: a first sale through B’s link is not counted as a conversion in A’s report under B’s sub-id', async () => {
      api.clock.set('2026-07-03T05:00:00Z')
      const a = await enrol('chetup', { country: 'GE' })
      const b = await enrol('chetup', { country: 'GE' })
      const customer = `${a.partner}-conv`
      // A brings the customer with a lead (no click)
      await api.recorded('chetup', {
        ...{ id: `${customer}-lead`, type: 'lead', occurredAt: '2026-07-03T08:00:00+04:00', customer },
        ...{ ref: link(a, 'app-lead').code, campaign: 'app-lead', ip: '192.0.2.70', country: 'GE' },
      })
      // the customer's first sale comes through B's cafe-sale link, whose placement B named
      const click = await clickOn(link(b, 'cafe-sale').code, 'b-secret-placement', '192.0.2.71')
      api.clock.set('2026-07-03T12:00:00Z')
      const sale = await api.recorded('chetup', {
        ...{ id: `${customer}-sale`, type: 'payment', occurredAt: '2026-07-03T10:00:00+04:00', customer },
        ...{ ref: link(b, 'cafe-sale').code, campaign: 'cafe-sale', order: `${customer}-o1`, amount: '100.00' },
        ...{ currency: 'GEL', ip: '192.0.2.71', country: 'GE', click },
      })
      expect(sale.commissions).toEqual([expect.objectContaining({ amount: '10.00', partner: b.partner })])
      const ofA = await report(a.partner, { program: 'chetup', by: 'sub1', from: '2026-07-03', to: '2026-07-03' })
      const ofB = await report(b.partner, { program: 'chetup', by: 'sub1', from: '2026-07-03', to: '2026-07-03' })
      // B's placement is B's business: A's report must not list it
      expect(ofA.body.rows.map((r: { key: string | null }) => r.key)).not.toContain('b-secret-placement')
      // and the first payment B's link brought is B's conversion, not A's
      const totalsA = await report(a.partner, { program: 'chetup', from: '2026-07-03', to: '2026-07-03' })
      const totalsB = await report(b.partner, { program: 'chetup', from: '2026-07-03', to: '2026-07-03' })
      expect(totalsA.body.totals).toMatchObject({ firstPayments: 0, signups: 1 })
      expect(totalsB.body.totals).toMatchObject({
        firstPayments: 1,
        commissions: [{ amount: '10.00', currency: 'GEL' }],
      })
      expect(ofB.body.rows.map((r: { key: string | null }) => r.key)).toContain('b-secret-placement')
    })

    const jq = (customer: string, id: string, type: string, extra: Record<string, unknown>) =>
      api.postback('jqsee', { id, type, occurredAt: '2026-07-10T09:00:00Z', customer, currency: 'USD', ...extra })
    /** The same, made at this moment (after a sanction just applied, which an earlier event would precede). */
    const jqNow = (customer: string, id: string, type: string, extra: Record<string, unknown>) =>
      jq(customer, id, type, { ...extra, occurredAt: api.clock.now().toISOString() })

    it('jqsee: a refund sent for another customer naming B’s customer’s order is refused, B’s commission stays', async () => {
      api.clock.set('2026-07-10T10:00:00Z')
      const a = await enrol('jqsee')
      const b = await enrol('jqsee')
      const ofB = `${b.partner}-y`
      const paid = await jq(ofB, `${ofB}-1`, 'payment', { order: `${ofB}-o1`, amount: '100.00', ref: b.codes[0]!.code })
      expect(paid.body.commissions).toEqual([expect.objectContaining({ amount: '10.00', partner: b.partner })])
      const ofA = `${a.partner}-x`
      await jq(ofA, `${ofA}-1`, 'payment', { order: `${ofA}-o1`, amount: '50.00', ref: a.codes[0]!.code })
      // a refund for A's customer X (or for a customer nobody brought) that names B's customer's order
      const wrong = await jq(ofA, `${ofA}-r`, 'refund', { order: `${ofB}-o1`, amount: '100.00' })
      const stranger = await jq(`${ofA}-nobody`, `${ofA}-r2`, 'refund', { order: `${ofB}-o1`, amount: '100.00' })
      expect(await balance(b.partner)).toMatchObject({ available: '10.00' })
      // the customer nobody brought: nothing to undo, nothing undone
      expect(stranger.status).toBe(201)
      expect(stranger.body.reversals).toEqual([])
      expect(wrong.status).toBe(422)
      expect(wrong.body.error).toMatchObject({ code: 'postback.order_of_other_partner' })
    })

    it('jqsee: two partial refunds of B’s order take back B’s commission in proportion; A’s untouched', async () => {
      api.clock.set('2026-07-10T10:00:00Z')
      const a = await enrol('jqsee')
      const b = await enrol('jqsee')
      const c = `${a.partner}-part`
      await jq(c, `${c}-1`, 'payment', { order: `${c}-o1`, amount: '100.00', ref: a.codes[0]!.code })
      await jq(c, `${c}-2`, 'payment', { order: `${c}-o2`, amount: '100.50', ref: b.codes[0]!.code })
      const r1 = await jq(c, `${c}-r1`, 'refund', { order: `${c}-o2`, amount: '50.25' })
      const r2 = await jq(c, `${c}-r2`, 'refund', { order: `${c}-o2`, amount: '50.25' })
      expect([r1.status, r2.status]).toEqual([201, 201])
      expect([...r1.body.reversals, ...r2.body.reversals].map((r: { amount: string }) => r.amount)).toEqual([
        '-5.02',
        '-5.03',
      ])
      expect(await balance(b.partner)).toMatchObject({ available: '0.00' })
      expect(await balance(a.partner)).toMatchObject({ available: '10.00' })
    })

    it('jqsee: B paying with its own code as a customer A brought is a self-referral for B', async () => {
      api.clock.set('2026-07-10T10:00:00Z')
      const a = await enrol('jqsee')
      const own = `self-${seq}-b`
      const b = await enrol('jqsee', { ownAccountId: own })
      await jq(own, `${own}-1`, 'payment', { order: `${own}-o1`, amount: '100.00', ref: a.codes[0]!.code })
      const self = await jq(own, `${own}-2`, 'payment', { order: `${own}-o2`, amount: '100.00', ref: b.codes[0]!.code })
      expect(self.body.commissions).toEqual([expect.objectContaining({ status: 'rejected', reason: 'self_referral' })])
      expect((await balance(b.partner))?.available ?? '0.00').toBe('0.00')
    })

    it('jqsee: concurrent payments of one customer with A’s code, B’s code and none each earn once, for the right partner', async () => {
      api.clock.set('2026-07-10T10:00:00Z')
      const a = await enrol('jqsee')
      const b = await enrol('jqsee')
      const c = `${a.partner}-conc`
      await jq(c, `${c}-0`, 'payment', { order: `${c}-o0`, amount: '10.00', ref: a.codes[0]!.code })
      const sent = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          jq(c, `${c}-${i + 1}`, 'payment', {
            order: `${c}-o${i + 1}`,
            amount: '10.00',
            ...(i % 3 === 0 ? { ref: b.codes[0]!.code } : i % 3 === 1 ? { ref: a.codes[0]!.code } : {}),
          }),
        ),
      )
      expect(sent.map((s) => s.status)).toEqual(Array(12).fill(201))
      expect(await balance(b.partner)).toMatchObject({ available: '4.00' })
      expect(await balance(a.partner)).toMatchObject({ available: '9.00' })
    })

    it('jqsee: sanctions: A’s codes suspended, B’s code still earns B; B blocked, a refund of B’s order still takes it back', async () => {
      api.clock.set('2026-07-10T10:00:00Z')
      const a = await enrol('jqsee')
      const b = await enrol('jqsee')
      const c = `${a.partner}-sanc`
      await jq(c, `${c}-1`, 'payment', { order: `${c}-o1`, amount: '100.00', ref: a.codes[0]!.code })
      const sa = await api.operator('POST', `/v1/partners/${a.partner}/sanctions`, {
        program: 'jqsee',
        kind: 'suspend_codes',
        reason: 'fraud',
      })
      expect(sa.status).toBe(201)
      const none = await jqNow(c, `${c}-2`, 'payment', { order: `${c}-o2`, amount: '100.00' })
      expect(none.body.commissions).toEqual([])
      const withB = await jqNow(c, `${c}-3`, 'payment', { order: `${c}-o3`, amount: '100.00', ref: b.codes[0]!.code })
      expect(withB.body.commissions).toEqual([expect.objectContaining({ amount: '10.00', partner: b.partner })])
      const sb = await api.operator('POST', `/v1/partners/${b.partner}/sanctions`, {
        program: 'jqsee',
        kind: 'block',
        reason: 'fraud',
      })
      expect(sb.status, JSON.stringify(sb.body)).toBe(201)
      api.clock.set('2026-07-10T11:00:00Z')
      const refund = await api.postback('jqsee', {
        id: `${c}-r3`,
        type: 'refund',
        occurredAt: '2026-07-10T10:30:00Z',
        customer: c,
        currency: 'USD',
        order: `${c}-o3`,
        amount: '100.00',
      })
      expect(refund.status, JSON.stringify(refund.body)).toBe(201)
      expect(refund.body.reversals).toEqual([expect.objectContaining({ amount: '-10.00' })])
      expect(await balance(a.partner)).toMatchObject({ available: '10.00' })
    })
  })
})
