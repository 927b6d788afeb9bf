import { describe, expect, it } from 'vitest'
import { cutText, unstorable } from '../../core/domain/text.ts'

describe('cutText: a cut that never splits a surrogate pair', () => {
  it('keeps a text that fits, cuts a longer one to the limit, and steps back before half an emoji', () => {
    expect(cutText('abc', 3)).toBe('abc')
    expect(cutText('abcd', 3)).toBe('abc')
    // the emoji's halves at units 2 and 3: a cut at 3 would keep its first half
    const text = 'ab😀cd'
    expect(text.slice(0, 3)).not.toBe(cutText(text, 3))
    expect(unstorable(text.slice(0, 3))).toBe(true)
    expect(cutText(text, 3)).toBe('ab')
    expect(cutText(text, 4)).toBe('ab😀')
    expect(unstorable(cutText(text, 3))).toBe(false)
  })
})
