import { dealAt, underDeal } from '../domain/deals.ts'
import { inForceAt } from '../domain/enrolment-status.ts'
import { DomainError } from '../domain/errors.ts'
import {
  beforeOrder,
  bodyHash,
  checkClick,
  earliestEventOf,
  type IncomingEvent,
  orderInOtherCurrency,
  orderOfOther,
  parsePostback,
  storedPayload,
  tooEarly,
} from '../domain/postback.ts'
import { decide, settledNow } from '../domain/rules.ts'
import type { Clock } from '../ports/clock.ts'
import {
  type ClickRecord,
  type CodeRecord,
  type CustomerRecord,
  DuplicateKeyError,
  type EarningsStore,
  type EarningsTx,
  TransactionConflictError,
} from '../ports/earnings-store.ts'
import type { Logger } from '../ports/logger.ts'
import type { PublishedRules } from '../programs/catalog.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { annulFirstClaims, otherClaims } from './claimed-accounts.ts'
import type { ClickWriter } from './click-writer.ts'
import { attributable, earnerOf, ownCodeIdle } from './code-attribution.ts'
import { acquiredAt, countConversion, historyFacts, readUnderLock, trackQualification } from './customer-counts.ts'
import { decideInput } from './decide-input.ts'
import { refuseImplausible, replayOf } from './implausible-events.ts'
import {
  EXCLUDED_CUSTOMER_KIND,
  excludedKind,
  firstIneligibility,
  reviewFlag,
  signedUpLate,
} from './ineligible-customers.ts'
import { earnRefusedUntilQualified } from './late-qualification.ts'
import { raiseLaterClients, readLaterClients } from './level-raises.ts'
import { refereeBonusWrites } from './referee-bonuses.ts'
import { voidSharedIp } from './shared-ip.ts'
import { readTierMonths, topUpTierMonths } from './tier-top-ups.ts'
import { earlierUndos, type WriteContext, writeDecision } from './write-decisions.ts'

export interface RecordEventDeps {
  store: EarningsStore
  clock: Clock
  logger: Logger
  program: (key: string) => ProgramDefinition | undefined
  /**
   * The definition in force when the event happened (published commission changes), as of the rules' revision
   * the postback's transaction read; default: `program`.
   */
  rulesAt?: (
    key: string,
    when: Date,
    revision: number,
    load?: () => Promise<PublishedRules>,
  ) => Promise<ProgramDefinition | undefined>
  /** Keyed hash of an IP address: rules compare addresses without keeping them. */
  hashIp: (ip: string) => string
  /** Clicks answered but not yet written (ClickWriter): a postback naming one waits for it instead of refusing it. */
  pendingClicks?: Pick<ClickWriter, 'settle'>
}

export interface RecordedEvent {
  /** An identical replay: the body is the first answer's (a transport may answer it differently, e.g. 200 not 201). */
  replayed: boolean
  body: EventResponse
}

export interface EventResponse {
  event: {
    id: string
    program: string
    type: string
    occurredAt: string
    customer: string
    partner: string | null
    attribution: string
  }
  commissions: {
    id: string
    partner: string
    amount: string
    currency: string
    status: string
    availableFrom: string | null
    rule: string
    reason: string | null
  }[]
  reversals: { commission: string; amount: string; currency: string; reason: string }[]
  notes: string[]
}

/**
 * Records a conversion postback and applies the program's rules to it, exactly once: (program, id) is the
 * idempotency key; an identical replay gets the first answer, another body under the same id is refused.
 * The event, its commissions and their ledger entries commit together, before anyone is answered.
 */
export async function recordEvent(deps: RecordEventDeps, programKey: string, body: unknown): Promise<RecordedEvent> {
  const program = deps.program(programKey)
  if (!program) throw new DomainError('program.not_found', { program: programKey })
  const event = parsePostback(body, program, deps.clock.now())
  const hash = bodyHash(body)
  // A duplicate hits the event's unique key inside the transaction and is answered from the stored event. Where
  // the store asks for it, a replay is looked up first, without opening a transaction.
  if (deps.store.replayLookupFirst) {
    const replay = await replayOf(deps, programKey, event.id, hash)
    if (replay) return replay
  }
  // an event that cannot be true (too late, before its partner's registration or its click) is refused before any
  // transaction it would share; a replay of one recorded in time still gets its first answer
  const early = await refuseImplausible(deps, program, event, hash)
  if (early) return early
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await deps.store.transaction((tx) => apply(deps, tx, program, event, hash, body))
      return { replayed: false, body: response }
    } catch (e) {
      if (e instanceof TransactionConflictError && attempt < 3) continue
      if (!(e instanceof DuplicateKeyError)) throw e
      if (e.key === 'event') {
        const again = await replayOf(deps, programKey, event.id, hash)
        if (again) return again
      }
      // A concurrent first event of the same customer created it first: run again, now it exists.
      if (attempt >= 3) throw e
    }
  }
}

async function apply(
  deps: RecordEventDeps,
  tx: EarningsTx,
  defined: ProgramDefinition,
  event: IncomingEvent,
  hash: string,
  body: unknown,
): Promise<EventResponse> {
  const now = deps.clock.now()
  const ipHash = event.ip ? deps.hashIp(event.ip) : undefined
  // the rules' revision is read with the insert (one round trip), inside this transaction: a change published
  // before it began is seen, whichever process published it
  const [inserted, revision] = await Promise.all([
    insert(tx, defined, event, hash, body, now, ipHash),
    tx.rulesRevision(),
  ])
  const rulesOn = async (at: Date) =>
    (await deps.rulesAt?.(defined.key, at, revision, () => tx.publishedRules())) ?? defined
  const program = await rulesOn(event.occurredAt)
  const eventId = inserted.id
  const notes: string[] = []
  const ctx = { ipHash, now, notes, programOf: deps.program }
  const { usable, customer, lateSignup } = await attribute(tx, program, event, inserted, ctx)
  const earner = await earnerOf(tx, program, event, { ...inserted, usable, ipHash }, customer)
  // before any posting, whose rollup reads them: an event earned through another partner's code keeps none of the
  // first partner's sub-ids
  if (earner?.subIds) await tx.keepSubIds(eventId, earner.subIds)
  await countConversion(tx, program, event, customer, earner?.subIds ?? inserted.subIds, earner)
  // a second user on one of the customer's IP addresses voids the unpaid rewards of every user there, even when
  // this event itself is nobody's referral
  const reversals: EventResponse['reversals'] = []
  await voidSharedIp(tx, program, { customer, eventId, ipHash, now, result: { reversals } })
  const { id, type, customer: customerRef } = event
  const base = { id, program: program.key, type, occurredAt: event.occurredAt.toISOString(), customer: customerRef }
  const respond = async (r: Omit<EventResponse, 'event'>, partner: string | null, attribution: string) => {
    const response: EventResponse = { event: { ...base, partner, attribution }, ...r }
    await tx.finishEvent(eventId, customer.id, response)
    return response
  }
  if (!earner) return respond({ commissions: [], reversals, notes }, null, notes[0] ?? 'none')

  // the partner's lock, and what this program's rules will read under it
  const { enrolmentId, customer: seen } = earner
  const locked = { enrolmentId, seen, customerId: customer.id, eventId, ipHash }
  const { enrolment, orderCommissions, read, undos } = await readUnderLock(tx, program, event, locked)
  // what refuseImplausible judged from outside the transaction, now under the partner's lock
  const earliest = earliestEventOf(enrolment, program, now)
  if (event.occurredAt < earliest.at) throw tooEarly(earliest, program, enrolment)
  // a refund or cancellation cannot come before the order it undoes (read under the partner's lock)
  const undoneLater =
    beforeOrder(event, orderCommissions) ??
    orderOfOther(event, orderCommissions, enrolmentId) ??
    orderInOtherCurrency(event, orderCommissions)
  if (undoneLater) throw undoneLater
  // a customer who can never earn raises the flag its program asks for, whichever of its events shows it (a
  // self-referral at its first event, an existing customer at its first referred one); raised once per customer
  const flag = seen.ineligible ? reviewFlag(program, seen.ineligible, event, enrolment, now) : null
  if (flag) await tx.raiseFlags([flag])
  const newUser = await trackQualification(tx, program, event, customer)
  const settles = settledNow({ orderCommissions }, event)
  // a blocked or ended agreement earns nothing new; a refund, a cancellation or a settlement still undoes or decides
  // what was earned while it was in force (else a refund after a block would leave its commission payable)
  const undoes = event.type === 'refund' || event.type === 'cancellation' || settles !== undefined
  // this event earns nothing itself, but what it qualified the customer for late still earns (as in order)
  const idle = async () => {
    const result = { commissions: [], reversals, notes }
    const w = { program, enrolment, customerId: customer.id, codeId: earner.codeId, eventId, event, now, result }
    if (newUser || lateSignup) await earnLateOnly(tx, { ...w, rulesOn, customer, orderCommissions, earned: [] })
    return respond(result, enrolment.partnerId, 'attributed')
  }
  const notInForce = !inForceAt(enrolment, event.occurredAt) && !undoes
  if (notInForce) notes.push(`partner_${enrolment.status}`)
  // while the customer's own code cannot earn (suspended by support or a sanction, outside its validity), nothing
  // the customer does earns, with the code or without it (programs.md, jqsee: a suspended code stops earning until
  // reinstated); a refund still undoes its order
  if (notInForce || (await ownCodeIdle(tx, event, inserted.code, usable, customer, notes))) return idle()
  // the partner's deal in force at the event's date (read with the lock) judges it instead of the program's rule; a
  // settlement is judged as of the held revenue it settles
  const deal = dealAt(enrolment.deals, settles?.occurredAt ?? event.occurredAt)
  const own = settles ? await rulesOn(settles.occurredAt) : program
  const judged = underDeal(own, deal)
  const acquired = { judged, enrolmentId, event, settles, customerId: seen.id, firstPaidAt: acquiredAt(seen, event) }
  const history = await historyFacts(tx, { ...acquired, paidFirstAt: seen.firstPaidAt }, read)
  const input = decideInput(judged, event, inserted.code, seen, enrolment, usable, history, deal && own.commission)
  const { decisions, customer: changes } = decide(input)
  if (Object.keys(changes).length) await tx.updateCustomer(customer.id, changes)
  const result: Omit<EventResponse, 'event'> = { commissions: [], reversals, notes }
  // what was refused only until this late event qualified the customer earns now; tier months are read before writes
  const late = { program, rulesOn, enrolment, customer, event, now, result }
  const earnedLate = newUser || lateSignup ? await earnRefusedUntilQualified(tx, late) : []
  const tierMonths = await readTierMonths(tx, program, enrolment, customer, {
    newUser: newUser ? customer.qualifiedAt : undefined,
    decisions,
    orderCommissions,
    earnedLate,
  })
  const later = await readLaterClients(tx, judged, { enrolmentId, customerId: customer.id, changes })
  const of = { customerId: customer.id, codeId: earner.codeId, eventId, event, now, orderCommissions, result }
  const written: WriteContext = { program: judged, enrolment, ...of, earned: [] }
  for (const d of decisions) await writeDecision(tx, d, written)
  const undone = await earlierUndos(tx, undos, written)
  await raiseLaterClients(tx, rulesOn, later, written, [...decisions, ...undone.decisions])
  await topUpTierMonths(tx, rulesOn, enrolment, tierMonths, written, decisions, earnedLate)
  // a reward an earlier refund took back voids the referee's bonus it was recorded with
  await refereeBonusWrites(tx, [...decisions, ...undone.decisions], { ...written, orderCommissions: undone.order })
  return respond(result, enrolment.partnerId, 'attributed')
}

/**
 * Attribution: the first event with a usable ref ties the customer to the partner for life (where each event earns
 * through its own code, attribution.perEvent, the customer's partner is the one its events naming no code earn; see
 * earnerOf). Locks the customer (created if new) and checks the event's click against the code it names.
 */
async function attribute(
  tx: EarningsTx,
  program: ProgramDefinition,
  event: IncomingEvent,
  { id: eventId, code, click }: { id: string; code: CodeRecord | null; click: ClickRecord | null },
  ctx: { ipHash: string | undefined; now: Date; notes: string[]; programOf: RecordEventDeps['program'] },
) {
  const { ipHash, now, notes } = ctx
  const usable = attributable(program, event, code, notes)
  // the account claimed by another partner in a program of the same product (read before the customer's lock)
  const claims = await otherClaims(tx, program, event, usable)
  const { customer, created } = await tx.lockCustomer(program.key, event.customer, {
    enrolmentId: usable?.enrolment.id,
    codeId: usable?.id,
    ineligible: usable
      ? await firstIneligibility(tx, program, event, usable.enrolment, ipHash, claims.length > 0)
      : undefined,
    ipHash,
    // the click that brings the customer gives it its sub-ids, which its later events carry
    subIds: usable ? click?.subIds : undefined,
    at: now,
  })
  if (created && usable && claims.length) {
    await annulFirstClaims(tx, ctx.programOf, claims, {
      event,
      eventId,
      program,
      partnerId: usable.enrolment.partnerId,
      now,
    })
  }
  if (customer.enrolmentId && !customer.ineligible && excludedKind(program, event)) {
    // a client reported with a status the program never rewards (integrator, reseller) earns nothing from now on
    customer.ineligible = EXCLUDED_CUSTOMER_KIND
    await tx.updateCustomer(customer.id, { ineligible: EXCLUDED_CUSTOMER_KIND })
  }
  const lateSignup = !created && (await signedUpLate(tx, program, event, customer, usable))
  if (lateSignup) {
    customer.ineligible = undefined
    await tx.updateCustomer(customer.id, { eligibleAgain: true })
    notes.push('signup_via_link_delivered_late')
  }
  // the click must be on the code the event names (its ref), else on the customer's own
  if (event.click) checkClick(program, event, click, event.ref ? (code?.id ?? null) : customer.codeId)
  if (!created && !customer.enrolmentId && usable) {
    // Known to the program before any referral: attributed, so the partner sees it; where the program allows existing
    // customers (jqsee pays a share of each payment made with the code) it earns, elsewhere it never does
    const ineligible = program.quality.existingCustomer === 'allow' ? undefined : 'existing_customer'
    customer.enrolmentId = usable.enrolment.id
    customer.codeId = usable.id
    customer.ineligible = ineligible
    await tx.updateCustomer(customer.id, {
      enrolmentId: usable.enrolment.id,
      codeId: usable.id,
      ...(ineligible ? { ineligible } : {}),
    })
  }
  return { usable, customer, created, lateSignup }
}

/** The event's row (its referral code and click resolved with it). */
function insert(
  tx: EarningsTx,
  program: ProgramDefinition,
  event: IncomingEvent,
  hash: string,
  body: unknown,
  now: Date,
  ipHash: string | undefined,
) {
  return tx.insertEvent(
    {
      programKey: program.key,
      externalId: event.id,
      type: event.type,
      occurredAt: event.occurredAt,
      receivedAt: now,
      orderRef: event.order,
      amountMinor: event.amountMinor,
      currency: event.currency,
      campaignKey: event.campaign,
      ipHash,
      country: event.country,
      clickId: event.click,
      customer: event.customer,
      bodyHash: hash,
      // the IP is kept only as its keyed hash (ipHash): never raw
      payload: storedPayload(body),
    },
    event.ref,
  )
}

/** The code can attribute this event's customer, or why not (a note the operator can read). */

/**
 * An event that earns nothing itself (its agreement not in force, the customer's code idle at its date) but
 * qualifies its customer late: the money events refused only until then still earn, with their months' volume tiers,
 * as they would have had the postbacks come in order (late-qualification.ts).
 */
async function earnLateOnly(
  tx: EarningsTx,
  w: WriteContext & { rulesOn: (at: Date) => Promise<ProgramDefinition>; customer: CustomerRecord },
) {
  const { program, rulesOn, enrolment, customer, event, now, result } = w
  const earnedLate = await earnRefusedUntilQualified(tx, { program, rulesOn, enrolment, customer, event, now, result })
  if (!earnedLate.length) return
  const at = { newUser: undefined, decisions: [], orderCommissions: w.orderCommissions, earnedLate }
  const months = await readTierMonths(tx, program, enrolment, customer, at)
  await topUpTierMonths(tx, rulesOn, enrolment, months, w, [], earnedLate)
}
