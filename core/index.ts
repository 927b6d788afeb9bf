import { type ApplicationsModule, createApplications } from './modules/applications.ts'
import { type BatchesModule, createBatches } from './modules/batches.ts'
import { type CodesModule, createCodes } from './modules/codes.ts'
import { createDeals, type DealsModule } from './modules/deals.ts'
import type { BaseDeps, DeskDeps, PayoutDeps } from './modules/deps.ts'
import { createDisputes, type DisputesModule } from './modules/disputes.ts'
import { createEarnings, type EarningsModule } from './modules/earnings.ts'
import { createEndings, type EndingsModule } from './modules/endings.ts'
import { createPartners, type PartnersModule } from './modules/partners.ts'
import { createPayouts, type PayoutsModule } from './modules/payouts.ts'
import { createQueues, type QueuesModule } from './modules/queues.ts'
import { createReports, type ReportsModule } from './modules/reports.ts'
import { createSanctions, type SanctionsModule } from './modules/sanctions.ts'
import { createTerms, type TermsModule } from './modules/terms.ts'
import type { ClickStore } from './ports/click-store.ts'
import type { Clock } from './ports/clock.ts'
import type { CodeStore } from './ports/code-store.ts'
import type { DealStore } from './ports/deal-store.ts'
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
import type { PerformanceReader } from './ports/performance.ts'
import type { QueueReader } from './ports/queues.ts'
import type { RefereeBonusStore } from './ports/referee-bonuses.ts'
import type { ReviewFlagStore } from './ports/review-flags.ts'
import type { DetailsCipher } from './ports/secrets.ts'
import type { StatementReader } from './ports/statement-reader.ts'
import type { TermsStore } from './ports/terms-store.ts'
import type { ProgramCatalog } from './programs/catalog.ts'
import { checkReadiness, type Readiness } from './use-cases/check-readiness.ts'
import { CodeCache, clearingCodes } from './use-cases/code-cache.ts'
import { ruleVersions } from './use-cases/rule-versions.ts'

export interface CoreStores {
  earnings: EarningsStore
  partners: PartnerStore
  statements: StatementReader
  clicks: ClickStore
  ledger: LedgerStore
  directory: PartnerDirectory
  payouts: PayoutStore
  flags: ReviewFlagStore
  refereeBonuses: RefereeBonusStore
  disputes: DisputeStore
  terms: TermsStore
  lookup: PartnerLookupStore
  deals: DealStore
  codes: CodeStore
  queues: QueueReader
  performance: PerformanceReader
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
 * The product's rules, as capability modules. Transports (bots/) hold a Core and call its modules' use-cases; they
 * never reach the database or the queue themselves.
 */
export interface Core {
  clock: Clock
  programs: ProgramCatalog
  /** Database, Redis and migrations: what /readyz reports. */
  readiness(): Promise<Readiness>
  partners: PartnersModule
  applications: ApplicationsModule
  /** Agreements the company ends or the partner leaves, with each program's notice. */
  endings: EndingsModule
  earnings: EarningsModule
  reports: ReportsModule
  payouts: PayoutsModule
  batches: BatchesModule
  disputes: DisputesModule
  sanctions: SanctionsModule
  terms: TermsModule
  deals: DealsModule
  codes: CodesModule
  /** The desk's work queues: counts and oldest items (App Home, GET /v1/queues). */
  queues: QueuesModule
}

/** The composition root of core: builds each module from the ports it needs, and nothing else. */
export function createCore(deps: CoreDeps): Core {
  const { stores } = deps
  const programAt = (key: string, when: Date) => deps.programs.at(key, when)
  const base: BaseDeps = {
    clock: deps.clock,
    logger: deps.logger,
    program: (key) => deps.programs.get(key),
    programAt,
    hashIp: deps.hashIp,
  }
  const pay: PayoutDeps = { ...base, payouts: stores.payouts, cipher: deps.cipher, keyedHash: deps.hashIp }
  const desk: DeskDeps = {
    ...pay,
    programs: () => deps.programs.list(),
    lookup: stores.lookup,
    statements: stores.statements,
  }
  // the published commission changes, at the revision each postback's transaction reads (rule-versions.ts)
  const rules = ruleVersions(deps.programs, () => stores.terms.publishedRules())
  // the codes as clicks read them: what changes codes or enrolments here clears it; another instance's change is
  // seen within its TTL
  const codes = new CodeCache((list) => stores.clicks.findCodes(list))
  const changing = <M extends object>(m: M) => clearingCodes(m, codes)
  return {
    clock: deps.clock,
    programs: deps.programs,
    readiness: () => checkReadiness(deps.probes),
    partners: changing(createPartners({ ...base, partners: stores.partners, directory: stores.directory, desk })),
    applications: changing(createApplications({ ...base, ledger: stores.ledger, lookup: stores.lookup })),
    endings: changing(createEndings({ ...base, ledger: stores.ledger, terms: stores.terms })),
    earnings: createEarnings({
      ...base,
      store: stores.earnings,
      clicks: stores.clicks,
      ledger: stores.ledger,
      flags: stores.flags,
      refereeBonuses: stores.refereeBonuses,
      rulesAt: (key, when, revision, load) => rules.at(key, when, revision, load),
      codes,
    }),
    reports: createReports({
      ...base,
      statements: stores.statements,
      directory: stores.directory,
      jobs: deps.jobs,
      performance: stores.performance,
    }),
    payouts: createPayouts({
      ...pay,
      directory: stores.directory,
      lookup: stores.lookup,
      desk,
      statements: stores.statements,
    }),
    batches: createBatches({ ...pay, lookup: stores.lookup, desk }),
    disputes: createDisputes({
      ...base,
      disputes: stores.disputes,
      ledger: stores.ledger,
      directory: stores.directory,
    }),
    sanctions: changing(createSanctions({ ...base, ledger: stores.ledger, directory: stores.directory })),
    terms: createTerms({
      ...base,
      jobs: deps.jobs,
      terms: stores.terms,
      broadcastRate: deps.broadcastRates?.normal ?? 30,
      paidBroadcastRate: deps.broadcastRates?.paid ?? 1000,
      rules,
    }),
    deals: changing(createDeals({ ...base, deals: stores.deals, programAt })),
    codes: changing(createCodes({ ...base, codes: stores.codes })),
    queues: createQueues({ queues: stores.queues, clock: deps.clock, programs: () => deps.programs.list() }),
  }
}
