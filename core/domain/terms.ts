import type { ProgramDefinition } from '../programs/definition.ts'
import { DomainError } from './errors.ts'

export const TERMS_LANGUAGES = ['en', 'ru', 'kk', 'ka', 'lv'] as const
export type TermsLanguage = (typeof TERMS_LANGUAGES)[number]
/** What the change says, in each language partners read (Telegram allows 4096 characters a message). */
export type TermsTexts = Partial<Record<TermsLanguage, string>>
const MAX_TERMS_TEXT = 3000

const DAY = 86_400_000

/**
 * The earliest moment a change may take effect: the program's notice after publication (worksection-referral 3
 * days, worksection-partner 14), or at once; commission-rate changes take effect on publication where the terms
 * say so (worksection-partner).
 */
export function earliestEffective(program: ProgramDefinition, publishedAt: Date, ratesOnly: boolean): Date {
  if (ratesOnly && program.terms.rateChangesImmediate) return publishedAt
  return new Date(publishedAt.getTime() + program.terms.noticeDays * DAY)
}

/** Refuses an effective date inside the notice period; the answer names the earliest allowed moment. */
export function checkNotice(program: ProgramDefinition, publishedAt: Date, effectiveAt: Date, ratesOnly: boolean) {
  const earliest = earliestEffective(program, publishedAt, ratesOnly)
  if (effectiveAt.getTime() >= earliest.getTime() - 1000) return
  // a date already gone is wrong for its own reason, whatever the notice (jqsee's is none)
  if (effectiveAt.getTime() < publishedAt.getTime() - 1000)
    throw new DomainError('terms.effective_in_past', { program: program.key, earliest: earliest.toISOString() })
  throw new DomainError('terms.notice_too_short', {
    program: program.key,
    noticeDays: program.terms.noticeDays,
    earliest: earliest.toISOString(),
  })
}

/** Until when a partner may object (worksection-referral: 3 days from the notice); undefined: objections change nothing. */
export function objectionDeadline(program: ProgramDefinition, publishedAt: Date): Date | undefined {
  const o = program.terms.objection
  return o ? new Date(publishedAt.getTime() + o.windowDays * DAY) : undefined
}

/** Cleans the texts: known languages only, trimmed, none too long (an empty one is left out), English among them. */
export function checkTexts(texts: Record<string, unknown>): TermsTexts {
  const out: TermsTexts = {}
  for (const [lang, value] of Object.entries(texts)) {
    if (!(TERMS_LANGUAGES as readonly string[]).includes(lang))
      throw new DomainError('terms.unknown_language', { language: lang })
    const text = typeof value === 'string' ? value.trim() : ''
    if (!text) continue
    if (text.length > MAX_TERMS_TEXT)
      throw new DomainError('terms.text_too_long', { language: lang, max: MAX_TERMS_TEXT })
    out[lang as TermsLanguage] = text
  }
  if (!Object.keys(out).length) throw new DomainError('terms.no_text')
  // English is what a partner reads whose language has no text (textFor), such as one who joins after publication
  if (!out.en)
    throw new DomainError('terms.english_required', {
      issues: [
        { path: 'texts.en', message: 'is required: English is what partners read when their language has no text' },
      ],
    })
  return out
}

/** The languages of the partners who must be told that have no text yet: publishing waits for them. */
export const missingLanguages = (texts: TermsTexts, needed: readonly string[]) =>
  needed.filter((l) => !texts[l as TermsLanguage]).sort()

/** The text a partner reads: their language (publishing made sure it exists), else English, else any. */
export function textFor(texts: TermsTexts, language: string): string {
  return texts[language as TermsLanguage] ?? texts.en ?? Object.values(texts)[0] ?? ''
}
