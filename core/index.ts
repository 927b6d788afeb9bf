import { allows, type PayoutMethod } from './domain/payouts.ts'
import type { ClickStore } from './ports/click-store.ts'
import type { Clock } from './ports/clock.ts'
import type { DisputeStore } from './ports/dispute-store.ts'
import type { EarningsStore } from './ports/earnings-store.ts'
import type { HealthProbe } from './ports/health.ts'
import type { JobQueue } from './ports/jobs.ts'
import type { LedgerStore } from './ports/ledger-store.ts'
import type { Logger } from './ports/logger.ts'
import type { PartnerDirectory } from './ports/partner-directory.ts'
import type { PartnerLookupStore } from './ports/partner-lookup.ts'
import type { PartnerStore } from './ports/partner-store.ts'
import type { PayoutStore } from './ports/payout-store.ts'
import type { ReviewFlagStore } from './ports/review-flags.ts'
import type { DetailsCipher } from './ports/secrets.ts'
import type { StatementReader } from './ports/statement-reader.ts'
import type { TermsStore } from './ports/terms-store.ts'
import type { ProgramCatalog } from './programs/catalog.ts'
import { checkReadiness } from './use-cases/check-readiness.ts'
import {
  addPartnerMessage,
  claimDispute,
  type DeskInput,
  deskView,
  disputeSubjects,
  disputeTimer,
  escalateDispute,
  type OpenDisputeInput,
  openDispute,
  partnerDispute,
  partnerDisputes,
  replyToDispute,
  resolveDispute,
  setDisputeThread,
  sweepDisputeDeadlines,
} from './use-cases/disputes.ts'
import { earningsView } from './use-cases/earnings-view.ts'
import { type EnrolInput, enrolPartner } from './use-cases/enrol-partner.ts'
import { getStatement } from './use-cases/get-statement.ts'
import { listFlags, resolveFlag, reviewLowActivity } from './use-cases/low-activity.ts'
import { payoutNotice, sanctionNotice } from './use-cases/notices.ts'
import {
  batchDeskView,
  batchDeskViews,
  findPartner,
  type LookupDeps,
  partnerProfile,
  payoutDeskView,
  payoutsAwaitingDecision,
} from './use-cases/partner-lookup.ts'
import {
  batchCsv,
  batchSummary,
  listBatches,
  markBatchPaid,
  movePayDate,
  runPayDay,
  setPayoutsPaused,
} from './use-cases/payout-batches.ts'
import { paymentDetailsOnFile, payoutChoices } from './use-cases/payout-options.ts'
import {
  type DecisionInput,
  decidePayout,
  type PayoutInput,
  payoutCardNews,
  payoutJson,
  previewPayout,
  requestPayout,
  rewrapPaymentDetails,
  savePaymentDetails,
  setPayoutSettings,
} from './use-cases/payouts.ts'
import { ClickLimiter, recordClick } from './use-cases/record-click.ts'
import { recordEvent } from './use-cases/record-event.ts'
import { type ReviewAction, reviewCommission } from './use-cases/review-commission.ts'
import { ruleVersions } from './use-cases/rule-versions.ts'
import { applySanction, liftSanction, type SanctionInput } from './use-cases/sanctions.ts'
import {
  answerTerms,
  broadcastProgress,
  broadcastReportCsv,
  controlBroadcast,
  draftTerms,
  partnerTerms,
  publishTerms,
  startPump,
  termsDraftView,
} from './use-cases/terms.ts'

export interface CoreStores {
  earnings: EarningsStore
  partners: PartnerStore
  statements: StatementReader
  clicks: ClickStore
  ledger: LedgerStore
  directory: PartnerDirectory
  payouts: PayoutStore
  flags: ReviewFlagStore
  disputes: DisputeStore
  terms: TermsStore
  lookup: PartnerLookupStore
}

export interface CoreDeps {
  clock: Clock
  logger: Logger
  jobs: JobQueue
  probes: HealthProbe[]
  programs: ProgramCatalog
  stores: CoreStores
  /** Keyed hash (the key never leaves the installation): IP addresses, request fingerprints. */
  hashIp: (value: string) => string
  /** Encrypts payment details at rest. */
  cipher: DetailsCipher
  /** Broadcast rates (messages a second): the ordinary ceiling and the paid-broadcast one. */
  broadcastRates?: { normal: number; paid: number }
}

/**
 * The product's rules behind one object. Transports (bots/) hold a Core and call its use-cases; they never
 * reach the database or the queue themselves.
 */
export function createCore(deps: CoreDeps) {
  const program = (key: string) => deps.programs.get(key)
  // which clicks are recorded: budgets per visitor, code and process, for the life of this core
  const clickLimiter = new ClickLimiter()
  const base = { clock: deps.clock, logger: deps.logger, program, hashIp: deps.hashIp }
  const pay = { ...base, payouts: deps.stores.payouts, cipher: deps.cipher, keyedHash: deps.hashIp }
  const flags = { ...base, flags: deps.stores.flags }
  const disputes = { ...base, disputes: deps.stores.disputes }
  const terms = {
    ...base,
    jobs: deps.jobs,
    terms: deps.stores.terms,
    broadcastRate: deps.broadcastRates?.normal ?? 30,
    paidBroadcastRate: deps.broadcastRates?.paid ?? 1000,
  }
  const rules = ruleVersions(deps.programs, () => deps.stores.terms.publishedRules())
  return {
    clock: deps.clock,
    programs: deps.programs,
    /** Database, Redis and migrations: what /readyz reports. */
    readiness: () => checkReadiness(deps.probes),
    recordEvent: (programKey: string, body: unknown) =>
      recordEvent(
        {
          ...base,
          store: deps.stores.earnings,
          flags: deps.stores.flags,
          rulesAt: (key, when, revision) => rules.at(key, when, revision),
        },
        programKey,
        body,
      ),
    recordClick: (code: string, visitor: { ip?: string; country?: string; userAgent?: string }) =>
      recordClick({ ...base, clicks: deps.stores.clicks, limiter: clickLimiter }, code, visitor),
    enrolPartner: (input: EnrolInput) => enrolPartner({ ...base, partners: deps.stores.partners }, input),
    statement: (partnerId: string, opts?: { programKey?: string; from?: Date; to?: Date }) =>
      getStatement({ ...base, statements: deps.stores.statements }, partnerId, opts),
    applySanction: (input: SanctionInput) => applySanction({ ...base, ledger: deps.stores.ledger }, input),
    liftSanction: (input: { sanctionId: string; reason: string; actor: string }) =>
      liftSanction({ ...base, ledger: deps.stores.ledger }, input),
    /** The partner behind a Telegram account (the bot's only way to a partner: a chat sees its own data). */
    partnerByTelegram: (telegramId: bigint) => deps.stores.directory.byTelegram(telegramId),
    partnerCodes: (partnerId: string) => deps.stores.directory.codes(partnerId),
    /**
     * Earnings digests: one message per partner with news (not one per click). The system job queues them; each
     * notification job reads the news, and once it is sent the cursor moves, so nothing is told twice.
     */
    queueDigests: async () => {
      const due = await deps.stores.directory.digestDue(5000)
      await deps.jobs.enqueueMany(
        'notifications',
        due.map((d) => ({
          name: 'earnings_digest',
          data: { partnerId: d.partnerId, upTo: d.upTo.toString() },
          opts: { jobId: `digest-${d.partnerId}-${d.upTo}` },
        })),
      )
      return due.length
    },
    earningsDigest: async (partnerId: string, upTo: bigint) => {
      const contact = await deps.stores.directory.contact(partnerId)
      const d = await deps.stores.directory.digest(partnerId, upTo)
      if (!contact || !d) return null
      const lines = d.lines.map((l) => ({ ...l, programName: deps.programs.get(l.programKey)?.name ?? l.programKey }))
      return { contact, cursor: d.cursor, lines }
    },
    markDigested: (partnerId: string, from: bigint, upTo: bigint) =>
      deps.stores.directory.markDigested(partnerId, from, upTo),
    /** "Delete my personal data": the partner is pseudonymised; the ledger keeps its totals. */
    erasePartner: (partnerId: string) => {
      const now = deps.clock.now()
      // the finance desk's card of each payout the erasure cancels follows
      return deps.stores.directory.erase(partnerId, now, (payoutId) => [payoutCardNews(payoutId, 'cancelled', now)])
    },
    partnerContact: (partnerId: string) => deps.stores.directory.contact(partnerId),
    sanctionRecord: (sanctionId: string) => deps.stores.directory.sanction(sanctionId),
    setTelegramUsername: (partnerId: string, username: string | null) =>
      deps.stores.directory.setTelegramUsername(partnerId, username?.slice(0, 64) ?? null, deps.clock.now()),
    setPartnerLanguage: (partnerId: string, language: string) =>
      deps.stores.directory.setLanguage(partnerId, language, deps.clock.now()),
    sanctionNotice: (sanctionId: string) => sanctionNotice({ ...base, directory: deps.stores.directory }, sanctionId),
    reviewCommission: (input: { commissionId: string; action: ReviewAction; reason: string; actor: string }) =>
      reviewCommission({ ...base, ledger: deps.stores.ledger }, input),

    previewPayout: (input: PayoutInput) => previewPayout(pay, input),
    requestPayout: (input: Parameters<typeof requestPayout>[1]) => requestPayout(pay, input),
    decidePayout: (input: DecisionInput) => decidePayout(pay, input),
    payout: async (id: string) => {
      const p = await deps.stores.payouts.payout(id)
      return p && payoutJson(p)
    },
    payoutsOf: async (partnerId: string, programKey?: string) =>
      (await deps.stores.payouts.payoutsOf(partnerId, programKey, 100)).map(payoutJson),
    /** The partner's requests still waiting, which they may cancel (the money goes back to the balance). */
    cancellablePayouts: async (partnerId: string) =>
      (await deps.stores.payouts.payoutsOf(partnerId, undefined, 100))
        .filter((p) => allows('cancel', p.status))
        .map(payoutJson),
    /** The programs a partner may ask to be paid from, with their currencies and methods (which need details). */
    payoutChoices: (enrolments: readonly { programKey: string; status: string }[]) =>
      payoutChoices(program, enrolments),
    /** The masks of the details on file for the methods the partner's programs pay by that need them. */
    paymentDetailsOnFile: (partnerId: string, programKeys: readonly string[]) =>
      paymentDetailsOnFile(pay, partnerId, programKeys),
    /** /earnings: per program and currency, every figure computed here in minor units (earnings-view.ts). */
    earnings: (partnerId: string) => earningsView({ ...base, statements: deps.stores.statements }, partnerId),
    /** The mask of a partner's current details for a method, or null. */
    savedPaymentDetails: (partnerId: string, method: PayoutMethod) =>
      deps.stores.payouts.transaction((tx) => tx.currentDetails(partnerId, method)),
    savePaymentDetails: (input: Parameters<typeof savePaymentDetails>[1]) => savePaymentDetails(pay, input),
    setPayoutSettings: (input: Parameters<typeof setPayoutSettings>[1]) => setPayoutSettings(pay, input),
    payoutNotice: (payoutId: string) =>
      payoutNotice({ ...base, directory: deps.stores.directory, payouts: deps.stores.payouts }, payoutId),
    runPayDay: (programKey: string, day?: string) => runPayDay(pay, programKey, day),
    batchSummary: (batchId: string) => batchSummary(pay, batchId),
    listBatches: (programKey?: string) => listBatches(pay, programKey),
    batchCsv: (batchId: string, opts?: { withDetails?: boolean; actor?: string }) => batchCsv(pay, batchId, opts),
    rewrapPaymentDetails: (actor: string) => rewrapPaymentDetails(pay, actor),
    markBatchPaid: (input: { batchId: string; reference: string; actor: string }) => markBatchPaid(pay, input),
    setPayoutsPaused: (input: { programKey: string; paused: boolean; reason: string; actor: string }) =>
      setPayoutsPaused(pay, input),
    movePayDate: (input: { programKey: string; scheduled: string; movedTo: string; reason: string; actor: string }) =>
      movePayDate(pay, input),

    reviewLowActivity: (programKey: string) => reviewLowActivity(flags, programKey),
    listFlags: (q?: { programKey?: string; open?: boolean; limit?: number }) => listFlags(flags, q),
    resolveFlag: (input: { flagId: string; resolution: string; actor: string }) => resolveFlag(flags, input),

    disputeSubjects: (partnerId: string, programKey?: string) => disputeSubjects(disputes, partnerId, programKey),
    openDispute: (input: OpenDisputeInput) => openDispute(disputes, input),
    partnerDisputes: (partnerId: string) => partnerDisputes(disputes, partnerId),
    partnerDispute: (partnerId: string, number: number) => partnerDispute(disputes, partnerId, number),
    addPartnerMessage: (input: Parameters<typeof addPartnerMessage>[1]) => addPartnerMessage(disputes, input),
    claimDispute: (input: DeskInput) => claimDispute(disputes, input),
    escalateDispute: (input: DeskInput & { note?: string }) => escalateDispute(disputes, input),
    replyToDispute: (input: Parameters<typeof replyToDispute>[1]) => replyToDispute(disputes, input),
    /**
     * Upheld or rejected; upholding a dispute about a commission held for review may also release it (approve),
     * in the same call, so support does not have to find the commission elsewhere.
     */
    resolveDispute: async (input: Parameters<typeof resolveDispute>[1] & { releaseCommission?: boolean }) => {
      const d = await resolveDispute(disputes, input)
      if (input.releaseCommission && d.status === 'upheld' && d.subject === 'commission' && d.subjectId)
        await reviewCommission(
          { ...base, ledger: deps.stores.ledger },
          { commissionId: d.subjectId, action: 'approve', reason: 'dispute_upheld', actor: input.actor },
        )
      return d
    },
    disputeTimer: (disputeId: string, kind: 'reminder' | 'deadline') => disputeTimer(disputes, disputeId, kind),
    sweepDisputeDeadlines: () => sweepDisputeDeadlines(disputes),
    setDisputeThread: (disputeId: string, channel: string, ts: string) =>
      setDisputeThread(disputes, disputeId, channel, ts),
    deskView: (disputeId: string) => deskView(disputes, disputeId),
    disputeByThread: (channel: string, ts: string) => deps.stores.disputes.byThread(channel, ts),
    disputeByNumber: (number: number) => deps.stores.disputes.byNumber(number),
    disputeQueue: (limit = 50) => deps.stores.disputes.queue(limit),
    disputeMessage: (id: string) => deps.stores.disputes.message(id),

    draftTerms: (input: Parameters<typeof draftTerms>[1]) => draftTerms(terms, input),
    publishTerms: (input: Parameters<typeof publishTerms>[1]) => publishTerms(terms, input),
    termsVersion: async (id: string) => {
      const v = await deps.stores.terms.version(id)
      return v && termsDraftView(terms, v)
    },
    termsVersions: async (programKey: string) =>
      Promise.all((await deps.stores.terms.versions(programKey)).map((v) => termsDraftView(terms, v))),
    /** The raw version (texts per language) for rendering a broadcast message. */
    termsRecord: (id: string) => deps.stores.terms.version(id),
    termsNeededLanguages: (programKey: string) => deps.stores.terms.neededLanguages(programKey),
    /** At start-up: every published commission change becomes part of the rules from its effective date. */
    loadAmendments: () => rules.load(),
    answerTerms: (input: Parameters<typeof answerTerms>[1]) => answerTerms(terms, input),
    partnerTerms: (partnerId: string, programKeys: readonly string[], language: string) =>
      partnerTerms(terms, partnerId, programKeys, language),
    controlBroadcast: (input: Parameters<typeof controlBroadcast>[1]) => controlBroadcast(terms, input),
    broadcastProgress: (id: string) => broadcastProgress(terms, id),
    broadcastReportCsv: (id: string) => broadcastReportCsv(terms, id),
    broadcasts: (programKey?: string) => deps.stores.terms.broadcasts(programKey),
    /** The broadcast pump's side: claim, finish, recover, and the partners Telegram says are gone. */
    broadcastPump: {
      broadcast: (id: string) => deps.stores.terms.broadcast(id),
      claim: (broadcastId: string, n: number) => deps.stores.terms.claim(broadcastId, n, deps.clock.now()),
      finish: (
        id: bigint,
        status: 'sent' | 'failed' | 'blocked' | 'pending',
        info?: { messageId?: number; error?: string },
      ) => deps.stores.terms.finish(id, status, deps.clock.now(), info),
      requeueSending: (broadcastId: string) => deps.stores.terms.requeueSending(broadcastId),
      markUnreachable: (partnerId: string) => deps.stores.terms.markUnreachable(partnerId, deps.clock.now()),
      running: () => deps.stores.terms.running(),
      setMessage: (id: string, channel: string, ts: string) => deps.stores.terms.setBroadcastMessage(id, channel, ts),
      /** Completes a running broadcast once no delivery is pending or sending (compare-and-set). */
      complete: (id: string) =>
        deps.stores.terms.transaction(async (tx) => {
          const b = await tx.lockBroadcast(id)
          if (b?.status !== 'running') return false
          if ((await tx.unfinished(id)) > 0) return false
          await tx.setBroadcastStatus(id, 'completed', deps.clock.now())
          return true
        }),
      /** The minute sweep: every running broadcast has its pump queued (a no-op while one is queued or running). */
      ensurePumps: async () => {
        const running = await deps.stores.terms.running()
        for (const b of running) await startPump(terms, b.id)
        return running.length
      },
    },
    /** Agreements ending today (a worksection objection): ended, and each partner told. */
    endAgreementsDue: async () => {
      const ended = await deps.stores.terms.endAgreementsDue(deps.clock.now(), (e) => ({
        queue: 'notifications',
        name: 'agreement_ended',
        data: { partnerId: e.partnerId, programKey: e.programKey },
        opts: { jobId: `agreement-ended-${e.partnerId}-${e.programKey}` },
      }))
      return ended.length
    },
    /** What a partner is told about their dispute: null when the partner or the dispute is gone. */
    disputeNotice: async (disputeId: string, messageId?: string) => {
      const dispute = await deps.stores.disputes.byId(disputeId)
      if (!dispute) return null
      const [contact, message] = await Promise.all([
        deps.stores.directory.contact(dispute.partnerId),
        messageId ? deps.stores.disputes.message(messageId) : null,
      ])
      if (!contact) return null
      const program = deps.programs.get(dispute.programKey)
      return { contact, dispute, message, programName: program?.name ?? dispute.programKey, program }
    },

    /** The desk's partner look-up: by id, @username, Telegram id or code; one profile, or the matches. */
    findPartner: (query: string) => findPartner(deskDeps(deps), query),
    partnerProfile: (partnerId: string) => partnerProfile(deskDeps(deps), partnerId),
    payoutDeskView: (payoutId: string) => payoutDeskView(deskDeps(deps), payoutId),
    batchDeskView: (batchId: string) => batchDeskView(deskDeps(deps), batchId),
    batchDeskViews: (programKey?: string, limit = 10) => batchDeskViews(deskDeps(deps), programKey, limit),
    payoutsAwaitingDecision: (limit?: number) => payoutsAwaitingDecision(deskDeps(deps), limit),
    /** Where a finance card was posted (recorded once; false if another card was recorded first). */
    setPayoutCard: (payoutId: string, channel: string, ts: string) =>
      deps.stores.lookup.setPayoutCard(payoutId, { channel, ts }),
    setBatchCard: (batchId: string, channel: string, ts: string) =>
      deps.stores.lookup.setBatchCard(batchId, { channel, ts }),
  }
}

/** What the Slack desk's look-ups and cards read: the payout side plus the look-up store and the statements. */
function deskDeps(deps: CoreDeps): LookupDeps {
  return {
    clock: deps.clock,
    logger: deps.logger,
    program: (key: string) => deps.programs.get(key),
    programs: () => deps.programs.list(),
    payouts: deps.stores.payouts,
    cipher: deps.cipher,
    keyedHash: deps.hashIp,
    lookup: deps.stores.lookup,
    statements: deps.stores.statements,
  }
}

export type Core = ReturnType<typeof createCore>
