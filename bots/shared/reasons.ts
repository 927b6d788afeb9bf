import type { ProgramDefinition } from '../../core/programs/definition.ts'
import { campaignName } from '../../core/programs/names.ts'
import { reasonWords } from '../i18n/errors.ts'
import type { Translate } from '../i18n/index.ts'

/**
 * A reason code (a hold, a rejection, a sanction, a flag) as a partner reads it, in their language, including the
 * catalogue's words for a payout refusal used as a reason; see reasonWords.
 */
export function reasonText(t: Translate, code: string): string {
  return reasonWords(t, code, 'partner')
}

/** A reason code as the desk reads it: about "the partner", never "you" (desk.reasons, then the partner's words). */
export function deskReasonText(t: Translate, code: string): string {
  return reasonWords(t, code, 'desk')
}

/**
 * What a disputed item is, in the reader's words: a commission's rule ("a share of customers' payments", a
 * network's campaign by its name, never `campaign:app-lead`), a payout's method, a sanction's kind.
 */
export function itemDetailText(
  t: Translate,
  language: string,
  subject: 'commission' | 'payout' | 'sanction',
  detail: string,
  program: Pick<ProgramDefinition, 'commission'> | undefined,
): string {
  const tr = t as unknown as (key: string, options?: Record<string, unknown>) => string
  if (subject === 'payout') return tr(`payout.method.${detail}`, { defaultValue: detail })
  if (subject === 'sanction') return tr(`disputes.sanction_kind.${detail}`, { defaultValue: detail })
  if (detail.startsWith('campaign:')) {
    const key = detail.slice('campaign:'.length)
    const c =
      program?.commission.type === 'campaigns' ? program.commission.campaigns.find((x) => x.key === key) : undefined
    return tr('disputes.rule.campaign', { campaign: campaignName(c, language, key) })
  }
  return tr(`disputes.rule.${detail}`, { defaultValue: detail })
}

/**
 * A sanction's kind as a key of the desk's words (partner_desk.kind, its modal's effect): a disqualification annuls
 * one-time rewards where the program pays them (worksection-referral), a commission elsewhere, as the partner reads.
 */
export function sanctionKindKey(kind: string, paysRewards: boolean | undefined) {
  return (kind === 'disqualify' && paysRewards ? 'disqualify_reward' : kind) as 'warning'
}
