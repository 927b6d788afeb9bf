import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'

/**
 * The desk's words for a disqualification named what it annuls with one word for every program: the partner card's
 * line said "disqualification, unpaid commission annulled" (ka «საკომისიო») also for worksection-referral, which
 * pays one-time rewards, and the confirmation said "every unpaid reward is annulled" also for quantower, which pays
 * a commission. Both now say reward or commission as the program pays, as the partner's notice does.
 */
describe('the desk: a disqualification annuls a reward or a commission, as the program pays', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, desk } = env())
  })

  let chat = 9300
  const text = (c: { text?: string; blocks?: unknown[] }) => `${c.text ?? ''}${JSON.stringify(c.blocks ?? [])}`

  /** The admin disqualifies a new en partner of `program`: the confirmation's text, then the partner card's. */
  async function disqualified(program: string) {
    const { partner } = await api.enrolled(program, {
      name: `Dq ${++chat}`,
      language: 'en',
      legalType: 'individual',
      telegramId: chat,
    })
    const before = slack.calls.length
    await desk.action(USERS.admin, 'partner_disqualify', `${partner}:${program}`, { channel: 'CADMIN' })
    const view = await desk.openedView(before)
    const confirmation = JSON.stringify(view.blocks)
    await desk.submit(USERS.admin, view, { reason: { reason: { selected: 'self_referral' } } })
    await expect
      .poll(
        async () => (await api.service.db.prisma.enrolment.findFirstOrThrow({ where: { partnerId: partner } })).status,
      )
      .toBe('disqualified')
    const r = await desk.command(`partner ${partner}`, USERS.admin)
    expect(r.status).toBe(200)
    return { confirmation, card: text(await slack.response(r.responseId)) }
  }

  it('worksection-referral: rewards', async () => {
    const { confirmation, card } = await disqualified('worksection-referral')
    expect(confirmation).toContain('every unpaid reward is annulled')
    expect(card).toContain('disqualification, unpaid rewards annulled')
    expect(`${confirmation}${card}`).not.toMatch(/commission annulled|commission is annulled/)
  })

  it('quantower: commission', async () => {
    const { confirmation, card } = await disqualified('quantower')
    expect(confirmation).toContain('all unpaid commission is annulled')
    expect(card).toContain('disqualification, unpaid commission annulled')
    expect(`${confirmation}${card}`).not.toMatch(/reward/i)
  })
})
