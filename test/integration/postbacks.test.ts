import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, secretOf, sign, startApi } from '../helpers/api.ts'

/** Contract section 1 and 2: signatures, idempotency, bad input, concurrency, clicks, enrolment. */
describe('postbacks, clicks and enrolment over HTTP', () => {
  let api: Api
  let partner: string
  let ref: string
  beforeAll(async () => {
    api = await startApi('2026-03-10T12:00:00Z')
    const r = await api.enrol('quantower', { name: 'Concurrent', language: 'en', legalType: 'individual' })
    partner = r.body.partner.id
    ref = r.body.codes[0].code
  })
  afterAll(async () => {
    await api?.close()
  })

  const counts = async () => {
    const p = api.service.db.prisma
    return {
      events: await p.event.count(),
      entries: await p.ledgerEntry.count({ where: { account: { in: ['earned', 'held', 'reserved'] } } }),
      commissions: await p.commission.count(),
      customers: await p.customer.count(),
    }
  }
  const payment = (id: string, extra: Record<string, unknown> = {}) => ({
    id,
    type: 'payment',
    occurredAt: '2026-03-10T11:00:00Z',
    customer: 'pc-1',
    order: `order-${id}`,
    amount: '75.00',
    currency: 'USD',
    ...extra,
  })

  it('an identical replay gets the same answer (200); another body under the same id is refused (409)', async () => {
    await api.postback('quantower', {
      id: 'pb-su',
      type: 'signup',
      occurredAt: '2026-03-10T10:00:00Z',
      customer: 'pc-1',
      ref,
    })
    const first = await api.postback('quantower', payment('pb-1'))
    expect(first.status).toBe(201)
    const before = await counts()
    const again = await api.postback('quantower', payment('pb-1'))
    expect(again).toEqual({ status: 200, body: first.body })
    // the same event re-serialised (other key order, whitespace) is still the same event
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(payment('pb-1')).reverse()), null, 2)
    expect((await api.postback('quantower', {}, { raw: reordered })).status).toBe(200)
    const other = await api.postback('quantower', payment('pb-1', { amount: '80.00' }))
    expect(other).toMatchObject({ status: 409, body: { error: { code: 'postback.id_conflict' } } })
    expect(await counts()).toEqual(before)
  })

  it('the same order sent again under another id earns once', async () => {
    const a = await api.postback('quantower', payment('pb-2a', { order: 'shared-order' }))
    const b = await api.postback('quantower', payment('pb-2b', { order: 'shared-order' }))
    expect(a.body.commissions).toHaveLength(1)
    expect(b.body).toMatchObject({ commissions: [], notes: ['duplicate_order'] })
  })

  it('50 parallel deliveries of one postback record it once', async () => {
    const before = await counts()
    const results = await Promise.all(Array.from({ length: 50 }, () => api.postback('quantower', payment('pb-par'))))
    const statuses = results.map((r) => r.status).sort()
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    expect(statuses.filter((s) => s === 200)).toHaveLength(49)
    for (const r of results) expect(r.body).toEqual(results.find((x) => x.status === 201)!.body)
    const after = await counts()
    expect(after.events - before.events).toBe(1)
    expect(after.commissions - before.commissions).toBe(1)
    expect(after.entries - before.entries).toBe(1)
  })

  it('50 parallel events for one order (payments and refunds under distinct ids) give one set of entries', async () => {
    const order = 'order-storm'
    await api.postback('quantower', payment('storm-0', { order }))
    const before = await counts()
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api.postback(
          'quantower',
          i % 2
            ? payment(`storm-p${i}`, { order })
            : {
                id: `storm-r${i}`,
                type: 'refund',
                occurredAt: '2026-03-10T11:30:00Z',
                customer: 'pc-1',
                order,
                amount: '75.00',
                currency: 'USD',
              },
        ),
      ),
    )
    expect(results.every((r) => r.status === 201)).toBe(true)
    const after = await counts()
    expect(after.commissions - before.commissions).toBe(0) // the order earned once, before the storm
    expect(after.entries - before.entries).toBe(1) // one full refund reversal; the other 24 found nothing left
    const c = await api.service.db.prisma.commission.findFirstOrThrow({ where: { orderRef: order } })
    expect(c.status).toBe('reversed')
  })

  it('50 parallel first events of new customers of one partner keep the levels exact', async () => {
    const wp = await api.enrol('worksection-partner', { name: 'Levels', language: 'en', legalType: 'company' })
    const code = wp.body.codes[0].code
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        api.postback('worksection-partner', {
          id: `lv-${i}`,
          type: 'payment',
          occurredAt: '2026-03-10T11:00:00Z',
          customer: `lvc-${i}`,
          ref: code,
          order: `lvo-${i}`,
          amount: '100.00',
          currency: 'USD',
        }),
      ),
    )
    for (const r of results) expect(r.status, JSON.stringify(r.body)).toBe(201)
    const amounts = results.map((r) => r.body.commissions[0].amount).sort()
    // 15 Silver (15%), 20 Gold (25% from the 16th), 5 Platinum (35% from the 36th), whatever the arrival order
    expect(amounts.filter((a) => a === '15.00')).toHaveLength(15)
    expect(amounts.filter((a) => a === '25.00')).toHaveLength(20)
    expect(amounts.filter((a) => a === '35.00')).toHaveLength(5)
  })

  describe('bad input: a clear 4xx and nothing written', () => {
    const bad: [string, unknown, string][] = [
      ['malformed JSON', '{"id": "x",', 'invalid_json'],
      ['a JSON array', '[]', 'postback.invalid'],
      ['wrong types', { id: 5, type: 'payment', occurredAt: 'yesterday', customer: ['a'] }, 'postback.invalid'],
      ['an unknown event type', { ...payment('bad-1'), type: 'purchase' }, 'postback.invalid'],
      ['an exponent', payment('bad-2', { amount: '1e9' }), 'postback.invalid'],
      ['NaN', payment('bad-3', { amount: 'NaN' }), 'postback.invalid'],
      ['minus zero', payment('bad-4', { amount: '-0' }), 'postback.invalid'],
      ['30 decimals', payment('bad-5', { amount: `1.${'0'.repeat(30)}` }), 'postback.invalid'],
      ['a number instead of a string', payment('bad-6', { amount: 75 }), 'postback.invalid'],
      ['an unknown currency', payment('bad-7', { currency: 'XYZ' }), 'postback.invalid'],
      ['a currency the program does not use', payment('bad-8', { currency: 'EUR' }), 'postback.invalid'],
      ['a negative payment', payment('bad-9', { amount: '-5.00' }), 'postback.invalid'],
      ['an unknown field', payment('bad-10', { bonus: true }), 'postback.invalid'],
      ['a payment without amount', { ...payment('bad-11'), amount: undefined }, 'postback.invalid'],
      [
        'a refund without order',
        { id: 'bad-12', type: 'refund', occurredAt: '2026-03-10T11:00:00Z', customer: 'c' },
        'postback.invalid',
      ],
      ['an event in the future', payment('bad-13', { occurredAt: '2026-03-11T11:00:00Z' }), 'postback.invalid'],
      ['a bad IP address', payment('bad-14', { ip: '999.1.1.1' }), 'postback.invalid'],
      ['a NUL character in an id', payment('bad-15\u0000'), 'postback.invalid'],
      ['a line break in a customer id', payment('bad-16', { customer: 'pc\n1' }), 'postback.invalid'],
      // half a surrogate pair: PostgreSQL cannot store it, and a 500 would make the sender retry for ever
      ['an unpaired surrogate in an id', payment('bad-17\ud800'), 'postback.invalid'],
      ['an unpaired surrogate in an order', payment('bad-18', { order: 'o\udc00x' }), 'postback.invalid'],
      ['an unpaired surrogate in a customer id', payment('bad-19', { customer: '\ud83d' }), 'postback.invalid'],
      ['an unpaired surrogate in a ref', payment('bad-20', { ref: 'r\ud800' }), 'postback.invalid'],
      ['a click that is not a click id', payment('bad-21', { click: '17' }), 'postback.invalid'],
      ['a list price below the price paid', payment('bad-22', { listAmount: '10.00' }), 'postback.invalid'],
    ]
    it.each(bad)('%s -> 400', async (_name, body, code) => {
      const before = await counts()
      const raw = typeof body === 'string' ? body : JSON.stringify(body)
      const r = await api.postback('quantower', {}, { raw })
      expect(r.status).toBe(400)
      expect(r.body.error.code).toBe(code)
      if (code === 'postback.invalid') expect(r.body.error.issues.length).toBeGreaterThan(0)
      expect(await counts()).toEqual(before)
    })

    it('names each bad field', async () => {
      const r = await api.postback(
        'quantower',
        {},
        {
          raw: JSON.stringify({
            id: '',
            type: 'payment',
            occurredAt: 'x',
            customer: 'c',
            amount: '1e3',
            currency: 'usd',
          }),
        },
      )
      expect(r.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['currency', 'id', 'occurredAt'])
    })

    it('a wrong signature, a stale timestamp or no signature -> 401', async () => {
      const before = await counts()
      const body = JSON.stringify(payment('sig-1'))
      const ts = Math.floor(api.clock.now().getTime() / 1000)
      const send = (headers: Record<string, string>) =>
        fetch(`${api.base}/v1/programs/quantower/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
        })
      const wrong = await send({
        'webhook-id': 'm1',
        'webhook-timestamp': String(ts),
        'webhook-signature': sign(secretOf('jqsee'), 'm1', ts, body),
      })
      expect(wrong.status).toBe(401)
      const stale = await send({
        'webhook-id': 'm1',
        'webhook-timestamp': String(ts - 301),
        'webhook-signature': sign(secretOf('quantower'), 'm1', ts - 301, body),
      })
      expect(stale.status).toBe(401)
      expect((await stale.json()).error.code).toBe('stale_timestamp')
      expect((await send({})).status).toBe(401)
      expect(await counts()).toEqual(before)
    })

    it('accepts any of several signatures (secret rotation)', async () => {
      const body = JSON.stringify(payment('sig-2'))
      const ts = Math.floor(api.clock.now().getTime() / 1000)
      const r = await fetch(`${api.base}/v1/programs/quantower/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': 'm2',
          'webhook-timestamp': String(ts),
          'webhook-signature': `${sign('whsec_b2xkLXNlY3JldC1vbGQtc2VjcmV0', 'm2', ts, body)} ${sign(secretOf('quantower'), 'm2', ts, body)}`,
        },
        body,
      })
      expect(r.status).toBe(201)
    })

    it('an unknown program -> 404; a huge body -> 413', async () => {
      expect((await api.postback('nope', payment('x'))).status).toBe(404)
      const before = await counts()
      const huge = await api.postback(
        'quantower',
        {},
        { raw: JSON.stringify(payment('huge', { customer: 'x'.repeat(70_000) })) },
      )
      expect(huge.status).toBe(413)
      expect(await counts()).toEqual(before)
    })
  })

  describe('clicks', () => {
    it('records the click and redirects with the code and a click id', async () => {
      const r = await api.get(`/r/${ref}`, { 'user-agent': 'Mozilla/5.0', 'cf-ipcountry': 'LV' })
      expect(r.status).toBe(302)
      const location = new URL(r.headers.get('location')!)
      expect(location.origin + location.pathname).toBe('https://www.quantower.com/')
      expect(location.searchParams.get('ref')).toBe(ref)
      const id = location.searchParams.get('click')!
      // random, so a landing page learns nothing about the number of clicks
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      await api.service.core.earnings.clicks.flush() // answered first, then written with its batch
      const click = await api.service.db.prisma.click.findUniqueOrThrow({ where: { id } })
      expect(click).toMatchObject({ country: 'LV', userAgent: 'Mozilla/5.0' })
      expect(click.ipHash).toMatch(/^[0-9a-f]{64}$/) // hashed, never the address
    })

    it('an unknown code with no HOME_URL configured -> 404', async () => {
      expect((await api.get('/r/nosuchcode99')).status).toBe(404)
      expect((await api.get('/r/<script>')).status).toBe(404)
    })
  })

  describe('enrolment', () => {
    it('the same Telegram user enrolling in another program keeps one partner id', async () => {
      const a = await api.enrol('jqsee', {
        name: 'Multi',
        language: 'ru-RU',
        legalType: 'individual',
        telegramId: 777001,
      })
      const b = await api.enrol('melbet', {
        name: 'Multi',
        language: 'ru',
        legalType: 'individual',
        telegramId: '777001',
      })
      expect(a.status).toBe(201)
      expect(b.status).toBe(201)
      expect(b.body.partner.id).toBe(a.body.partner.id)
      expect(a.body.partner.language).toBe('ru')
      expect(a.body.codes[0]).toMatchObject({
        program: 'jqsee',
        kind: 'promo',
        url: `https://partners.example.com/r/${a.body.codes[0].code}`,
      })
      const again = await api.enrol('jqsee', {
        name: 'Multi',
        language: 'ru',
        legalType: 'individual',
        telegramId: 777001,
      })
      expect(again.status).toBe(200)
      expect(again.body.codes).toEqual(a.body.codes)
    })

    it("a country must be a real one: a CDN's XX (unknown) or another user-assigned code is refused, nothing enrolled", async () => {
      const before = await api.service.db.prisma.enrolment.count()
      for (const country of ['XX', 'ZZ', 'QM', 'AA', 'T1', 'ge']) {
        const r = await api.enrol('jqsee', { name: 'Nowhere', language: 'en', legalType: 'individual', country })
        expect(r.status, country).toBe(400)
        expect(r.body.error.issues, country).toEqual([expect.objectContaining({ path: 'country' })])
      }
      expect(await api.service.db.prisma.enrolment.count()).toBe(before)
      const real = await api.enrol('jqsee', {
        name: 'Somewhere',
        language: 'en',
        legalType: 'individual',
        country: 'KZ',
      })
      expect(real.status).toBe(201)
    })

    it('refuses the two worksection programs at once', async () => {
      const a = await api.enrol('worksection-referral', {
        name: 'W',
        language: 'kk',
        legalType: 'company',
        telegramId: 777002,
      })
      expect(a.status).toBe(201)
      const b = await api.enrol('worksection-partner', {
        name: 'W',
        language: 'kk',
        legalType: 'company',
        telegramId: 777002,
      })
      expect(b).toMatchObject({ status: 409, body: { error: { code: 'enrolment.exclusive' } } })
    })

    it('chetup issues one link per campaign; an unknown campaign is refused', async () => {
      const a = await api.enrol('chetup', {
        name: 'C',
        language: 'ka',
        legalType: 'individual',
        campaigns: ['cafe-sale', 'app-lead'],
      })
      expect(a.body.codes.map((c: { campaign: string }) => c.campaign)).toEqual(['cafe-sale', 'app-lead'])
      const codes = new Set(a.body.codes.map((c: { code: string }) => c.code))
      expect(codes.size).toBe(2)
      const bad = await api.enrol('chetup', { name: 'C', language: 'ka', legalType: 'individual', campaigns: ['nope'] })
      expect(bad).toMatchObject({ status: 400, body: { error: { code: 'enrolment.unknown_campaign' } } })
    })

    it('needs the bearer token', async () => {
      const r = await fetch(`${api.base}/v1/programs`)
      expect(r.status).toBe(401)
      const ok = await api.get('/v1/programs')
      expect((await ok.json()).programs.map((p: { key: string }) => p.key).sort()).toEqual([
        'chetup',
        'jqsee',
        'melbet',
        'quantower',
        'worksection-partner',
        'worksection-referral',
      ])
      const doc = await fetch(`${api.base}/v1/openapi.json`)
      const openapi = await doc.json()
      expect(openapi.openapi).toBe('3.1.0')
      // the postback contract as it now stands: the optional click, and the 422 refusals of events that cannot be true
      expect(openapi.components.schemas.Event.properties.click).toMatchObject({ format: 'uuid' })
      expect(openapi.paths['/v1/programs/{program}/events'].post.responses[422].description).toMatch(
        /postback\.too_old/,
      )
    })
  })

  describe('hostile input on the operator API: a 4xx naming the field, nothing written', () => {
    const partners = () => api.service.db.prisma.partner.count()
    const enrol = (extra: Record<string, unknown>) =>
      api.enrol('jqsee', { name: 'Hostile', language: 'en', legalType: 'individual', ...extra })
    const bad: [string, Record<string, unknown>, string][] = [
      ['a NUL in the name', { name: 'Ann\u0000' }, 'name'],
      ['a line break in the name', { name: 'Ann\nBob' }, 'name'],
      ['an unpaired surrogate in the name', { name: 'Ann\ud800' }, 'name'],
      ['a Telegram id beyond 64 bits (string)', { telegramId: '9999999999999999999' }, 'telegramId'],
      ['a Telegram id one past the bigint range', { telegramId: '9223372036854775808' }, 'telegramId'],
      ['a Telegram id beyond 2^53 (number)', { telegramId: 1e20 }, 'telegramId'],
      ['a zero Telegram id', { telegramId: '0' }, 'telegramId'],
      ['a Telegram id that is no number', { telegramId: '\u0007' }, 'telegramId'],
      ['a Telegram id that is a date', { telegramId: '2026-02-30' }, 'telegramId'],
      ['an unpaired surrogate in ownAccountId', { ownAccountId: '\udfff' }, 'ownAccountId'],
      ['a NUL in a campaign', { campaigns: ['\u0000'] }, 'campaigns.0'],
      ['year 0 as registration date', { registeredAt: '0000-01-01T00:00:00Z' }, 'registeredAt'],
    ]
    it.each(bad)('enrolment with %s -> 400', async (_name, extra, path) => {
      const before = await partners()
      const r = await enrol(extra)
      expect(r.status, JSON.stringify(r.body)).toBe(400)
      expect(r.body.error.issues.map((i: { path: string }) => i.path)).toContain(path)
      expect(await partners()).toBe(before)
    })

    it('the largest Telegram id the column holds is accepted', async () => {
      const r = await enrol({ telegramId: '9223372036854775807' })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      expect(r.body.partner.telegramId).toBe('9223372036854775807')
    })

    it('payment details for an unknown or malformed partner id -> 404, nothing written', async () => {
      const details = () => api.service.db.prisma.paymentDetails.count()
      const before = await details()
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-partner']) {
        const r = await api.operator('POST', `/v1/partners/${id}/payment-details`, {
          method: 'paypal',
          details: { email: 'a@example.com' },
        })
        expect(r, id).toMatchObject({ status: 404, body: { error: { code: 'partner.not_found' } } })
      }
      expect(await details()).toBe(before)
    })

    it('an encoded control character anywhere in the URL -> 400, before any route', async () => {
      for (const path of [
        '/v1/partners/%00/statement',
        `/v1/partners/${partner}/statement?program=%00`,
        '/v1/programs/quantower%00/partners',
        '/v1/payouts/%00',
        '/r/abc%00def',
        '/r/%0a',
        '/healthz?x=%7F',
        '/v1/programs/%E0%A4%A/events',
        '/r/%ED%A0%80', // an unpaired surrogate, UTF-8 encoded
      ]) {
        const r = await api.get(path)
        expect(r.status, path).toBe(400)
        expect((await r.json()).error.code, path).toBe('invalid_url')
      }
    })

    it('a malformed id in any path is that thing’s 404, naming the parameter', async () => {
      const calls: [string, string, string][] = [
        ['GET', '/v1/partners/x/statement', 'partner'],
        ['POST', '/v1/sanctions/x/lift', 'sanction'],
        ['POST', '/v1/commissions/x/review', 'commission'],
        ['POST', '/v1/review-flags/x/resolve', 'flag'],
        ['GET', '/v1/payouts/x', 'payout'],
        ['POST', '/v1/payouts/x/approve', 'payout'],
        ['GET', '/v1/payout-batches/x', 'batch'],
        ['GET', '/v1/payout-batches/x/export.csv', 'batch'],
        ['POST', '/v1/terms/x/publish', 'version'],
        ['GET', '/v1/broadcasts/x', 'broadcast'],
        ['POST', '/v1/broadcasts/x/pause', 'broadcast'],
        ['POST', '/v1/partners/x/terms-answers', 'partner'],
      ]
      for (const [method, path, param] of calls) {
        const r = await api.operator(method, path, method === 'GET' ? undefined : {})
        expect(r.status, path).toBe(404)
        expect(r.body.error.issues, path).toEqual([{ path: param, message: 'must be a UUID' }])
      }
    })

    it('a NUL or an unpaired surrogate anywhere in a JSON body, or nesting 33 deep -> 400 naming where', async () => {
      const sanction = await api.operator('POST', `/v1/partners/${partner}/sanctions`, {
        program: 'quantower',
        kind: 'warning',
        reason: 'bot_traffic',
        note: 'see \u0000',
      })
      expect(sanction).toMatchObject({ status: 400, body: { error: { issues: [{ path: 'note' }] } } })
      const key = await api.operator('POST', `/v1/partners/${partner}/payment-details`, {
        method: 'bank',
        details: { 'ib\ud800an': 'x' },
      })
      expect(key.status).toBe(400)
      let deep: unknown = 'x'
      for (let i = 0; i < 40; i++) deep = { c: deep }
      const terms = await api.operator('POST', '/v1/programs/quantower/terms', {
        effectiveAt: '2026-04-01T00:00:00Z',
        texts: { en: 'x' },
        commission: deep,
      })
      expect(terms.status).toBe(400)
      expect(terms.body.error.issues[0].message).toMatch(/nested/)
    })
  })

  it('stores no raw IP address: the event keeps its keyed hash, and replays are still recognised', async () => {
    const withIp = payment('ip-1', { ip: '203.0.113.42', order: 'ip-order-1' })
    const first = await api.postback('quantower', withIp)
    expect(first.status).toBe(201)
    const e = await api.service.db.prisma.event.findFirstOrThrow({ where: { externalId: 'ip-1' } })
    expect(e.payload).not.toHaveProperty('ip')
    expect(JSON.stringify(e.payload)).not.toContain('203.0.113.42')
    expect(e.ipHash).toMatch(/^[0-9a-f]{64}$/)
    expect(await api.postback('quantower', withIp)).toEqual({ status: 200, body: first.body })
    const otherIp = await api.postback('quantower', { ...withIp, ip: '203.0.113.43' })
    expect(otherIp).toMatchObject({ status: 409, body: { error: { code: 'postback.id_conflict' } } })
  })

  it("a self-referral raises the review flag the program asks for (quantower), once per customer; jqsee's only refuses", async () => {
    const flags = async (program: string) =>
      (await api.operator('GET', `/v1/review-flags?program=${program}`)).body.flags as Record<string, unknown>[]
    const own = await api.enrolled('quantower', {
      name: 'Self',
      language: 'en',
      legalType: 'individual',
      ownAccountId: 'self-acc',
    })
    const signup = { type: 'signup', occurredAt: '2026-03-10T11:00:00Z', customer: 'self-acc', ref: own.codes[0]!.code }
    const first = await api.recorded('quantower', { id: 'self-1', ...signup })
    expect(first.commissions).toEqual([])
    await api.recorded('quantower', payment('self-2', { customer: 'self-acc' }))
    expect(await flags('quantower')).toEqual([
      expect.objectContaining({
        partner: own.partner,
        kind: 'self_referral',
        details: { customer: 'self-acc', event: 'self-1' },
        resolution: null,
      }),
    ])
    const other = await api.enrolled('jqsee', {
      name: 'Self',
      language: 'en',
      legalType: 'individual',
      ownAccountId: 'self-j',
    })
    await api.recorded('jqsee', { id: 'self-j1', ...signup, customer: 'self-j', ref: other.codes[0]!.code })
    expect(await flags('jqsee')).toEqual([])
  })

  it('the statement of an unknown partner is a 404', async () => {
    expect((await api.statement('00000000-0000-0000-0000-000000000000')).status).toBe(404)
    expect((await api.statement('not-a-uuid')).status).toBe(404)
    expect((await api.statement(partner, { from: 'yesterday' })).status).toBe(400)
  })
})
