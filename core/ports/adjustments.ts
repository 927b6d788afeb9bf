/** A manual bonus or penalty as recorded (core/domain/adjustments.ts); its money is on the ledger. */
export interface AdjustmentRecord {
  id: string
  enrolmentId: string
  partnerId: string
  programKey: string
  idempotencyKey: string
  currency: string
  amountMinor: bigint
  reason: string
  note?: string
  actor: string
  createdAt: Date
}

/** The adjustments' part of a ledger transaction (the enrolment is locked by the caller). */
export interface AdjustmentTx {
  /**
   * The partner's adjustment made earlier under this key, in any program, if any; the key locked for this
   * transaction (a second request under it waits and finds the first).
   */
  adjustmentByKey(partnerId: string, idempotencyKey: string): Promise<AdjustmentRecord | null>
  insertAdjustment(a: Omit<AdjustmentRecord, 'id' | 'partnerId' | 'programKey'>): Promise<AdjustmentRecord>
  adjustmentById(id: string): Promise<AdjustmentRecord | null>
}
