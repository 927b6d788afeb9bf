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

/** A bare web address, up to a space and without the punctuation or mark that ends a sentence after it. */
const BARE_URL = /^https?:\/\/[^\s<>]*[^\s<>.,;:!?)\]'"*_~`]/

/**
 * How Slack's text is read: `posted` is a message as Slack delivers it (links and mentions as `<…>` tokens, `&`, `<`
 * and `>` as entities); `typed` is what someone typed into a modal's plain_text_input, every character as typed.
 */
type Source = 'posted' | 'typed'

/**
 * Where a whole that no mark opens or closes inside, starting at `i`, ends (the index after it), else `i`: a `<…>`
 * token of a posted message, an inline code span, or a bare web address (Slack wraps a posted one in `<…>`; a typed
 * one is as typed, and `https://x.example/a_b_c` is no italic).
 */
function skipAtom(raw: string, i: number, line: number, source: Source): number {
  if (raw.startsWith('http', i) && (i === 0 || !WORD.test(raw[i - 1]!))) {
    const url = BARE_URL.exec(raw.slice(i, line))
    if (url) return i + url[0].length
  }
  const close = raw[i] === '<' && source === 'posted' ? '>' : raw[i] === '`' ? '`' : undefined
  if (!close) return i
  const j = raw.indexOf(close, i + 1)
  return j > i && j < line ? j + 1 : i
}

/**
 * Where the mark opened at `i` closes, as Slack renders it: the same character on the same line, after something
 * that is not a space and before the end or a character that is not a letter or digit; -1 when it does not.
 */
function closingMark(raw: string, i: number, source: Source): number {
  const mark = raw[i]!
  const nl = raw.indexOf('\n', i)
  const line = nl < 0 ? raw.length : nl
  // it opens at a word's start: not after a letter or digit, and not before a space
  if ((i > 0 && WORD.test(raw[i - 1]!)) || i + 1 >= line || SPACE.test(raw[i + 1]!)) return -1
  for (let k = i + 1; k < line; ) {
    const after = skipAtom(raw, k, line, source)
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
  source: Source
}

/** Adds `inner` to `out` as one span of `type` (when it is not empty). */
function span(out: Out, type: FormatType, inner: () => void) {
  const offset = out.text.length
  inner()
  if (out.text.length > offset) out.format.push({ type, offset, length: out.text.length - offset })
}

/** Reads `raw` (Slack's text) into `out`: the plain text, and a span for each mark Slack itself would render. */
function read(raw: string, out: Out) {
  // a typed text has no tokens or entities: its characters are the words
  const plain = out.source === 'posted' ? plainPiece : (s: string) => s
  let plainFrom = 0
  const flush = (to: number) => {
    out.text += plain(raw.slice(plainFrom, to))
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
        out.text += plain(body)
      })
      i = plainFrom = fenceEnd + FENCE.length
      continue
    }
    const nl = raw.indexOf('\n', i)
    const atomEnd = skipAtom(raw, i, nl < 0 ? raw.length : nl, out.source)
    if (c === '`' && atomEnd > i + 2) {
      flush(i)
      span(out, 'code', () => {
        out.text += plain(raw.slice(i + 1, atomEnd - 1))
      })
      i = plainFrom = atomEnd
      continue
    }
    if (atomEnd > i) {
      i = atomEnd
      continue
    }
    const close = MARKS[c] ? closingMark(raw, i, out.source) : -1
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
  const out: Out = { text: '', format: [], source: 'posted' }
  read(raw, out)
  return trimFormatted(out.text, out.format)
}

/**
 * What support typed into a desk modal (a reply, a resolution's note) read as the thread's text is (slackToFormatted):
 * Slack's plain_text_input gives the text as typed, so `<`, `>` and `&` are those characters, not a token or an
 * entity, and the marks become spans where Slack would render them.
 */
export function typedToFormatted(typed: string): { text: string; format: TextFormat[] } {
  const out: Out = { text: '', format: [], source: 'typed' }
  read(typed, out)
  return trimFormatted(out.text, out.format)
}

const MARK_OF: Record<FormatType, string> = { bold: '*', italic: '_', strikethrough: '~', code: '`', pre: '```' }
const escaped = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')

/**
 * A text and its spans written back as Slack's markup, its own `&`, `<` and `>` escaped: a reply from a modal copied
 * into the dispute's thread reads there as support wrote it.
 */
export function formattedToMrkdwn(text: string, format: readonly TextFormat[] = []): string {
  const spans = [...format].sort((a, b) => a.offset - b.offset || b.length - a.length)
  const open: TextFormat[] = []
  let out = ''
  for (let at = 0; at <= text.length; at++) {
    // the innermost ends first, the outermost starts first
    for (let k = open.length - 1; k >= 0; k--)
      if (open[k]!.offset + open[k]!.length === at) out += MARK_OF[open.splice(k, 1)[0]!.type]
    for (const s of spans) {
      if (s.offset !== at || s.length <= 0) continue
      open.push(s)
      out += MARK_OF[s.type]
    }
    if (at < text.length) out += escaped(text[at]!)
  }
  return out
}
