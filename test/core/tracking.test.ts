import { describe, expect, it } from 'vitest'
import { deepLinkPath } from '../../core/domain/deep-link.ts'
import { landingFor, maskId, parseSubIds, visitorOf } from '../../core/domain/tracking.ts'
import { percent } from '../../core/use-cases/performance-report.ts'

describe('what a referral link carries', () => {
  it('keeps up to five well-formed sub-ids and drops the others', () => {
    expect(
      parseSubIds({
        sub1: 'a.b_c-d~e',
        sub2: 'has space',
        sub3: ['x', 'y'],
        sub4: 'y'.repeat(100),
        sub5: 'z'.repeat(101),
        sub6: 'ignored',
      }),
    ).toEqual({ sub1: 'a.b_c-d~e', sub4: 'y'.repeat(100) })
  })

  it('deep-links only to allowed paths of the landing site', () => {
    const land = (to: unknown, allowed = ['/pricing', '/blog/']) =>
      landingFor('https://example.com/', allowed, to).toString()
    expect(land('/pricing')).toBe('https://example.com/pricing')
    expect(land('/pricing/pro?x=1')).toBe('https://example.com/pricing/pro?x=1')
    expect(land('/blog/post')).toBe('https://example.com/blog/post')
    for (const bad of [
      '/pricingx',
      '/admin',
      '//evil.com/pricing',
      '/\\evil.com',
      'https://evil.com/pricing',
      '/a b',
      7,
    ])
      expect(land(bad), String(bad)).toBe('https://example.com/')
    expect(land('/pricing', [])).toBe('https://example.com/')
    expect(land('/anything', ['/'])).toBe('https://example.com/anything')
  })

  it('the same rule without the site, for the Mini App page: a path under an entry, resolved as a browser would', () => {
    expect(deepLinkPath(['/'], '/menu')).toBe('/menu')
    expect(deepLinkPath(['/blog/'], '/blog/post?x=1#top')).toBe('/blog/post?x=1#top')
    expect(deepLinkPath(['/blog'], '/blog/../admin')).toBeNull()
    for (const bad of ['', 'menu', '//evil.com', '/\\evil.com', '/a b', `/${'a'.repeat(512)}`])
      expect(deepLinkPath(['/'], bad), bad).toBeNull()
    expect(deepLinkPath([], '/')).toBeNull()
  })

  it('a visitor is their cookie, else a condensed keyed hash of address and user agent, never the address', () => {
    const hash = (s: string) => `keyed(${s})`
    const first = visitorOf(undefined, { ip: '203.0.113.9', userAgent: 'UA' }, hash)
    expect(first.fresh).toBe(true)
    expect(first.visitor).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(first.visitor).not.toContain('203')
    expect(visitorOf(first.visitor, { ip: '198.51.100.1' }, hash)).toEqual({ visitor: first.visitor, fresh: false })
    // a malformed cookie is not taken
    expect(visitorOf('bad cookie!', { ip: '203.0.113.9', userAgent: 'UA' }, hash)).toEqual(first)
    expect(visitorOf(undefined, {}, hash)).toEqual({ visitor: undefined, fresh: false })
  })

  it('masks ids to their last four characters and rates to two decimals, half-even', () => {
    expect(maskId('customer-12345')).toBe('•••2345')
    expect(maskId('abc')).toBe('•••')
    expect(maskId(null)).toBeNull()
    expect(percent(1, 3)).toBe('33.33')
    expect(percent(2, 3)).toBe('66.67')
    expect(percent(1, 8)).toBe('12.50')
    expect(percent(1, 80_000)).toBe('0.00') // 0.00125 %: half-even down
    expect(percent(3, 80_000)).toBe('0.00')
    expect(percent(5, 0)).toBeNull()
  })
})
