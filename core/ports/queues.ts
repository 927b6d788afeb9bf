/** The desk's work queues (the App Home dashboard, `GET /v1/queues`): what waits for a person, oldest first. */
export const QUEUE_KEYS = [
  'applications',
  'held_commissions',
  'review_flags',
  'payouts',
  'payment_details',
  'disputes',
  'terms_objections',
  'referee_bonuses',
] as const
export type QueueKey = (typeof QUEUE_KEYS)[number]

/** One waiting item: whose it is, the program, its money (if any) and the date it is ordered by. */
export interface QueueItem {
  id: string
  partnerId: string
  partnerName?: string
  programKey: string
  amountMinor?: bigint
  currency?: string
  /** When it arrived (a dispute: its answer-by date). */
  at: Date
  /** What kind of item (a flag's kind, a hold's reason, a payout's or dispute's status). */
  kind?: string
  /** A dispute's number. */
  number?: number
  /** Payment details awaiting agreement: the saved details' id and their masked form. */
  detailsId?: string
  mask?: string
  /** A term-change objection: the terms version objected to. */
  version?: number
}

export interface QueueSummary {
  key: QueueKey
  count: number
  oldest: QueueItem[]
}

/** What the reader needs from the program definitions and the clock. */
export interface QueueContext {
  /** Per program, the payout methods whose details are paid to only once finance agreed them. */
  agreedMethods: ReadonlyArray<{ programKey: string; methods: readonly string[] }>
  /** Objections wait until their term change takes effect (then the change, or the ending, has happened). */
  now: Date
  /** Only this program's items (the operator API's `?program=`); every program's when omitted. */
  programKey?: string
}

export interface QueueReader {
  /** The asked queues' counts and `limit` oldest items each (one count and one read per queue). */
  overview(keys: readonly QueueKey[], limit: number, ctx: QueueContext): Promise<QueueSummary[]>
}
