import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { unbalanced } from '../../core/domain/ledger.ts'
import { pgEarningsStore } from '../../core/infra/db/earnings-store.ts'
import { plainEarningsStore } from '../../core/infra/db/earnings-store-plain.ts'
import { DuplicateKeyError, type EarningsStore, type NewEvent } from '../../core/ports/earnings-store.ts'
import { silentLogger } from '../../core/ports/logger.ts'
import { recordEvent } from '../../core/use-cases/record-event.ts'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * One contract, two EarningsStores: the plain one (a transaction per postback, every statement when asked) is the
 * reference, and the group-commit one the service runs must behave exactly like it. The same postbacks go through
 * the real use-case with each store, one at a time and many at once, and must give the same answers, the same
 * commissions and the same balances, with every ledger transaction balanced.
 */
describe('EarningsStore contract: group commit behaves as plain transactions', () => {
  let api: Api
  const stores: [name: string, store: EarningsStore][] = []
  const at = '2026-03-10T12:00:00Z'

  beforeAll(async () => {
    api = await startApi(at)
    const { db } = api.service
    const sharedSession = db.kind === 'pglite'
    stores.push(['plain', plainEarningsStore(db.pool, { sharedSession })])
    stores.push(['group', pgEarningsStore(db.pool, { sharedSession })])
  })
  afterAll(async () => {
    await api?.close()
  })

  const record = (store: EarningsStore, program: string, body: Record<string, unknown>) =>
    recordEvent(
      {
        store,
        clock: api.service.core.clock,
        logger: silentLogger,
        program: (key) => api.service.core.programs.get(key),
        hashIp: (ip) => `h:${ip}`,
      },
      program,
      body,
    )

  /** An answer with the ids that differ between runs (events, commissions, partners, prefixes) taken out. */
  const comparable = (value: unknown, prefix: string) =>
    JSON.parse(
      JSON.stringify(value)
        .replaceAll(prefix, '<run>')
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>'),
    )

  /** A postback sequence for one partner: sign-ups, payments, a replay, a partial and a full refund, a late one. */
  const script = (prefix: string, ref: string) => {
    const t = (m: number) => new Date(Date.parse('2026-03-10T10:00:00Z') + m * 60_000).toISOString()
    const events: Record<string, unknown>[] = []
    for (let c = 1; c <= 4; c++)
      events.push({ id: `${prefix}-s${c}`, type: 'signup', occurredAt: t(c), customer: `${prefix}-c${c}`, ref })
    for (let c = 1; c <= 4; c++)
      events.push({
        id: `${prefix}-p${c}`,
        type: 'payment',
        occurredAt: t(10 + c),
        customer: `${prefix}-c${c}`,
        order: `${prefix}-o${c}`,
        amount: `${25 * c}.00`,
        currency: 'USD',
      })
    events.push(events[5]!) // a replay: the first answer again, nothing posted
    events.push({
      id: `${prefix}-r1`,
      type: 'refund',
      occurredAt: t(30),
      customer: `${prefix}-c2`,
      order: `${prefix}-o2`,
      amount: '20.00',
      currency: 'USD',
    })
    events.push({
      id: `${prefix}-r2`,
      type: 'refund',
      occurredAt: t(31),
      customer: `${prefix}-c3`,
      order: `${prefix}-o3`,
      amount: '75.00',
      currency: 'USD',
    })
    return events
  }

  const balances = async (partner: string) => (await api.service.core.reports.statement(partner)).balances

  it('the same postbacks, one at a time, give the same answers and balances through either store', async () => {
    const outcomes: unknown[] = []
    for (const [name, store] of stores) {
      const { partner, codes } = await api.enrolled('quantower', { name, language: 'en', legalType: 'individual' })
      const prefix = `seq-${name}`
      const answers = []
      for (const body of script(prefix, codes[0]!.code)) {
        const r = await record(store, 'quantower', body)
        answers.push({ replayed: r.replayed, body: r.body })
      }
      outcomes.push(comparable({ answers, balances: await balances(partner) }, prefix))
    }
    expect(outcomes[1]).toEqual(outcomes[0])
    // the refunds took back what they name, once: 25+50+75+100 earned 20% = 50.00; minus 4.00 and 15.00
    expect((outcomes[0] as { balances: { available: string }[] }).balances[0]!.available).toBe('31.00')
  })

  it('the same postbacks, many at once (shared customers and orders, replays among them), end the same way', async () => {
    const outcomes: unknown[] = []
    for (const [name, store] of stores) {
      const { partner, codes } = await api.enrolled('quantower', { name, language: 'en', legalType: 'individual' })
      const prefix = `par-${name}`
      const base = script(prefix, codes[0]!.code)
      // sign-ups first (attribution); then every payment and replay at once, some twice; then every refund at once,
      // some twice (a refund before its payment is another story, told the same by both: not this test's subject)
      for (const body of base.slice(0, 4)) await record(store, 'quantower', body)
      for (const wave of [base.slice(4, 9), base.slice(9)]) {
        const settled = await Promise.allSettled([...wave, ...wave].map((body) => record(store, 'quantower', body)))
        const failed = settled.filter((s) => s.status === 'rejected')
        expect(failed, `${name}: ${failed.map((f) => String((f as PromiseRejectedResult).reason))}`).toEqual([])
      }
      outcomes.push(comparable({ balances: await balances(partner) }, prefix))
    }
    expect(outcomes[1]).toEqual(outcomes[0])
    expect((outcomes[0] as { balances: { available: string }[] }).balances[0]!.available).toBe('31.00')
  })

  it('a sign-up delivered after its customer paid, at once with its retry and the next payments: earned once either way', async () => {
    const outcomes: unknown[] = []
    for (const [name, store] of stores) {
      const { partner, codes } = await api.enrolled('quantower', { name, language: 'en', legalType: 'individual' })
      const ref = codes[0]!.code
      const c = `late-${name}-c`
      const pay = (n: number, minute: number, amount: string) => ({
        ...{
          id: `${c}-p${n}`,
          type: 'payment',
          occurredAt: `2026-03-10T10:${String(minute).padStart(2, '0')}:00Z`,
          customer: c,
        },
        ...{ ref, order: `${c}-o${n}`, amount, currency: 'USD' },
      })
      // the first payment arrives before the sign-up (10:00) that preceded it: refused for now
      await record(store, 'quantower', pay(1, 5, '75.00'))
      // the sign-up, its retry and two later payments at once, each twice: whichever comes first, every payment earns
      const signup = { id: `${c}-s`, type: 'signup', occurredAt: '2026-03-10T10:00:00Z', customer: c, ref }
      const wave = [signup, pay(2, 10, '50.00'), pay(3, 20, '25.00')]
      const settled = await Promise.allSettled([...wave, ...wave].map((body) => record(store, 'quantower', body)))
      const failed = settled.filter((x) => x.status === 'rejected')
      expect(failed, `${name}: ${failed.map((f) => String((f as PromiseRejectedResult).reason))}`).toEqual([])
      outcomes.push(comparable({ balances: await balances(partner) }, c))
    }
    expect(outcomes[1]).toEqual(outcomes[0])
    // 20% of 75 + 50 + 25, once each (the last test checks that every ledger transaction balances)
    expect((outcomes[0] as { balances: { available: string }[] }).balances[0]!.available).toBe('30.00')
  })

  it('one account claimed from two programs at once (worksection 4.5): both stores annul or refuse the referral reward, keep the integrator commission', async () => {
    const outcomes: unknown[] = []
    for (const [name, store] of stores) {
      const person = { name, language: 'en', legalType: 'individual' }
      const referrer = await api.enrolled('worksection-referral', person)
      const integrator = await api.enrolled('worksection-partner', person)
      const claim = (program: string, ref: string, i: number) =>
        record(store, program, {
          id: `claim-${name}-${program}-${i}`,
          type: 'payment',
          occurredAt: '2026-03-10T11:00:00Z',
          customer: `claim-${name}-${i}`,
          ref,
          order: `claim-${name}-${program}-o${i}`,
          amount: '100.00',
          currency: 'USD',
          monthsPaid: 1,
        })
      const settled = await Promise.allSettled(
        [0, 1, 2, 3, 4, 5].flatMap((i) => [
          claim('worksection-referral', referrer.codes[0]!.code, i),
          claim('worksection-partner', integrator.codes[0]!.code, i),
        ]),
      )
      expect(
        settled.filter((s) => s.status === 'rejected'),
        name,
      ).toEqual([])
      // which claim of each account came first varies from run to run (so does what was earned, then annulled); what
      // remains owed may not
      const [owed] = await balances(referrer.partner)
      outcomes.push(
        comparable(
          {
            referrer: { pending: owed?.pending, available: owed?.available },
            integrator: await balances(integrator.partner),
          },
          name,
        ),
      )
    }
    expect(outcomes[1]).toEqual(outcomes[0])
    expect(outcomes[0]).toMatchObject({
      referrer: { pending: '0.00', available: '0.00' },
      integrator: [expect.objectContaining({ pending: '90.00' })],
    })
  })

  it('a replayed event id is refused inside the transaction, and the first one stays as it was', async () => {
    for (const [name, store] of stores) {
      const event: NewEvent = {
        programKey: 'quantower',
        externalId: `dup-${name}`,
        type: 'signup',
        occurredAt: new Date(at),
        receivedAt: new Date(at),
        bodyHash: 'first',
        payload: { n: 1 },
      }
      await store.transaction(async (tx) => {
        const { id } = await tx.insertEvent(event)
        const { customer } = await tx.lockCustomer('quantower', `dup-c-${name}`, { at: new Date(at) })
        await tx.finishEvent(id, customer.id, { ok: 1 })
      })
      const again = store.transaction((tx) => tx.insertEvent({ ...event, bodyHash: 'second' }))
      await expect(again, name).rejects.toBeInstanceOf(DuplicateKeyError)
      expect(await store.findEvent('quantower', `dup-${name}`), name).toMatchObject({
        bodyHash: 'first',
        response: { ok: 1 },
      })
    }
  })

  it('a customer is created once, then locked and found; an update keeps the columns it does not name', async () => {
    for (const [name, store] of stores) {
      const when = new Date(at)
      const first = await store.transaction((tx) => tx.lockCustomer('quantower', `cu-${name}`, { at: when }))
      expect(first.created, name).toBe(true)
      await store.transaction((tx) =>
        tx.updateCustomer(first.customer.id, { firstPaidAt: when, acquiredRateBps: 2000 }),
      )
      await store.transaction((tx) => tx.updateCustomer(first.customer.id, { qualifiedAt: when }))
      const again = await store.transaction((tx) => tx.lockCustomer('quantower', `cu-${name}`, { at: when }))
      expect(again.created, name).toBe(false)
      expect(again.customer, name).toMatchObject({ firstPaidAt: when, qualifiedAt: when, acquiredRateBps: 2000 })
    }
  })

  it('a transaction that fails leaves nothing behind, in either store', async () => {
    for (const [name, store] of stores) {
      const failing = store.transaction(async (tx) => {
        await tx.lockCustomer('quantower', `gone-${name}`, { at: new Date(at) })
        throw new Error('the rule refused it')
      })
      await expect(failing, name).rejects.toThrow('the rule refused it')
      const n = await api.service.db.prisma.customer.count({ where: { externalId: `gone-${name}` } })
      expect(n, name).toBe(0)
    }
  })

  it('a review flag is raised with the postback: once, audited once, and not at all if the postback fails', async () => {
    for (const [name, store] of stores) {
      const { partner } = await api.enrolled('quantower', { name, language: 'en', legalType: 'individual' })
      const enrolment = await api.service.db.prisma.enrolment.findFirstOrThrow({ where: { partnerId: partner } })
      const flag = (subject: string) => ({
        enrolmentId: enrolment.id,
        partnerId: partner,
        programKey: 'quantower',
        kind: 'self_referral' as const,
        subject,
        details: { customer: subject },
        createdAt: new Date(at),
      })
      const failing = store.transaction(async (tx) => {
        await tx.raiseFlags([flag('lost')])
        throw new Error('the postback failed after its flag')
      })
      await expect(failing, name).rejects.toThrow('the postback failed')
      // raised twice in one transaction and again in a later one: one flag, one audit row
      await store.transaction((tx) => tx.raiseFlags([flag('kept'), flag('kept')]))
      await store.transaction((tx) => tx.raiseFlags([flag('kept')]))
      const flags = await api.service.db.prisma.reviewFlag.findMany({ where: { enrolmentId: enrolment.id } })
      expect(
        flags.map((f) => f.subject),
        name,
      ).toEqual(['kept'])
      const audit = await api.service.db.prisma.auditLog.findMany({
        where: { subjectId: partner, action: 'flag.self_referral' },
      })
      expect(
        audit.map((a) => a.data),
        name,
      ).toEqual([{ flag: flags[0]!.id, program: 'quantower', subject: 'kept', customer: 'kept' }])
    }
  })

  it('every ledger transaction either store wrote balances', async () => {
    const entries = await api.service.db.prisma.ledgerEntry.findMany({
      select: { journal: true, currency: true, amountMinor: true },
    })
    expect(entries.length).toBeGreaterThan(0)
    expect(unbalanced(entries)).toEqual([])
  })
})
