import { isDomainError } from '../../../core/domain/errors.ts'
import type { PayoutMethod } from '../../../core/domain/payouts.ts'
import { type Named, programName } from '../../../core/programs/names.ts'
import type { payoutChoices } from '../../../core/use-cases/payout-options.ts'
import type { PayoutPreview } from '../../../core/use-cases/payouts.ts'
import type { Refusal } from '../../i18n/errors.ts'
import type { Translate } from '../../i18n/index.ts'
import type { BotContext } from '../context.ts'
import { amount, longDate, partnerErrorText } from '../format.ts'

// What /payout can offer before it asks anything (payout.ts): each program's methods previewed by core; and the
// preview the partner confirms.

export type Program = ReturnType<typeof payoutChoices>[number]

/**
 * Refusals the flow itself resolves or explains after the details: none on file (asked for), or details the
 * company has not agreed yet (melbet 8.1: entered here, then agreed by finance).
 */
export const AFTER_DETAILS = ['payout.details_missing', 'payout.details_not_agreed']

/** One program and currency: each of its methods, and whether it pays now (else the refusal that says why). */
export interface Option {
  program: string
  currency: string
  /**
   * `ahead`: it pays only to agreed details, none are saved yet (or the manager refused the saved ones), and the money
   * is not there: enter them ahead. `refused`: the manager refused the saved details: other ones are asked for, the
   * refused ones are not offered.
   */
  methods: {
    method: PayoutMethod
    needsDetails: boolean
    ok: boolean
    refusal?: Refusal
    ahead?: boolean
    refused?: boolean
  }[]
}

/**
 * Every program, currency and method the partner could ask for, previewed by core without an amount: the checks a
 * request passes (status, payout holds, agreed details, players, the balance, the minimum) before any detail is
 * asked. Missing or not yet agreed payment details do not count against a method: the flow asks for them.
 */
export async function payableNow(core: BotContext['core'], partnerId: string, programs: Program[]): Promise<Option[]> {
  const out: Option[] = []
  for (const p of programs)
    for (const currency of p.currencies) {
      const methods: Option['methods'] = []
      for (const m of p.methods) {
        const input = { partnerId, programKey: p.key, currency, method: m.method }
        const r = await attempt(() => core.payouts.preview(input))
        if (r.refusal?.code === 'payout.details_not_agreed') {
          // details the manager refused (the partner was told to save other ones with /payout) are none to pay to
          const refused = await core.payouts.detailsRefused(partnerId, p.key, m.method)
          // details still to be agreed are asked for only when there is money to pay; else the money says why not,
          // and a partner with no details yet, or refused ones, may enter them ahead, for the manager to agree before
          // payday
          const money = await attempt(() => core.payouts.preview(input, { agreementAside: true }))
          if (money.refusal && !AFTER_DETAILS.includes(money.refusal.code)) {
            const ahead = refused || !(await core.payouts.savedDetails(partnerId, m.method))
            methods.push({ ...m, ok: false, refusal: money.refusal, ahead })
            continue
          }
          if (refused) {
            methods.push({ ...m, ok: true, refused })
            continue
          }
        }
        const ok = !r.refusal || AFTER_DETAILS.includes(r.refusal.code)
        methods.push({ ...m, ok, ...(ok ? {} : { refusal: r.refusal }) })
      }
      out.push({ program: p.key, currency, methods })
    }
  return out
}

/**
 * Nothing can be paid now: why, per program and currency (each reason once), and that the money stays. With several
 * programs (`named`, also when a blocked one or an application awaiting approval is said after them) each reason
 * stands under its program's name, not after it and a colon: a reason is a sentence of its own.
 */
export function notPayableText(
  t: Translate,
  lang: string,
  programs: Program[],
  options: Option[],
  heading = t('payout.flow.nothing_payable'),
  named = programs.length > 1,
) {
  const lines = [heading]
  const seen = new Set<string>()
  for (const o of options) {
    const prog = programs.find((p) => p.key === o.program)!
    for (const m of o.methods) {
      const why = refusal(t, lang, prog, m.refusal!)
      if (seen.has(`${prog.key} ${why}`)) continue
      if (named && !seen.has(prog.key)) lines.push('', programName(prog, lang))
      seen.add(prog.key).add(`${prog.key} ${why}`)
      lines.push(`• ${why}`)
    }
  }
  return lines.join('\n')
}

/** Runs a core call; a refusal comes back as data (replays need plain values), anything else is thrown. */
export async function attempt<T>(fn: () => Promise<T>): Promise<{ preview?: T; refusal?: Refusal }> {
  try {
    return { preview: await fn() }
  } catch (e) {
    if (isDomainError(e) && e.code !== 'service.unavailable') {
      return { refusal: { code: e.code, data: e.data } }
    }
    throw e
  }
}

export function refusal(t: Translate, lang: string, program: Program, r: Refusal) {
  return partnerErrorText(t, lang, r, { timeZone: program.timeZone, programs: new Map([[program.key, program]]) })
}

/** The preview the partner confirms: program, amount, fee, tax and net (or the credit), details and the date. */
export function previewText(t: Translate, lang: string, prog: Named & { timeZone: string }, p: PayoutPreview) {
  const m = (v: string) => amount(lang, v, p.currency)
  const lines = [
    t('payout.flow.preview_title'),
    t('payout.flow.line_program', { program: programName(prog, lang) }),
    t('payout.flow.line_amount', { amount: m(p.gross) }),
  ]
  if (p.credit) lines.push(t('payout.flow.line_credit', { amount: m(p.credit) }))
  else {
    lines.push(t('payout.flow.line_fee', { amount: m(p.fee) }))
    lines.push(t('payout.flow.line_tax', { amount: m(p.taxWithheld) }))
    lines.push(t('payout.flow.line_net', { amount: m(p.net) }))
  }
  if (p.details) lines.push(t('payout.flow.line_details', { details: p.details }))
  lines.push(t('payout.flow.line_date', { date: longDate(p.expectedAt, lang, prog.timeZone) }))
  if (p.payoutsPaused) lines.push(t('payout.flow.paused', { program: programName(prog, lang) }))
  return lines.join('\n')
}
