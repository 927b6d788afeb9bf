import { type SanctionKind, sanctionsFor } from '../domain/enrolment-status.ts'
import { DomainError } from '../domain/errors.ts'
import { UUID } from '../domain/ids.ts'
import { deskActions, type PayoutAction } from '../domain/payouts.ts'
import { INT64_MAX } from '../domain/text.ts'
import type {
  DeskCardRef,
  PartnerCandidate,
  PartnerLookupStore,
  PartnerProfileRecord,
  PartnerQuery,
} from '../ports/partner-lookup.ts'
import type { StatementReader } from '../ports/statement-reader.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { type Named, namesOr } from '../programs/names.ts'
import { getStatement, type Statement } from './get-statement.ts'
import { type BatchSummary, batchSummary, listBatches } from './payout-batch-views.ts'
import { type PayoutDeps, type PayoutJson, payoutJson } from './payouts.ts'

export interface LookupDeps extends PayoutDeps {
  lookup: PartnerLookupStore
  statements: StatementReader
  programs: () => ProgramDefinition[]
}

const USERNAME = /^@?([A-Za-z0-9_]{3,32})$/
const CODE = /^[A-Za-z0-9_-]{3,64}$/
const LIMIT = 10

/**
 * The ways support names a partner, most specific first: an id, `@username`, a numeric Telegram id or a code;
 * a bare word is tried as a code, then as a username.
 */
function queriesFor(text: string): PartnerQuery[] {
  const q = text.trim()
  if (UUID.test(q)) return [{ by: 'id', id: q.toLowerCase() }]
  if (q.startsWith('@')) {
    const m = USERNAME.exec(q)
    if (!m) throw new DomainError('partner.bad_query', { query: q.slice(0, 64) })
    return [{ by: 'username', username: m[1]! }]
  }
  // digits are a Telegram id while they fit its column (a bigint), and a code either way
  if (/^\d{5,19}$/.test(q))
    return BigInt(q) <= INT64_MAX
      ? [
          { by: 'telegram', telegramId: BigInt(q) },
          { by: 'code', code: q },
        ]
      : [{ by: 'code', code: q }]
  if (!CODE.test(q)) throw new DomainError('partner.bad_query', { query: q.slice(0, 64) })
  const out: PartnerQuery[] = [{ by: 'code', code: q }]
  if (USERNAME.test(q)) out.push({ by: 'username', username: q })
  return out
}

export interface PartnerProfile extends Omit<PartnerProfileRecord, 'enrolments'> {
  /** Each enrolment with the sanctions its standing still allows (the desk's buttons). */
  enrolments: (PartnerProfileRecord['enrolments'][number] & { sanctions: SanctionKind[] })[]
  programNames: Record<string, Named>
  /** Each of the partner's programs' time zone, which its dates are read in (UTC for a program no longer defined). */
  programZones: Record<string, string>
  /** Each of the partner's programs: whether it pays one-time rewards (worksection-referral), worded "reward". */
  paysRewards: Record<string, boolean>
  balances: Statement['balances']
}

/**
 * Finds a partner for the desk: one match is its profile, several (a username is not unique) are listed to choose
 * from; none is `partner.not_found`.
 */
export async function findPartner(
  deps: LookupDeps,
  text: string,
): Promise<{ profile: PartnerProfile } | { candidates: PartnerCandidate[] }> {
  for (const q of queriesFor(text)) {
    const found = await deps.lookup.find(q, LIMIT)
    if (found.length === 1) return { profile: await partnerProfile(deps, found[0]!.id) }
    if (found.length > 1) return { candidates: found }
  }
  throw new DomainError('partner.not_found', { partner: text.trim().slice(0, 64) })
}

/** A partner's standing as the desk shows it: programs, codes, balances, sanctions, open payouts, recent entries. */
export async function partnerProfile(deps: LookupDeps, partnerId: string): Promise<PartnerProfile> {
  const p = await deps.lookup.profile(partnerId, 8)
  if (!p) throw new DomainError('partner.not_found', { partner: partnerId })
  const now = deps.clock.now()
  // balances as of now; an empty period keeps the statement to its balances
  const statement = await getStatement({ ...deps }, partnerId, { from: now, to: now })
  const programNames = Object.fromEntries(
    p.enrolments.map((e) => [e.programKey, namesOr(deps.program(e.programKey), e.programKey)]),
  )
  const programZones = Object.fromEntries(
    p.enrolments.map((e) => [e.programKey, deps.program(e.programKey)?.timeZone ?? 'UTC']),
  )
  const paysRewards = Object.fromEntries(
    p.enrolments.map((e) => [e.programKey, deps.program(e.programKey)?.commission.type === 'one_time_reward']),
  )
  const enrolments = p.enrolments.map((e) => ({ ...e, sanctions: sanctionsFor(e.status) }))
  return { ...p, enrolments, programNames, programZones, paysRewards, balances: statement.balances }
}

export interface PayoutDeskView {
  payout: PayoutJson
  /** The program's names: the reader's language picks one (`programName`). */
  programNames: Named
  timeZone: string
  partner: { id: string; name?: string; telegramUsername?: string; erased: boolean }
  enrolmentStatus: string
  /** Who made the last decision: `slack:U…`, `operator`, `schedule`. */
  decidedBy?: string
  /** Finance must decide it: requested in an on-request program, or sent to review. */
  needsDecision: boolean
  /** The decisions the desk may offer now (its buttons), by the payout transition table. */
  actions: PayoutAction[]
  card?: DeskCardRef
}

const onRequest = (program: ProgramDefinition | undefined) => program?.payout.schedule.type === 'on_request'

/** A payout as its card in the finance channel shows it; null when unknown. */
export async function payoutDeskView(deps: LookupDeps, payoutId: string): Promise<PayoutDeskView | null> {
  if (!UUID.test(payoutId)) return null
  const [record, party] = await Promise.all([deps.payouts.payout(payoutId), deps.lookup.payoutParty(payoutId)])
  if (!record || !party) return null
  const program = deps.program(record.programKey)
  return {
    payout: payoutJson(record),
    programNames: namesOr(program, record.programKey),
    timeZone: program?.timeZone ?? 'UTC',
    partner: party.partner,
    enrolmentStatus: party.enrolmentStatus,
    decidedBy: record.decidedBy,
    needsDecision: record.status === 'needs_review' || (record.status === 'requested' && onRequest(program)),
    actions: deskActions(record),
    card: party.card,
  }
}

export interface BatchDeskView {
  batch: BatchSummary
  /** The program's names: the reader's language picks one (`programName`). */
  programNames: Named
  timeZone: string
  schedule: 'weekly' | 'monthly' | 'on_request'
  /** Finance may mark it paid now: closed (its file exported) and with payouts to pay (markBatchPaid's rule). */
  payable: boolean
  card?: DeskCardRef
  /** Payouts of the batch that have their own card (sent to review earlier), to refresh once it is paid. */
  cardedPayouts: string[]
}

/** A batch as its summary in the finance channel shows it; null when unknown. */
export async function batchDeskView(deps: LookupDeps, batchId: string): Promise<BatchDeskView | null> {
  if (!UUID.test(batchId)) return null
  let batch: BatchSummary
  try {
    batch = await batchSummary(deps, batchId)
  } catch (e) {
    if (e instanceof DomainError && e.code === 'batch.not_found') return null
    throw e
  }
  return deskViewOf(deps, batch)
}

/** The latest batches (of one program, or all), newest first, as `/pa batches` lists them. */
export async function batchDeskViews(deps: LookupDeps, programKey: string | undefined, limit: number) {
  const batches = (await listBatches(deps, programKey)).slice(0, limit)
  return Promise.all(batches.map((b) => deskViewOf(deps, b)))
}

async function deskViewOf(deps: LookupDeps, batch: BatchSummary): Promise<BatchDeskView> {
  const program = deps.program(batch.program)
  const [card, cardedPayouts] = await Promise.all([deps.lookup.batchCard(batch.id), deps.lookup.carded(batch.id)])
  return {
    batch,
    programNames: namesOr(program, batch.program),
    timeZone: program?.timeZone ?? 'UTC',
    schedule: program?.payout.schedule.type ?? 'on_request',
    payable: batch.status === 'closed' && batch.totals.length > 0,
    card: card ?? undefined,
    cardedPayouts,
  }
}

/** The oldest `limit` payouts finance has to decide, oldest first, as their cards show them, and how many wait. */
export async function payoutsAwaitingDecision(
  deps: LookupDeps,
  limit = 20,
): Promise<{ payouts: PayoutDeskView[]; total: number }> {
  const programs = deps
    .programs()
    .filter(onRequest)
    .map((p) => p.key)
  const { ids, total } = await deps.lookup.awaitingDecision(programs, limit)
  const views = await Promise.all(ids.map((id) => payoutDeskView(deps, id)))
  return { payouts: views.filter((v): v is PayoutDeskView => v !== null), total }
}
