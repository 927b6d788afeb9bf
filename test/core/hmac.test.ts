import { createHmac, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { hmacSha256 } from '../../core/infra/crypto/hmac.ts'

describe('hmacSha256 (precomputed pads)', () => {
  it('gives createHmac’s digest for keys shorter than, as long as and longer than a block, and for any message', () => {
    for (const length of [0, 1, 16, 32, 63, 64, 65, 100, 200]) {
      const key = randomBytes(length)
      const mac = hmacSha256(key)
      for (const message of ['', 'a', 'm1.1700000000.{"id":"x"}', randomBytes(1000).toString('latin1')]) {
        const expected = createHmac('sha256', key).update(message).digest()
        expect(mac(message).equals(expected)).toBe(true)
        // in parts, and again (the pads are copied, never consumed)
        expect(mac(message.slice(0, 3), Buffer.from(message.slice(3))).equals(expected)).toBe(true)
      }
    }
  })

  it('takes a string key as its UTF-8 bytes', () => {
    expect(hmacSha256('sälz')('10.0.0.1').toString('hex')).toBe(
      createHmac('sha256', 'sälz').update('10.0.0.1').digest('hex'),
    )
  })
})
