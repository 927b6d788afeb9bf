import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { endingText } from '../../bots/shared/ending-text.ts'
import { programTermsText } from '../../bots/shared/program-terms.ts'
import { broadcastProgressBlocks } from '../../bots/slack/desk/terms.ts'
import { commissionChangeBlocks } from '../../bots/slack/desk/terms-commission.ts'
import { campaignLine } from '../../bots/telegram/campaign-choice.ts'
import { loadProgramDefinitions } from '../../core/infra/programs/load-definitions.ts'
import { namesOf } from '../../core/programs/names.ts'

/**
 * Program, campaign and level names come from the definition in the reader's language (issue 18 item 6): a text a
 * partner or an agent reads never shows the default (English) name of something that has a name in their language.
 */
const i18n = createI18n()
const programs = new Map(loadProgramDefinitions().map((d) => [d.key, d]))
const get = (key: string) => programs.get(key)!
const chetup = get('chetup')
const campaigns = chetup.commission.type === 'campaigns' ? chetup.commission.campaigns : []
const reader = (language: 'en' | 'ru' | 'kk' | 'ka' | 'lv') => ({
  t: i18n.t(language),
  language,
  programName: (k: string) => programs.get(k)?.name ?? k,
})

describe('names per language', () => {
  it("the partner reads chetup's campaigns in Georgian: the terms at join and the campaign choice", () => {
    const terms = programTermsText(reader('ka'), chetup)
    for (const [en, ka] of [
      ['Cafe: sales', 'კაფე: გაყიდვები'],
      ['Bank: new customers', 'ბანკი: ახალი კლიენტები'],
      ['Shop: visits', 'მაღაზია: ვიზიტები'],
    ]) {
      expect(terms).toContain(ka)
      expect(terms).not.toContain(en)
    }
    const cafe = campaigns.find((c) => c.key === 'cafe-sale')!
    expect(campaignLine(i18n.t('ka'), 'ka', cafe, 'GEL')).toMatch(/^კაფე: გაყიდვები — /)
    expect(campaignLine(i18n.t('ru'), 'ru', cafe, 'GEL')).toMatch(/^Кафе: продажи — /)
    // English reads the default name; a language without a translation too
    expect(campaignLine(i18n.t('en'), 'en', cafe, 'GEL')).toMatch(/^Cafe: sales — /)
  })

  it('an ending notice names the program in the partner language', () => {
    const facts = {
      programNames: namesOf(get('worksection-referral')),
      timeZone: 'Europe/Kyiv',
      endsAt: new Date('2026-05-11T09:00:00Z'),
      reason: 'breach' as const,
      unpaid: 'paid_any_amount' as const,
      minimum: '50.00',
      currency: 'USD',
      lastPaymentDays: null,
    }
    const ru = endingText(i18n.t('ru'), 'ru', facts, 'ending')
    expect(ru).toContain('Worksection (реферальная)')
    expect(ru).not.toContain('Worksection referral program')
    expect(endingText(i18n.t('en'), 'en', facts, 'ending')).toContain('Worksection referral program')
  })

  it('the terms name one currency in the singular, several in the plural (ru, lv)', () => {
    expect(programTermsText(reader('ru'), get('jqsee'))).toContain('Вознаграждение учитывается в валюте USD')
    expect(programTermsText(reader('ru'), get('melbet'))).toContain('Вознаграждение учитывается в валютах: USD и EUR')
    expect(programTermsText(reader('lv'), get('jqsee'))).toContain('Atlīdzības valūta: USD')
  })

  it("melbet's pay day inside a sentence: lower case as Latvian and Russian write weekdays, capitalised in English", () => {
    expect(programTermsText(reader('lv'), get('melbet'))).toContain('izmaksas diena: otrdiena')
    expect(programTermsText(reader('ru'), get('melbet'))).toContain('день выплаты: вторник')
    expect(programTermsText(reader('en'), get('melbet'))).toContain('Tuesday')
  })

  it('the desk names programs and levels in the desk language: a broadcast in Russian, a commission change in Kazakh', () => {
    const progress = {
      id: '7d5e1c8a-0000-4000-8000-000000000001',
      status: 'done',
      version: 2,
      total: 1,
      sent: 1,
      failed: 0,
      blocked: 0,
      remaining: 0,
      acknowledged: 0,
      objected: 0,
      unanswered: 1,
      etaSeconds: null,
      effectiveAt: '2026-06-01T00:00:00.000Z',
      actions: [],
    } as unknown as Parameters<typeof broadcastProgressBlocks>[2]
    const ru = JSON.stringify(broadcastProgressBlocks(i18n.t('ru'), 'ru', progress, get('worksection-partner')))
    expect(ru).toContain('Worksection (партнёрская)')
    expect(ru).not.toContain('Worksection partner program')
    const levels = get('worksection-partner').commission
    const kk = JSON.stringify(
      commissionChangeBlocks(
        { t: i18n.t('kk'), language: 'kk' },
        { before: levels, after: levels, currency: 'USD', from: '2026-06-01', partners: 3 },
      ),
    )
    expect(kk).toContain('Күміс (0+)')
    expect(kk).not.toMatch(/silver|gold|platinum/)
  })

  it('no text of the bots reads a program, campaign or level name around the helper (core/programs/names.ts)', () => {
    // `.name` of a program, a campaign or a level is its default name: every reader's text goes through
    // programName / campaignName / levelName, which pick the reader's language
    const root = fileURLToPath(new URL('../../bots', import.meta.url))
    const files = fs
      .readdirSync(root, { recursive: true, encoding: 'utf8' })
      // the Mini App's page shows what /app/api/me named in the partner's language (bots/miniapp/api.ts is checked)
      .filter((f) => f.endsWith('.ts') && !f.startsWith(`miniapp${path.sep}web${path.sep}`))
      .map((f) => path.join(root, f))
    const raw = /(\b(program|prog|campaign|level|definition|def|[pckl])|\))\??!?\.name\b(?!s)/
    const found = files.flatMap((f) =>
      fs
        .readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => [line, i] as const)
        // a partner's own name (`p.name` of a profile), an error's name, a readiness check's name, an OpenAPI parameter's name and the sandbox
        // page's own language names are not programs
        .filter(
          ([line]) =>
            raw.test(line) &&
            !/partner|p\.name \? |p\.name \?\? (t\(|null)|Error \? p\.name|l\.name\)|c\.name, (ms|error)|\[p\.name, \{ type/.test(
              line,
            ),
        )
        .map(([line, i]) => `${path.relative(root, f)}:${i + 1}: ${line.trim()}`),
    )
    expect(found).toEqual([])
  })
})
