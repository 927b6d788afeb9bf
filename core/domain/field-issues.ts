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
