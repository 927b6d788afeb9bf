import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { decide } from '../../core/domain/rules.ts'
import { loadProgramDefinitions, PROGRAMS_DIR } from '../../core/infra/programs/load-definitions.ts'
import { DEFAULT_MAX_DELAY_DAYS, programDefinitionSchema } from '../../core/programs/definition.ts'

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
})
