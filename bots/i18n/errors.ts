import { type ErrorCode, messageKeys } from '../../core/domain/error-catalogue.ts'
import type { DomainError } from '../../core/domain/errors.ts'
import { type Named, programName } from '../../core/programs/names.ts'
import { amountText, decimalText, longDate } from './format.ts'
import type { Translate } from './index.ts'

export { longDate }

/**
 * The words of the error catalogue (locales/<lng>/errors.json), shared by every transport: each one picks the
 * audience and how names and dates read on its surface; the values of a refusal's data are worded here once.
 */

/** Who reads it: a partner in the bot (addressed as "you"), or staff and API clients (about "the partner"). */
export type Audience = 'partner' | 'general'

export interface ErrorWording {
  audience: Audience
  /** The reader's language, for dates and amounts. */
  language: string
  /** The zone dates are shown in (the program's for a partner); default UTC. */
  timeZone?: string
  /**
   * The program definitions by key (core's catalogue, or the ones a conversation fetched): a refusal's data names
   * programs by key, the reader reads each one's name in their language; a key no longer defined stays as it is.
   */
  programs: ProgramNames
  /** Makes a name from the request (a program's, a partner's) safe on the surface (Slack mrkdwn); default: as it is. */
  escape?: (text: string) => string
}

/** Where a refusal's program keys find their names: core's ProgramCatalog, or a Map of the definitions at hand. */
export interface ProgramNames {
  get(key: string): Named | undefined
}

/** For a refusal the transport words itself that names no program (an unknown dispute number, refused details). */
export const NO_PROGRAMS: ProgramNames = new Map<string, Named>()

/** A refusal as plain data (a conversation's replay log keeps these, not Error objects). */
export type Refusal = Pick<DomainError, 'code' | 'data'>

type Lookup = (key: string, options?: Record<string, unknown>) => string
const lookup = (t: Translate): Lookup => t as unknown as Lookup

/** Decimal strings in the data's `currency`. */
const AMOUNTS = new Set(['requested', 'available', 'pending', 'minimum', 'limit'])
/** ISO-8601 moments shown as dates. */
const DATES = new Set(['until', 'earliest', 'effectiveAt', 'latest'])
/**
 * Numbers that meet a noun in the catalogue's words ("at most 500 characters", "at least 5 players"): passed as
 * i18next's `count` too, so the plural form agrees with them. A refusal has at most one of these.
 */
export const COUNTS: ReadonlySet<string> = new Set(['max', 'required', 'maxDelayDays'])
/**
 * Refusals whose count is worded as the program's terms word it, "more than N" (melbet 8.1: "more than 4 new
 * users"), while the data carries the least number that passes (5): the count is one less.
 */
const MORE_THAN: ReadonlySet<string> = new Set(['payout.not_enough_players'])
/** Program keys: shown by the program's name in the reader's language. */
const PROGRAMS = new Set(['program', 'conflictsWith'])
/** Names shown on the surface, escaped for it (a program's name, a partner's from a request). */
const NAMES = new Set([...PROGRAMS, 'partner'])
/** Where each code group's statuses are worded, for each audience. */
const STATUS_WORDS: Record<string, Record<Audience, string>> = {
  payout: { general: 'finance.status', partner: 'finance.status' },
  batch: { general: 'finance.batch.status', partner: 'finance.batch.status' },
  enrolment: { general: 'partner_desk.status', partner: 'partner_desk.status' },
  // a deal refused for the partner's standing in the program
  deal: { general: 'partner_desk.status', partner: 'partner_desk.status' },
  dispute: { general: 'desk.dispute.status', partner: 'disputes.status' },
  commission: { general: 'disputes.item_status', partner: 'disputes.item_status' },
  // a broadcast control refused: the broadcast's state as a clause ("the broadcast is already paused")
  broadcast: { general: 'desk.broadcast.state', partner: 'desk.broadcast.state' },
}

/** The code's message in the reader's language, every value of its data worded for the reader. */
export function errorText(t: Translate, e: Refusal, w: ErrorWording): string {
  const keys = messageKeys(e.code)
  const partner = w.audience === 'partner' && keys.partner
  // a refusal of an amount the person typed speaks of that amount, where the code has words for it
  const typed = e.data != null && 'requested' in e.data && (partner ? keys.partnerTyped : keys.generalTyped)
  const key = typed || partner || keys.general
  return lookup(t)(key, { ns: 'errors', ...errorValues(t, e.code, e.data as Record<string, unknown>, w) })
}

function errorValues(t: Translate, code: ErrorCode, data: Record<string, unknown>, w: ErrorWording) {
  const tr = lookup(t)
  const group = code.slice(0, code.indexOf('.'))
  const currency = typeof data.currency === 'string' ? data.currency : ''
  const out: Record<string, string | number> = {}
  for (const [k, v] of Object.entries(data)) {
    if (typeof v === 'number') {
      out[k] = v
      if (COUNTS.has(k)) out.count = MORE_THAN.has(code) ? v - 1 : v
    } else if (Array.isArray(v)) out[k] = v.map(String).join(', ')
    else if (typeof v !== 'string') continue
    else if (AMOUNTS.has(k)) out[k] = amountText(w.language, v, currency)
    // the typed number whose decimals are too many, as the reader wrote it ("12,345"), its currency named apart
    else if (k === 'amount' && code === 'money.too_precise') out[k] = decimalText(w.language, v, currency)
    else if (DATES.has(k)) out[k] = longDate(v, w.language, w.timeZone ?? 'UTC')
    else if (k === 'reason') out[k] = reasonWords(t, v, w.audience === 'partner' ? 'partner' : 'desk')
    else if (k === 'method') out[k] = tr(`payout.method.${v}`, { defaultValue: v })
    // a desk agent (`slack:U123`) as Slack shows a person
    else if (k === 'assignee') out[k] = v.startsWith('slack:') ? `<@${v.slice('slack:'.length)}>` : v
    else if (k === 'status' && STATUS_WORDS[group])
      out[k] = tr(`${STATUS_WORDS[group][w.audience]}.${v}`, { defaultValue: v })
    else {
      const name = PROGRAMS.has(k) ? programName(w.programs.get(v), w.language, v) : v
      out[k] = NAMES.has(k) && w.escape ? w.escape(name) : name
    }
  }
  return out
}

/**
 * A reason code (a sanction's, a hold's, a rejection's) in the reader's words: for a partner the reasons table
 * (addressed to them), for the desk its own words where the partner's say "you" (`desk.reasons`) and the
 * catalogue's words about "the partner"; then the catalogue's words for a payout refusal used as a reason
 * (`partner_blocked`), the adjustments' reasons, and last the code itself, readable. Every code a person can read
 * has words (core/domain/reason-codes.ts; test/bots/reason-words.test.ts), so the last is a safety net.
 */
export function reasonWords(t: Translate, code: string, audience: 'partner' | 'desk' = 'partner'): string {
  const tr = lookup(t)
  const own = () => tr(`reasons.${code}`, { defaultValue: '' })
  const catalogue = () => tr(`reasons.${code}`, { ns: 'errors', defaultValue: '' })
  const words =
    audience === 'desk'
      ? tr(`desk.reasons.${code}`, { defaultValue: '' }) || catalogue() || own()
      : own() || catalogue()
  return words || tr(`adjustments.reason.${code}`, { defaultValue: '' }) || code.replaceAll('_', ' ')
}
