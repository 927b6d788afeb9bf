import { isIP, SocketAddress } from 'node:net'
import { describe, expect, it } from 'vitest'
import { canonicalIp, ipv6Groups } from '../../core/domain/ip.ts'

describe('canonicalIp: one written form per address', () => {
  it.each([
    ['2001:db8::1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:DB8:0:0::1', '2001:db8::1'],
    ['2001:0db8::0077', '2001:db8::77'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2:3:4:5:6'],
    ['2001:db8:0:1:2:3:4:5', '2001:db8:0:1:2:3:4:5'],
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::ffff:6.6.6.6', '6.6.6.6'],
    ['::FFFF:0606:0606', '6.6.6.6'],
    ['0:0:0:0:0:ffff:c000:20a', '192.0.2.10'],
    ['64:ff9b::1.2.3.4', '64:ff9b::102:304'],
    ['192.0.2.10', '192.0.2.10'],
  ])('%s -> %s', (given, expected) => {
    expect(canonicalIp(given)).toBe(expected)
  })

  // inet_ntop also writes the deprecated IPv4-compatible form (::a.b.c.d) dotted; RFC 5952 keeps hex for those
  it('writes every other address as the platform does (inet_ntop), IPv4-mapped ones as IPv4', () => {
    const ntop = (ip: string) => new SocketAddress({ address: ip, family: 'ipv6' }).address
    for (let i = 0; i < 500; i++) {
      const groups = Array.from({ length: 8 }, () => (Math.random() < 0.5 ? 0 : Math.floor(Math.random() * 0x10000)))
      const written = groups.map((g) => g.toString(16).padStart(Math.random() < 0.5 ? 4 : 1, '0')).join(':')
      expect(ipv6Groups(written)).toEqual(groups)
      const ours = canonicalIp(written)
      expect(isIP(ours), written).toBeGreaterThan(0)
      const compatible = groups.slice(0, 6).every((g) => g === 0) && groups[6] !== 0
      if (!ours.includes('.') && !compatible) expect(ours, written).toBe(ntop(written))
    }
  })

  it('leaves what is not an address as it was given', () => {
    expect(canonicalIp('not-an-ip')).toBe('not-an-ip')
    expect(canonicalIp('1:2:3')).toBe('1:2:3')
    expect(ipv6Groups('1::2::3')).toBeUndefined()
  })
})
