import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { parseDatabaseUrl } from '../../core/infra/db/database-url.ts'
import { withClient } from '../../core/infra/db/migrations.ts'
import { prismaClickStore } from '../../core/infra/db/partner-store.ts'
import type { NewClick } from '../../core/ports/click-store.ts'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * Issue 19 item 1: clicks are answered before they are written (the process's buffer, written in batches). A
 * graceful stop writes them all, a postback naming one a moment old finds it, and unique clicks stay exact when
 * several processes write batches at once.
 */
describe('clicks answered before they are written', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-10T12:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  const enrolled = async (name: string) =>
    (await api.enrolled('quantower', { name, language: 'en', legalType: 'individual' })).codes[0]!.code
  const click = async (a: Api, code: string, ip: string) => {
    const r = await a.get(`/r/${code}`, { 'x-forwarded-for': ip, 'user-agent': 'Mozilla/5.0' })
    expect(r.status).toBe(302)
    return new URL(r.headers.get('location')!).searchParams.get('click')
  }

  it('a postback naming a click made a moment ago is attributed to it, not refused as unknown', async () => {
    const code = await enrolled('Just clicked')
    for (let i = 0; i < 5; i++) {
      const id = (await click(api, code, `198.51.100.${i}`))!
      // no wait: the click may still be in the buffer
      const r = await api.postback('quantower', {
        id: `buffered-${i}`,
        type: 'signup',
        occurredAt: api.clock.now().toISOString(),
        customer: `buffered-c${i}`,
        ref: code,
        click: id,
      })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      expect(r.body.event.partner).not.toBeNull()
      const event = await api.service.db.prisma.event.findFirstOrThrow({ where: { externalId: `buffered-${i}` } })
      expect(event.clickId).toBe(id)
    }
    // a click that is nowhere is still refused
    const unknown = await api.postback('quantower', {
      id: 'buffered-unknown',
      type: 'signup',
      occurredAt: api.clock.now().toISOString(),
      customer: 'buffered-cx',
      click: '7d4c6f5e-3b2a-4c1d-9e8f-0a1b2c3d4e5f',
    })
    expect(unknown.status).toBe(422)
    expect(unknown.body.error.code).toBe('postback.unknown_click')
  })

  it('reads a batch of codes in one statement, alike through the pool and through Prisma', async () => {
    const a = await enrolled('Batch read A')
    const b = await enrolled('Batch read B')
    const db = api.service.db
    const direct = prismaClickStore(db.prisma, { pool: db.pool, named: db.kind !== 'pglite' })
    const plain = prismaClickStore(db.prisma)
    const read = await direct.findCodes([a, 'NOSUCHCODE1', b, a.toUpperCase()])
    expect(read.map((c) => c.code).sort()).toEqual([a, b].sort())
    expect(read[0]).toMatchObject({ status: 'active', programKey: expect.any(String) })
    expect(read[0]!.enrolment.registeredAt).toBeInstanceOf(Date)
    const byCode = (cs: typeof read) => Object.fromEntries(cs.map((c) => [c.code, c]))
    expect(byCode(await plain.findCodes([b, a]))).toEqual(byCode(read))
    expect(await direct.findCodes([])).toEqual([])
  })

  it('unique clicks and counters stay exact when batches are written at once (several instances)', async () => {
    const code = await enrolled('Concurrent batches')
    const db = api.service.db
    const store = prismaClickStore(db.prisma, { pool: db.pool, named: db.kind !== 'pglite' })
    const [found] = await store.findCodes([code])
    if (!found) throw new Error('no code')
    // 6 writers, 150 clicks each, over the same 40 visitors (and 2 sub1 values): every visitor in every batch
    const batch = (w: number): NewClick[] =>
      Array.from({ length: 150 }, (_, i) => ({
        id: crypto.randomUUID(),
        codeId: found.id,
        enrolmentId: found.enrolment.id,
        at: new Date(Date.UTC(2026, 2, 10, 12, 0, 0, w * 1000 + i)),
        day: '2026-03-10',
        visitor: `v-${(i * 7 + w) % 40}`,
        subIds: { sub1: i % 2 ? 'odd' : 'even' },
      }))
    await Promise.all(Array.from({ length: 6 }, (_, w) => store.insertClicks(batch(w))))
    const prisma = api.service.db.prisma
    expect(await prisma.click.count({ where: { codeId: found.id } })).toBe(900)
    expect(await prisma.click.count({ where: { codeId: found.id, firstOfDay: true } })).toBe(40)
    const rows = await prisma.performanceDay.findMany({
      where: { enrolmentId: found.enrolment.id, day: new Date('2026-03-10') },
    })
    const byDim = (dim: string, value = '') => rows.find((r) => r.dim === dim && r.value === value)
    expect(byDim('')).toMatchObject({ clicks: 900, uniqueClicks: 40 })
    expect(byDim('sub1', 'odd')!.clicks + byDim('sub1', 'even')!.clicks).toBe(900)
    expect(byDim('sub1', 'odd')!.uniqueClicks + byDim('sub1', 'even')!.uniqueClicks).toBe(40)
  })

  it.skipIf(!inject('databaseUrl'))(
    'a burst of clicks then a graceful stop: every recorded click is written',
    async () => {
      const own = await startApi('2026-03-10T12:00:00Z')
      const schema = (await own.service.db.prisma.$queryRaw<{ s: string }[]>`SELECT current_schema() AS s`)[0]!.s
      const { codes } = await own.enrolled('quantower', { name: 'Burst', language: 'en', legalType: 'individual' })
      const ids: string[] = []
      let next = 0
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let i = next++; i < 300; i = next++) {
            const id = await click(own, codes[0]!.code, `10.1.${i >> 8}.${i & 255}`)
            if (id) ids.push(id)
          }
        }),
      )
      expect(ids).toHaveLength(300)
      // the stop comes right after the last answer: what is still buffered is written before the database closes
      await own.service.close()
      const { connectionString } = parseDatabaseUrl(inject('databaseUrl')!) as { connectionString: string }
      const written = await withClient(connectionString, async (c) => {
        const r = await c.query(`SELECT count(*)::int AS n FROM "${schema}".clicks WHERE id = ANY($1::uuid[])`, [ids])
        return r.rows[0].n as number
      })
      await own.close()
      expect(written).toBe(300)
    },
  )
})
