import type { z } from 'zod'

/** A field a request names and what is wrong with it (the API's `issues`). */
export interface FieldIssue {
  path: string
  message: string
}

/**
 * zod's issues as the API's: each field by its dotted path, `whole` ("(body)", "(query)") for the value itself, and
 * each field it does not know an issue of its own, "unknown field", by its full path (`texts.de`: zod reports them
 * together, under the object that holds them).
 */
export function fieldIssues(error: z.ZodError, whole: string): FieldIssue[] {
  return error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ path: [...i.path, k].join('.'), message: 'unknown field' }))
      : [{ path: i.path.join('.') || whole, message: i.message }],
  )
}

/**
 * The parse options of the API's input (`schema.safeParse(value, PLAIN_WORDS)`): zod's default words where they read
 * as a type error, said plainly. A field left out is "is required" (with the values it takes, for a list of them), not
 * "Invalid input: expected string, received undefined"; a fraction where a whole number belongs is "must be a whole
 * number", not "expected int, received number". A schema's own words win.
 */
export const PLAIN_WORDS = {
  error: (issue: { code?: string; input?: unknown; expected?: string; values?: unknown[] }) => {
    if (issue.input === undefined && issue.code === 'invalid_type') return 'is required'
    if (issue.input === undefined && issue.code === 'invalid_value' && issue.values?.length)
      return `is required: one of ${issue.values.join(', ')}`
    if (issue.code === 'invalid_type' && issue.expected === 'int' && typeof issue.input === 'number')
      return 'must be a whole number'
    return undefined
  },
}
