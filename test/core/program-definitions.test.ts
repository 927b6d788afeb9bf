import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { decide } from '../../core/domain/rules.ts'
import { loadProgramDefinitions, PROGRAMS_DIR } from '../../core/infra/programs/load-definitions.ts'
import { DEFAULT_MAX_DELAY_DAYS, programDefinitionSchema } from '../../core/programs/definition.ts'
import { campaignName, levelName, NAME_LANGUAGES, programName } from '../../core/programs/names.ts'

const seventh = {
  key: 'acme-saas',
  name: 'Acme SaaS',
  currencies: ['EUR'],
  timeZone: 'Europe/Riga',
  landingUrl: 'https://acme.example/',
  attribution: { codes: 'link' },
  enrolment: {},
  commission: { type: 'payment_share', levels: [{ name: 'base', after: 0, rateBps: 700 }], holdDays: 14 },
  payout: { schedule: { type: 'monthly', day: 10 }, minimum: { EUR: '25.00' }, methods: ['bank'] },
  disputes: { answerBusinessDays: 7 },
  terms: { noticeDays: 30 },
}

describe('programs as data', () => {
  it('the six shipped definitions validate, each with the demo configuration', () => {
    const defs = loadProgramDefinitions()
    expect(defs.map((d) => d.key)).toEqual([
      'chetup',
      'jqsee',
      'melbet',
      'quantower',
      'worksection-partner',
      'worksection-referral',
    ])
    const melbet = defs.find((d) => d.key === 'melbet')!
    expect(melbet.payout.minimum).toEqual({ USD: '30.00', EUR: '30.00' })
    expect(melbet.disputes.answerBusinessDays).toBe(14)
    expect(defs.find((d) => d.key === 'worksection-referral')!.terms).toMatchObject({
      noticeDays: 3,
      objection: { windowDays: 3, endsAgreement: true },
    })
  })

  it('a seventh program is a new file: the engine runs it with no code change', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'programs-'))
    for (const f of fs.readdirSync(PROGRAMS_DIR)) fs.copyFileSync(path.join(PROGRAMS_DIR, f), path.join(dir, f))
    fs.writeFileSync(path.join(dir, 'acme-saas.json'), JSON.stringify(seventh))
    const acme = loadProgramDefinitions(dir).find((d) => d.key === 'acme-saas')!
    const out = decide({
      program: acme,
      event: {
        type: 'payment',
        occurredAt: new Date('2026-05-04T09:00:00Z'),
        amountMinor: 10_000n,
        currency: 'EUR',
        settled: true,
        order: 'o1',
      },
      customer: { rewarded: false },
      enrolment: { registeredAt: new Date('2026-01-01T00:00:00Z') },
      history: { earlierPayingCustomers: 0, newUsersInMonth: 0, repeatIpInCampaign: false, orderCommissions: [] },
    })
    // 7% of EUR 100.00, payable 14 days later at Riga midnight
    expect(out.decisions).toEqual([
      expect.objectContaining({
        kind: 'commission',
        amountMinor: 700n,
        currency: 'EUR',
        status: 'pending',
        availableAt: new Date('2026-05-17T21:00:00Z'),
      }),
    ])
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('a bad definition is refused with the file and the field', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'programs-'))
    fs.writeFileSync(
      path.join(dir, 'acme-saas.json'),
      JSON.stringify({ ...seventh, timeZone: 'Mars/Olympus', payout: { ...seventh.payout, minimum: { USD: '1.00' } } }),
    )
    expect(() => loadProgramDefinitions(dir)).toThrow(/acme-saas\.json: timeZone: an IANA time zone/)
    fs.writeFileSync(
      path.join(dir, 'acme-saas.json'),
      JSON.stringify({ ...seventh, payout: { ...seventh.payout, minimum: { USD: '1.00' } } }),
    )
    expect(() => loadProgramDefinitions(dir)).toThrow(/payout\.minimum\.USD: USD is not among the currencies/)
    fs.writeFileSync(
      path.join(dir, 'acme-saas.json'),
      JSON.stringify({ ...seventh, payout: { ...seventh.payout, methodsByAgreement: ['licences'] } }),
    )
    expect(() => loadProgramDefinitions(dir)).toThrow(/payout\.methodsByAgreement: licences is not among the methods/)
    fs.writeFileSync(path.join(dir, 'acme-saas.json'), JSON.stringify({ ...seventh, key: 'other' }))
    expect(() => loadProgramDefinitions(dir)).toThrow(/must match the file name/)
    // a key longer than the bot's buttons carry (64 bytes of callback data) is refused, saying why
    const long = 'acme-worldwide-reseller-partnership-program-emea-2026-q3'
    fs.writeFileSync(path.join(dir, `${long}.json`), JSON.stringify({ ...seventh, key: long }))
    fs.rmSync(path.join(dir, 'acme-saas.json'))
    expect(() => loadProgramDefinitions(dir)).toThrow(
      /key: at most 53 characters \(the bot's buttons carry it in 64 bytes\)/,
    )
    fs.rmSync(path.join(dir, `${long}.json`))
    fs.writeFileSync(path.join(dir, 'acme-saas.json'), '{ nope')
    expect(() => loadProgramDefinitions(dir)).toThrow(/not valid JSON/)
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('how late a program may report its events: its own window, validated, or the default', () => {
    const windows = Object.fromEntries(loadProgramDefinitions().map((d) => [d.key, d.postbacks.maxDelayDays]))
    // each covers the program's honest reporting delay (and the worked examples of programs.md)
    expect(windows).toEqual({
      chetup: 14,
      jqsee: 30,
      melbet: 62,
      quantower: 30,
      'worksection-partner': 31,
      'worksection-referral': 14,
    })
    expect(programDefinitionSchema.parse(seventh).postbacks).toEqual({ maxDelayDays: DEFAULT_MAX_DELAY_DAYS })
    expect(programDefinitionSchema.parse({ ...seventh, postbacks: {} }).postbacks.maxDelayDays).toBe(30)
    for (const bad of [0, -1, 1.5, 367, '30', null]) {
      const r = programDefinitionSchema.safeParse({ ...seventh, postbacks: { maxDelayDays: bad } })
      expect(r.success, String(bad)).toBe(false)
      expect(r.error!.issues[0]!.path).toEqual(['postbacks', 'maxDelayDays'])
    }
    expect(programDefinitionSchema.safeParse({ ...seventh, postbacks: { maxDelay: 3 } }).success).toBe(false)
  })

  it('levels must start at zero', () => {
    const r = programDefinitionSchema.safeParse({
      ...seventh,
      commission: { ...seventh.commission, levels: [{ name: 'x', after: 3, rateBps: 100 }] },
    })
    expect(r.success).toBe(false)
  })

  it('names per language: program, campaign and level names in the languages people read, checked like the rest', () => {
    const defs = loadProgramDefinitions()
    const get = (key: string) => defs.find((d) => d.key === key)!
    const chetup = get('chetup')
    if (chetup.commission.type !== 'campaigns') throw new Error('chetup runs campaigns')
    const cafe = chetup.commission.campaigns.find((c) => c.key === 'cafe-sale')!
    expect(campaignName(cafe, 'ka')).toBe('კაფე: გაყიდვები')
    expect(campaignName(cafe, 'ru')).toBe('Кафе: продажи')
    expect(campaignName(cafe, 'en')).toBe('Cafe: sales')
    expect(programName(get('worksection-referral'), 'ru')).toBe('Worksection (реферальная)')
    // the brand stays a brand in every language; texts put the word "program" around the name in their own grammar
    // ("Программа Melbet", "Melbet бағдарламасы"), so a translated name does not repeat it
    for (const lang of NAME_LANGUAGES) expect(programName(get('melbet'), lang)).toContain('Melbet')
    for (const d of defs)
      for (const [lang, n] of Object.entries(d.names ?? {}))
        expect(n, `${d.key} ${lang}`).not.toMatch(/программ|бағдарлама|პროგრამ|programm/i)
    const ws = get('worksection-referral').commission
    if (ws.type !== 'one_time_reward') throw new Error('worksection-referral pays by level')
    expect(ws.levels.map((l) => levelName(l, 'kk'))).toEqual(['Темір', 'Қола'])
    // a level's default name is its key ("iron"): English readers read the name the terms give it
    expect(ws.levels.map((l) => levelName(l, 'en'))).toEqual(['Iron', 'Bronze'])
    // every translated program, campaign and level of the shipped six is named in ru, kk, ka and lv (levels in en too)
    for (const d of defs) {
      const named = [
        d,
        ...(d.commission.type === 'campaigns' ? d.commission.campaigns : []),
        ...('levels' in d.commission ? d.commission.levels : []),
      ]
      for (const x of named.filter((n) => n.names && n !== d))
        expect(
          Object.keys(x.names!)
            .filter((l) => l !== 'en')
            .sort(),
          `${d.key}: ${x.name}`,
        ).toEqual(['ka', 'kk', 'lv', 'ru'])
    }
    // a program added as data may name nothing per language: every reader reads its default name
    const acme = programDefinitionSchema.parse(seventh)
    expect(acme.names).toBeUndefined()
    for (const lang of NAME_LANGUAGES) expect(programName(acme, lang)).toBe('Acme SaaS')
    expect(programName(undefined, 'ru', 'gone-program')).toBe('gone-program')
    expect(programName(programDefinitionSchema.parse({ ...seventh, names: { lv: ' Acme programma ' } }), 'lv')).toBe(
      'Acme programma',
    )
  })

  it('a name in an unsupported language, or an empty name, is refused with the field and the reason', () => {
    const issues = (def: unknown) => {
      const r = programDefinitionSchema.safeParse(def)
      expect(r.success).toBe(false)
      return r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    }
    expect(issues({ ...seventh, names: { de: 'Acme Partnerprogramm' } })).toEqual([
      'names.de: "de" is not a supported language (en, ru, kk, ka, lv)',
    ])
    expect(issues({ ...seventh, names: { ru: '  ' } })).toEqual(['names.ru: a name, not empty'])
    expect(issues({ ...seventh, name: '' })).toEqual(['name: a name, not empty'])
    const levels = [{ name: 'base', names: { kk: '' }, after: 0, rateBps: 700 }]
    expect(issues({ ...seventh, commission: { ...seventh.commission, levels } })).toEqual([
      'commission.levels.0.names.kk: a name, not empty',
    ])
    // the loader names the file and the field, and the service does not start with it
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'programs-'))
    fs.writeFileSync(path.join(dir, 'acme-saas.json'), JSON.stringify({ ...seventh, names: { fr: 'Acme' } }))
    expect(() => loadProgramDefinitions(dir)).toThrow(/acme-saas\.json: names\.fr: "fr" is not a supported language/)
  })
})

const loadOne = (definition: unknown) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'program-money-'))
  fs.writeFileSync(path.join(dir, 'acme-saas.json'), JSON.stringify(definition))
  return () => loadProgramDefinitions(dir)
}

describe('program definitions with money the ledger cannot count are refused at start', () => {
  it('a seventh program in PLN is refused at start (the ledger knows no PLN), naming the field', () => {
    const pln = { ...seventh, currencies: ['PLN'], payout: { ...seventh.payout, minimum: { PLN: '100.00' } } }
    // the definition itself must be the one refused, naming the field
    expect(loadOne(pln)).toThrow(/currencies/)
  })

  it('a payout minimum of "25.005" EUR is refused at start, naming the field', () => {
    expect(loadOne({ ...seventh, payout: { ...seventh.payout, minimum: { EUR: '25.005' } } })).toThrow(/minimum/)
  })

  it('a one-time reward of "30.005" USD is refused at start, naming the level', () => {
    const reward = {
      ...seventh,
      currencies: ['USD'],
      payout: { ...seventh.payout, minimum: { USD: '25.00' } },
      commission: { type: 'one_time_reward', levels: [{ name: 'Iron', after: 0, amount: '30.005' }], holdDays: 31 },
    }
    expect(loadOne(reward)).toThrow(/commission\.levels\.0\.amount/)
    // the same at two decimals loads
    const fine = {
      ...reward,
      commission: { ...reward.commission, levels: [{ name: 'Iron', after: 0, amount: '30.00' }] },
    }
    expect(loadOne(fine)().map((p) => p.key)).toEqual(['acme-saas'])
  })
})
