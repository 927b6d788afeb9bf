import express from 'express'
import { describe, expect, it } from 'vitest'
import { VISITOR_COOKIE, visitorCookie } from '../../bots/http/routes/clicks.ts'

/** What express's res.cookie writes for the same cookie (the attributes, in any order). */
async function expressCookie(visitor: string, secure: boolean) {
  const app = express()
  app.get('/', (_req, res) => {
    res.cookie(VISITOR_COOKIE, visitor, {
      path: '/r',
      httpOnly: true,
      sameSite: 'lax',
      secure,
      maxAge: 365 * 24 * 3600 * 1000,
    })
    res.end()
  })
  const server = app.listen(0)
  await new Promise((r) => server.once('listening', r))
  try {
    const { port } = server.address() as { port: number }
    return (await fetch(`http://127.0.0.1:${port}/`)).headers.get('set-cookie')!
  } finally {
    server.close()
  }
}

const attributes = (cookie: string) =>
  cookie
    .split('; ')
    .filter((a) => !a.startsWith('Expires='))
    .sort()

describe('the visitor cookie written by hand', () => {
  it('has the attributes res.cookie gives it, and an expiry a year on', async () => {
    const visitor = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ'
    for (const secure of [false, true]) {
      const now = Date.now()
      const mine = visitorCookie(visitor, secure, now)
      expect(attributes(mine)).toEqual(attributes(await expressCookie(visitor, secure)))
      expect(mine).toContain(`Expires=${new Date(now + 365 * 24 * 3600 * 1000).toUTCString()}`)
    }
  })

  it('refuses a value that is not a visitor hash', () => {
    expect(() => visitorCookie('a; Domain=evil.example', false, 0)).toThrow()
  })
})
