import { describe, expect, it } from 'vitest'
import {
  checkNotice,
  checkTexts,
  earliestEffective,
  missingLanguages,
  objectionDeadline,
  textFor,
} from '../../core/domain/terms.ts'
import { loadProgramDefinitions } from '../../core/infra/programs/load-definitions.ts'
import { ProgramCatalog } from '../../core/programs/catalog.ts'

const catalog = () => new ProgramCatalog(loadProgramDefinitions())
const program = (key: string) => catalog().get(key)!
const at = new Date('2026-03-02T09:00:00Z')

describe('term change notice', () => {
  it('follows each program: 3 days, 14 days (rates at once), or immediately', () => {
    expect(earliestEffective(program('worksection-referral'), at, false).toISOString()).toBe('2026-03-05T09:00:00.000Z')
    expect(earliestEffective(program('worksection-referral'), at, true).toISOString()).toBe('2026-03-05T09:00:00.000Z')
    expect(earliestEffective(program('worksection-partner'), at, false).toISOString()).toBe('2026-03-16T09:00:00.000Z')
    expect(earliestEffective(program('worksection-partner'), at, true)).toEqual(at)
    for (const key of ['jqsee', 'chetup', 'melbet', 'quantower'])
      expect(earliestEffective(program(key), at, false)).toEqual(at)
    expect(() => checkNotice(program('worksection-partner'), at, new Date('2026-03-10T00:00:00Z'), false)).toThrow(
      expect.objectContaining({ code: 'terms.notice_too_short', data: expect.objectContaining({ noticeDays: 14 }) }),
    )
    // a date already gone is refused as such, with or without a notice period
    for (const key of ['jqsee', 'worksection-partner'])
      expect(() => checkNotice(program(key), at, new Date('2026-02-20T00:00:00Z'), false)).toThrow(
        expect.objectContaining({ code: 'terms.effective_in_past' }),
      )
  })
  it('only worksection-referral lets an objection end the agreement, within 3 days', () => {
    expect(objectionDeadline(program('worksection-referral'), at)?.toISOString()).toBe('2026-03-05T09:00:00.000Z')
    expect(program('worksection-referral').terms.objection?.endsAgreement).toBe(true)
    for (const key of ['jqsee', 'worksection-partner', 'chetup', 'melbet', 'quantower'])
      expect(objectionDeadline(program(key), at)).toBeUndefined()
  })
})

describe('term change texts', () => {
  it('keeps known languages, trims, refuses unknown or empty ones', () => {
    expect(checkTexts({ en: ' New rates. ', ru: '' })).toEqual({ en: 'New rates.' })
    expect(() => checkTexts({ de: 'Neu' })).toThrow(expect.objectContaining({ code: 'terms.unknown_language' }))
    expect(() => checkTexts({ en: '  ' })).toThrow(expect.objectContaining({ code: 'terms.no_text' }))
    // English is what a partner reads whose language has no text
    expect(() => checkTexts({ ru: 'Новые условия.', en: ' ' })).toThrow(
      expect.objectContaining({ code: 'terms.english_required' }),
    )
    expect(() => checkTexts({ en: 'x'.repeat(3001) })).toThrow(expect.objectContaining({ code: 'terms.text_too_long' }))
  })
  it('names the partners’ languages that still have no text; a partner reads their own, else English', () => {
    expect(missingLanguages({ en: 'a', ka: 'b' }, ['ru', 'ka', 'lv'])).toEqual(['lv', 'ru'])
    expect(textFor({ en: 'a', ka: 'b' }, 'ka')).toBe('b')
    expect(textFor({ en: 'a', ka: 'b' }, 'lv')).toBe('a')
  })
})

describe('published commission changes', () => {
  it('apply to what happens from their effective date; before it, the definition as shipped', () => {
    const c = catalog()
    const shipped = c.get('worksection-partner')!
    const cut = {
      ...shipped.commission,
      levels: [{ name: 'silver', after: 0, rateBps: 1000 }],
    } as typeof shipped.commission
    c.amend('worksection-partner', 'v2', 2, new Date('2026-04-01T00:00:00Z'), cut)
    expect(c.at('worksection-partner', new Date('2026-03-31T23:59:59Z'))!.commission).toEqual(shipped.commission)
    expect(c.at('worksection-partner', new Date('2026-04-01T00:00:00Z'))!.commission).toEqual(cut)
    expect(c.get('worksection-partner')).toBe(shipped)
    // the same version loaded twice (a restart) is one amendment; a later one takes over from its date
    c.amend('worksection-partner', 'v2', 2, new Date('2026-04-01T00:00:00Z'), cut)
    c.amend('worksection-partner', 'v3', 3, new Date('2026-05-01T00:00:00Z'), shipped.commission)
    expect(c.at('worksection-partner', new Date('2026-04-15T00:00:00Z'))!.commission).toEqual(cut)
    expect(c.at('worksection-partner', new Date('2026-05-02T00:00:00Z'))!.commission).toEqual(shipped.commission)
    expect(c.at('jqsee', new Date('2026-05-02T00:00:00Z'))).toBe(c.get('jqsee'))
    // a correction effective at the same moment wins over the version it corrects, in whatever order loaded
    const fix = { ...cut, levels: [{ name: 'silver', after: 0, rateBps: 1100 }] } as typeof cut
    c.amend('worksection-partner', 'v5', 5, new Date('2026-06-01T00:00:00Z'), fix)
    c.amend('worksection-partner', 'v4', 4, new Date('2026-06-01T00:00:00Z'), cut)
    expect(c.at('worksection-partner', new Date('2026-06-02T00:00:00Z'))!.commission).toEqual(fix)
  })
})
