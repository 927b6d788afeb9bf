import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * A payout the pay-day run has put into a batch is decided with its batch (deskActions, decidePayout's in_batch /
 * in_closed_batch), also while the batch is still being built (open): a Hold through the operator API (or a Slack
 * Hold form opened before the run) was accepted then and the payout kept its batch, which paid only approved ones;
 * approved again afterwards, nothing could ever pay it (an outside review's case).
 */
describe('a payout decided while its pay-day batch is being built', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-01T08:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  let seq = 0
  const earner = async () => {
    const p = await api.enrolled('chetup', {
      name: `Hold ${++seq}`,
      language: 'en',
      legalType: 'company',
      campaigns: ['cafe-sale'],
    })
    await api.recorded('chetup', {
      id: `bh-${p.partner}`,
      type: 'payment',
      occurredAt: '2026-03-01T07:00:00Z',
      customer: `bh-${p.partner}`,
      ref: p.codes[0]!.code,
      campaign: 'cafe-sale',
      order: `bh-o-${p.partner}`,
      amount: '1500.00',
      currency: 'GEL',
      country: 'GE',
    })
    const d = await api.operator('POST', `/v1/partners/${p.partner}/payment-details`, {
      method: 'bank',
      details: { iban: 'GE29NB0000000101904917' },
    })
    expect(d.status, JSON.stringify(d.body)).toBe(201)
    return p.partner as string
  }

  it('chetup: Hold while the 25th batch is being built is refused; the batch pays it', async () => {
    api.clock.set('2026-03-01T08:00:00Z')
    const a = await earner()
    const b = await earner()
    api.clock.set('2026-03-12T08:00:00Z')
    const ra = await api.requestPayout(a, { program: 'chetup', method: 'bank' }, `bh-a-${a}`)
    expect(ra.status, JSON.stringify(ra.body)).toBe(201)
    api.clock.set('2026-03-12T08:05:00Z')
    const rb = await api.requestPayout(b, { program: 'chetup', method: 'bank' }, `bh-b-${b}`)
    expect(rb.status, JSON.stringify(rb.body)).toBe(201)
    const idA = ra.body.payout.id as string
    const idB = rb.body.payout.id as string

    // a slow build: the second payout's row is busy (another transaction holds it) while the run goes through them
    const prisma = api.service.db.prisma
    let release!: () => void
    const released = new Promise<void>((r) => {
      release = r
    })
    let locked!: () => void
    const isLocked = new Promise<void>((r) => {
      locked = r
    })
    const blocker = prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM payout_requests WHERE id = ${idB}::uuid FOR UPDATE`
        locked()
        await released
      },
      { timeout: 60_000, maxWait: 10_000 },
    )
    await isLocked
    api.clock.set('2026-03-25T03:00:00Z')
    const run = api.service.core.batches.runPayDay('chetup')
    // the run has taken the first request into the (still open) batch
    let batchId: string | null = null
    for (let i = 0; i < 200 && !batchId; i++) {
      const p = (await api.operator('GET', `/v1/payouts/${idA}`)).body.payout
      batchId = p.batch
      if (!batchId) await new Promise((r) => setTimeout(r, 25))
    }
    expect(batchId, 'the run took the first request into its batch').toBeTruthy()

    const hold = await api.operator('POST', `/v1/payouts/${idA}/hold`, { reason: 'review' })
    release()
    await blocker
    const built = await run
    expect(built.outcome).toBe('built')
    const paidBatch = await api.operator('POST', `/v1/payout-batches/${batchId}/paid`, { reference: 'TBC-0325' })
    expect(paidBatch.status, JSON.stringify(paidBatch.body)).toBe(200)

    // refused while its batch is being built: the batch pays it, and its money is not left reserved
    expect(hold.status, JSON.stringify(hold.body)).toBe(409)
    expect(hold.body.error.code).toBe('payout.in_batch')
    expect((await api.operator('GET', `/v1/payouts/${idA}`)).body.payout.status).toBe('paid')
  })
})
