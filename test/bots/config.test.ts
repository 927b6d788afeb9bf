import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../bots/config.ts'

const TG = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1'
const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env)
  } catch (e) {
    if (e instanceof ConfigError) return e.problems
    throw e
  }
  return []
}

const IP_HASH_KEY = Buffer.alloc(32, 3).toString('base64')

describe('configuration', () => {
  it('runs with nothing set: embedded database, private Redis, bots off', () => {
    const c = loadConfig({})
    expect(c.http).toEqual({ host: '0.0.0.0', port: 3000, publicUrl: undefined, trustProxy: 'loopback' })
    expect(c.database).toEqual({ url: 'pglite:.data/db', embedded: true, migrate: true })
    expect(c.redis).toEqual({ url: undefined, prefix: 'pa' })
    expect(c.telegram).toEqual({ mode: 'sandbox', remote: false })
    expect(c.slack).toEqual({ mode: 'off' })
    expect(c.shutdownTimeoutMs).toBe(10_000)
    expect(loadConfig({ TELEGRAM_SANDBOX: 'false' }).telegram).toEqual({ mode: 'off' })
    expect(
      loadConfig({
        NODE_ENV: 'production',
        PAYMENT_DETAILS_KEYS: `k:${Buffer.alloc(32).toString('base64')}`,
        IP_HASH_KEY,
      }).telegram,
    ).toEqual({ mode: 'off' })
  })

  it('PAYMENT_DETAILS_KEYS: parsed in order, refused without echoing, required in production', () => {
    const key = Buffer.alloc(32, 1).toString('base64')
    const c = loadConfig({ PAYMENT_DETAILS_KEYS: `k2:${key}, k1:${key}` })
    expect(c.paymentDetailsKeys?.map((k) => k.id)).toEqual(['k2', 'k1'])
    const [p] = problems({ PAYMENT_DETAILS_KEYS: 'k1:c2hvcnQ=' })
    expect(p).toBe('PAYMENT_DETAILS_KEYS key k1 must decode to 32 bytes, got 5')
    expect(problems({ NODE_ENV: 'production' })).toEqual([
      'PAYMENT_DETAILS_KEYS is required in production (id:base64 of 32 random bytes)',
      'IP_HASH_KEY is required in production (base64 of 32 random bytes)',
    ])
  })

  it('IP_HASH_KEY: base64 of at least 32 bytes, refused without echoing, required in production', () => {
    expect(loadConfig({ IP_HASH_KEY }).ipHashKey).toEqual(Buffer.alloc(32, 3))
    expect(loadConfig({}).ipHashKey).toBeUndefined()
    expect(problems({ IP_HASH_KEY: 'c2hvcnQ=' })).toEqual(['IP_HASH_KEY must decode to at least 32 bytes'])
    expect(problems({ IP_HASH_KEY: 'not base64!' })).toEqual([
      'IP_HASH_KEY must be base64 (of at least 32 random bytes)',
    ])
    const keys = `k:${Buffer.alloc(32).toString('base64')}`
    expect(problems({ NODE_ENV: 'production', PAYMENT_DETAILS_KEYS: keys })).toEqual([
      'IP_HASH_KEY is required in production (base64 of 32 random bytes)',
    ])
  })

  it('names a malformed PORT and shows the value', () => {
    expect(problems({ PORT: 'abc' })).toEqual(['PORT must be a whole number from 0 to 65535 (got "abc")'])
    expect(problems({ PORT: '70000' })).toEqual(['PORT must be a whole number from 0 to 65535 (got "70000")'])
    expect(problems({ PORT: '-1' })[0]).toMatch(/^PORT /)
  })

  it('names a wrong DATABASE_URL without echoing it (it may hold a password)', () => {
    const [p] = problems({ DATABASE_URL: 'mysql://root:hunter2@db/x' })
    expect(p).toMatch(/^DATABASE_URL uses mysql: expected postgresql/)
    expect(p).not.toContain('hunter2')
    expect(problems({ DATABASE_URL: 'postgresql://host' })[0]).toMatch(/names no database/)
    expect(problems({ DATABASE_URL: 'postgresql://h/db?schema=x;drop' })[0]).toMatch(/invalid schema/)
  })

  it('accepts PostgreSQL, a schema, and PGlite directories', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@127.0.0.1:5432/test?schema=app' }).database.embedded).toBe(false)
    expect(loadConfig({ DATABASE_URL: 'pglite:/var/lib/pa' }).database.url).toBe('pglite:/var/lib/pa')
    expect(loadConfig({ DATA_DIR: '/srv/pa' }).database.url).toBe('pglite:/srv/pa/db')
  })

  it('never echoes secrets', () => {
    const [p] = problems({ ADMIN_API_TOKEN: 'short' })
    expect(p).toBe('ADMIN_API_TOKEN must be at least 16 characters')
    expect(problems({ TELEGRAM_BOT_TOKEN: 'nope' })).toEqual([
      'TELEGRAM_BOT_TOKEN does not look like a BotFather token (123456:ABC...)',
    ])
  })

  it('picks Telegram polling or webhook, and demands the webhook secret', () => {
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: TG }).telegram).toEqual({
      mode: 'polling',
      token: TG,
      apiRoot: 'https://api.telegram.org',
    })
    expect(problems({ TELEGRAM_BOT_TOKEN: TG, TELEGRAM_WEBHOOK_URL: 'https://x.example/telegram/webhook' })).toEqual([
      'TELEGRAM_WEBHOOK_SECRET is required when TELEGRAM_WEBHOOK_URL is set',
    ])
    const c = loadConfig({
      TELEGRAM_BOT_TOKEN: TG,
      TELEGRAM_WEBHOOK_URL: 'https://x.example/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: 's3cret_token',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
    })
    expect(c.telegram).toMatchObject({ mode: 'webhook', secret: 's3cret_token', apiRoot: 'http://127.0.0.1:8081' })
  })

  it('TELEGRAM_WEBHOOK_URL: https (Telegram calls nothing else); http only to a loopback host', () => {
    const webhook = (url: string) => ({
      TELEGRAM_BOT_TOKEN: TG,
      TELEGRAM_WEBHOOK_URL: url,
      TELEGRAM_WEBHOOK_SECRET: 's',
    })
    for (const url of ['http://partners.example.com/telegram/webhook', 'ftp://partners.example.com/x']) {
      expect(problems(webhook(url))).toEqual([
        `TELEGRAM_WEBHOOK_URL must be an https URL: Telegram sends webhooks over https only (http only to a loopback host) (got "${url}")`,
      ])
    }
    for (const url of ['https://partners.example.com/telegram/webhook', 'http://127.0.0.1:8443/x', 'http://[::1]/x']) {
      expect(loadConfig(webhook(url)).telegram).toMatchObject({ mode: 'webhook', webhookUrl: url })
    }
  })

  it('TELEGRAM_SANDBOX_REMOTE: the sandbox answers loopback only unless it is true; refused without a sandbox', () => {
    expect(loadConfig({}).telegram).toEqual({ mode: 'sandbox', remote: false })
    expect(loadConfig({ TELEGRAM_SANDBOX_REMOTE: 'false' }).telegram).toEqual({ mode: 'sandbox', remote: false })
    expect(loadConfig({ TELEGRAM_SANDBOX_REMOTE: 'true' }).telegram).toEqual({ mode: 'sandbox', remote: true })
    // no password: in production it answers this machine only, even when switched on there
    const KEYS = `k:${Buffer.alloc(32).toString('base64')}`
    expect(
      problems({
        NODE_ENV: 'production',
        TELEGRAM_SANDBOX: 'true',
        TELEGRAM_SANDBOX_REMOTE: 'true',
        PAYMENT_DETAILS_KEYS: KEYS,
        IP_HASH_KEY,
      }),
    ).toEqual([expect.stringMatching(/^TELEGRAM_SANDBOX_REMOTE=true is refused in production/)])
    expect(
      loadConfig({ NODE_ENV: 'production', TELEGRAM_SANDBOX: 'true', PAYMENT_DETAILS_KEYS: KEYS, IP_HASH_KEY })
        .telegram,
    ).toEqual({
      mode: 'sandbox',
      remote: false,
    })
    expect(problems({ TELEGRAM_SANDBOX_REMOTE: 'everyone' })).toEqual([
      'TELEGRAM_SANDBOX_REMOTE must be true or false (got "everyone")',
    ])
    const off =
      'TELEGRAM_SANDBOX_REMOTE is set but the sandbox is off (it runs without TELEGRAM_BOT_TOKEN, and in production only with TELEGRAM_SANDBOX=true)'
    expect(problems({ TELEGRAM_SANDBOX_REMOTE: 'true', TELEGRAM_BOT_TOKEN: TG })).toEqual([off])
    expect(problems({ TELEGRAM_SANDBOX_REMOTE: 'true', TELEGRAM_SANDBOX: 'false' })).toEqual([off])
  })

  it('picks Slack HTTP or Socket Mode, and refuses half a configuration', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefgh' }).slack.mode).toBe('http')
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack.mode).toBe('socket')
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })[0]).toMatch(/SLACK_SIGNING_SECRET .* or SLACK_APP_TOKEN/)
    expect(problems({ SLACK_SIGNING_SECRET: 'abcdefgh' })).toEqual([
      'SLACK_BOT_TOKEN is required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set',
    ])
  })

  it('reads one postback secret per program', () => {
    const c = loadConfig({
      POSTBACK_SECRET_WORKSECTION_REFERRAL: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      POSTBACK_SECRET_JQSEE: 'a-long-enough-secret',
    })
    expect(c.postbackSecrets).toEqual({
      'worksection-referral': 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      jqsee: 'a-long-enough-secret',
    })
    expect(problems({ POSTBACK_SECRET_MELBET: 'short' })[0]).toMatch(/^POSTBACK_SECRET_MELBET must be at least 16/)
    // whsec_ whose base64 decodes to no key, or to a few bytes: anyone could sign with it
    for (const weak of [
      'whsec_================',
      'whsec_abc=============',
      'whsec_c2hvcnQta2V5LTE1Yg==',
      'whsec_%%%%%%%%%%%%%%%%',
    ])
      expect(problems({ POSTBACK_SECRET_MELBET: weak }), weak).toEqual([
        expect.stringMatching(/^POSTBACK_SECRET_MELBET must be/),
      ])
    // 16 bytes, padded or not, is enough
    expect(
      loadConfig({ POSTBACK_SECRET_MELBET: 'whsec_c2l4dGVlbi1ieXRlcy1rZXk=' }).postbackSecrets.melbet,
    ).toBeDefined()
    expect(loadConfig({ POSTBACK_SECRET_MELBET: 'whsec_c2l4dGVlbi1ieXRlcy1rZXk' }).postbackSecrets.melbet).toBeDefined()
  })

  it('a bad URL is named back as given, without its password', () => {
    const [line] = problems({ REDIS_URL: 'http://:SuperSecretPw@127.0.0.1:6399' })
    expect(line).toBe('REDIS_URL must be a redis:// or rediss:// URL (got "http://:***@127.0.0.1:6399/")')
    // no URL at all: shown as given, unless it may carry a password
    expect(problems({ PUBLIC_URL: 'partners.example.com' })).toEqual([
      'PUBLIC_URL must be an http(s) URL (got "partners.example.com")',
    ])
    expect(problems({ REDIS_URL: '127.0.0.1:6379' })).toEqual([
      'REDIS_URL must be a redis:// or rediss:// URL (got "127.0.0.1:6379")',
    ])
    expect(problems({ REDIS_URL: ':SuperSecretPw@127.0.0.1:6399' })).toEqual([
      'REDIS_URL must be a redis:// or rediss:// URL (got "<hidden: it may carry a password>")',
    ])
  })

  it('reports every problem at once, in one message', () => {
    try {
      loadConfig({ PORT: 'x', REDIS_URL: 'http://nope', LOG_LEVEL: 'loud' })
      expect.unreachable()
    } catch (e) {
      expect((e as Error).message.split('; ')).toHaveLength(3)
      expect((e as Error).message).toMatch(/^Invalid configuration: /)
      expect((e as Error).message).not.toContain('\n')
    }
  })

  it('HOME_URL: where a code that names no program lands; an http(s) URL, unset by default', () => {
    expect(loadConfig({}).http.homeUrl).toBeUndefined()
    expect(loadConfig({ HOME_URL: 'https://partners.example.com/' }).http.homeUrl).toBe('https://partners.example.com/')
    expect(problems({ HOME_URL: 'ftp://example.com/' })).toEqual([expect.stringContaining('HOME_URL')])
  })

  it('treats blank variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ', TELEGRAM_BOT_TOKEN: '' }).http.port).toBe(3000)
  })

  it('TRUST_PROXY: a hop count or addresses and subnets; anything else is refused with the variable named', () => {
    expect(loadConfig({}).http.trustProxy).toBe('loopback')
    expect(loadConfig({ TRUST_PROXY: '2' }).http.trustProxy).toBe(2)
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::/8, 203.0.113.7' }).http.trustProxy).toBe(
      'loopback, 10.0.0.0/8, fd00::/8, 203.0.113.7',
    )
    for (const bad of ['true', '10.0.0.0/33', 'proxy.example.com', '1.2.3.4/8/1'])
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY must be a number of proxies/)
  })
})
