import { describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { commissionChangeBlocks } from '../../bots/slack/desk/terms-commission.ts'
import { loadProgramDefinitions } from '../../core/infra/programs/load-definitions.ts'

/**
 * The preview an admin reads before publishing a commission change says what the engine will do: customers acquired
 * before keep their rate only where the rule has levels (worksection-partner: "15% for life"); a single rate
 * (jqsee, quantower) is the rate of every payment from the change's date, existing customers' included.
 */
const i18n = createI18n()
const programs = new Map(loadProgramDefinitions().map((d) => [d.key, d]))
const keeps = i18n.t('en')('desk.publish.change_keeps_rate', { date: '2026-06-01' })
const preview = (key: string, rateBps: (bps: number) => number) => {
  const before = programs.get(key)!.commission
  if (before.type !== 'payment_share') throw new Error(`${key} is no payment share`)
  const after = { ...before, levels: before.levels.map((l) => ({ ...l, rateBps: rateBps(l.rateBps) })) }
  const blocks = commissionChangeBlocks(
    { t: i18n.t('en'), language: 'en' },
    { before, after, currency: 'USD', from: '2026-06-01', partners: 2 },
  )
  return JSON.stringify(blocks)
}

describe('the commission change preview', () => {
  it('jqsee and quantower: a new single rate reaches existing customers, so the preview does not say they keep theirs', () => {
    expect(preview('jqsee', () => 1200)).not.toContain(keeps)
    expect(preview('quantower', () => 2500)).not.toContain(keeps)
  })

  it('worksection-partner: clients keep the rate of the level they were acquired at', () => {
    expect(preview('worksection-partner', (bps) => bps + 300)).toContain(keeps)
  })
})
