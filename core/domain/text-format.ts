/**
 * Formatting kept beside a plain text (support's reply written in Slack with *bold*, `code` and so on): the text is
 * stored and shown without markers, and each span says what it is and where, in UTF-16 code units (as JavaScript
 * strings and Telegram's message entities count). Telegram gets the spans as entities, never as markup to parse, so
 * nothing anyone wrote can turn into formatting it did not ask for.
 */
export const FORMAT_TYPES = ['bold', 'italic', 'strikethrough', 'code', 'pre'] as const
export type FormatType = (typeof FORMAT_TYPES)[number]

export interface TextFormat {
  type: FormatType
  offset: number
  length: number
}

/** More spans than any message written by hand needs; beyond it the text goes plain from there on. */
export const MAX_FORMAT_SPANS = 100

const isSpan = (f: unknown): f is TextFormat => {
  const s = f as Partial<TextFormat> | null
  return (
    !!s &&
    (FORMAT_TYPES as readonly unknown[]).includes(s.type) &&
    Number.isSafeInteger(s.offset) &&
    Number.isSafeInteger(s.length)
  )
}

/**
 * `text` trimmed (as a dispute's text is kept), with its spans moved along and cut to it: a span outside the text,
 * of an unknown kind or empty goes; the rest are in order of where they start.
 */
export function trimFormatted(text: string, format: readonly unknown[] = []): { text: string; format: TextFormat[] } {
  const lead = text.length - text.trimStart().length
  const clean = text.trim()
  const spans: TextFormat[] = []
  for (const f of format) {
    if (!isSpan(f)) continue
    const from = Math.max(0, f.offset - lead)
    const to = Math.min(clean.length, f.offset + f.length - lead)
    if (to > from) spans.push({ type: f.type, offset: from, length: to - from })
  }
  spans.sort((a, b) => a.offset - b.offset || b.length - a.length)
  return { text: clean, format: spans.slice(0, MAX_FORMAT_SPANS) }
}

/** Spans as read back from storage (jsonb): anything that is not one is left out. */
export const formatOf = (stored: unknown): TextFormat[] =>
  Array.isArray(stored) ? stored.filter(isSpan).map((f) => ({ type: f.type, offset: f.offset, length: f.length })) : []
