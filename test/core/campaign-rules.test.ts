import { describe, expect, it } from 'vitest'
import { decide } from '../../core/domain/rules.ts'
import { loadProgramDefinitions } from '../../core/infra/programs/load-definitions.ts'

const chetup = loadProgramDefinitions().find((d) => d.key === 'chetup')!
const at = new Date('2026-03-05T12:00:00Z')

/** A lead of campaign `app-lead` for a partner who joined `campaigns` (undefined: the store did not say). */
const lead = (campaigns: string[] | undefined) =>
  decide({
    program: chetup,
    event: { type: 'lead', occurredAt: at, settled: true, campaignKey: 'app-lead', country: 'GE' },
    customer: { rewarded: false },
    enrolment: { registeredAt: new Date('2026-01-10T12:00:00Z'), campaigns },
    history: { earlierPayingCustomers: 0, newUsersInMonth: 0, repeatIpInCampaign: false, orderCommissions: [] },
  }).decisions

describe('item 11 (pure rule): chetup pays only for campaigns the partner joined', () => {
  it('item 11. seed 002 "გაეცნოს კამპანიის წესებს და პირობებს კამპანიაში ჩართვამდე": a campaign the partner did not join earns nothing (campaign_not_joined); a joined one pays its commission', () => {
    expect(lead(['cafe-sale'])).toEqual([{ kind: 'none', reason: 'campaign_not_joined' }])
    expect(lead([])).toEqual([{ kind: 'none', reason: 'campaign_not_joined' }])
    expect(lead(['cafe-sale', 'app-lead'])).toMatchObject([
      { kind: 'commission', rule: 'campaign:app-lead', amountMinor: 200n, status: 'pending' },
    ])
  })
})
