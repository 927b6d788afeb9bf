import type { KnownBlock } from '@slack/types'
import { type CommissionRule, commissionRuleSchema } from '../../../core/programs/definition.ts'
import { levelName } from '../../../core/programs/names.ts'
import { amountText, percentText } from '../../i18n/format.ts'
import type { Translate } from '../../i18n/index.ts'
import { plain } from '../views.ts'
import { fractionRefused, levelsText, parseLevels } from './deals.ts'

/**
 * The term change's commission section: the rule in force, as `threshold: value` lines (the deals modal's shape), to
 * edit. Left as it is, the change attaches no new rule; edited, the new rule applies from the effective date.
 */
export function commissionInput(t: Translate, rule: CommissionRule, currency: string): KnownBlock[] {
  const text = levelsText(rule)
  if (!text) return []
  return [
    {
      type: 'input',
      block_id: 'commission',
      optional: true,
      label: plain(
        t(`deals.desk.modal.levels.${rule.type}` as 'deals.desk.modal.levels.payment_share', { currency }),
        2000,
      ),
      hint: plain(t('desk.publish.commission_hint'), 2000),
      element: { type: 'plain_text_input', action_id: 'levels', multiline: true, max_length: 500, initial_value: text },
    },
  ]
}

/** The same lines, whatever spaces and decimal mark (`22,5` or `22.5`) they were typed with. */
const same = (a: string, b: string) =>
  a.replace(/\s+/g, '').replaceAll(',', '.') === b.replace(/\s+/g, '').replaceAll(',', '.')

/**
 * The commission section read: no rule when it is empty or as the form showed it (`shown`), the new rule (`rule`, the
 * one in force at the change's date, with the levels replaced, checked with the definition's schema), or the error to
 * show on the field.
 */
export function readCommission(
  t: Translate,
  typed: { rule: CommissionRule; text: string; currency: string; shown?: CommissionRule },
  ratesOnly: boolean,
): { rule?: CommissionRule; error?: string } {
  const { rule, text, currency, shown = rule } = typed
  const unchanged = !text.trim() || same(text, levelsText(shown))
  if (unchanged) return ratesOnly ? { error: t('desk.publish.needs_commission') } : {}
  const fields = parseLevels(rule, text, currency)
  if (!fields && fractionRefused(rule, text, currency))
    return { error: t('deals.desk.modal.amount_whole', { currency }) }
  if (!fields) return { error: t('deals.desk.modal.levels_invalid') }
  const parsed = commissionRuleSchema.safeParse({ ...rule, ...fields })
  if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }
  return { rule: parsed.data }
}

type Row = { name: string; value: string }

function rows(language: string, rule: CommissionRule, currency: string): Row[] {
  const pct = (bps: number) => percentText(language, bps)
  switch (rule.type) {
    case 'payment_share':
      return rule.levels.map((l) => ({ name: `${levelName(l, language)} (${l.after}+)`, value: pct(l.rateBps) }))
    case 'revenue_share':
      return rule.tiers.map((x) => ({ name: `${x.minNewUsers}+`, value: pct(x.rateBps) }))
    case 'one_time_reward':
      return rule.levels.map((l) => ({
        name: `${levelName(l, language)} (${l.after}+)`,
        value: amountText(language, l.amount, currency),
      }))
    default:
      return []
  }
}

/**
 * What the change does to money, before publishing: old and new value per level, from when, how many active
 * partners it concerns, and (a payment share with levels) that customers acquired before keep their rate.
 */
export function commissionChangeBlocks(
  r: { t: Translate; language: string },
  a: { before: CommissionRule; after: CommissionRule; currency: string; from: string; partners: number },
): KnownBlock[] {
  const { t, language } = r
  const old = rows(language, a.before, a.currency)
  const next = rows(language, a.after, a.currency)
  const lines = [t('desk.publish.change_title', { date: a.from })]
  for (let i = 0; i < Math.max(old.length, next.length); i++) {
    const name = next[i]?.name ?? old[i]!.name
    const was = old[i]?.value ?? '—'
    const now = next[i]?.value ?? '—'
    lines.push(`• ${name}: ${was === now ? was : `${was} → *${now}*`}`)
  }
  lines.push(t('desk.publish.change_partners', { count: a.partners }))
  if (a.after.type === 'payment_share' && a.after.levels.length > 1)
    lines.push(t('desk.publish.change_keeps_rate', { date: a.from }))
  return [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 2900) } }]
}
