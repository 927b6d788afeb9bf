import type { IncomingEvent } from '../domain/postback.ts'
import type { DecideInput } from '../domain/rules.ts'
import type { CodeRecord, CustomerRecord, EnrolmentRecord } from '../ports/earnings-store.ts'
import type { CommissionRule, ProgramDefinition } from '../programs/definition.ts'

/** What the program's rules are told: the event, the customer, the partner's enrolment and the history read. */
export function decideInput(
  program: ProgramDefinition,
  event: IncomingEvent,
  code: CodeRecord | null,
  customer: CustomerRecord,
  enrolment: EnrolmentRecord,
  usable: CodeRecord | null,
  history: DecideInput['history'],
  /** Under a deal: the program's own rule, which the deal replaces while it lasts. */
  ownRule?: CommissionRule,
): DecideInput {
  return {
    program,
    event: {
      type: event.type,
      occurredAt: event.occurredAt,
      amountMinor: event.amountMinor,
      currency: event.currency,
      monthsPaid: event.monthsPaid,
      settled: event.settled,
      order: event.order,
      campaignKey: event.campaign ?? code?.campaignKey,
      country: event.country,
    },
    customer: {
      ineligible: customer.ineligible,
      acquiredRateBps: customer.acquiredRateBps,
      acquiredLevelCount: customer.acquiredLevelCount,
      firstPaidAt: customer.firstPaidAt,
      qualifiedAt: customer.qualifiedAt,
      rewarded: program.commission.type === 'one_time_reward' && customer.firstPaidAt !== undefined,
    },
    enrolment: {
      registeredAt: enrolment.registeredAt,
      rateOverrideBps: enrolment.rateOverrideBps,
      codeRateOverrideBps: usable?.rateOverrideBps,
      campaigns: enrolment.campaigns,
      underDeal: ownRule !== undefined,
      ownRule,
    },
    history,
  }
}
