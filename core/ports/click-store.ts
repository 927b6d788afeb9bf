import type { SubIds } from '../domain/tracking.ts'
import type { CodeRecord } from './earnings-store.ts'

export interface NewClick {
  /** Made by the caller (newClickId): random, so a landing page learns nothing from it. */
  id: string
  codeId: string
  at: Date
  ipHash?: string
  country?: string
  userAgent?: string
  /** The link's sub-ids, kept with the click and carried to the conversions it leads to. */
  subIds?: SubIds
  /** The partner's enrolment the code belongs to, and the click's day in the program's time zone (YYYY-MM-DD). */
  enrolmentId: string
  day: string
  /**
   * Who clicked (visitorOf); the click is unique when it is this visitor's first on the partner's links that day.
   * Without one (no address, no user agent, no cookie), every click counts as unique.
   */
  visitor?: string
}

export interface ClickStore {
  /**
   * The codes that match these regardless of case, in any order: one read for a batch of clicks (codeAsWritten picks
   * each one's code).
   */
  findCodes(codes: readonly string[]): Promise<CodeRecord[]>
  /**
   * Records a batch of clicks, whether each is its visitor's first of the day (a unique click; of one visitor's clicks
   * in the batch, the earliest), and counts them in the performance rollup, in one transaction. Batches written at
   * once by several processes keep unique clicks and counters exact.
   */
  insertClicks(cs: NewClick[]): Promise<void>
}
