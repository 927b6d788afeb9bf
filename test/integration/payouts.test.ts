import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, type Api, balanceOf, startApi } from '../helpers/api.ts'
import { melbetPartner } from '../helpers/melbet-partner.ts'

/** programs.md worked examples 3, 7, 11, 12, 13 and 14, the payout side, end to end through the operator API. */
describe('payouts', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-02T09:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  let seq = 0
  const enrol = (program: string, extra: Record<string, unknown> = {}) =>
    api.enrolled(program, { name: `Payee ${++seq}`, language: 'en', legalType: 'individual', ...extra })
  const post = (program: string, event: Record<string, unknown>) => api.recorded(program, event)
  const op = (method: string, path: string, body?: unknown) => api.operator(method, path, body)
  const request = (partner: string, body: Record<string, unknown>, key = `k-${++seq}`) =>
    api.requestPayout(partner, body, key)
  const balance = async (partner: string, program: string, currency = 'USD') => {
    const st = await api.statement(partner, { program })
    expect(st.status, JSON.stringify(st.body)).toBe(200)
    return balanceOf(st.body, program, currency)
  }
  const jqseeEarner = async (amount: string) => {
    const p = await enrol('jqsee')
    await post('jqsee', {
      id: `${p.partner}-pay`,
      type: 'payment',
      occurredAt: new Date(api.clock.now().getTime() - 3_600_000).toISOString(),
      customer: `${p.partner}-c`,
      ref: p.codes[0]!.code,
      order: `${p.partner}-o`,
      amount,
      currency: 'USD',
    })
    return p
  }

  it('3. jqsee: $12.00 requested on a Friday is due on Tuesday; an $8 balance is refused below the $10 minimum', async () => {
    api.clock.set('2026-03-06T10:00:00Z') // Friday
    const { partner } = await jqseeEarner('120.00')
    const body = { program: 'jqsee', method: 'paypal', details: { email: 'anna.partner@example.com' } }
    const preview = await op('POST', `/v1/partners/${partner}/payouts/preview`, body)
    expect(preview.status, JSON.stringify(preview.body)).toBe(200)
    expect(preview.body.preview).toMatchObject({
      gross: '12.00',
      fee: '0.00',
      taxWithheld: '0.00',
      net: '12.00',
      expectedAt: '2026-03-09T22:00:00.000Z', // Tuesday 00:00 in Kyiv
      details: 'a•••@example.com',
    })
    expect(await balance(partner, 'jqsee')).toMatchObject({ available: '12.00', inPayout: '0.00' })

    const r = await request(partner, body)
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.payout).toMatchObject({
      status: 'requested',
      gross: '12.00',
      net: '12.00',
      details: 'a•••@example.com',
    })
    expect(JSON.stringify(r.body)).not.toContain('anna.partner')
    expect(await balance(partner, 'jqsee')).toMatchObject({ available: '0.00', inPayout: '12.00', paid: '0.00' })

    const approved = await op('POST', `/v1/payouts/${r.body.payout.id}/approve`, {})
    expect(approved.body.payout.status).toBe('approved')
    const paid = await op('POST', `/v1/payouts/${r.body.payout.id}/paid`, { reference: 'PP-2026-0310-1' })
    expect(paid.body.payout).toMatchObject({ status: 'paid', paymentRef: 'PP-2026-0310-1' })
    expect(await balance(partner, 'jqsee')).toMatchObject({ available: '0.00', inPayout: '0.00', paid: '12.00' })
    // paid is final
    const again = await op('POST', `/v1/payouts/${r.body.payout.id}/reject`, { reason: 'other' })
    expect(again.status).toBe(409)

    const small = await jqseeEarner('80.00')
    const refused = await request(small.partner, body)
    expect(refused.status).toBe(422)
    expect(refused.body.error).toMatchObject({ code: 'payout.below_minimum' })
    expect(refused.body.error.message).toContain('10.00')
    expect(await balance(small.partner, 'jqsee')).toMatchObject({ available: '8.00', inPayout: '0.00' })
  })

  it('payment details are stored encrypted and only ever shown masked', async () => {
    const { partner } = await enrol('chetup', { campaigns: ['cafe-sale'] })
    const r = await op('POST', `/v1/partners/${partner}/payment-details`, {
      method: 'bank',
      details: { iban: 'GE29 NB00 0000 0101 9049 17' },
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.paymentDetails.masked).toBe('GE•• •••• 4917')
    const rows = await api.service.db.prisma.paymentDetails.findMany({ where: { partnerId: partner } })
    expect(rows).toHaveLength(1)
    expect(Buffer.from(rows[0]!.ciphertext).toString('latin1')).not.toContain('0101904917')
    const bad = await op('POST', `/v1/partners/${partner}/payment-details`, {
      method: 'bank',
      details: { iban: 'GE00NB0000000101904917' },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues).toEqual([expect.objectContaining({ path: 'iban' })])
    // the holder's name is shown to finance as written: a right-to-left override would show another name
    const spoofed = await op('POST', `/v1/partners/${partner}/payment-details`, {
      method: 'bank',
      details: { iban: 'GE29NB0000000101904917', holder: 'Ivan \u202eavorteP' },
    })
    expect(spoofed.status).toBe(400)
    expect(spoofed.body.error.issues).toEqual([
      expect.objectContaining({ path: 'holder', message: 'must not contain control characters' }),
    ])
    expect(await api.service.db.prisma.paymentDetails.count({ where: { partnerId: partner } })).toBe(1)
  })

  it('Idempotency-Key: a replay gets the same body, another body under the key is 409; 50 concurrent requests reserve once', async () => {
    api.clock.set('2026-03-09T10:00:00Z')
    const { partner } = await jqseeEarner('500.00')
    const body = { program: 'jqsee', method: 'paypal', details: { email: 'x@example.com' } }
    // as the sender reads them: the replay is the same bytes, not only the same JSON (its copy is stored as jsonb)
    const send = async () => {
      const r = await fetch(`${api.base}/v1/partners/${partner}/payouts`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          'content-type': 'application/json',
          'idempotency-key': 'same-key',
        },
        body: JSON.stringify(body),
      })
      return { status: r.status, text: await r.text() }
    }
    const sent = await send()
    expect(sent.status).toBe(201)
    const first = { status: sent.status, body: JSON.parse(sent.text) }
    const again = await send()
    expect(again.status).toBe(200)
    expect(again.text).toBe(sent.text)
    const conflict = await request(partner, { ...body, amount: '10.00' }, 'same-key')
    expect(conflict.status).toBe(409)
    await op('POST', `/v1/payouts/${first.body.payout.id}/reject`, { reason: 'details_unusable' })
    expect(await balance(partner, 'jqsee')).toMatchObject({ available: '50.00', inPayout: '0.00' })

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => request(partner, { program: 'jqsee', method: 'paypal' }, `race-${i}`)),
    )
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    expect(statuses.filter((s) => s === 422)).toHaveLength(49)
    expect(await balance(partner, 'jqsee')).toMatchObject({ available: '0.00', inPayout: '50.00' })
    const reservations = await api.service.db.prisma.ledgerEntry.count({
      where: { enrolment: { partnerId: partner }, kind: 'payout', account: 'reserved' },
    })
    expect(reservations).toBe(2) // the rejected one (released) and the winner
  })

  it('a cancelled request gives the money back; a blocked partner cannot request', async () => {
    api.clock.set('2026-03-09T11:00:00Z')
    const { partner } = await jqseeEarner('200.00')
    const r = await request(partner, { program: 'jqsee', method: 'paypal', details: { email: 'c@example.com' } })
    const cancelled = await op('POST', `/v1/payouts/${r.body.payout.id}/cancel`, { reason: 'partner_request' })
    expect(cancelled.body.payout.status).toBe('cancelled')
    expect(await balance(partner, 'jqsee')).toMatchObject({ available: '20.00', inPayout: '0.00' })
    await op('POST', `/v1/partners/${partner}/sanctions`, { program: 'jqsee', kind: 'block', reason: 'fraud' })
    const refused = await request(partner, { program: 'jqsee', method: 'paypal' })
    expect(refused.status).toBe(422)
    expect(refused.body.error.code).toBe('payout.partner_blocked')
  })

  it('7. worksection-referral: redeem $50 as service credit -> $60 of credit; money still in its 31-day hold is pending', async () => {
    api.clock.set('2026-03-02T10:00:00Z')
    const { partner, codes } = await enrol('worksection-referral')
    for (const n of [1, 2]) {
      await post('worksection-referral', {
        id: `ws7-s${n}-${partner}`,
        type: 'signup',
        occurredAt: '2026-03-02T09:00:00Z',
        customer: `ws7-c${n}-${partner}`,
        ref: codes[0]!.code,
        ip: `198.51.100.${n}`,
      })
      await post('worksection-referral', {
        id: `ws7-p${n}-${partner}`,
        type: 'payment',
        occurredAt: '2026-03-02T09:30:00Z',
        customer: `ws7-c${n}-${partner}`,
        order: `ws7-o${n}-${partner}`,
        amount: '49.00',
        currency: 'USD',
        monthsPaid: 1,
      })
    }
    const early = await request(partner, { program: 'worksection-referral', method: 'service_credit' })
    expect(early.status).toBe(422)
    expect(early.body.error.code).toBe('payout.funds_pending')
    api.clock.set('2026-04-03T10:00:00Z') // 31 days later
    const redeem = await request(partner, { program: 'worksection-referral', method: 'service_credit' })
    expect(redeem.status, JSON.stringify(redeem.body)).toBe(201)
    expect(redeem.body.payout).toMatchObject({ gross: '50.00', credit: '60.00', fee: '0.00', taxWithheld: '0.00' })
  })

  it('11. chetup: 150 GEL for an individual -> 30 GEL withheld, 120 GEL on the 25th; a company gets 150; 90 GEL is refused', async () => {
    api.clock.set('2026-03-01T08:00:00Z')
    const earn = async (legalType: string) => {
      const p = await enrol('chetup', { legalType, campaigns: ['cafe-sale'] })
      await post('chetup', {
        id: `c11-${p.partner}`,
        type: 'payment',
        occurredAt: '2026-03-01T07:00:00Z',
        customer: `c11-${p.partner}`,
        ref: p.codes[0]!.code,
        campaign: 'cafe-sale',
        order: `c11-o-${p.partner}`,
        amount: '1500.00',
        currency: 'GEL',
        country: 'GE',
      })
      await op('POST', `/v1/partners/${p.partner}/payment-details`, {
        method: 'bank',
        details: { iban: 'GE29NB0000000101904917' },
      })
      return p.partner
    }
    const person = await earn('individual')
    const company = await earn('company')
    api.clock.set('2026-03-12T08:00:00Z') // verified after 10 days
    const tooSmall = await request(person, { program: 'chetup', method: 'bank', amount: '90.00' })
    expect(tooSmall.status).toBe(422)
    expect(tooSmall.body.error).toMatchObject({ code: 'payout.below_minimum' })

    const a = await request(person, { program: 'chetup', method: 'bank' })
    expect(a.status, JSON.stringify(a.body)).toBe(201)
    expect(a.body.payout).toMatchObject({
      gross: '150.00',
      taxWithheld: '30.00',
      net: '120.00',
      expectedAt: '2026-03-24T20:00:00.000Z', // the 25th, 00:00 in Tbilisi
    })
    const b = await request(company, { program: 'chetup', method: 'bank' })
    expect(b.body.payout).toMatchObject({ gross: '150.00', taxWithheld: '0.00', net: '150.00' })

    // the 24th is not a pay day; the 25th builds the batch
    api.clock.set('2026-03-24T08:00:00Z')
    expect((await op('POST', '/v1/programs/chetup/payout-batches', {})).body).toMatchObject({
      outcome: 'not_a_pay_day',
    })
    api.clock.set('2026-03-25T03:00:00Z')
    const built = await api.service.core.batches.runPayDay('chetup')
    expect(built.outcome).toBe('built')
    expect(built.batch).toMatchObject({ status: 'closed', payouts: 2 })
    expect(built.batch!.totals).toEqual([
      { currency: 'GEL', count: 2, gross: '300.00', fee: '0.00', taxWithheld: '30.00', net: '270.00' },
    ])
    const csv = await api.get(`/v1/payout-batches/${built.batch!.id}/export.csv`)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    const text = Buffer.from(await csv.arrayBuffer()).toString('utf8')
    expect(text.startsWith('\ufeffpayout,partner,')).toBe(true)
    const lines = text.slice(1).trimEnd().split('\r\n')
    expect(lines).toHaveLength(3)
    expect(lines.join('\n')).toContain('GE•• •••• 4917')
    expect(lines.join('\n')).not.toContain('0101904917')
    const paid = await op('POST', `/v1/payout-batches/${built.batch!.id}/paid`, { reference: 'TBC-0325' })
    expect(paid.body.batch).toMatchObject({ status: 'paid', paymentRef: 'TBC-0325' })
    expect(await balance(person, 'chetup', 'GEL')).toMatchObject({ paid: '150.00', available: '0.00' })
    // a rerun of the same pay day pays nobody twice
    await api.service.core.batches.runPayDay('chetup')
    expect(await api.service.db.prisma.payoutRequest.count({ where: { batchId: built.batch!.id } })).toBe(2)
  })

  it('chetup: an admin moves the 25th; a paused program accepts requests and pays them on resume', async () => {
    api.clock.set('2026-04-01T08:00:00Z')
    const p = await enrol('chetup', { legalType: 'company', campaigns: ['cafe-sale'] })
    await post('chetup', {
      id: `cm-${p.partner}`,
      type: 'payment',
      occurredAt: '2026-04-01T07:00:00Z',
      customer: `cm-${p.partner}`,
      ref: p.codes[0]!.code,
      campaign: 'cafe-sale',
      order: `cm-o-${p.partner}`,
      amount: '2000.00',
      currency: 'GEL',
      country: 'GE',
    })
    const moved = await op('POST', '/v1/programs/chetup/payout-dates', {
      scheduled: '2026-04-25',
      movedTo: '2026-04-28',
      reason: 'holiday',
    })
    expect(moved.body).toMatchObject({ nextPayDate: '2026-04-28' })
    api.clock.set('2026-04-12T08:00:00Z')
    await op('POST', `/v1/programs/chetup/payouts/pause`, { reason: 'bank_issue' })
    const r = await request(p.partner, {
      program: 'chetup',
      method: 'bank',
      details: { iban: 'GE29NB0000000101904917' },
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.payout).toMatchObject({ status: 'requested', expectedAt: '2026-04-27T20:00:00.000Z' })
    api.clock.set('2026-04-28T03:00:00Z')
    expect((await api.service.core.batches.runPayDay('chetup')).outcome).toBe('paused')
    expect((await api.service.core.payouts.get(r.body.payout.id))!.status).toBe('requested')
    api.clock.set('2026-05-02T09:00:00Z')
    const resumed = await op('POST', `/v1/programs/chetup/payouts/resume`, { reason: 'resolved' })
    expect(resumed.body).toMatchObject({ paused: false, batch: { payouts: 1, status: 'closed' } })
    expect((await api.service.core.payouts.get(r.body.payout.id))!.status).toBe('approved')
  })

  /** A melbet partner with `players` qualified new users (sign-up and first deposit through the link). */
  const melbet = (registeredAt: string, players: number, opts: { agreed?: boolean } = {}) =>
    melbetPartner(api, { name: `Payee ${++seq}`, registeredAt, players, agreed: opts.agreed })
  const payoutsOf = async (partner: string) =>
    (await op('GET', `/v1/partners/${partner}/payouts?program=melbet`)).body.payouts as any[]

  it('12 and 14. melbet: +$400 in 2-8 Mar -> $80 paid on Tue 10 Mar with 5 players and agreed details; 4 players, no agreement or unsettled revenue -> nothing', async () => {
    api.clock.set('2026-03-02T08:00:00Z')
    const five = await melbet('2026-01-10T12:00:00Z', 5)
    const four = await melbet('2026-01-10T12:00:00Z', 4)
    const unagreed = await melbet('2026-01-10T12:00:00Z', 5, { agreed: false })
    api.clock.set('2026-03-09T01:00:00Z')
    for (const m of [five, four, unagreed]) await m.revenue('2026-03-05T12:00:00Z', '400.00')
    await five.revenue('2026-03-06T12:00:00Z', '100.00', { settled: false, order: `${five.partner}-open-bet` })

    const refused = await request(four.partner, { program: 'melbet', method: 'bank' })
    expect(refused.status).toBe(422)
    expect(refused.body.error).toMatchObject({ code: 'payout.not_enough_players' })
    expect(refused.body.error.message).toContain('more than 4 new users; so far: 4')

    api.clock.set('2026-03-10T04:00:00Z') // Tuesday
    const run = await api.service.core.batches.runPayDay('melbet')
    expect(run).toMatchObject({ outcome: 'built', day: '2026-03-10' })
    expect(run.batch).toMatchObject({
      periodStart: '2026-03-02T00:00:00.000Z',
      periodEnd: '2026-03-09T00:00:00.000Z',
    })
    const paid = await payoutsOf(five.partner)
    expect(paid).toEqual([expect.objectContaining({ gross: '80.00', status: 'approved', batch: run.batch!.id })])
    expect(await payoutsOf(four.partner)).toEqual([])
    expect(await payoutsOf(unagreed.partner)).toEqual([])
    expect(await balance(five.partner, 'melbet')).toMatchObject({ held: '20.00', inPayout: '80.00', available: '0.00' })
  })

  it('13. melbet: -$40 carried over; $20 rolls over below $30; $40 paid in week 3', async () => {
    api.clock.set('2026-03-01T09:00:00Z')
    const m = await melbet('2026-02-01T12:00:00Z', 5)
    const week = async (revenueAt: string, amount: string, tuesday: string) => {
      api.clock.set(new Date(new Date(revenueAt).getTime() + 3_600_000).toISOString())
      await m.revenue(revenueAt, amount)
      api.clock.set(tuesday)
      return api.service.core.batches.runPayDay('melbet')
    }
    await week('2026-03-04T12:00:00Z', '-200.00', '2026-03-10T05:00:00Z')
    expect(await payoutsOf(m.partner)).toEqual([])
    await week('2026-03-11T12:00:00Z', '300.00', '2026-03-17T05:00:00Z')
    expect(await payoutsOf(m.partner)).toEqual([])
    expect(await balance(m.partner, 'melbet')).toMatchObject({ available: '20.00' })
    await week('2026-03-18T12:00:00Z', '100.00', '2026-03-24T05:00:00Z')
    expect(await payoutsOf(m.partner)).toEqual([expect.objectContaining({ gross: '40.00', status: 'approved' })])
  })

  it('melbet: a payout hold (up to 2 months) is refused with its reason and skips the batch', async () => {
    api.clock.set('2026-06-01T09:00:00Z')
    const m = await melbet('2026-01-10T12:00:00Z', 5)
    await m.revenue('2026-06-01T08:00:00Z', '1000.00')
    const tooLong = await op('POST', `/v1/partners/${m.partner}/payout-settings`, {
      program: 'melbet',
      hold: { until: '2026-09-01T00:00:00Z', reason: 'traffic_check' },
    })
    expect(tooLong.status).toBe(422)
    // "up to 2 months" in calendar months: from 1 June 09:00 to 1 August 09:00, not a minute more
    const holdUntil = (until: string) =>
      op('POST', `/v1/partners/${m.partner}/payout-settings`, {
        program: 'melbet',
        hold: { until, reason: 'traffic_check' },
      })
    const past = await holdUntil('2026-08-01T09:01:00Z')
    expect(past.body.error).toMatchObject({
      code: 'payout.hold_too_long',
      message: expect.stringMatching(/August 1, 2026/),
    })
    expect((await holdUntil('2026-08-01T09:00:00Z')).status).toBe(200)
    const held = await op('POST', `/v1/partners/${m.partner}/payout-settings`, {
      program: 'melbet',
      hold: { until: '2026-07-15T00:00:00Z', reason: 'traffic_check' },
    })
    expect(held.body).toMatchObject({ holdUntil: '2026-07-15T00:00:00.000Z', holdReason: 'traffic_check' })
    const r = await request(m.partner, { program: 'melbet', method: 'bank' })
    expect(r.body.error).toMatchObject({ code: 'payout.on_hold' })
    expect(r.body.error.message).toContain("checking the partner's traffic sources")
    api.clock.set('2026-06-09T05:00:00Z')
    await api.service.core.batches.runPayDay('melbet')
    expect(await payoutsOf(m.partner)).toEqual([])
  })

  it('a disqualification annuls only what was not paid, and rejects the open request (review probe A)', async () => {
    api.clock.set('2026-07-01T10:00:00Z')
    const { partner, codes } = await enrol('quantower')
    for (const n of [1, 2]) {
      const customer = `qa-${n}-${partner}`
      await post('quantower', {
        id: `${customer}-s`,
        type: 'signup',
        occurredAt: '2026-07-01T09:00:00Z',
        customer,
        ref: codes[0]!.code,
      })
      await post('quantower', {
        id: `${customer}-p`,
        type: 'payment',
        occurredAt: '2026-07-01T09:10:00Z',
        customer,
        order: `${customer}-o`,
        amount: '250.00',
        currency: 'USD',
      })
    }
    const first = await request(partner, {
      program: 'quantower',
      method: 'paypal',
      amount: '50.00',
      details: { email: 'q@example.com' },
    })
    await op('POST', `/v1/payouts/${first.body.payout.id}/approve`, {})
    await op('POST', `/v1/payouts/${first.body.payout.id}/paid`, { reference: 'w-1' })
    const open = await request(partner, { program: 'quantower', method: 'paypal', amount: '50.00' })
    expect(open.status).toBe(201)
    const d = await op('POST', `/v1/partners/${partner}/sanctions`, {
      program: 'quantower',
      kind: 'disqualify',
      reason: 'self_referral',
    })
    expect(d.body.annulled).toEqual([{ currency: 'USD', amount: '50.00' }])
    expect((await op('GET', `/v1/payouts/${open.body.payout.id}`)).body.payout).toMatchObject({
      status: 'rejected',
      reason: 'disqualified',
    })
    expect(await balance(partner, 'quantower')).toMatchObject({
      available: '0.00',
      inPayout: '0.00',
      paid: '50.00',
      reversed: '50.00',
    })
    expect((await op('POST', `/v1/payouts/${open.body.payout.id}/approve`, {})).status).toBe(409)
  })

  it('melbet: a hold placed after a request sends it to review at the batch; new details void the agreement (review probe B)', async () => {
    api.clock.set('2026-08-03T08:00:00Z') // Monday
    const m = await melbet('2026-01-10T12:00:00Z', 5)
    await m.revenue('2026-07-29T12:00:00Z', '500.00')
    const r = await request(m.partner, { program: 'melbet', method: 'bank' })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    await op('POST', `/v1/partners/${m.partner}/payout-settings`, {
      program: 'melbet',
      hold: { until: '2026-08-20T00:00:00Z', reason: 'traffic_check' },
    })
    api.clock.set('2026-08-04T05:00:00Z')
    await api.service.core.batches.runPayDay('melbet')
    expect((await op('GET', `/v1/payouts/${r.body.payout.id}`)).body.payout).toMatchObject({
      status: 'needs_review',
      reason: 'on_hold',
      batch: null,
    })

    const n = await melbet('2026-01-10T12:00:00Z', 5)
    await n.revenue('2026-07-29T12:00:00Z', '500.00')
    const swapped = await request(n.partner, {
      program: 'melbet',
      method: 'bank',
      details: { iban: 'GE29NB0000000101904917' },
    })
    expect(swapped.body.error).toMatchObject({ code: 'payout.details_not_agreed' })
    await op('POST', `/v1/partners/${n.partner}/payment-details`, {
      method: 'bank',
      details: { iban: 'GE29NB0000000101904917' },
    })
    const refused = await request(n.partner, { program: 'melbet', method: 'bank' })
    expect(refused.body.error).toMatchObject({ code: 'payout.details_not_agreed' })
  })

  it('operator input: a future pay day, a made-up action, a replay with the default currency spelled out', async () => {
    const future = await op('POST', '/v1/programs/melbet/payout-batches', { day: '2027-01-05' })
    expect(future.status).toBe(422)
    expect(future.body.error.code).toBe('payout.date_in_future')
    const notPayDay = await op('POST', '/v1/programs/melbet/payout-batches', { day: '2026-03-11' })
    expect(notPayDay.body.error.code).toBe('payout.not_a_pay_date')
    const onRequest = await op('POST', '/v1/programs/jqsee/payout-batches', {})
    expect(onRequest.body.error.code).toBe('payout.not_scheduled')
    const { partner } = await jqseeEarner('300.00')
    const body = { program: 'jqsee', method: 'paypal', details: { email: 'r@example.com' } }
    const a = await request(partner, body, 'spelled')
    const b = await request(partner, { ...body, currency: 'USD' }, 'spelled')
    expect(b.status).toBe(200)
    expect(b.body).toEqual(a.body)
    expect((await op('POST', `/v1/payouts/${a.body.payout.id}/constructor`, {})).status).toBe(404)
    expect((await op('POST', `/v1/payouts/${a.body.payout.id}/paid`, {})).status).toBe(400)
  })

  it('worksection-referral (4.10): a PayPal address saved leaves the agreement on the unchanged bank details standing', async () => {
    api.clock.set('2026-01-05T12:00:00Z')
    const p = await enrol('worksection-referral', { legalType: 'company' })
    for (let i = 1; i <= 4; i++) {
      const customer = `${p.partner}-c${i}`
      const at = '2026-01-05T09:00:00Z'
      const ip = `10.9.${seq % 250}.${i}`
      await post('worksection-referral', {
        id: `${customer}-s`,
        type: 'signup',
        occurredAt: at,
        customer,
        ref: p.codes[0]!.code,
        ip,
      })
      await post('worksection-referral', {
        ...{ id: `${customer}-p`, type: 'payment', occurredAt: at, customer, order: `${customer}-o` },
        ...{ amount: '9.00', currency: 'USD', monthsPaid: 1 },
      })
    }
    api.clock.set('2026-02-10T12:00:00Z') // $100 payable
    const bank = { method: 'bank', details: { iban: 'LV80BANK0000435195001' } }
    expect((await op('POST', `/v1/partners/${p.partner}/payment-details`, bank)).status).toBe(201)
    const settings = { program: 'worksection-referral', detailsAgreed: true }
    expect((await op('POST', `/v1/partners/${p.partner}/payout-settings`, settings)).body).toMatchObject({
      detailsAgreed: true,
    })
    const byBank = { program: 'worksection-referral', method: 'bank', amount: '50.00' }
    expect((await request(p.partner, byBank)).status).toBe(201)
    const paypal = { method: 'paypal', details: { email: 'integrator@example.com' } }
    expect((await op('POST', `/v1/partners/${p.partner}/payment-details`, paypal)).status).toBe(201)
    const again = await request(p.partner, byBank)
    expect(again.status, JSON.stringify(again.body)).toBe(201)
    // new bank details are another matter: they wait for their own agreement
    expect(
      (
        await op('POST', `/v1/partners/${p.partner}/payment-details`, {
          ...bank,
          details: { iban: 'GE29NB0000000101904917' },
        })
      ).status,
    ).toBe(201)
    const refused = await request(p.partner, { ...byBank, amount: '10.00' })
    expect(refused.body.error).toMatchObject({ code: 'payout.details_not_agreed' })
  })

  it('chetup: a request finance holds for review cannot be cancelled by the partner and asked again: the review decides it', async () => {
    api.clock.set('2026-04-01T08:00:00Z')
    const p = await enrol('chetup', { language: 'ka', campaigns: ['cafe-sale'] })
    await post('chetup', {
      ...{ id: `${p.partner}-hc`, type: 'payment', occurredAt: '2026-04-01T07:00:00Z', customer: `${p.partner}-c` },
      ...{ ref: p.codes[0]!.code, campaign: 'cafe-sale', order: `${p.partner}-o`, amount: '1500.00', currency: 'GEL' },
      country: 'GE',
    })
    const details = { method: 'bank', details: { iban: 'GE29NB0000000101904917' } }
    expect((await op('POST', `/v1/partners/${p.partner}/payment-details`, details)).status).toBe(201)
    api.clock.set('2026-04-12T08:00:00Z') // verified
    const first = await request(p.partner, { program: 'chetup', method: 'bank' })
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    const held = await op('POST', `/v1/payouts/${first.body.payout.id}/hold`, { reason: 'traffic_check' })
    expect(held.body.payout.status).toBe('needs_review')
    // the partner's cancel (the bot's call) is refused; nothing changes
    const cancel = api.service.core.payouts.decide({
      ...{ payoutId: first.body.payout.id, action: 'cancel', reason: 'partner_request', actor: 'telegram' },
      ...{ partnerId: p.partner, answeredInChat: true },
    })
    await expect(cancel).rejects.toMatchObject({ code: 'payout.under_review' })
    expect((await op('GET', `/v1/payouts/${first.body.payout.id}`)).body.payout.status).toBe('needs_review')
    // the money stays reserved for the review: asking again finds nothing available
    const again = await request(p.partner, { program: 'chetup', method: 'bank' })
    expect(again.status, JSON.stringify(again.body)).toBe(422)
    api.clock.set('2026-04-25T03:00:00Z')
    await api.service.core.batches.runPayDay('chetup')
    const payouts = (await op('GET', `/v1/partners/${p.partner}/payouts`)).body.payouts
    expect(payouts.map((x: { status: string; batch: string | null }) => [x.status, x.batch])).toEqual([
      ['needs_review', null],
    ])
  })

  it('a statement of a program the partner never joined is enrolment.not_found; without a program it lists theirs', async () => {
    const { partner } = await jqseeEarner('120.00')
    const other = await api.statement(partner, { program: 'melbet' })
    expect(other.status).toBe(404)
    expect(other.body.error.code).toBe('enrolment.not_found')
    const unknown = await api.statement(partner, { program: 'no-such-program' })
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'program.not_found'])
    const all = await api.statement(partner)
    expect(all.body.balances.map((b: { program: string }) => b.program)).toEqual(['jqsee'])
  })
})
