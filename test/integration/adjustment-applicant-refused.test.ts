import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { applyThroughBot } from '../helpers/applicant.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * Contract section 7: a declined application is final and the applicant never had an agreement in the program, so
 * there is nothing to settle: a bonus or a penalty for them must be refused (422 adjustment.no_agreement) and
 * nothing written, through the operator API and the desk's form alike (a bonus there could even be paid out). So is
 * one for an application still waiting for approval. A terminated partner had an agreement: a final settlement by
 * bonus or penalty is still allowed.
 */
describe('a bonus or penalty for a worksection-partner applicant', () => {
  const env = withDesk('2026-03-05T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, telegram, slack, desk } = env())
  })

  const prisma = () => api.service.db.prisma
  const written = async (partnerId: string) => ({
    adjustments: await prisma().manualAdjustment.count({ where: { enrolment: { partnerId } } }),
    entries: await prisma().ledgerEntry.count({ where: { kind: 'adjustment', enrolment: { partnerId } } }),
    audits: await prisma().auditLog.count({
      where: { subjectId: partnerId, action: { in: ['ledger.bonus', 'ledger.penalty'] } },
    }),
  })
  const nothing = { adjustments: 0, entries: 0, audits: 0 }
  const bonus = { program: 'worksection-partner', currency: 'USD', amount: '25.00', reason: 'goodwill_bonus' }
  const penalty = { ...bonus, amount: '-10.00', reason: 'rule_breach_penalty' }
  const decline = (partner: string) =>
    api.operator('POST', `/v1/programs/worksection-partner/partners/${partner}/decline`, {
      reason: 'No integration experience',
    })
  const card = async (partner: string) =>
    JSON.stringify(await slack.response((await desk.command(`partner ${partner}`, USERS.finance)).responseId))

  it('is refused through the API while the application waits and once it is declined; nothing is written', async () => {
    const p = await applyThroughBot(api, telegram, 15_981, 'en')
    const waiting = await api.adjust(p.partner, bonus, 'waiting-bonus')
    expect(waiting.status, JSON.stringify(waiting.body)).toBe(422)
    expect(waiting.body.error).toMatchObject({ code: 'adjustment.no_agreement' })

    expect((await decline(p.partner)).status).toBe(200)
    for (const [body, key] of [
      [bonus, 'declined-bonus'],
      [penalty, 'declined-penalty'],
    ] as const) {
      const r = await api.adjust(p.partner, body, key)
      expect(r.status, JSON.stringify(r.body)).toBe(422)
      expect(r.body.error).toMatchObject({ code: 'adjustment.no_agreement' })
      expect(r.body.error.message).toMatch(/no agreement in this program.*Nothing changed\./)
    }
    expect(await written(p.partner)).toEqual(nothing)
    // the desk's card offers no bonus or penalty for them
    expect(await card(p.partner)).not.toContain('partner_adjust')
  })

  it('the desk form offers only the programs with an agreement and refuses the declined one on its field', async () => {
    const p = await applyThroughBot(api, telegram, 15_982, 'en')
    const q = await api.enrolled('quantower', {
      name: 'Two programs',
      language: 'en',
      legalType: 'individual',
      telegramId: p.chat,
    })
    expect(q.partner).toBe(p.partner)
    expect((await decline(p.partner)).status).toBe(200)

    expect(await card(p.partner)).toContain('partner_adjust')
    const before = slack.calls.length
    await desk.action(USERS.finance, 'partner_adjust', p.partner, { channel: 'CFIN' })
    const view = await desk.openedView(before)
    const programs = view.blocks.find((b: { block_id?: string }) => b.block_id === 'program')
    expect(programs.element.options.map((o: { value: string }) => o.value)).toEqual(['quantower'])

    // a form naming the declined program anyway (one opened before the decline, or forged): refused on its field
    const refused = await desk.submit(USERS.finance, view, {
      program: { program: { selected: 'worksection-partner' } },
      currency: { currency: { selected: 'USD' } },
      amount: { amount: '25' },
      reason: { reason: { selected: 'goodwill_bonus' } },
    })
    expect(refused.body).toMatchObject({
      response_action: 'errors',
      errors: { program: expect.stringMatching(/no agreement in this program/) },
    })
    expect(await written(p.partner)).toEqual(nothing)
  })

  it('a terminated partner still gets a final settlement', async () => {
    const { partner } = await api.enrolled('quantower', { name: 'Ended', language: 'en', legalType: 'individual' })
    const ended = await api.operator('POST', `/v1/programs/quantower/partners/${partner}/terminate`, {
      reason: 'convenience',
    })
    expect(ended.status, JSON.stringify(ended.body)).toBe(201)
    const settled = await api.adjust(partner, { ...bonus, program: 'quantower' }, 'final-bonus')
    expect(settled.status, JSON.stringify(settled.body)).toBe(201)
    const fined = await api.adjust(partner, { ...penalty, program: 'quantower' }, 'final-penalty')
    expect(fined.status, JSON.stringify(fined.body)).toBe(201)
    expect(await written(partner)).toEqual({ adjustments: 2, entries: 4, audits: 2 })
  })
})
