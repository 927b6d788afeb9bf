import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../bots/config.ts'
import { createLogger, prettyLogs, prettyStream } from '../../bots/logger.ts'

describe('log format (LOG_FORMAT)', () => {
  it('is pretty on a terminal outside production, JSON in production and in a pipe, unless LOG_FORMAT says', () => {
    const dev = loadConfig({})
    const prod = loadConfig({
      NODE_ENV: 'production',
      PAYMENT_DETAILS_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      IP_HASH_KEY: Buffer.alloc(32, 2).toString('base64'),
    })
    expect(dev.logFormat).toBe('auto')
    expect(prettyLogs(dev, true)).toBe(true)
    expect(prettyLogs(dev, false)).toBe(false)
    expect(prettyLogs(prod, true)).toBe(false)
    expect(prettyLogs(loadConfig({ LOG_FORMAT: 'json' }), true)).toBe(false)
    expect(prettyLogs(loadConfig({ LOG_FORMAT: 'pretty' }), false)).toBe(true)
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT must be pretty or json/)
  })

  it('pretty lines are written for a person, redacted like the JSON ones', async () => {
    const chunks: string[] = []
    const out = new Writable({
      write(chunk, _enc, done) {
        chunks.push(String(chunk))
        done()
      },
    })
    createLogger({ logLevel: 'info' }, prettyStream(out)).info(
      { partner: { id: 'p1', iban: 'GE29NB0000000101904917' } },
      'payout requested',
    )
    const text = chunks.join('')
    expect(text).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO: payout requested\n/)
    expect(text).toContain('"[redacted]"')
    expect(text).not.toContain('GE29NB')
    expect(text).not.toMatch(/^\{/m)
  })

  it('a destination given (tests, the service in a pipe) gets one JSON object a line', () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk))
        done()
      },
    })
    createLogger({ logLevel: 'info', logFormat: 'pretty' }, sink).info({ a: 1 }, 'hello')
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', msg: 'hello', a: 1, service: 'partner-assistant' })
  })
})
