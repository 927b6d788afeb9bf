import { isIP } from 'node:net'
import path from 'node:path'
import { z } from 'zod'
import { parseKeyList } from '../core/infra/crypto/details-cipher.ts'
import { parseDatabaseUrl, redactDatabaseUrl } from '../core/infra/db/database-url.ts'
import { LANGUAGES, type Language } from './i18n/index.ts'

/**
 * The service's whole configuration: one zod schema, parsed once in main.ts from the environment.
 * Nothing else reads process.env. Modes are discriminated unions, so a half-configured surface
 * (a Slack token without its signing secret, a webhook URL without its secret) is an error, not a guess.
 */

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const optional = <T extends z.ZodType>(t: T) => z.preprocess(blankToUndefined, t.optional())
/** A comma-separated list of Slack ids (blank: none). */
const slackIds = (pattern: RegExp, what: string) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean)
        : [],
    z.array(z.string().regex(pattern, `must be a comma-separated list of ${what}`)),
  )

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
/** A loopback host name as URL gives it (an IPv6 address in brackets). */
const isLoopback = (host: string) => host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host)
/**
 * Telegram delivers webhooks over https only (setWebhook refuses anything else). http is accepted for a loopback
 * host alone: a Bot API on this machine (a local telegram-bot-api server, the tests' fake) may call it.
 */
const webhookUrl = z.url({ error: 'must be an https URL' }).refine((v) => {
  const url = URL.canParse(v) ? new URL(v) : undefined
  return !url || url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname))
}, 'must be an https URL: Telegram sends webhooks over https only (http only to a loopback host)')
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => ['true', '1', 'yes'].includes(v))
const port = z
  .string()
  .regex(/^\d{1,5}$/, 'must be a whole number from 0 to 65535')
  .transform(Number)
  .refine((n) => n <= 65535, 'must be a whole number from 0 to 65535')

/**
 * Which proxies in front of the service may say who the client is (X-Forwarded-For): a number of hops, or a list
 * of addresses, subnets (CIDR) and express's names (loopback, linklocal, uniquelocal). Never `true`: any client
 * could then claim any address, and the click budgets and fraud rules key on it.
 */
const trustProxy = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    if (/^\d{1,2}$/.test(v)) return
    const bad = v
      .split(',')
      .map((t) => t.trim())
      .filter((t) => {
        if (['loopback', 'linklocal', 'uniquelocal'].includes(t)) return false
        const [address, bits, extra] = t.split('/')
        const family = isIP(address ?? '')
        if (!family || extra !== undefined) return true
        return bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128))
      })
    if (bad.length)
      ctx.addIssue({
        code: 'custom',
        message: `must be a number of proxies, or addresses and subnets (10.0.0.0/8, loopback...); not ${bad.join(', ')}`,
      })
  })
  .transform((v) => (/^\d{1,2}$/.test(v) ? Number(v) : v))

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** pretty: coloured lines for a person (pino-pretty); json: one JSON object a line; unset: pretty on a terminal. */
  LOG_FORMAT: optional(z.enum(['pretty', 'json'], { error: 'must be pretty or json' })),
  HOST: z.preprocess(blankToUndefined, z.string().default('0.0.0.0')),
  PORT: z.preprocess(blankToUndefined, port.default(3000)),
  TRUST_PROXY: z.preprocess(blankToUndefined, trustProxy.default('loopback')),
  PUBLIC_URL: optional(httpUrl),
  /** Where a referral link whose code names no program sends the visitor (unset: 404). */
  HOME_URL: optional(httpUrl),
  DATA_DIR: z.preprocess(blankToUndefined, z.string().default('.data')),
  PROGRAMS_DIR: optional(z.string()),
  DATABASE_URL: optional(
    z.string().superRefine((v, ctx) => {
      try {
        parseDatabaseUrl(v)
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message })
      }
    }),
  ),
  DATABASE_MIGRATE: z.preprocess(blankToUndefined, bool.default(true)),
  REDIS_URL: optional(z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' })),
  REDIS_PREFIX: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[\w-]{1,32}$/, 'must be 1-32 of A-Z a-z 0-9 _ -')
      .default('pa'),
  ),
  ADMIN_API_TOKEN: optional(z.string().min(16, 'must be at least 16 characters')),
  PAYMENT_DETAILS_KEYS: optional(
    z.string().superRefine((v, ctx) => {
      try {
        parseKeyList(v)
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message })
      }
    }),
  ),
  IP_HASH_KEY: optional(
    z.string().superRefine((v, ctx) => {
      const message = !/^[A-Za-z0-9+/]+={0,2}$/.test(v)
        ? 'must be base64 (of at least 32 random bytes)'
        : Buffer.from(v, 'base64').length < 32
          ? 'must decode to at least 32 bytes'
          : undefined
      if (message) ctx.addIssue({ code: 'custom', message })
    }),
  ),
  TELEGRAM_BOT_TOKEN: optional(
    z.string().regex(/^\d+:[\w-]{20,}$/, 'does not look like a BotFather token (123456:ABC...)'),
  ),
  TELEGRAM_SANDBOX: z.preprocess(blankToUndefined, bool.optional()),
  TELEGRAM_SANDBOX_REMOTE: z.preprocess(blankToUndefined, bool.default(false)),
  TELEGRAM_API_ROOT: z.preprocess(blankToUndefined, httpUrl.default('https://api.telegram.org')),
  TELEGRAM_WEBHOOK_URL: optional(webhookUrl),
  TELEGRAM_WEBHOOK_SECRET: optional(
    z.string().regex(/^[\w-]{1,256}$/, 'must be 1-256 characters of A-Z, a-z, 0-9, _ and -'),
  ),
  SLACK_BOT_TOKEN: optional(z.string().startsWith('xoxb-', 'must be a bot token (xoxb-...)')),
  SLACK_SIGNING_SECRET: optional(z.string().min(8, 'is too short')),
  SLACK_APP_TOKEN: optional(z.string().startsWith('xapp-', 'must be an app-level token (xapp-...)')),
  SLACK_API_URL: z.preprocess(blankToUndefined, httpUrl.default('https://slack.com/api/')),
  SLACK_SUPPORT_USERS: slackIds(/^[UW][A-Z0-9]{2,}$/, 'Slack user ids (U0123ABCD)'),
  SLACK_FINANCE_USERS: slackIds(/^[UW][A-Z0-9]{2,}$/, 'Slack user ids (U0123ABCD)'),
  SLACK_ADMIN_USERS: slackIds(/^[UW][A-Z0-9]{2,}$/, 'Slack user ids (U0123ABCD)'),
  SLACK_DISPUTES_CHANNEL: optional(z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a channel id (C0123ABCD)')),
  SLACK_DESK_LANGUAGE: z.preprocess(blankToUndefined, z.enum(LANGUAGES).default('en')),
  SLACK_FINANCE_CHANNEL: optional(z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a channel id (C0123ABCD)')),
  BROADCAST_RATE: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of messages a second')
      .transform(Number)
      .refine(
        (n) => n >= 1 && n <= 1000,
        'must be from 1 to 1000 (Telegram allows about 30 a second without paid broadcasts)',
      )
      .default(30),
  ),
  BROADCAST_PAID_RATE: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of messages a second')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 1000, 'must be from 1 to 1000 (the paid broadcast limit)')
      .default(1000),
  ),
  MINIAPP_RATE_LIMIT: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of calls a minute')
      .transform(Number)
      .refine((n) => n >= 12 && n <= 100_000, 'must be from 12 to 100000')
      .default(120),
  ),
  SHUTDOWN_TIMEOUT_MS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of milliseconds')
      .transform(Number)
      .refine((n) => n >= 1000 && n <= 120_000, 'must be from 1000 to 120000')
      .default(10_000),
  ),
})

/** Standard Webhooks' form: `whsec_` and the key's bytes in base64 (decoded by routes/postbacks.ts). */
const WHSEC = /^whsec_(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/

/**
 * A program's postback secret: plain, at least 16 characters; or whsec_<base64> whose key is at least 16 bytes
 * (`whsec_================` decodes to no key at all, which would let anyone sign).
 */
const postbackSecret = z
  .string()
  .regex(/^(whsec_)?[A-Za-z0-9+/=_-]{16,}$/, 'must be at least 16 characters (whsec_<base64> or plain)')
  .refine(
    (s) => !s.startsWith('whsec_') || (WHSEC.test(s) && Buffer.from(s.slice(6), 'base64').length >= 16),
    'must be whsec_ and the base64 of a key of at least 16 bytes (or a plain secret of at least 16 characters)',
  )

export type TelegramConfig =
  | { mode: 'off' }
  /**
   * No token, not production: the bot runs against a built-in local Bot API, played from /sandbox. The page and its
   * API answer only loopback unless `remote` (TELEGRAM_SANDBOX_REMOTE=true).
   */
  | { mode: 'sandbox'; remote: boolean }
  | { mode: 'polling'; token: string; apiRoot: string }
  | { mode: 'webhook'; token: string; apiRoot: string; webhookUrl: string; secret: string }

/** Who may do what in Slack, and where the desk posts. */
export interface DeskConfig {
  roles: { support: string[]; finance: string[]; admin: string[] }
  channels: { disputes?: string; finance?: string }
  /** The language of what the desk posts in channels (each person's own replies follow their Slack locale). */
  language: Language
}

export type SlackConfig =
  | { mode: 'off' }
  | { mode: 'http'; token: string; signingSecret: string; apiUrl: string; desk: DeskConfig }
  | { mode: 'socket'; token: string; appToken: string; signingSecret?: string; apiUrl: string; desk: DeskConfig }

export interface Config {
  env: 'development' | 'production' | 'test'
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** LOG_FORMAT: `auto` is pretty when stdout is a terminal outside production, JSON otherwise. */
  logFormat: 'pretty' | 'json' | 'auto'
  /** `trustProxy`: who may set X-Forwarded-For (express's `trust proxy`: a hop count or addresses and subnets). */
  http: { host: string; port: number; publicUrl?: string; homeUrl?: string; trustProxy: number | string }
  dataDir: string
  /** Where program definitions are read from (default: the shipped prisma/programs). */
  programsDir?: string
  database: { url: string; embedded: boolean; migrate: boolean }
  redis: { url?: string; prefix: string }
  adminApiToken?: string
  /** AES-256-GCM keys for payment details, the first current; absent -> a key file in dataDir (not in production). */
  paymentDetailsKeys?: { id: string; key: Buffer }[]
  /** The key of the IP addresses' hashes (outside the database); absent -> a key file in dataDir (not in production). */
  ipHashKey?: Buffer
  /** Program key (e.g. `worksection-referral`) -> its postback signing secret. */
  postbackSecrets: Record<string, string>
  telegram: TelegramConfig
  slack: SlackConfig
  /** Term-change broadcasts: messages a second, ordinary and paid (allow_paid_broadcast). */
  broadcast: { rate: number; paidRate: number }
  /** The Mini App API's calls a minute per Telegram user (bots/miniapp/rate-limit.ts). */
  miniAppRateLimit: number
  shutdownTimeoutMs: number
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`)
    this.name = 'ConfigError'
  }
}

const SECRETS = new Set([
  'ADMIN_API_TOKEN',
  'PAYMENT_DETAILS_KEYS',
  'IP_HASH_KEY',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
])

type Env = z.infer<typeof envSchema>

/**
 * A bad *_URL value as the error shows it: a URL's password masked (redis://:***@host); a value that is no URL at
 * all as given (partners.example.com), unless it has an `@` (user:password@host), which may carry a password.
 */
function shownUrl(raw: string): string {
  if (URL.canParse(raw)) return redactDatabaseUrl(raw)
  return raw.includes('@') ? '<hidden: it may carry a password>' : raw
}

/** Parses the environment; throws ConfigError naming every bad variable (secret values are never echoed). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const problems: string[] = []
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '')
      const raw = env[name]
      const safe = raw !== undefined && name.endsWith('_URL') ? shownUrl(raw) : raw
      const shown = raw === undefined || SECRETS.has(name) || name === 'DATABASE_URL' ? '' : ` (got "${safe}")`
      problems.push(`${name} ${issue.message}${shown}`)
    }
  }
  const postbackSecrets = postbackSecretsOf(env, problems)
  if (!parsed.success || problems.length) throw new ConfigError(problems)
  const e = parsed.data
  const telegram = telegramConfig(e, problems)
  const slack = slackConfig(e, problems)
  if (e.NODE_ENV === 'production' && !e.PAYMENT_DETAILS_KEYS) {
    problems.push('PAYMENT_DETAILS_KEYS is required in production (id:base64 of 32 random bytes)')
  }
  if (e.NODE_ENV === 'production' && !e.IP_HASH_KEY) {
    problems.push('IP_HASH_KEY is required in production (base64 of 32 random bytes)')
  }
  if (problems.length) throw new ConfigError(problems)

  const embedded = !e.DATABASE_URL
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? 'auto',
    http: {
      host: e.HOST,
      port: e.PORT,
      publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
      homeUrl: e.HOME_URL,
      trustProxy: e.TRUST_PROXY,
    },
    dataDir: e.DATA_DIR,
    programsDir: e.PROGRAMS_DIR,
    database: {
      url: e.DATABASE_URL ?? `pglite:${path.join(e.DATA_DIR, 'db')}`,
      embedded,
      migrate: e.DATABASE_MIGRATE,
    },
    redis: { url: e.REDIS_URL, prefix: e.REDIS_PREFIX },
    adminApiToken: e.ADMIN_API_TOKEN,
    paymentDetailsKeys: e.PAYMENT_DETAILS_KEYS ? parseKeyList(e.PAYMENT_DETAILS_KEYS) : undefined,
    ipHashKey: e.IP_HASH_KEY ? Buffer.from(e.IP_HASH_KEY, 'base64') : undefined,
    postbackSecrets,
    telegram,
    slack,
    broadcast: { rate: e.BROADCAST_RATE, paidRate: e.BROADCAST_PAID_RATE },
    miniAppRateLimit: e.MINIAPP_RATE_LIMIT,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  }
}

/** POSTBACK_SECRET_<PROGRAM>: one shared secret per program (the key in lower case, `_` read as `-`). */
function postbackSecretsOf(env: Record<string, string | undefined>, problems: string[]): Record<string, string> {
  const secrets: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('POSTBACK_SECRET_') || value === undefined || value.trim() === '') continue
    const key = name.slice('POSTBACK_SECRET_'.length).toLowerCase().replaceAll('_', '-')
    const ok = postbackSecret.safeParse(value)
    if (ok.success) secrets[key] = value
    else problems.push(`${name} ${ok.error.issues[0]?.message}`)
  }
  return secrets
}

/** A real bot (webhook or long polling), the local sandbox, or off. */
function telegramConfig(e: Env, problems: string[]): TelegramConfig {
  let telegram: TelegramConfig = { mode: 'off' }
  if (e.TELEGRAM_BOT_TOKEN) {
    if (e.TELEGRAM_WEBHOOK_URL && !e.TELEGRAM_WEBHOOK_SECRET) {
      problems.push('TELEGRAM_WEBHOOK_SECRET is required when TELEGRAM_WEBHOOK_URL is set')
    }
    telegram = e.TELEGRAM_WEBHOOK_URL
      ? {
          mode: 'webhook',
          token: e.TELEGRAM_BOT_TOKEN,
          apiRoot: e.TELEGRAM_API_ROOT,
          webhookUrl: e.TELEGRAM_WEBHOOK_URL,
          secret: e.TELEGRAM_WEBHOOK_SECRET ?? '',
        }
      : { mode: 'polling', token: e.TELEGRAM_BOT_TOKEN, apiRoot: e.TELEGRAM_API_ROOT }
  } else if (e.TELEGRAM_WEBHOOK_URL) {
    problems.push('TELEGRAM_WEBHOOK_URL is set but TELEGRAM_BOT_TOKEN is not')
  } else if (e.TELEGRAM_SANDBOX ?? e.NODE_ENV !== 'production') {
    telegram = { mode: 'sandbox', remote: e.TELEGRAM_SANDBOX_REMOTE }
  }
  // the sandbox plays partners and records sales without a password: in production it answers this machine only
  if (e.TELEGRAM_SANDBOX_REMOTE && telegram.mode === 'sandbox' && e.NODE_ENV === 'production') {
    problems.push(
      'TELEGRAM_SANDBOX_REMOTE=true is refused in production: the sandbox has no password (it answers this machine only there)',
    )
  }
  if (e.TELEGRAM_SANDBOX_REMOTE && telegram.mode !== 'sandbox') {
    problems.push(
      'TELEGRAM_SANDBOX_REMOTE is set but the sandbox is off (it runs without TELEGRAM_BOT_TOKEN, and in production only with TELEGRAM_SANDBOX=true)',
    )
  }
  return telegram
}

/** The Slack app over HTTP (signed requests) or Socket Mode, or off; the desk's roles, channels and language. */
function slackConfig(e: Env, problems: string[]): SlackConfig {
  const desk: DeskConfig = {
    roles: { support: e.SLACK_SUPPORT_USERS, finance: e.SLACK_FINANCE_USERS, admin: e.SLACK_ADMIN_USERS },
    channels: { disputes: e.SLACK_DISPUTES_CHANNEL, finance: e.SLACK_FINANCE_CHANNEL },
    language: e.SLACK_DESK_LANGUAGE,
  }
  if (!e.SLACK_BOT_TOKEN) {
    if (e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN)
      problems.push('SLACK_BOT_TOKEN is required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set')
    return { mode: 'off' }
  }
  const common = { token: e.SLACK_BOT_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET, apiUrl: e.SLACK_API_URL, desk }
  if (e.SLACK_APP_TOKEN) return { mode: 'socket', ...common, appToken: e.SLACK_APP_TOKEN }
  if (e.SLACK_SIGNING_SECRET) return { mode: 'http', ...common, signingSecret: e.SLACK_SIGNING_SECRET }
  problems.push('SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode) is required with SLACK_BOT_TOKEN')
  return { mode: 'off' }
}
