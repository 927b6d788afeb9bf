import { randomBytes, randomInt } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import net from 'node:net'
import type { RequestHandler } from 'express'

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (what a dual-stack socket reports). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false
  const a = address.replace(/^::ffff:/i, '')
  return (net.isIPv4(a) && a.startsWith('127.')) || a === '::1'
}

/**
 * Every client address a proxy put in the request: X-Forwarded-For, X-Real-IP and the for= of Forwarded.
 * Entries that are no address (`unknown`, an obfuscated `_id`) come back as they are, so they never pass for local.
 */
export function forwardedAddresses(headers: IncomingHttpHeaders): string[] {
  const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v === undefined ? [] : [v])
  const out: string[] = []
  for (const v of [...list(headers['x-forwarded-for']), ...list(headers['x-real-ip'])]) {
    out.push(...v.split(',').map((x) => x.trim()))
  }
  for (const v of list(headers.forwarded)) {
    for (const m of v.matchAll(/for=("[^"]*"|[^;,\s]*)/gi)) out.push(m[1]!.replaceAll('"', ''))
  }
  // [v6]:port, v4:port -> the address alone
  return out.map((a) => a.replace(/^\[([^\]]*)\](:\d+)?$/, '$1').replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1'))
}

/**
 * The Host a local browser sends: localhost, a loopback address, with any port. A page elsewhere that rebinds its own
 * name to 127.0.0.1 (DNS rebinding) reaches the socket from this machine, but under its own name: refused.
 */
export function isLocalHost(host: string | undefined): boolean {
  if (!host) return false
  const name = host
    .replace(/:\d+$/, '')
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase()
  return name === 'localhost' || name.endsWith('.localhost') || isLoopback(name)
}

/**
 * The sandbox plays any of its partners without a password, so by default it answers only requests made on this
 * machine. It judges by the TCP peer (req.socket), never by req.ip: whatever 'trust proxy' says, a remote caller
 * cannot send its way in with X-Forwarded-For. A proxy on this machine that forwards someone else's request says so
 * in those headers, and then every address in them must be loopback too.
 */
export function loopbackOnly(): RequestHandler {
  return (req, res, next) => {
    const local =
      isLoopback(req.socket.remoteAddress) &&
      forwardedAddresses(req.headers).every(isLoopback) &&
      isLocalHost(req.headers.host)
    if (local) return next()
    res.status(403).json({
      error: {
        code: 'sandbox.loopback_only',
        message:
          'The sandbox answers only requests made on this machine. Set TELEGRAM_SANDBOX_REMOTE=true to open it to the network.',
      },
    })
  }
}

/**
 * The sandbox's own chats. A browser never names a chat: it asks for a session and gets a secret token, and the
 * chat behind it is an id the sandbox drew itself, one no partner had when it was drawn. So the sandbox acts only for
 * partners that its own chats created, never for one an operator enrolled with a Telegram id.
 */
export class SandboxSessions {
  private readonly chats = new Map<string, number>()
  private readonly issued = new Set<number>()

  constructor(
    /** True when a partner already has this Telegram id (it must never become a sandbox chat). */
    private readonly taken: (telegramId: number) => Promise<boolean>,
    /** Called with a chat the sandbox no longer keeps (oldest sessions go first beyond `limit`). */
    private readonly dropped: (chat: number) => void = () => {},
    private readonly limit = 10_000,
  ) {}

  async open(): Promise<{ token: string; chat: number }> {
    for (let attempt = 0; attempt < 10; attempt++) {
      // above any Telegram id handed out so far, within the 52 bits Telegram promises and a JS number holds
      const chat = 2 ** 47 + randomInt(0, 2 ** 47)
      if (this.issued.has(chat) || (await this.taken(chat))) continue
      const token = randomBytes(24).toString('base64url')
      this.chats.set(token, chat)
      this.issued.add(chat)
      if (this.chats.size > this.limit) {
        const [oldToken, oldChat] = this.chats.entries().next().value!
        this.chats.delete(oldToken)
        this.issued.delete(oldChat)
        this.dropped(oldChat)
      }
      return { token, chat }
    }
    throw new Error('no free sandbox chat id')
  }

  /** The chat of a session token; undefined for a token the sandbox did not issue (or forgot: a restart). */
  chatOf(token: string | undefined): number | undefined {
    return token ? this.chats.get(token) : undefined
  }
}
