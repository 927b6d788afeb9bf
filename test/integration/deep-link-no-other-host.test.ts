import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deepLinkPath } from '../../core/domain/deep-link.ts'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * A referral link's deep link (`/r/{code}?to=/path`, contract section 7) may only name a path on the program's own
 * landing site: "a link cannot send its visitors anywhere the program did not allow" (core/domain/tracking.ts).
 * A `to` whose dot segments collapse into a leading `//` (`/.//evil.example`) passes the "one leading slash" check,
 * is resolved to the path `//evil.example`, and that path, resolved against the landing URL, is another host.
 */
describe('deep link: never another host', () => {
  let api: Api
  let code = ''
  beforeAll(async () => {
    api = await startApi('2026-03-10T12:00:00Z')
    code = (await api.enrolled('quantower', { name: 'Redirect', language: 'en', legalType: 'individual' })).codes[0]!
      .code
  })
  afterAll(async () => {
    await api?.close()
  })

  const hostile = ['/.//evil.example/login', '/a/..//evil.example', '/%2e//evil.example', '/%2e%2e//evil.example']

  it('the shared rule takes none of them (null: the landing page itself)', () => {
    for (const to of hostile) expect(deepLinkPath(['/'], to), to).toBeNull()
    // a double slash further on is a path like any other
    expect(deepLinkPath(['/'], '/blog//post')).toBe('/blog//post')
  })

  it('/r/{code}?to=... lands on the program site, both in front of express and through its route', async () => {
    const encoded = `%${code.charCodeAt(0).toString(16).toUpperCase()}${code.slice(1)}`
    for (const to of hostile) {
      for (const path of [`/r/${code}`, `/r/${encoded}`]) {
        const r = await api.get(`${path}?to=${encodeURIComponent(to)}`, { 'user-agent': 'Mozilla/5.0' })
        expect(r.status).toBe(302)
        const location = new URL(r.headers.get('location') ?? '')
        expect(location.host, `${path}?to=${to} -> ${location}`).toBe('www.quantower.com')
      }
    }
  })
})
