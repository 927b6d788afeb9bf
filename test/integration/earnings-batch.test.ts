import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BatchReport, pgEarningsStore } from '../../core/infra/db/earnings-store.ts'
import { Batch, Session } from '../../core/infra/db/group-batch.ts'
import { arrayLiteral } from '../../core/infra/db/group-statements.ts'
import {
  DuplicateKeyError,
  type EarningsStore,
  type EarningsTx,
  type NewEvent,
} from '../../core/ports/earnings-store.ts'
import { type Api, startApi } from '../helpers/api.ts'
import { batchMember, PlainWrites } from '../helpers/batch-member.ts'

/**
 * Group commit (core/infra/db/earnings-store.ts): postbacks that arrive together share one transaction. These
 * drive the store itself, on the real database, where a member can be made to fail at a chosen point.
 */
describe('postbacks share transactions (group commit)', () => {
  let api: Api
  let store: EarningsStore
  let reports: BatchReport[] = []
  const at = new Date('2026-03-10T12:00:00Z')

  beforeAll(async () => {
    api = await startApi('2026-03-10T12:00:00Z')
    store = pgEarningsStore(api.service.db.pool, {
      sharedSession: api.service.db.kind === 'pglite',
      onBatch: (r) => reports.push(r),
    })
  })
  afterAll(async () => {
    await api?.close()
  })

  const event = (id: string): NewEvent => ({
    programKey: 'quantower',
    externalId: id,
    type: 'payment',
    occurredAt: at,
    receivedAt: at,
    orderRef: `o-${id}`,
    amountMinor: 1000n,
    currency: 'USD',
    bodyHash: `h-${id}`,
    payload: { id },
  })
  /** One postback's worth: the event, its customer (first paid now), the event finished. */
  const record = async (tx: EarningsTx, id: string, customer = `c-${id}`) => {
    const { id: eventId } = await tx.insertEvent(event(id))
    const { customer: c } = await tx.lockCustomer('quantower', customer, { at })
    await tx.updateCustomer(c.id, { firstPaidAt: at })
    await tx.finishEvent(eventId, c.id, { id })
    return c
  }
  const stored = async (ids: string[]) =>
    (
      await api.service.db.prisma.event.findMany({
        where: { programKey: 'quantower', externalId: { in: ids } },
        select: { externalId: true, customerId: true },
      })
    )
      .map((e) => e.externalId)
      .sort()
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`)
  /**
   * `n` postbacks arrive together; member `bad` also does `extra` (which makes it fail somewhere). Expects it alone
   * to fail and every other member's event to be stored; answers its failure.
   */
  const oneBadAmong = async (
    prefix: string,
    n: number,
    bad: number,
    extra: (tx: EarningsTx, customerId: string) => Promise<void>,
    customerOf = (id: string) => `c-${id}`,
  ) => {
    const batch = ids(prefix, n)
    const results = await Promise.allSettled(
      batch.map((id, i) =>
        store.transaction(async (tx) => {
          const c = await record(tx, id, customerOf(id))
          if (i === bad) await extra(tx, c.id)
          return id
        }),
      ),
    )
    expect(results.map((r) => r.status)).toEqual(batch.map((_, i) => (i === bad ? 'rejected' : 'fulfilled')))
    expect(await stored(batch)).toEqual(batch.filter((_, i) => i !== bad).sort())
    return (results[bad] as PromiseRejectedResult).reason as Error
  }

  it("array parameters are written as literals that read back exactly as pg's own", async () => {
    const text = ['plain', '', 'NULL', 'a,b', '{x}', 'say "hi"', 'back\\slash\\', ' space ', 'ქართული', 'Қазақ', null]
    const cases: [string, unknown[]][] = [
      ['text[]', text],
      ['varchar[]', text],
      ['int[]', [1, -2, null, 0]],
      ['bigint[]', ['9007199254740993', 12n, null]],
      ['bool[]', [true, false, null]],
      ['uuid[]', ['00000000-0000-4000-8000-000000000001', null]],
      ['timestamptz[]', [new Date('2026-03-10T12:00:00.123Z'), new Date('1999-12-31T23:59:59Z'), null]],
      ['jsonb[]', [JSON.stringify({ a: 'q"uote', b: ['\\'] }), null]],
      [
        'text[][]',
        [
          ['a', '"b"'],
          ['c', null],
        ],
      ],
    ]
    for (const [type, values] of cases) {
      const sql = `SELECT $1::${type} AS a`
      const literal = arrayLiteral(values)
      expect(typeof literal).toBe('string')
      const ours = await api.service.db.pool.query(sql, [literal])
      const pgs = await api.service.db.pool.query(sql, [values])
      expect(ours.rows[0].a, type).toEqual(pgs.rows[0].a)
    }
    // what it does not write itself is left to pg
    const buffers = [Buffer.from('x')]
    expect(arrayLiteral(buffers)).toBe(buffers)
    expect(arrayLiteral([new Date(Number.NaN)])).toEqual([new Date(Number.NaN)])
  })

  it('postbacks arriving together commit in one transaction, each with its own writes', async () => {
    reports = []
    const batch = ids('together', 12)
    await Promise.all(batch.map((id) => store.transaction((tx) => record(tx, id))))
    expect(await stored(batch)).toEqual([...batch].sort())
    expect(reports.map((r) => r.outcome)).toEqual(reports.map(() => 'committed'))
    expect(reports.reduce((n, r) => n + r.size, 0)).toBe(12)
    expect(reports.length).toBeLessThan(12)
  })

  it('a member failing after it wrote rolls its batch back; the others commit, run alone', async () => {
    reports = []
    const error = await oneBadAmong('fails', 8, 3, async () => {
      throw new Error('rule failed for fails-3')
    })
    expect(error.message).toBe('rule failed for fails-3')
    // rerun in halves: 8 -> 4 + 4 -> 2 + 2 -> 1 + 1, the failing member alone at the end
    expect(reports.filter((r) => r.outcome === 'split').map((r) => r.size)).toEqual([8, 4, 2])
    expect(reports.filter((r) => r.outcome === 'failed')).toEqual([
      expect.objectContaining({ size: 1, reason: 'rule failed for fails-3' }),
    ])
    expect(reports.filter((r) => r.outcome === 'committed').reduce((n, r) => n + r.size, 0)).toBe(7)
    const customer = await api.service.db.prisma.customer.findFirst({ where: { externalId: 'c-fails-3' } })
    expect(customer).toBeNull() // its customer went with the rollback
  })

  it('a replayed event id fails only its own member, and the batch commits', async () => {
    await store.transaction((tx) => record(tx, 'replayed'))
    reports = []
    const batch = [...ids('beside', 5), 'replayed']
    const results = await Promise.allSettled(batch.map((id) => store.transaction((tx) => record(tx, id))))
    const replay = results.at(-1) as PromiseRejectedResult
    expect(replay.status).toBe('rejected')
    expect(replay.reason).toBeInstanceOf(DuplicateKeyError)
    expect(replay.reason.key).toBe('event')
    expect(results.slice(0, 5).every((r) => r.status === 'fulfilled')).toBe(true)
    expect(reports.every((r) => r.outcome === 'committed')).toBe(true)
  })

  it('a write the database refuses splits the batch: only its member fails', async () => {
    reports = []
    await oneBadAmong('refused', 6, 2, (tx) =>
      // a ledger entry for an enrolment that does not exist: the foreign key refuses it at commit
      tx.post([
        {
          journal: 'bad:refused-2',
          seq: 0,
          programKey: 'quantower',
          enrolmentId: '00000000-0000-4000-8000-000000000000',
          account: 'earned',
          currency: 'USD',
          amountMinor: 1n,
          kind: 'commission',
          effectiveAt: at,
          createdAt: at,
        },
      ]),
    )
    expect(reports.some((r) => r.outcome === 'split')).toBe(true)
  })

  it("members of one batch see each other's finished writes, in arrival order", async () => {
    reports = []
    // both touch one customer: the second locks it only once the first is done, and sees its first payment
    const [first, second] = await Promise.all([
      store.transaction(async (tx) => {
        const { id } = await tx.insertEvent(event('same-1'))
        const { customer, created } = await tx.lockCustomer('quantower', 'c-same', { at })
        await tx.updateCustomer(customer.id, { firstPaidAt: at, acquiredRateBps: 2000 })
        await tx.finishEvent(id, customer.id, {})
        return { customer, created }
      }),
      store.transaction(async (tx) => {
        const { id } = await tx.insertEvent(event('same-2'))
        const { customer, created } = await tx.lockCustomer('quantower', 'c-same', { at })
        await tx.finishEvent(id, customer.id, {})
        return { customer, created }
      }),
    ])
    expect(reports).toEqual([expect.objectContaining({ size: 2, outcome: 'committed' })])
    expect(first.created).toBe(true)
    expect(first.customer.firstPaidAt).toBeUndefined() // its own write is not read back
    expect(second.created).toBe(false)
    expect(second.customer.id).toBe(first.customer.id)
    expect(second.customer.firstPaidAt).toEqual(at)
    expect(second.customer.acquiredRateBps).toBe(2000)
  })

  it("one order's or one IP's events in a batch see each other's, as if one at a time", async () => {
    const { codes } = await api.enrolled('quantower', { name: 'Batch', language: 'en', legalType: 'individual' })
    reports = []
    const member = (id: string, customerId: string) =>
      store.transaction(async (tx) => {
        const { id: eventId, code } = await tx.insertEvent(
          { ...event(id), orderRef: 'shared-order', ipHash: 'ip-1' },
          codes[0]!.code,
        )
        const enrolmentId = code!.enrolment.id
        const sharedIp = await tx.ipUsedByOtherCustomer('quantower', 'ip-1', '')
        const { customer } = await tx.lockCustomer('quantower', customerId, { at, enrolmentId })
        await tx.lockEnrolment(enrolmentId)
        const before = await tx.orderCommissions('quantower', 'shared-order')
        if (!before.length) {
          const commission = await tx.insertCommission({
            programKey: 'quantower',
            enrolmentId,
            customerId: customer.id,
            eventId,
            rule: 'batch-test',
            orderRef: 'shared-order',
            currency: 'USD',
            amountMinor: 500n,
            status: 'available',
            availableAt: at,
            at,
          })
          await tx.post([
            {
              journal: `commission:${commission}`,
              seq: 0,
              programKey: 'quantower',
              enrolmentId,
              account: 'earned',
              currency: 'USD',
              amountMinor: 500n,
              kind: 'commission',
              commissionId: commission,
              eventId,
              effectiveAt: at,
              createdAt: at,
            },
          ])
        }
        await tx.finishEvent(eventId, customer.id, {})
        return { sharedIp, commissionsSeen: before.map((c) => c.remainingMinor) }
      })
    const [a, b] = await Promise.all([member('order-a', 'c-order-a'), member('order-b', 'c-order-b')])
    expect(reports).toEqual([expect.objectContaining({ size: 2, outcome: 'committed' })])
    expect(a).toEqual({ sharedIp: false, commissionsSeen: [] })
    expect(b).toEqual({ sharedIp: true, commissionsSeen: [500n] })
    expect(await api.service.db.prisma.commission.count({ where: { orderRef: 'shared-order' } })).toBe(1)
  })

  it('a customer update keeps every column it does not name', async () => {
    const lock = (tx: EarningsTx, id: string) =>
      tx.lockCustomer('quantower', 'c-keeps', { at }).then(async (r) => {
        const { id: eventId } = await tx.insertEvent(event(id))
        await tx.finishEvent(eventId, r.customer.id, {})
        return r.customer
      })
    await store.transaction(async (tx) => {
      const c = await lock(tx, 'keeps-1')
      await tx.updateCustomer(c.id, { seenTypes: ['signup'], acquiredRateBps: 1500 })
    })
    await store.transaction(async (tx) => {
      const c = await lock(tx, 'keeps-2')
      await tx.updateCustomer(c.id, { firstPaidAt: at })
    })
    const c = await store.transaction((tx) => lock(tx, 'keeps-3'))
    expect(c).toMatchObject({ seenTypes: ['signup'], acquiredRateBps: 1500, firstPaidAt: at })
  })

  it('a round that cannot even be built fails its member, and the store goes on', async () => {
    reports = []
    await oneBadAmong(
      'unbuildable',
      4,
      1,
      // a response JSON cannot encode: the write buffer throws while building the round
      async (tx, customerId) =>
        tx.finishEvent((await tx.insertEvent(event('unbuildable-x'))).id, customerId, { n: 1n }),
      // unbuildable-2 shares unbuildable-1's customer: it waits, and its next statement goes in the round that
      // carries unbuildable-1's writes
      (id) => (id === 'unbuildable-2' ? 'c-unbuildable-1' : `c-${id}`),
    )
    // and the next postback is served as usual
    await store.transaction((tx) => record(tx, 'after-unbuildable'))
    expect(await stored(['after-unbuildable'])).toEqual(['after-unbuildable'])
  })

  it('a batch started while the one before it commits writes after it; if that one is stuck, it goes on alone', async () => {
    if (api.service.db.kind === 'pglite') return // one session there: batches never overlap
    // a customer whose row another connection holds: the first batch's commit waits on it
    const held = await store.transaction((tx) => record(tx, 'stuck-seed', 'c-stuck'))
    const other = await api.service.db.pool.connect()
    await other.query('BEGIN')
    await other.query('SELECT id FROM customers WHERE id = $1 FOR UPDATE', [held.id])
    reports = []
    let second: Promise<string> | undefined
    const first = store.transaction(async (tx) => {
      await record(tx, 'stuck-first')
      await tx.updateCustomer(held.id, { acquiredRateBps: 1234 })
      // queued now: it starts once this batch has only its writes and COMMIT left
      second = store.transaction(async (tx2) => {
        await record(tx2, 'stuck-second')
        return 'second'
      })
      return 'first'
    })
    await new Promise((r) => setTimeout(r, 50))
    expect(await second).toBe('second') // committed while the first still waits
    const secondDone = performance.now()
    await new Promise((r) => setTimeout(r, 100))
    const released = performance.now()
    await other.query('COMMIT')
    other.release()
    expect(await first).toBe('first')
    expect(secondDone).toBeLessThan(released)
    expect(reports).toContainEqual(
      expect.objectContaining({ outcome: 'split', reason: expect.stringContaining('did not end') }),
    )
    expect(await stored(['stuck-first', 'stuck-second'])).toEqual(['stuck-first', 'stuck-second'])
    const c = await api.service.db.prisma.customer.findUniqueOrThrow({ where: { id: held.id } })
    expect(c.acquiredRateBps).toBe(1234)
  })

  it("a batch's named statements use their generic plans; the connection's other statements keep the default", async () => {
    if (api.service.db.kind === 'pglite') return // unnamed statements there: nothing is cached per connection
    const client = await api.service.db.pool.connect()
    try {
      let mode: unknown
      const member = batchMember(async (batch, self) => {
        const { rows } = await batch.query(
          self,
          'pa_test_plan_mode',
          "SELECT current_setting('plan_cache_mode') AS m",
          [],
          false,
        )
        mode = rows[0]!.m
      })
      expect(await new Batch(new Session(client, true), () => new PlainWrites()).run([member])).toBe(true)
      expect(mode).toBe('force_generic_plan')
      const { rows } = await client.query("SELECT current_setting('plan_cache_mode') AS m")
      expect(rows[0].m).toBe('auto')
    } finally {
      client.release()
    }
  })
})
