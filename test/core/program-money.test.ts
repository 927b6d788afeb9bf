import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadProgramDefinitions } from '../../core/infra/programs/load-definitions.ts'

/**
 * A definition is validated at start ("a bad definition stops the service with the file, the field and what is
 * wrong"), its money too: a currency the ledger does not know, or an amount finer than its currency, would otherwise
 * load and then refuse every postback (or payout) of the program.
 */
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
