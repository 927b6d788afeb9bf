import { timingSafeEqual } from 'node:crypto'
import type { Request, RequestHandler } from 'express'
import { HttpError } from './errors.ts'

/** The token a request carries: `Authorization: Bearer <token>`, or with `basic`, HTTP Basic's password. */
function givenToken(req: Request, basic: boolean): string {
  const header = req.get('authorization') ?? ''
  // the scheme name is case-insensitive (RFC 9110 11.1), and the space before the token may be several
  const bearer = /^bearer +(.+)$/i.exec(header)?.[1]
  if (bearer !== undefined || !basic) return bearer ?? ''
  const encoded = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header)?.[1]
  if (!encoded) return ''
  const decoded = Buffer.from(encoded, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  return colon < 0 ? '' : decoded.slice(colon + 1) // any user name: the password is the token
}

/**
 * ADMIN_API_TOKEN, compared in constant time; without it what it guards is off (503). `basic` also takes the token as
 * HTTP Basic's password, which a browser asks for itself, and a refusal then asks the browser for it.
 */
export function requireAdminToken(
  token: string | undefined,
  opts: { basic?: boolean; realm?: string } = {},
): RequestHandler {
  const expected = token ? Buffer.from(token) : undefined
  return (req, res, next) => {
    if (!expected) throw new HttpError(503, 'operator_api_off', 'The operator API is off: set ADMIN_API_TOKEN')
    const given = Buffer.from(givenToken(req, opts.basic === true))
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      if (opts.basic) res.set('WWW-Authenticate', `Basic realm="${opts.realm ?? 'partner-assistant'}", charset="UTF-8"`)
      throw new HttpError(
        401,
        'unauthorized',
        opts.basic ? 'The admin token is required' : 'A valid bearer token is required',
      )
    }
    next()
  }
}
