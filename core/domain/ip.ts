/**
 * IP addresses in one written form, so that "the same IP" (a shared-IP rule, a repeat IP in a campaign, a click
 * budget) means the same address however the sender wrote it: `2001:0DB8::0001`, `2001:db8:0:0::1` and
 * `2001:db8::1` are one address, and so are `::ffff:6.6.6.6` and `6.6.6.6`. Input is an address the caller has
 * already validated (zod's ipv4/ipv6, or the socket's); anything else is returned as it was given.
 */

/** The eight 16-bit groups of an IPv6 address (its zone dropped, an IPv4 tail as two groups), or undefined. */
export function ipv6Groups(ip: string): number[] | undefined {
  const bare = ip.split('%')[0]!.toLowerCase()
  if (!bare.includes(':')) return undefined
  let text = bare
  const v4tail = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text)
  if (v4tail) {
    const [a, b, c, d] = v4tail.slice(1).map(Number) as [number, number, number, number]
    text = `${text.slice(0, v4tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const part = (s: string | undefined) => (s ? s.split(':').map((g) => Number.parseInt(g, 16)) : [])
  const left = part(halves[0])
  const right = part(halves[1])
  const groups = halves.length === 2 ? [...left, ...Array(8 - left.length - right.length).fill(0), ...right] : left
  if (groups.length !== 8 || groups.some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff)) return undefined
  return groups
}

/** The address in its standard form: IPv4 dotted (IPv4-mapped IPv6 too), IPv6 as RFC 5952 writes it. */
export function canonicalIp(ip: string): string {
  if (!ip.includes(':')) return /^\d{1,3}(\.\d{1,3}){3}$/.test(ip) ? ip.split('.').map(Number).join('.') : ip
  const g = ipv6Groups(ip)
  if (!g) return ip
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    return [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff].join('.')
  }
  // the longest run of two or more zero groups (the first of equals) becomes "::"
  let best = { at: -1, length: 1 }
  for (let i = 0; i < 8; ) {
    let j = i
    while (j < 8 && g[j] === 0) j++
    if (j - i > best.length) best = { at: i, length: j - i }
    i = j > i ? j : i + 1
  }
  const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(':')
  if (best.at < 0) return hex(g)
  return `${hex(g.slice(0, best.at))}::${hex(g.slice(best.at + best.length))}`
}
