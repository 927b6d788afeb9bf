import { describe, expect, it } from 'vitest'
import { loadProgramDefinitions } from '../../core/infra/programs/load-definitions.ts'
import { endingTerms, noticeHours } from '../../core/use-cases/endings.ts'

const byKey = Object.fromEntries(loadProgramDefinitions().map((d) => [d.key, d]))
const NOW = new Date('2026-05-04T09:00:00Z')

/** Issue 15 item 10: each program's termination clause, as its definition holds it (seeds 000-004). */
describe('item 10. how each program ends an agreement, from its definition', () => {
  it('worksection-referral 8.6 "24 сағаттан кейін тоқтатылады"; 7.1 the partner leaves by writing (at once); 4.6.1 paid at the end at any amount', () => {
    const p = byKey['worksection-referral']!
    expect(noticeHours(p, 'breach')).toBe(24)
    expect(noticeHours(p, 'convenience')).toBe(24)
    expect(noticeHours(p, 'partner_request')).toBe(0)
    expect(noticeHours(p, 'terms_objection')).toBe(0)
    expect(endingTerms(p, 'convenience', NOW)).toMatchObject({
      endsAt: new Date('2026-05-05T09:00:00Z'),
      unpaid: 'paid_any_amount',
      lastPaymentDays: null,
    })
    // 3.5.3 "Келісімнің шарттарын бұзған жағдайда, ... шотындағы жинақталған сыйақы жабылатын болады"
    expect(endingTerms(p, 'breach', NOW)).toMatchObject({
      endsAt: new Date('2026-05-05T09:00:00Z'),
      unpaid: 'forfeited',
    })
    expect(p.termination.source).toMatch(/8\.6.*8\.7.*7\.1.*3\.5\.3/s)
  })

  it('worksection-partner 9.2 "10 күнтізбелік күн" for a breach, 9.1 "31 (отыз бір) күн" either way, 5.5 the last payment up to 60 days later', () => {
    const p = byKey['worksection-partner']!
    expect(noticeHours(p, 'breach')).toBe(10 * 24)
    expect(noticeHours(p, 'convenience')).toBe(31 * 24)
    expect(noticeHours(p, 'partner_request')).toBe(31 * 24)
    expect(endingTerms(p, 'partner_request', NOW).endsAt).toEqual(new Date('2026-06-04T09:00:00Z'))
    expect(p.termination.lastPaymentDays).toBe(60)
  })

  it('jqsee, chetup, melbet and quantower name no notice: at once, and earned money stays payable at any amount (the conservative choice), said in `source`', () => {
    for (const key of ['jqsee', 'chetup', 'melbet', 'quantower']) {
      const p = byKey[key]!
      expect(p.termination).toMatchObject({
        companyNoticeHours: { breach: 0, convenience: 0 },
        partnerNoticeHours: 0,
        unpaid: 'paid_any_amount',
      })
      expect(p.termination.source, key).toMatch(/Seed 00\d/)
    }
  })
})
