import { DomainError } from '../domain/errors.ts'
import { allows, type PayoutMethod } from '../domain/payouts.ts'
import type { PartnerDirectory } from '../ports/partner-directory.ts'
import type { PartnerLookupStore } from '../ports/partner-lookup.ts'
import type { SavedDetails } from '../ports/payout-store.ts'
import type { StatementReader } from '../ports/statement-reader.ts'
import { decideDetails, detailsDeskView, revealDetails } from '../use-cases/details-agreement.ts'
import { payoutNotice } from '../use-cases/notices.ts'
import { payoutDeskView, payoutsAwaitingDecision } from '../use-cases/partner-lookup.ts'
import { rewrapPaymentDetails, savePaymentDetails } from '../use-cases/payment-details.ts'
import { decidePayout } from '../use-cases/payout-decisions.ts'
import { paymentDetailsOnFile, payoutChoices } from '../use-cases/payout-options.ts'
import { revealPayoutDetails } from '../use-cases/payout-reveal.ts'
import { setPayoutSettings } from '../use-cases/payout-settings.ts'
import { type PayoutJson, payoutJson, previewPayout, requestPayout } from '../use-cases/payouts.ts'
import type { DeskDeps, PayoutDeps } from './deps.ts'
import type { UseCase } from './use-case.ts'

/** Payout requests and their decisions, payment details, and what partners and finance are shown of them. */
export interface PayoutsModule {
  preview: UseCase<typeof previewPayout>
  request: UseCase<typeof requestPayout>
  decide: UseCase<typeof decidePayout>
  get(id: string): Promise<PayoutJson | null>
  /**
   * A partner's payouts (in a program), newest first. As their statement: an unknown or erased partner is
   * partner.not_found, a program they never joined enrolment.not_found.
   */
  of(partnerId: string, programKey?: string): Promise<PayoutJson[]>
  /** A partner's current details for a method (masked), or null. */
  savedDetails(partnerId: string, method: PayoutMethod): Promise<SavedDetails | null>
  /**
   * Whether finance refused the partner's current details for a method in the program (asked for other ones): no
   * details to pay to there, so other ones are asked for.
   */
  detailsRefused(partnerId: string, programKey: string, method: PayoutMethod): Promise<boolean>
  saveDetails: UseCase<typeof savePaymentDetails>
  setSettings: UseCase<typeof setPayoutSettings>
  rewrapDetails: UseCase<typeof rewrapPaymentDetails>
  notice: UseCase<typeof payoutNotice>
  deskView: UseCase<typeof payoutDeskView>
  awaitingDecision: UseCase<typeof payoutsAwaitingDecision>
  /** Where a finance card was posted (recorded once; false if another card was recorded first). */
  setCard(payoutId: string, channel: string, ts: string): Promise<boolean>
  /** The partner's requests still waiting, which they may cancel (the money goes back to the balance). */
  cancellable(partnerId: string): Promise<PayoutJson[]>
  /** The programs a partner may ask to be paid from, with their currencies and methods (which need details). */
  choices(enrolments: readonly { programKey: string; status: string }[]): ReturnType<typeof payoutChoices>
  detailsOnFile: UseCase<typeof paymentDetailsOnFile>
  /** A partner's details as finance's card shows them (masked), for a program that pays only to agreed details. */
  detailsView: UseCase<typeof detailsDeskView>
  /** Finance agrees the details or asks for other ones (audited; the partner is told). */
  decideDetails: UseCase<typeof decideDetails>
  /** The full details, decrypted for one finance reader; audited. */
  revealDetails: UseCase<typeof revealDetails>
  /** The full details a payout is paid to, decrypted for one finance reader; audited. */
  revealPayoutDetails: UseCase<typeof revealPayoutDetails>
}

export function createPayouts(
  deps: PayoutDeps & {
    directory: PartnerDirectory
    lookup: PartnerLookupStore
    desk: DeskDeps
    statements: Pick<StatementReader, 'partnerExists'>
  },
): PayoutsModule {
  const store = deps.payouts
  return {
    preview: (input, opts) => previewPayout(deps, input, opts),
    request: (input) => requestPayout(deps, input),
    decide: (input) => decidePayout(deps, input),
    get: async (id) => {
      const p = await store.payout(id)
      return p && payoutJson(p)
    },
    of: async (partnerId, programKey) => {
      if (!(await deps.statements.partnerExists(partnerId)))
        throw new DomainError('partner.not_found', { partner: partnerId })
      if (programKey && !(await deps.statements.partnerExists(partnerId, programKey)))
        throw new DomainError('enrolment.not_found', { partner: partnerId, program: programKey })
      return (await store.payoutsOf(partnerId, programKey, 100)).map(payoutJson)
    },
    savedDetails: (partnerId, method) => store.transaction((tx) => tx.currentDetails(partnerId, method)),
    detailsRefused: (partnerId, programKey, method) =>
      store.transaction(async (tx) => {
        const current = await tx.currentDetails(partnerId, method)
        return current ? tx.detailsRefused(partnerId, programKey, current.id) : false
      }),
    saveDetails: (input) => savePaymentDetails(deps, input),
    setSettings: (input) => setPayoutSettings(deps, input),
    rewrapDetails: (actor) => rewrapPaymentDetails(deps, actor),
    notice: (payoutId) => payoutNotice(deps, payoutId),
    deskView: (payoutId) => payoutDeskView(deps.desk, payoutId),
    awaitingDecision: (limit) => payoutsAwaitingDecision(deps.desk, limit),
    setCard: (payoutId, channel, ts) => deps.lookup.setPayoutCard(payoutId, { channel, ts }),
    cancellable: async (partnerId) =>
      (await store.payoutsOf(partnerId, undefined, 100)).filter((p) => allows('cancel', p.status)).map(payoutJson),
    choices: (enrolments) => payoutChoices(deps.program, enrolments),
    detailsOnFile: (partnerId, programKeys) => paymentDetailsOnFile(deps, partnerId, programKeys),
    detailsView: (ref) => detailsDeskView(deps, ref),
    decideDetails: (input) => decideDetails(deps, input),
    revealDetails: (input) => revealDetails(deps, input),
    revealPayoutDetails: (input) => revealPayoutDetails(deps, input),
  }
}
