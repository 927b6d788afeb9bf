import type { Clock } from '../ports/clock.ts'
import type { Logger } from '../ports/logger.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import type { LookupDeps } from '../use-cases/partner-lookup.ts'
import type { PayoutDeps } from '../use-cases/payouts.ts'

/** What every module gets: the one clock, the logger, the programs in force and the keyed hash. */
export interface BaseDeps {
  clock: Clock
  logger: Logger
  program: (key: string) => ProgramDefinition | undefined
  /** The definition in force at a date (published commission changes this process has loaded); default: `program`. */
  programAt?: (key: string, when: Date) => ProgramDefinition | undefined
  /** Keyed hash (the key never leaves the installation): IP addresses, request fingerprints. */
  hashIp: (value: string) => string
}

export type { LookupDeps as DeskDeps, PayoutDeps }
