import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { parse, sign, validate } from '@telegram-apps/init-data-node'
import type { Clock } from '../../core/ports/clock.ts'

/** How long an initData stays good after Telegram signed it (contract section 7: refused when older than 24 hours). */
export const INIT_DATA_MAX_AGE_MS = 24 * 60 * 60 * 1000
/** How far ahead of our clock a signing time may be (Telegram's clock and ours differ a little). */
const CLOCK_SKEW_MS = 5 * 60 * 1000
/** A raw initData is a short query string; anything much longer is not one. */
const MAX_INIT_DATA = 8192

/** How long a download ticket stays good: Telegram's download dialog fetches the file right after the tap. */
export const TICKET_TTL_MS = 5 * 60 * 1000

/** The Telegram user an initData names, as the Mini App's routes need it. */
export interface MiniAppUser {
  id: number
  firstName: string
  languageCode?: string
}

/** Why an `Authorization` header was refused (logged, never told apart to the caller: all are 401). */
export type Refusal = 'missing' | 'malformed' | 'forged' | 'expired'

export type Checked =
  | { ok: true; user: MiniAppUser; authDate: Date }
  | { ok: false; why: Refusal; languageCode?: string }

/**
 * The Mini App's initData: checked with @telegram-apps/init-data-node (HMAC-SHA-256 keyed by the bot token, per the
 * Mini Apps documentation), its age against the service clock. The key is the bot's token; the sandbox, which has no
 * real token, signs and checks with a random per-process one (never the public SANDBOX_TOKEN), so a launch URL of
 * one sandbox process is worth nothing to another and nobody can forge one from the source code.
 */
export class MiniAppAuth {
  private constructor(
    private readonly token: string,
    private readonly clock: Clock,
  ) {}

  /** The real bot's key: initData that Telegram signed for this bot. */
  static forBot(token: string, clock: Clock) {
    return new MiniAppAuth(token, clock)
  }

  /** The sandbox's key: random, held only by this process. */
  static forSandbox(clock: Clock) {
    return new MiniAppAuth(`100000001:${randomBytes(32).toString('base64url')}`, clock)
  }

  /** Checks an `Authorization: tma <initData>` header. */
  check(header: string | undefined): Checked {
    if (!header) return { ok: false, why: 'missing' }
    const m = /^tma\s+(\S+)$/i.exec(header.trim())
    if (!m || m[1]!.length > MAX_INIT_DATA) return { ok: false, why: 'malformed' }
    const raw = m[1]!
    let data: { auth_date: Date; user?: { id: number; first_name: string; language_code?: string } }
    try {
      data = parse(raw)
    } catch {
      return { ok: false, why: 'malformed' }
    }
    const languageCode = data.user?.language_code
    try {
      // the age is checked below against the service clock, not the library's Date.now()
      validate(raw, this.token, { expiresIn: 0 })
    } catch {
      return { ok: false, why: 'forged', languageCode }
    }
    const user = data.user
    if (!user || !Number.isSafeInteger(user.id) || user.id <= 0) return { ok: false, why: 'malformed', languageCode }
    const authDate = data.auth_date
    const now = this.clock.now().getTime()
    if (now - authDate.getTime() > INIT_DATA_MAX_AGE_MS || authDate.getTime() - now > CLOCK_SKEW_MS) {
      return { ok: false, why: 'expired', languageCode }
    }
    return { ok: true, user: { id: user.id, firstName: user.first_name, languageCode }, authDate }
  }

  /**
   * A download ticket: lets one GET answer without the Authorization header, for this Telegram user and exactly
   * `what` (the path and its parameters), until TICKET_TTL_MS from now. Telegram's own download dialog
   * (downloadFile, Mini Apps 8.0) fetches a plain URL and can carry no header; a blob saved by the page does not
   * reach the phone's files in every Telegram client. Keyed by the bot's token (every instance checks what any
   * issued), under a label of its own so that no initData signature can pass for a ticket.
   */
  ticket(userId: number, what: string): { ticket: string; expires: Date } {
    const expires = Math.floor((this.clock.now().getTime() + TICKET_TTL_MS) / 1000)
    return {
      ticket: `${userId}.${expires}.${this.ticketMac(userId, expires, what)}`,
      expires: new Date(expires * 1000),
    }
  }

  /** The Telegram user a ticket was issued to, if it is this service's, for exactly `what`, and still good. */
  checkTicket(ticket: string | undefined, what: string): { ok: true; userId: number } | { ok: false } {
    const m = /^([1-9]\d{0,15})\.(\d{1,12})\.([\w-]{43})$/.exec(ticket ?? '')
    if (!m) return { ok: false }
    const userId = Number(m[1])
    const expires = Number(m[2])
    const expected = Buffer.from(this.ticketMac(userId, expires, what))
    const given = Buffer.from(m[3]!)
    if (!Number.isSafeInteger(userId) || !timingSafeEqual(expected, given)) return { ok: false }
    if (expires * 1000 < this.clock.now().getTime()) return { ok: false }
    return { ok: true, userId }
  }

  private ticketMac(userId: number, expires: number, what: string) {
    const key = createHmac('sha256', 'partner-assistant mini app download').update(this.token).digest()
    return createHmac('sha256', key).update(`${userId}\n${expires}\n${what}`).digest('base64url')
  }

  /** A raw initData for a user, signed now (the sandbox's launch; tests). */
  sign(user: MiniAppUser, at: Date = this.clock.now()): string {
    return sign(
      {
        user: {
          id: user.id,
          first_name: user.firstName,
          ...(user.languageCode ? { language_code: user.languageCode } : {}),
          allows_write_to_pm: true,
        },
        chat_type: 'sender',
        chat_instance: String(user.id),
      },
      this.token,
      at,
    )
  }
}
