import { describe, expect, it } from 'vitest'
import { loadProgramDefinitions } from '../../core/infra/programs/load-definitions.ts'
import type { ClickStore, NewClick } from '../../core/ports/click-store.ts'
import { ManualClock } from '../../core/ports/clock.ts'
import type { CodeRecord } from '../../core/ports/earnings-store.ts'
import { ProgramCatalog } from '../../core/programs/catalog.ts'
import { CLICK_LIMITS, ClickLimiter, recordClick, visitorNetwork } from '../../core/use-cases/record-click.ts'

const programs = new ProgramCatalog(loadProgramDefinitions())

/** Codes in memory and the clicks written, as the store port sees them. */
class MemoryClicks implements ClickStore {
  readonly written: NewClick[] = []
  readonly codes = new Map<string, CodeRecord>()
  add(code: string, status: CodeRecord['status'] = 'active') {
    const enrolment = {
      id: `e-${code}`,
      partnerId: `p-${code}`,
      programKey: 'quantower',
      status: 'active' as const,
      registeredAt: new Date('2026-01-01T00:00:00Z'),
    }
    this.codes.set(code, { id: `id-${code}`, code, programKey: 'quantower', status, enrolment })
    return code
  }
  async findCodes(codes: readonly string[]) {
    const lower = new Set(codes.map((c) => c.toLowerCase()))
    return [...this.codes.values()].filter((c) => lower.has(c.code.toLowerCase()))
  }
  async insertClicks(cs: NewClick[]) {
    this.written.push(...cs)
  }
}

function setup(limiter = new ClickLimiter()) {
  const clicks = new MemoryClicks()
  const clock = new ManualClock('2026-03-02T09:00:00Z')
  const writer = { add: (c: NewClick) => clicks.insertClicks([c]) }
  const deps = {
    clicks,
    clock,
    limiter,
    writer,
    program: (k: string) => programs.get(k),
    hashIp: (ip: string) => `h(${ip})`,
  }
  const click = (code: string, ip?: string) => recordClick(deps, code, { ip, userAgent: 'UA' })
  return { clicks, clock, click }
}

const clickId = (location: string) => new URL(location).searchParams.get('click')

describe('recording clicks', () => {
  it('gives each click a random UUIDv4, made without asking the database', async () => {
    const { clicks, click } = setup()
    const code = clicks.add('linkcode01')
    const ids = new Set<string>()
    for (let i = 0; i < 20; i++) {
      const r = await click(code, `198.51.100.${i}`)
      const id = clickId(r.location!)!
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      ids.add(id)
    }
    expect(ids.size).toBe(20)
    expect(clicks.written.map((c) => c.id)).toEqual([...ids])
    expect(clicks.written[0]).toMatchObject({ codeId: 'id-linkcode01', ipHash: 'h(198.51.100.0)', userAgent: 'UA' })
  })

  it('records at most the per-address budget from one address; the visitor still lands with the code', async () => {
    const { clicks, clock, click } = setup()
    const code = clicks.add('linkcode02')
    const results = []
    for (let i = 0; i < 2000; i++) results.push(await click(code, '203.0.113.5'))
    expect(clicks.written).toHaveLength(CLICK_LIMITS.perIp.burst)
    for (const r of results) expect(new URL(r.location!).searchParams.get('ref')).toBe(code)
    expect(results.filter((r) => clickId(r.location!))).toHaveLength(CLICK_LIMITS.perIp.burst)
    expect(results.at(-1)).toMatchObject({ attributed: true, recorded: false })
    // another visitor is not affected
    expect((await click(code, '203.0.113.6')).recorded).toBe(true)
    // the budget refills with time: one click per 60 / perMinute seconds
    clock.advance(60_000 / CLICK_LIMITS.perIp.perMinute)
    expect((await click(code, '203.0.113.5')).recorded).toBe(true)
    expect((await click(code, '203.0.113.5')).recorded).toBe(false)
  })

  it('one IPv6 subscriber (a /64) has one budget however many addresses it uses', async () => {
    const { clicks, click } = setup()
    const code = clicks.add('linkcode03')
    for (let i = 0; i < 100; i++) await click(code, `2001:db8:1:2::${i.toString(16)}`)
    expect(clicks.written).toHaveLength(CLICK_LIMITS.perIp.burst)
    expect((await click(code, '2001:db8:1:3::1')).recorded).toBe(true)
  })

  it('a flood spread over many addresses is bounded by the per-code budget', async () => {
    const { clicks, click } = setup()
    const code = clicks.add('linkcode04')
    const other = clicks.add('linkcode05')
    for (let i = 0; i < CLICK_LIMITS.perCode.burst + 50; i++) await click(code, `10.0.${i >> 8}.${i & 255}`)
    expect(clicks.written).toHaveLength(CLICK_LIMITS.perCode.burst)
    expect((await click(other, '10.9.9.9')).recorded).toBe(true)
  })

  it('the process budget caps what all codes together may write', async () => {
    const limiter = new ClickLimiter({ ...CLICK_LIMITS, total: { burst: 30, perMinute: 60 } })
    const { clicks, click } = setup(limiter)
    for (let i = 0; i < 40; i++) await click(clicks.add(`linkcode1${String(i).padStart(2, '0')}`), `10.1.0.${i}`)
    expect(clicks.written).toHaveLength(30)
  })

  it('keeps a bounded number of buckets: the least recently used are forgotten (a forgotten one is full)', () => {
    const limiter = new ClickLimiter({ ...CLICK_LIMITS, perIp: { burst: 1, perMinute: 1 }, maxTracked: 100 })
    for (let i = 0; i < 1000; i++) limiter.admit(`ip${i}`, `code${i}`, 0)
    expect(limiter.tracked).toEqual({ ips: 100, codes: 100 })
    expect(limiter.admit('ip999', 'code', 0).ok).toBe(false) // recent: still remembered
    expect(limiter.admit('ip0', 'code', 0).ok).toBe(true) // forgotten long ago: a full bucket again
  })

  it('a suspended code lands without attribution and records nothing; an unknown one names no landing page', async () => {
    const { clicks, click } = setup()
    const code = clicks.add('linkcode06', 'suspended')
    const r = await click(code, '10.2.0.1')
    expect(r).toMatchObject({ attributed: false, recorded: false })
    expect(new URL(r.location!).search).toBe('')
    expect(await click('nosuchcode', '10.2.0.1')).toEqual({ location: null, attributed: false, recorded: false })
    expect(clicks.written).toHaveLength(0)
  })

  it('budgets per network: IPv4 as it is, IPv4-mapped IPv6 as IPv4, IPv6 by its /64', () => {
    expect(visitorNetwork('203.0.113.7')).toBe('203.0.113.7')
    expect(visitorNetwork('::ffff:203.0.113.7')).toBe('203.0.113.7')
    expect(visitorNetwork('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64')
    expect(visitorNetwork('2001:DB8:0001:0002::9')).toBe('2001:db8:1:2::/64')
    expect(visitorNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(visitorNetwork('::1')).toBe('0:0:0:0::/64')
    expect(visitorNetwork('fe80::1%eth0')).toBe('fe80:0:0:0::/64')
  })
})
