import { describe, expect, it } from 'vitest'
import { FileTooLargeError, readCapped } from '../../bots/slack/attachments.ts'

/** A download whose declared size is missing or wrong stops at the cap instead of filling memory. */
describe('readCapped', () => {
  it('reads a body up to the cap, and stops one that goes past it, declared or not', async () => {
    expect([...(await readCapped(new Response(new Uint8Array([1, 2, 3])), 3))]).toEqual([1, 2, 3])
    // no content-length: a stream of chunks counted as they come
    const stream = () =>
      new ReadableStream<Uint8Array>({
        start(c) {
          for (let i = 0; i < 4; i++) c.enqueue(new Uint8Array(4))
          c.close()
        },
      })
    await expect(readCapped(new Response(stream()), 10)).rejects.toBeInstanceOf(FileTooLargeError)
    // a declared length over the cap: refused before reading
    const declared = new Response(new Uint8Array(2), { headers: { 'content-length': '999' } })
    await expect(readCapped(declared, 10)).rejects.toMatchObject({ bytes: 999 })
  })
})
