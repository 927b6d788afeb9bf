import { DomainError } from '../domain/errors.ts'
import { DETAILS_SCHEMA, detailsProblem, maskDetails, needsDetails } from '../domain/payment-details.ts'
import { needsAgreedDetails, type PayoutMethod } from '../domain/payouts.ts'
import type { PayoutTx, SavedDetails } from '../ports/payout-store.ts'
import { announceDetailsReview } from './details-agreement.ts'
import type { PayoutDeps, PayoutInput } from './payouts.ts'

/** New details are validated and stored encrypted; otherwise the partner's saved ones for the method. */
export async function resolveDetails(
  deps: PayoutDeps,
  tx: PayoutTx,
  input: PayoutInput,
  partnerId: string,
): Promise<SavedDetails | undefined> {
  if (!needsDetails(input.method)) return undefined
  if (input.details) {
    // details given with a request replace the saved ones too: the programs that need them agreed get a card
    const saved = await saveDetails(deps, tx, partnerId, input.method, input.details)
    await announceDetailsReview(deps, tx, partnerId, saved)
    return saved
  }
  const saved = await tx.currentDetails(partnerId, input.method)
  if (!saved) throw new DomainError('payout.details_missing', { method: input.method })
  return saved
}

/**
 * A transaction that may save payment details locks their owner first, before any enrolment: the order an erasure
 * takes too (partner, then enrolments), so neither can see the other half done, and they cannot deadlock.
 */
export async function lockDetailsOwner(tx: PayoutTx, partnerId: string) {
  if (!(await tx.lockPartner(partnerId))) throw new DomainError('partner.not_found', { partner: partnerId })
}

async function saveDetails(
  deps: PayoutDeps,
  tx: PayoutTx,
  partnerId: string,
  method: PayoutMethod,
  raw: Record<string, unknown>,
): Promise<SavedDetails> {
  const schema = DETAILS_SCHEMA[method]
  if (!schema) throw new DomainError('payout.details_not_needed', { method })
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    throw new DomainError(
      'payout.details_invalid',
      {
        method,
        // a field the method does not have is named, as everywhere in the API (zod reports it with an empty path)
        issues: parsed.error.issues.flatMap((i) =>
          i.code === 'unrecognized_keys'
            ? i.keys.map((k) => ({ path: [...i.path, k].join('.'), message: 'unknown field' }))
            : [{ path: i.path.join('.'), message: i.message }],
        ),
        // which check failed, so the partner can be told what to fix (never the details themselves)
        ...detailsProblem(parsed.error.issues),
      },
      'The payment details are not valid',
    )
  }
  // the transaction took the partner's lock first (lockDetailsOwner); taking it again here changes nothing
  await lockDetailsOwner(tx, partnerId)
  const { keyId, ciphertext } = deps.cipher.encrypt(Buffer.from(JSON.stringify(parsed.data)), partnerId)
  return tx.saveDetails({
    partnerId,
    method,
    keyId,
    ciphertext,
    mask: maskDetails(method, parsed.data),
    at: deps.clock.now(),
    voidsAgreement: (programKey) => {
      const program = deps.program(programKey)
      return !program || needsAgreedDetails(program, method)
    },
  })
}

/** Saves a partner's payment details for a method (encrypted); only the mask comes back. */
export async function savePaymentDetails(
  deps: PayoutDeps,
  input: { partnerId: string; method: PayoutMethod; details: Record<string, unknown>; actor: string },
): Promise<SavedDetails> {
  return deps.payouts.transaction(async (tx) => {
    await lockDetailsOwner(tx, input.partnerId)
    const saved = await saveDetails(deps, tx, input.partnerId, input.method, input.details)
    await tx.audit({
      at: deps.clock.now(),
      actor: input.actor,
      action: 'payment_details.saved',
      subjectType: 'partner',
      subjectId: input.partnerId,
      data: { method: input.method, mask: saved.mask },
    })
    await announceDetailsReview(deps, tx, input.partnerId, saved)
    return saved
  })
}

/**
 * Key rotation: every record under an older key is decrypted and encrypted again under the current one, after
 * which the old key can leave PAYMENT_DETAILS_KEYS. Idempotent; safe beside live writes (compare-and-set).
 */
export async function rewrapPaymentDetails(
  deps: PayoutDeps,
  actor: string,
): Promise<{ rewrapped: number; keyId: string }> {
  const keyId = deps.cipher.currentKeyId
  let rewrapped = 0
  for (;;) {
    const page = await deps.payouts.detailsNotUnder(keyId, 200)
    if (!page.length) break
    for (const r of page) {
      const plain = deps.cipher.decrypt(r.keyId, r.ciphertext, r.partnerId)
      const next = deps.cipher.encrypt(plain, r.partnerId)
      if (await deps.payouts.rewrapDetails(r.id, r.keyId, next.keyId, next.ciphertext)) rewrapped++
    }
  }
  await deps.payouts.transaction((tx) =>
    tx.audit({
      at: deps.clock.now(),
      actor,
      action: 'payment_details.rewrapped',
      subjectType: 'system',
      subjectId: 'payment_details',
      data: { keyId, rewrapped },
    }),
  )
  return { rewrapped, keyId }
}
