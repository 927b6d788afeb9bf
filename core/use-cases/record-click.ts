import { isoDayIn } from '../domain/calendar.ts'
import { CODE_SHAPE, codeAsWritten, newClickId, outsideValidity } from '../domain/codes.ts'
import { isCountryCode } from '../domain/country.ts'
import { canonicalIp, ipv6Groups } from '../domain/ip.ts'
import { isLinkPreview, landingFor, parseSubIds, visitorOf } from '../domain/tracking.ts'
import type { ClickStore } from '../ports/click-store.ts'
import type { Clock } from '../ports/clock.ts'
import type { Logger } from '../ports/logger.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import type { ClickWriter } from './click-writer.ts'
import type { CodeCache } from './code-cache.ts'

export interface ClickDeps {
  clicks: ClickStore
  clock: Clock
  program: (key: string) => ProgramDefinition | undefined
  hashIp: (ip: string) => string
  logger?: Logger
  /** This process's click budgets: one limiter for the life of the service. */
  limiter: ClickLimiter
  /** The codes as clicks read them, kept a moment (CodeCache); else read from the store each time. */
  codes?: Pick<CodeCache, 'get'>
  /** Where recorded clicks go: this process's buffer, written in batches (ClickWriter), or the store at once. */
  writer: Pick<ClickWriter, 'add'>
}

/** A token bucket: `burst` clicks at once, refilled at `perMinute`. */
export interface Budget {
  burst: number
  perMinute: number
}

export interface ClickLimits {
  /** Per visitor: an IPv4 address, or an IPv6 /64 (one subscriber's usual allocation), keyed by its hash. */
  perIp: Budget
  /** Per referral code: a flood spread over many addresses still cannot inflate one partner's clicks. */
  perCode: Budget
  /** Per process: what clicks may cost the database at most, so postbacks keep their latency. */
  total: Budget
  /** Buckets kept per kind; the least recently used go first (a forgotten bucket is a full one). */
  maxTracked: number
}

/**
 * The budgets clicks are recorded within. A person clicks a few links a minute; a carrier-grade NAT puts many
 * people behind one address, so the per-address budget is generous. A link posted in a large channel may draw
 * hundreds of clicks a minute. Past a budget the visitor is still sent to the landing page with the code (the
 * program can attribute the sign-up); only the click is not recorded.
 */
export const CLICK_LIMITS: ClickLimits = {
  perIp: { burst: 20, perMinute: 20 },
  perCode: { burst: 600, perMinute: 600 },
  // written in batches (ClickWriter), a click costs the database a row in a multi-row statement, not a transaction
  total: { burst: 5000, perMinute: 180_000 },
  maxTracked: 50_000,
}

interface Bucket {
  tokens: number
  at: number
  /** Refusing since the last admitted click: logged once per episode, not per click. */
  refusing: boolean
}

class Buckets {
  private readonly map = new Map<string, Bucket>()
  private readonly perMs: number
  constructor(
    private readonly budget: Budget,
    private readonly maxTracked: number,
  ) {
    this.perMs = budget.perMinute / 60_000
  }

  /** Takes a token for `key` at `now` (ms); false when the bucket is empty. The first refusal of an episode says so. */
  take(key: string, now: number): { ok: boolean; firstRefusal: boolean } {
    let b = this.map.get(key)
    if (b) {
      this.map.delete(key) // re-inserted below: the map's order is least recently used first
      b.tokens = Math.min(this.budget.burst, b.tokens + Math.max(0, now - b.at) * this.perMs)
      b.at = now
    } else {
      b = { tokens: this.budget.burst, at: now, refusing: false }
      if (this.map.size >= this.maxTracked) this.map.delete(this.map.keys().next().value!)
    }
    this.map.set(key, b)
    if (b.tokens >= 1) {
      b.tokens -= 1
      b.refusing = false
      return { ok: true, firstRefusal: false }
    }
    const firstRefusal = !b.refusing
    b.refusing = true
    return { ok: false, firstRefusal }
  }

  get size() {
    return this.map.size
  }
}

/**
 * Which clicks are recorded: in-memory token buckets per visitor address (hashed), per code and per process. Cheap
 * (a few map operations), and per process: with n instances behind a balancer the effective budgets are up to n
 * times these, which bounds what a flood costs each instance and its share of the database.
 */
export class ClickLimiter {
  private readonly ips: Buckets
  private readonly codes: Buckets
  private readonly total: Buckets
  constructor(readonly limits: ClickLimits = CLICK_LIMITS) {
    this.ips = new Buckets(limits.perIp, limits.maxTracked)
    this.codes = new Buckets(limits.perCode, limits.maxTracked)
    this.total = new Buckets(limits.total, 1)
  }

  /** Whether a click may be recorded now; the refusing budget when not (the first refusal of an episode only). */
  admit(ipKey: string | undefined, codeId: string, now: number): { ok: boolean; refusedBy?: string } {
    // the visitor's own budget first: one noisy address must not use up the code's budget or the process's
    const steps: [Buckets, string, string][] = [
      ...(ipKey ? ([[this.ips, ipKey, 'ip']] as [Buckets, string, string][]) : []),
      [this.codes, codeId, 'code'],
      [this.total, '', 'total'],
    ]
    for (const [buckets, key, name] of steps) {
      const r = buckets.take(key, now)
      if (!r.ok) return { ok: false, refusedBy: r.firstRefusal ? name : undefined }
    }
    return { ok: true }
  }

  /** Buckets held (memory stays bounded by maxTracked per kind). */
  get tracked() {
    return { ips: this.ips.size, codes: this.codes.size }
  }
}

/** The address a visitor's budget is kept for: an IPv4 address, or the /64 network of an IPv6 one. */
export function visitorNetwork(ip: string): string {
  const canonical = canonicalIp(ip)
  const groups = ipv6Groups(canonical)
  if (!groups) return canonical
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`
}

/** What the visitor's request tells about the click (the transport reads it; nothing raw is stored). */
export interface ClickVisitor {
  ip?: string
  country?: string
  userAgent?: string
  /** The visitor cookie an earlier click set (visitorOf). */
  cookie?: string
  /** The link's query: `sub1`..`sub5` and the deep link `to`. */
  query?: Record<string, unknown>
  /**
   * Only where the link goes is asked (HEAD: a link checker or a preview), nobody followed it: nothing is recorded.
   * A GET from a preview fetcher (isLinkPreview, by its user agent) is taken alike.
   */
  probe?: boolean
}

/**
 * A visitor followed a referral link: the click is recorded (time, hashed IP, country, user agent, the link's sub-ids,
 * the visitor and whether it is their first click of the day) and the visitor goes to the program's landing page
 * (or the deep link's path, when the program allows it) with the code and the click id. A suspended code (or one
 * outside its validity), or a partner who may not earn, still lands the visitor, without attribution (contract
 * section 2). A code that names no program in force (unknown, or of a program no longer run) has no landing page:
 * `location` is null and the transport sends the visitor to the service's home page. Past the click budgets
 * (ClickLimiter) the visitor lands with the code but no click id, and nothing is written; so does the visitor of a
 * promo code (a program of promo codes alone has no referral links, so no clicks). `visitor` is the cookie the
 * transport sets (only when the visitor had none).
 */
export async function recordClick(
  deps: ClickDeps,
  code: string,
  visitor: ClickVisitor,
): Promise<{ location: string | null; attributed: boolean; recorded: boolean; visitor?: string }> {
  const read = async (c: string) =>
    deps.codes ? deps.codes.get(c) : codeAsWritten(c, await deps.clicks.findCodes([c]))
  const found = CODE_SHAPE.test(code) ? await read(code) : null
  const program = found && deps.program(found.programKey)
  if (!found || !program) return { location: null, attributed: false, recorded: false }
  const url = landingFor(program.landingUrl, program.landingPaths, visitor.query?.to)
  const now = deps.clock.now()
  // an agreement past its end date attributes nothing, even before the job that ends it has run; a code outside
  // its validity lands like a suspended one
  const ended = !!found.enrolment.endsAt && found.enrolment.endsAt <= now
  if (found.status !== 'active' || found.enrolment.status !== 'active' || ended || outsideValidity(found, now))
    return { location: url.toString(), attributed: false, recorded: false }
  url.searchParams.set('ref', found.code)
  // a preview of the shared link (a messenger's fetcher, a crawler) lands too, but nobody clicked: not counted. A
  // program of promo codes alone (jqsee) has no referral links: the code's URL lands with the code, but is no click
  // (its funnel starts at the sign-ups, as every page shows it)
  if (visitor.probe || isLinkPreview(visitor.userAgent) || program.attribution.codes === 'promo')
    return { location: url.toString(), attributed: true, recorded: false }
  // one address, one written form (an IPv4 client on a dual-stack socket arrives as ::ffff:a.b.c.d)
  const ip = visitor.ip && canonicalIp(visitor.ip)
  const ipHash = ip ? deps.hashIp(ip) : undefined
  const network = ip && visitorNetwork(ip)
  const ipKey = network && network !== ip ? deps.hashIp(network) : ipHash
  const admitted = deps.limiter.admit(ipKey, found.id, now.getTime())
  if (!admitted.ok) {
    if (admitted.refusedBy) {
      deps.logger?.warn(
        { budget: admitted.refusedBy, code: found.code, visitor: ipKey?.slice(0, 12) },
        'click budget used up: clicks land without being recorded',
      )
    }
    return { location: url.toString(), attributed: true, recorded: false }
  }
  const id = newClickId()
  const country = visitor.country && isCountryCode(visitor.country) ? visitor.country : undefined
  const userAgent = visitor.userAgent?.slice(0, 512)
  const who = visitorOf(visitor.cookie, { ip, userAgent }, deps.hashIp)
  // answered before it is written: the buffer's batch writes it within ClickWriter's interval
  await deps.writer.add({
    id,
    codeId: found.id,
    enrolmentId: found.enrolment.id,
    at: now,
    day: isoDayIn(now, program.timeZone),
    ipHash,
    country,
    userAgent,
    subIds: parseSubIds(visitor.query ?? {}),
    visitor: who.visitor,
  })
  url.searchParams.set('click', id)
  return { location: url.toString(), attributed: true, recorded: true, visitor: who.fresh ? who.visitor : undefined }
}
