import { type PayoutMethod, payoutMethods, statusBlocker } from '../domain/payouts.ts'
import type { PayoutStore } from '../ports/payout-store.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { namesOf } from '../programs/names.ts'

/**
 * The payment details a partner has on file, masked: one per method that the given programs (the partner's) pay
 * by and that needs details, in the programs' order; methods with nothing on file are left out.
 */
export async function paymentDetailsOnFile(
  deps: { payouts: PayoutStore; program: (key: string) => ProgramDefinition | undefined },
  partnerId: string,
  programKeys: readonly string[],
): Promise<{ method: PayoutMethod; mask: string }[]> {
  const methods = new Set<PayoutMethod>()
  for (const key of programKeys) {
    const program = deps.program(key)
    for (const m of program ? payoutMethods(program) : []) if (m.needsDetails) methods.add(m.method)
  }
  const out: { method: PayoutMethod; mask: string }[] = []
  for (const method of methods) {
    const saved = await deps.payouts.transaction((tx) => tx.currentDetails(partnerId, method))
    if (saved) out.push({ method, mask: saved.mask })
  }
  return out
}

/**
 * What /payout offers: of the partner's enrolments, the programs whose status lets them be paid (a terminated
 * agreement still pays out what was earned), each with its currencies and methods (which need details).
 */
export function payoutChoices(
  program: (key: string) => ProgramDefinition | undefined,
  enrolments: readonly { programKey: string; status: string }[],
) {
  return enrolments.flatMap((e) => {
    const p = program(e.programKey)
    if (!p || statusBlocker(e.status)) return []
    return [{ key: p.key, ...namesOf(p), timeZone: p.timeZone, currencies: p.currencies, methods: payoutMethods(p) }]
  })
}
