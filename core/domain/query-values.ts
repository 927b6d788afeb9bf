import type { z } from 'zod'
import { type FieldIssue, fieldIssues, PLAIN_WORDS } from './field-issues.ts'

/**
 * The parameters of a query string (as express reads it: node's querystring) that were not given as one value: given
 * twice (`?program=a&program=b`, which reads as an array), as a list (`program[]=a`) or as an object
 * (`program[key]=a`; both read as a key with brackets, an extended parser's as an object). Every parameter of the
 * API takes one value, so each is an issue naming the parameter, and `rest` is the query without them, for the
 * schema to judge the others. A name the schema does not know is left in `rest`: its issue is the schema's
 * "unknown field".
 */
export function manyValued(
  query: unknown,
  known: readonly string[],
): { issues: FieldIssue[]; rest: Record<string, unknown> } {
  const issues: FieldIssue[] = []
  const rest: Record<string, unknown> = {}
  const issue = (path: string, message: string) => {
    if (!issues.some((i) => i.path === path)) issues.push({ path, message })
  }
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    const bracket = key.indexOf('[')
    const name = bracket > 0 ? key.slice(0, bracket) : key
    if (!known.includes(name)) rest[key] = value
    else if (bracket > 0 || (typeof value === 'object' && value !== null && !Array.isArray(value)))
      issue(name, `must be one value, not a list (${name}[]=) or an object (${name}[key]=)`)
    else if (Array.isArray(value)) issue(name, `is given ${value.length} times: give it once`)
    else rest[key] = value
  }
  return { issues, rest }
}

/**
 * A query string read with its schema: each parameter one value (manyValued), then the schema's own checks, an unknown
 * parameter as "unknown field". Either the data or every issue, each parameter named once.
 */
export function readQuery<S extends z.ZodObject>(
  schema: S,
  query: unknown,
): { ok: true; data: z.infer<S> } | { ok: false; issues: FieldIssue[] } {
  const { issues, rest } = manyValued(query, Object.keys(schema.shape))
  const r = schema.safeParse(rest, PLAIN_WORDS)
  if (r.success && !issues.length) return { ok: true, data: r.data }
  const named = (path: string) => issues.some((i) => i.path === path)
  return {
    ok: false,
    issues: [
      ...issues,
      // a required parameter given as a list is named once, as such
      ...(r.success ? [] : fieldIssues(r.error, '(query)').filter((i) => !named(i.path))),
    ],
  }
}
