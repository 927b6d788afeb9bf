import { createHash, type Hash } from 'node:crypto'

const BLOCK = 64 // SHA-256's block size in bytes

/**
 * HMAC-SHA256 (RFC 2104) with one key for many messages: the key's inner and outer pads are hashed once, and each
 * message continues copies of those two states. The same digest as createHmac('sha256', key), without creating an
 * HMAC context per message (under OpenSSL 3 that costs 20-60 µs each; a copy of a hash state about 1 µs). For the
 * hot paths: postback signatures, the keyed hashes of every click's address and visitor.
 */
export function hmacSha256(key: Buffer | string): (...parts: (Buffer | string)[]) => Buffer {
  let k = typeof key === 'string' ? Buffer.from(key, 'utf8') : key
  if (k.length > BLOCK) k = createHash('sha256').update(k).digest()
  const pad = (byte: number) => {
    const p = Buffer.alloc(BLOCK, byte)
    for (let i = 0; i < k.length; i++) p[i]! ^= k[i]!
    return createHash('sha256').update(p)
  }
  const inner: Hash = pad(0x36)
  const outer: Hash = pad(0x5c)
  return (...parts) => {
    const h = inner.copy()
    for (const part of parts) h.update(part)
    return outer.copy().update(h.digest()).digest()
  }
}
