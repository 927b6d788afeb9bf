import { describe, expect, it } from 'vitest'
import { forwardedAddresses, isLocalHost, isLoopback, SandboxSessions } from '../../bots/sandbox/access.ts'

describe('sandbox access rules', () => {
  it('loopback is 127.0.0.0/8 and ::1, also IPv4-mapped; nothing else', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a)).toBe(true)
    for (const a of ['192.0.2.7', '::ffff:192.0.2.7', 'fd00::2', '0.0.0.0', '', undefined, 'localhost', 'unknown']) {
      expect(isLoopback(a)).toBe(false)
    }
  })

  it('answers only a local Host: a page that rebinds its own name to 127.0.0.1 is refused', () => {
    for (const h of ['localhost:3000', 'LOCALHOST', 'app.localhost:8080', '127.0.0.1:3000', '[::1]:3000', '127.1.2.3'])
      expect(isLocalHost(h), h).toBe(true)
    for (const h of [undefined, '', 'evil.example.com', 'evil.example.com:3000', '10.0.0.5:3000', 'localhost.evil.com'])
      expect(isLocalHost(h), String(h)).toBe(false)
  })

  it('reads every address a proxy put in the request', () => {
    expect(
      forwardedAddresses({
        'x-forwarded-for': '198.51.100.1, 127.0.0.1:8080',
        'x-real-ip': '203.0.113.9',
        forwarded: 'for="[2001:db8::7]:4711";proto=https, for=unknown, For=_hidden',
      }),
    ).toEqual(['198.51.100.1', '127.0.0.1', '203.0.113.9', '2001:db8::7', 'unknown', '_hidden'])
    expect(forwardedAddresses({})).toEqual([])
  })

  it('draws chat ids no partner has, and forgets the oldest sessions beyond its limit', async () => {
    const asked: number[] = []
    // the first two ids drawn belong to partners
    const taken = async (id: number) => {
      asked.push(id)
      return asked.length <= 2
    }
    const dropped: number[] = []
    const sessions = new SandboxSessions(taken, (chat) => dropped.push(chat), 2)
    const first = await sessions.open()
    expect(asked).toHaveLength(3)
    expect(first.chat).toBe(asked[2])
    expect(sessions.chatOf(first.token)).toBe(first.chat)
    expect(sessions.chatOf('nope')).toBeUndefined()
    expect(sessions.chatOf(undefined)).toBeUndefined()
    const second = await sessions.open()
    const third = await sessions.open()
    expect(new Set([first.chat, second.chat, third.chat]).size).toBe(3)
    expect(sessions.chatOf(first.token)).toBeUndefined()
    expect(dropped).toEqual([first.chat])
    expect(sessions.chatOf(third.token)).toBe(third.chat)
  })

  it('gives up, rather than reuse a partner’s id, when every id it draws is taken', async () => {
    const sessions = new SandboxSessions(async () => true)
    await expect(sessions.open()).rejects.toThrow('no free sandbox chat id')
  })
})
