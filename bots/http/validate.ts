import type { z } from 'zod'
import { HttpError } from './errors.ts'

/** Parses a request part with a zod schema; a failure is a 400 listing every field and what is wrong. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, what = 'body'): z.infer<S> {
  const r = schema.safeParse(value)
  if (r.success) return r.data
  throw new HttpError(
    400,
    'invalid_request',
    `The ${what} is not valid`,
    r.error.issues.map((i) => ({
      path: i.path.join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(', ') : `(${what})`),
      message: i.code === 'unrecognized_keys' ? 'unknown field' : i.message,
    })),
  )
}
