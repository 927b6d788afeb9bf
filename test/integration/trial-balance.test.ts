import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'

/**
 * The trial balance (contract section 7) through the operator API and `/pa ledger` in Slack: a jqsee partner earns,
 * requests a payout that is paid, another request waits; every account's balance, a zero total and what the
 * program owes its partners.
 */
describe('trial balance', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(async () => {
    ;({ api, slack, desk } = env())
    slack.locales.set(USERS.admin, 'ru-RU')
    const { partner, codes } = await api.enrolled('jqsee', { name: 'Ledger', language: 'en', legalType: 'individual' })
    await api.recorded('jqsee', {
      id: 'tb-1',
      type: 'payment',
      occurredAt: '2026-03-06T09:00:00Z',
      customer: 'tb-c',
      ref: codes[0]!.code,
      order: 'tb-o',
      amount: '300.00',
      currency: 'USD',
    })
    const body = { program: 'jqsee', method: 'paypal', details: { email: 'tb@example.com' } }
    const first = await api.requestPayout(partner, { ...body, amount: '12.00' }, 'tb-first')
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    for (const step of ['approve', 'paid'])
      expect(
        (await api.operator('POST', `/v1/payouts/${first.body.payout.id}/${step}`, { reference: 'PP-1' })).status,
      ).toBe(200)
    const second = await api.requestPayout(partner, { ...body, amount: '10.00' }, 'tb-second')
    expect(second.status, JSON.stringify(second.body)).toBe(201)
  })

  const response = (id: string) => slack.response(id)

  it('GET /v1/programs/{program}/ledger: every account, a zero total and what partners are owed', async () => {
    const r = await api.operator('GET', '/v1/programs/jqsee/ledger?currency=USD')
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    // $300 paid by the customer -> $30.00 commission; $12.00 paid out, $10.00 reserved, $8.00 still available
    expect(r.body).toEqual({
      program: 'jqsee',
      currency: 'USD',
      at: '2026-03-06T10:00:00.000Z',
      accounts: [
        { account: 'earned', balance: '8.00' },
        { account: 'held', balance: '0.00' },
        { account: 'reserved', balance: '10.00' },
        { account: 'commission_expense', balance: '-30.00' },
        { account: 'tax_withheld', balance: '0.00' },
        { account: 'fees', balance: '0.00' },
        { account: 'external_payments', balance: '12.00' },
        { account: 'service_credit', balance: '0.00' },
      ],
      total: '0.00',
      owedToPartners: '18.00',
    })
    // the program's first currency by default; before anything happened, nothing is owed
    const before = await api.operator('GET', '/v1/programs/jqsee/ledger?at=2026-03-01T00:00:00Z')
    expect(before.status).toBe(200)
    expect(before.body).toMatchObject({ currency: 'USD', total: '0.00', owedToPartners: '0.00' })
    expect(before.body.accounts.every((a: { balance: string }) => a.balance === '0.00')).toBe(true)
  })

  it('refuses an unknown program, a currency the program does not use and a malformed time', async () => {
    expect((await api.operator('GET', '/v1/programs/nope/ledger')).status).toBe(404)
    const eur = await api.operator('GET', '/v1/programs/jqsee/ledger?currency=EUR')
    expect(eur.status).toBe(400)
    expect(eur.body.error).toMatchObject({ code: 'ledger.currency_not_offered' })
    expect(eur.body.error.message).toContain('USD')
    const lower = await api.operator('GET', '/v1/programs/jqsee/ledger?currency=usd')
    expect(lower.status).toBe(400)
    expect(lower.body.error.issues).toEqual([expect.objectContaining({ path: 'currency' })])
    const badAt = await api.operator('GET', '/v1/programs/jqsee/ledger?at=yesterday')
    expect(badAt.status).toBe(400)
    expect(badAt.body.error.issues).toContainEqual({ path: 'at', message: 'must be an ISO-8601 time with offset' })
    // and the document describes the route
    const doc = await api.operator('GET', '/v1/openapi.json')
    expect(doc.body.paths['/v1/programs/{program}/ledger'].get.responses).toHaveProperty('200')
  })

  it('/pa ledger: finance and admins read it in their language; others are refused', async () => {
    const finance = await response((await desk.command('ledger jqsee', USERS.finance)).responseId)
    expect(finance.text).toContain('*Trial balance · ')
    // the moment as every desk date: in the program's zone, the zone named
    expect(finance.text).toMatch(/\nas of \w+ \d{1,2}, \d{4} at \d{1,2}:\d{2}\s[AP]M \(Europe\/Kyiv\)\n/)
    expect(finance.text).toContain('Payouts made: *12.00 USD*')
    expect(finance.text).toContain('Total of all accounts: *0.00 USD*')
    expect(finance.text).toMatch(/Owed to partners .*: \*18\.00 USD\*/)
    const admin = await response((await desk.command('ledger jqsee usd', USERS.admin)).responseId)
    expect(admin.text).toContain('Итог по всем счетам: *0,00 USD*')
    const support = await response((await desk.command('ledger jqsee', USERS.support)).responseId)
    expect(support.text).toMatch(/finance, admin/)
    expect(support.text).not.toContain('USD')
    const eur = await response((await desk.command('ledger jqsee EUR', USERS.finance)).responseId)
    expect(eur.text).toContain("The program's ledger has no EUR; it keeps USD.")
    const none = await response((await desk.command('ledger', USERS.finance)).responseId)
    expect(none.text).toMatch(/^Name a program: .*`jqsee`/)
    // at the end of a past day, in the program's zone (before anything was earned: every account at zero)
    const before = await response((await desk.command('ledger jqsee 2026-03-01 usd', USERS.finance)).responseId)
    expect(before.text).toContain('as of March 1, 2026 at 11:59 PM (Europe/Kyiv)')
    expect(before.text).toContain('Payouts made: *0.00 USD*')
    // a date that is none, one still to come, or a word: said, nothing shown
    for (const bad of ['2026-13-45', '2026-02-30', '2027-01-01', 'soon']) {
      const r = await response((await desk.command(`ledger jqsee USD ${bad}`, USERS.finance)).responseId)
      expect(r.text, bad).toBe(
        `I did not understand “${bad}”: write one of the program's currencies, such as USD, and a date such as 2026-03-31, today or earlier.`,
      )
    }
  })
})
