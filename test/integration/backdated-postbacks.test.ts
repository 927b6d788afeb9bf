import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'

/**
 * Holds count from an event's occurredAt, so an event dated in the past must be one that can be true: not older
 * than the program's maximum delay, not before the partner joined, not before the click it names.
 */
describe('backdated postbacks', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-10T12:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  const counts = async () => {
    const p = api.service.db.prisma
    return { events: await p.event.count(), entries: await p.ledgerEntry.count(), customers: await p.customer.count() }
  }
  /** The refusal of an event, and that nothing was written for it. */
  async function refused(program: string, event: Record<string, unknown>, code: string, path: string) {
    const before = await counts()
    const r = await api.postback(program, event)
    expect(r.status, JSON.stringify(r.body)).toBe(422)
    expect(r.body.error.code).toBe(code)
    expect(r.body.error.issues).toEqual([{ path, message: expect.any(String) }])
    expect(await counts()).toEqual(before)
    return r.body.error
  }
  const enrol = async (program: string, extra: Record<string, unknown> = {}) =>
    api.enrolled(program, { name: 'Backdated', language: 'en', legalType: 'individual', ...extra })

  it('a payment dated 2001 is refused (postback.too_old), not made available at once', async () => {
    const { partner, codes } = await enrol('worksection-partner')
    const error = await refused(
      'worksection-partner',
      {
        id: 'old-2001',
        type: 'payment',
        occurredAt: '2001-01-01T00:00:00Z',
        customer: 'old-c1',
        ref: codes[0]!.code,
        order: 'old-o1',
        amount: '100.00',
        currency: 'USD',
      },
      'postback.too_old',
      'occurredAt',
    )
    expect(error.message).toMatch(/more than 31 days ago/)
    expect(balanceOf((await api.statement(partner)).body, 'worksection-partner')).toBeUndefined()
  })

  it('the maximum delay is the program’s own: inside it the event counts, with its hold from occurredAt', async () => {
    const { codes } = await enrol('worksection-partner')
    const pay = (id: string, occurredAt: string) => ({
      id,
      type: 'payment',
      occurredAt,
      customer: `late-${id}`,
      ref: codes[0]!.code,
      order: `late-${id}`,
      amount: '100.00',
      currency: 'USD',
    })
    // 31 days is the program's maximum (prisma/programs/worksection-partner.json): one more hour is too late
    await refused('worksection-partner', pay('l1', '2026-02-07T11:00:00Z'), 'postback.too_old', 'occurredAt')
    const ok = await api.recorded('worksection-partner', pay('l2', '2026-02-08T13:00:00Z'))
    expect(ok.commissions).toEqual([expect.objectContaining({ status: 'pending', amount: '15.00' })])
    // jqsee has no hold; its window is 30 days
    const j = await enrol('jqsee')
    await refused(
      'jqsee',
      { ...pay('l3', '2026-02-08T11:00:00Z'), ref: j.codes[0]!.code, order: 'jo-l3' },
      'postback.too_old',
      'occurredAt',
    )
  })

  it('an event recorded in time and sent again after the window gets its first answer, not a refusal', async () => {
    const { codes } = await enrol('quantower')
    const signup = {
      id: 'in-time',
      type: 'signup',
      occurredAt: '2026-03-10T11:00:00Z',
      customer: 'it-1',
      ref: codes[0]!.code,
    }
    const first = await api.postback('quantower', signup)
    expect(first.status).toBe(201)
    const now = api.clock.now()
    try {
      api.clock.advance(40 * 86_400_000)
      expect(await api.postback('quantower', signup)).toEqual({ status: 200, body: first.body })
      expect((await api.postback('quantower', { ...signup, customer: 'it-2' })).status).toBe(409)
    } finally {
      api.clock.set(now)
    }
  })

  it('a partner imported with its registration date earns nothing from before it (postback.before_enrolment)', async () => {
    const { codes } = await enrol('melbet', { registeredAt: '2026-02-20T00:00:00Z' })
    const ref = codes[0]!.code
    await refused(
      'melbet',
      { id: 'imp-s0', type: 'signup', occurredAt: '2026-02-19T12:00:00Z', customer: 'imp-1', ref },
      'postback.before_enrolment',
      'occurredAt',
    )
    await api.recorded('melbet', {
      id: 'imp-s1',
      type: 'signup',
      occurredAt: '2026-02-20T12:00:00Z',
      customer: 'imp-1',
      ref,
    })
    // a later event of the same customer, dated before the registration, is refused too
    await refused(
      'melbet',
      {
        id: 'imp-r0',
        type: 'revenue',
        occurredAt: '2026-02-18T12:00:00Z',
        customer: 'imp-1',
        order: 'imp-o0',
        amount: '100.00',
        currency: 'USD',
      },
      'postback.before_enrolment',
      'occurredAt',
    )
  })

  it('a partner imported with its history: old events are accepted while the history comes in, then the window closes', async () => {
    // imported on 10 Mar with its registration of 1 Dec: its program sends what happened since, for 31 days
    const { partner, codes } = await enrol('worksection-partner', { registeredAt: '2025-12-01T00:00:00Z' })
    const pay = (id: string, occurredAt: string, extra: Record<string, unknown> = {}) => ({
      id,
      type: 'payment',
      occurredAt,
      customer: `hist-${id}`,
      ref: codes[0]!.code,
      order: `hist-${id}`,
      amount: '100.00',
      currency: 'USD',
      ...extra,
    })
    // 64 days old: history of an imported partner, its hold long over
    const old = await api.recorded('worksection-partner', pay('h1', '2026-01-05T10:00:00Z'))
    expect(old.commissions).toEqual([
      expect.objectContaining({ amount: '15.00', availableFrom: '2026-02-04T22:00:00.000Z' }),
    ])
    expect(balanceOf((await api.statement(partner)).body, 'worksection-partner')).toMatchObject({
      available: '15.00',
    })
    // never before the registration
    await refused('worksection-partner', pay('h0', '2025-11-30T12:00:00Z'), 'postback.before_enrolment', 'occurredAt')
    const now = api.clock.now()
    try {
      // 32 days after the import the history window is closed: the program's 31 days apply again
      api.clock.advance(32 * 86_400_000)
      await refused('worksection-partner', pay('h2', '2026-01-06T10:00:00Z'), 'postback.too_old', 'occurredAt')
      await api.recorded(
        'worksection-partner',
        pay('h3', new Date(api.clock.now().getTime() - 86_400_000).toISOString()),
      )
    } finally {
      api.clock.set(now)
    }
  })

  it('a registration date in the future is refused when enrolling', async () => {
    const r = await api.enrol('melbet', {
      name: 'Future',
      language: 'en',
      legalType: 'individual',
      registeredAt: '2026-04-01T00:00:00Z',
    })
    expect(r).toMatchObject({
      status: 400,
      body: { error: { code: 'enrolment.invalid', issues: [{ path: 'registeredAt', message: expect.any(String) }] } },
    })
  })

  describe('the click a postback names', () => {
    let ref: string
    let otherRef: string
    let clickAt: Date
    let clickId: string
    beforeAll(async () => {
      ref = (await enrol('quantower')).codes[0]!.code
      otherRef = (await enrol('quantower')).codes[0]!.code
      clickAt = api.clock.now()
      const r = await api.get(`/r/${ref}`, { 'x-forwarded-for': '192.0.2.200' })
      clickId = new URL(r.headers.get('location')!).searchParams.get('click')!
      expect(clickId).toMatch(/^[0-9a-f-]{36}$/)
    })
    const signup = (id: string, extra: Record<string, unknown> = {}) => ({
      id,
      type: 'signup',
      occurredAt: new Date(clickAt.getTime() + 60_000).toISOString(),
      customer: `cl-${id}`,
      ref,
      click: clickId,
      ...extra,
    })

    it('an event after its click is recorded, with the click', async () => {
      await api.recorded('quantower', signup('ok'))
      const e = await api.service.db.prisma.event.findFirstOrThrow({ where: { externalId: 'ok' } })
      expect(e.clickId).toBe(clickId)
    })

    it('an event dated before the click it names is refused (postback.before_click)', async () => {
      const at = new Date(clickAt.getTime() - 3_600_000).toISOString()
      await refused('quantower', signup('early', { occurredAt: at }), 'postback.before_click', 'occurredAt')
    })

    it('a click on another partner’s code, of another program or unknown is refused; a malformed one is a 400', async () => {
      await refused('quantower', signup('other', { ref: otherRef }), 'postback.click_mismatch', 'click')
      const melbet = (await enrol('melbet')).codes[0]!.code
      const melbetClick = new URL(
        (await api.get(`/r/${melbet}`, { 'x-forwarded-for': '192.0.2.201' })).headers.get('location')!,
      ).searchParams.get('click')
      expect(melbetClick).toMatch(/^[0-9a-f-]{36}$/)
      await refused('quantower', signup('program', { click: melbetClick }), 'postback.click_mismatch', 'click')
      await refused(
        'quantower',
        signup('unknown', { click: '6f1c1f0e-9b7a-4c55-8f5e-0d6f3f6f2a11' }),
        'postback.unknown_click',
        'click',
      )
      const bad = await api.postback('quantower', signup('bad', { click: '12' }))
      expect(bad).toMatchObject({
        status: 400,
        body: { error: { code: 'postback.invalid', issues: [{ path: 'click' }] } },
      })
    })

    it('unknown clicks arriving with good postbacks are refused before any transaction: no shared batch rolls back', async () => {
      const splits = async () => {
        const text = await (await api.get('/metrics')).text()
        return Number(/pa_postback_batch_size_count\{outcome="split"\} (\d+)/.exec(text)?.[1] ?? 0)
      }
      const before = await splits()
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          api.postback(
            'quantower',
            i % 2
              ? signup(`mix-bad-${i}`, { click: `6f1c1f0e-9b7a-4c55-8f5e-0d6f3f6f${String(i).padStart(4, '0')}` })
              : signup(`mix-ok-${i}`, { click: undefined }),
          ),
        ),
      )
      expect(results.map((r) => r.status)).toEqual(results.map((_, i) => (i % 2 ? 422 : 201)))
      expect(await splits()).toBe(before)
    })

    it('without a ref the click is checked against the customer’s own code', async () => {
      await api.recorded('quantower', signup('first', { customer: 'cl-own', click: undefined }))
      const later = { id: 'later', type: 'signup', occurredAt: signup('x').occurredAt, customer: 'cl-own' }
      await api.recorded('quantower', { ...later, click: clickId })
      const other = (await enrol('quantower')).codes[0]!.code
      await api.recorded('quantower', signup('first2', { customer: 'cl-other', ref: other, click: undefined }))
      await refused(
        'quantower',
        { ...later, id: 'later2', customer: 'cl-other', click: clickId },
        'postback.click_mismatch',
        'click',
      )
    })
  })
})
