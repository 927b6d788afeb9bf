import { type FormatType, type TextFormat, trimFormatted } from '../../core/domain/text-format.ts'

/**
 * Slack's message markup as a partner should read it: links as their text (and address), mentions and channel
 * links dropped to their label, entities unescaped; `*`, `_`, `~` and backticks are left as they are.
 */
export function slackToPlain(text: string): string {
  return plainPiece(text).trim()
}

/** slackToPlain without the trim: a piece of a message (whole `<…>` tokens only). */
const plainPiece = (text: string) =>
  text
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/<mailto:[^|>]+\|([^>]+)>/g, '$1')
    .replace(/<[@#!][^|>]*\|([^>]+)>/g, '$1')
    .replace(/<[@#!][^>]*>/g, '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')

const MARKS: Record<string, FormatType> = { '*': 'bold', _: 'italic', '~': 'strikethrough' }
const WORD = /[\p{L}\p{N}]/u
const SPACE = /\s/u
const FENCE = '```'

/** Where a `<…>` token or an inline code span that starts at `i` ends (the index after it), else `i`. */
function skipAtom(raw: string, i: number, line: number): number {
  const close = raw[i] === '<' ? '>' : raw[i] === '`' ? '`' : undefined
  if (!close) return i
  const j = raw.indexOf(close, i + 1)
  return j > i && j < line ? j + 1 : i
}

/**
 * Where the mark opened at `i` closes, as Slack renders it: the same character on the same line, after something
 * that is not a space and before the end or a character that is not a letter or digit; -1 when it does not.
 */
function closingMark(raw: string, i: number): number {
  const mark = raw[i]!
  const nl = raw.indexOf('\n', i)
  const line = nl < 0 ? raw.length : nl
  // it opens at a word's start: not after a letter or digit, and not before a space
  if ((i > 0 && WORD.test(raw[i - 1]!)) || i + 1 >= line || SPACE.test(raw[i + 1]!)) return -1
  for (let k = i + 1; k < line; ) {
    const after = skipAtom(raw, k, line)
    if (after > k) {
      k = after
      continue
    }
    if (raw[k] === mark && k > i + 1 && !SPACE.test(raw[k - 1]!) && (k + 1 >= raw.length || !WORD.test(raw[k + 1]!)))
      return k
    k++
  }
  return -1
}

interface Out {
  text: string
  format: TextFormat[]
}

/** Adds `inner` to `out` as one span of `type` (when it is not empty). */
function span(out: Out, type: FormatType, inner: () => void) {
  const offset = out.text.length
  inner()
  if (out.text.length > offset) out.format.push({ type, offset, length: out.text.length - offset })
}

/** Reads `raw` (Slack's text) into `out`: the plain text, and a span for each mark Slack itself would render. */
function read(raw: string, out: Out) {
  let plainFrom = 0
  const flush = (to: number) => {
    out.text += plainPiece(raw.slice(plainFrom, to))
  }
  let i = 0
  while (i < raw.length) {
    const c = raw[i]!
    const fenceEnd = raw.startsWith(FENCE, i) ? raw.indexOf(FENCE, i + FENCE.length) : -1
    if (fenceEnd > i + FENCE.length) {
      flush(i)
      const body = raw
        .slice(i + FENCE.length, fenceEnd)
        .replace(/^\n/, '')
        .replace(/\n$/, '')
      span(out, 'pre', () => {
        out.text += plainPiece(body)
      })
      i = plainFrom = fenceEnd + FENCE.length
      continue
    }
    const nl = raw.indexOf('\n', i)
    const atomEnd = skipAtom(raw, i, nl < 0 ? raw.length : nl)
    if (c === '`' && atomEnd > i + 2) {
      flush(i)
      span(out, 'code', () => {
        out.text += plainPiece(raw.slice(i + 1, atomEnd - 1))
      })
      i = plainFrom = atomEnd
      continue
    }
    if (atomEnd > i) {
      i = atomEnd
      continue
    }
    const close = MARKS[c] ? closingMark(raw, i) : -1
    if (close > i) {
      flush(i)
      span(out, MARKS[c]!, () => read(raw.slice(i + 1, close), out))
      i = plainFrom = close + 1
      continue
    }
    i++
  }
  flush(raw.length)
}

/**
 * Slack's text as the partner should read it (see slackToPlain), with its formatting as spans of that text: bold,
 * italic, strikethrough, inline code and code blocks, where Slack itself renders them (`2*3*4` stays as written).
 */
export function slackToFormatted(raw: string): { text: string; format: TextFormat[] } {
  const out: Out = { text: '', format: [] }
  read(raw, out)
  return trimFormatted(out.text, out.format)
}
