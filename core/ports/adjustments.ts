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
  /** The adjustment made earlier under this key for this enrolment, if any. */
  adjustmentByKey(enrolmentId: string, idempotencyKey: string): Promise<AdjustmentRecord | null>
  insertAdjustment(a: Omit<AdjustmentRecord, 'id' | 'partnerId' | 'programKey'>): Promise<AdjustmentRecord>
  adjustmentById(id: string): Promise<AdjustmentRecord | null>
}
