import { z } from 'zod'
import { NAME_LANGUAGES } from './names.ts'

/** The pieces program definitions are written with: amounts, rates, periods, codes, names (definition.ts). */

export const decimal = z.string().regex(/^\d{1,12}(\.\d{1,4})?$/, 'a decimal amount such as "25.00"')
export const bps = z.number().int().min(0).max(10_000)
export const days = z.number().int().min(0).max(3660)
export const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-01-01')
export const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}, 'an IANA time zone such as Europe/Kyiv')

/** A default name (shown where no language-specific one is given): not empty, no surrounding spaces. */
export const name = z.string().trim().min(1, 'a name, not empty').max(120, 'a name of at most 120 characters')

/**
 * The name per language (`{"ka": "კაფე: გაყიდვები"}`): only the languages partners and agents read, none empty. A
 * language left out reads the default `name`, so a program added as data may have no translations at all.
 */
export const names = z.record(z.string(), name).superRefine((value, ctx) => {
  for (const lang of Object.keys(value)) {
    if (!(NAME_LANGUAGES as readonly string[]).includes(lang))
      ctx.addIssue({
        code: 'custom',
        path: [lang],
        message: `"${lang}" is not a supported language (${NAME_LANGUAGES.join(', ')})`,
      })
  }
})
