import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLICK_LIMITS } from '../../core/use-cases/record-click.ts'
import { type Api, startApi } from '../helpers/api.ts'

/** GET /r/{code} under load: budgets per visitor and per code, random click ids (contract section 2). */
describe('referral clicks', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-10T12:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  const newCode = async () =>
    (await api.enrolled('quantower', { name: 'Clicks', language: 'en', legalType: 'individual' })).codes[0]!.code
  /** A click from `ip` (the service trusts X-Forwarded-For from loopback, as behind a local proxy). */
  const click = async (code: string, ip: string) => {
    const r = await api.get(`/r/${code}`, { 'x-forwarded-for': ip, 'user-agent': 'Mozilla/5.0' })
    expect(r.status).toBe(302)
    return new URL(r.headers.get('location')!)
  }
  /** Clicks written (they are answered before: this process's buffer is written first). */
  const recorded = async (code: string) => {
    await api.service.core.earnings.clicks.flush()
    return api.service.db.prisma.click.count({ where: { code: { code } } })
  }

  /** n clicks, 16 in flight. */
  async function flood(n: number, code: string, ip: (i: number) => string) {
    const locations: URL[] = []
    let next = 0
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = next++; i < n; i = next++) locations.push(await click(code, ip(i)))
      }),
    )
    return locations
  }

  it('2,000 clicks from one address: each visitor lands with the code, the burst is recorded, the rest is not', async () => {
    const code = await newCode()
    const locations = await flood(2000, code, () => '198.51.100.77')
    for (const l of locations) {
      expect(l.origin).toBe('https://www.quantower.com')
      expect(l.searchParams.get('ref')).toBe(code)
    }
    const ids = locations.map((l) => l.searchParams.get('click')).filter(Boolean)
    expect(ids).toHaveLength(CLICK_LIMITS.perIp.burst)
    expect(await recorded(code)).toBe(CLICK_LIMITS.perIp.burst)
    // another visitor of the same link is recorded
    expect((await click(code, '198.51.100.78')).searchParams.get('click')).toMatch(/^[0-9a-f-]{36}$/)
    // and the first one again once its budget has refilled
    api.clock.advance(60_000)
    expect((await click(code, '198.51.100.77')).searchParams.get('click')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('a flood on one code from many addresses is bounded by the code budget', async () => {
    const code = await newCode()
    const n = CLICK_LIMITS.perCode.burst + 100
    const locations = await flood(n, code, (i) => `10.20.${i >> 8}.${i & 255}`)
    expect(locations.filter((l) => l.searchParams.get('click'))).toHaveLength(CLICK_LIMITS.perCode.burst)
    expect(await recorded(code)).toBe(CLICK_LIMITS.perCode.burst)
  })

  it('a visitor lands whatever the link’s query carries; a control character in the code itself is a 400', async () => {
    const code = await newCode()
    for (const q of ['?sub1=a%0Ab', '?sub1=%00', '?x=%E0%A4%A', '?sub2=%ED%A0%80&sub1=ok']) {
      const r = await api.get(`/r/${code}${q}`, { 'x-forwarded-for': '192.0.2.77' })
      expect(r.status, q).toBe(302)
      expect(new URL(r.headers.get('location')!).searchParams.get('ref'), q).toBe(code)
    }
    expect((await api.get(`/r/${code}%00`)).status).toBe(400)
  })

  it('click ids are random: they neither follow each other nor reveal how many there are', async () => {
    const code = await newCode()
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.push((await click(code, `192.0.2.${i}`)).searchParams.get('click')!)
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(new Set(ids).size).toBe(5)
    await api.service.core.earnings.clicks.flush()
    const rows = await api.service.db.prisma.click.findMany({ where: { id: { in: ids } }, select: { id: true } })
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort())
  })

  it('a HEAD (a link checker, a chat preview) is answered where the link goes, and records no click', async () => {
    const { codes } = await api.enrolled('quantower', { name: 'Head', language: 'en', legalType: 'individual' })
    const code = codes[0]!.code
    await api.service.core.earnings.clicks.flush()
    const before = await api.service.db.prisma.click.count()
    const r = await fetch(`${api.base}/r/${code}`, { method: 'HEAD', redirect: 'manual' })
    expect(r.status).toBe(302)
    const location = new URL(r.headers.get('location')!)
    expect(location.searchParams.get('ref')).toBe(code)
    expect(location.searchParams.get('click')).toBeNull()
    await api.service.core.earnings.clicks.flush()
    expect(await api.service.db.prisma.click.count()).toBe(before)
  })

  it('TRUST_PROXY decides whose X-Forwarded-For names the visitor: none trusted, every visitor is the proxy', async () => {
    const direct = await startApi('2026-03-10T12:00:00Z', { TRUST_PROXY: '0' })
    try {
      const { codes } = await direct.enrolled('quantower', { name: 'Proxy', language: 'en', legalType: 'individual' })
      const code = codes[0]!.code
      // nor does an untrusted hop tell the visitor's country (the geo rules read it)
      const told = await direct.get(`/r/${code}?sub1=geo`, { 'cf-ipcountry': 'LV', 'x-country-code': 'GE' })
      const id = new URL(told.headers.get('location')!).searchParams.get('click')!
      await direct.service.core.earnings.clicks.flush()
      expect(await direct.service.db.prisma.click.findUniqueOrThrow({ where: { id } })).toMatchObject({ country: null })
      // 30 visitors behind an untrusted hop: one budget, that of the address the connection comes from
      let recorded = 0
      for (let i = 0; i < 30; i++) {
        const r = await direct.get(`/r/${code}`, { 'x-forwarded-for': `203.0.113.${i}` })
        if (new URL(r.headers.get('location')!).searchParams.get('click')) recorded++
      }
      expect(recorded).toBe(CLICK_LIMITS.perIp.burst - 1)
    } finally {
      await direct.close()
    }
  })
})
