import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * The partner card's sanction form gives a code suspension or a block an optional end day ("Until (optional)", a
 * date picker), through signed Slack requests: the day is the program's (the sanction ends at its first moment), a
 * day already begun is refused at the field, and a warning or a disqualification has no such field. The minute sweep
 * then lifts it when the day comes, the partner told.
 */
describe('slack: a sanction with an end day', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let slack: FakeSlack
  let telegram: FakeTelegram
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, telegram, desk } = env())
  })

  let chat = 8700
  const partner = async (language = 'en') => {
    const tg = ++chat
    const { partner, codes } = await api.enrolled('quantower', {
      name: `Ivan ${tg}`,
      language,
      legalType: 'individual',
      telegramId: tg,
    })
    return { partner, chat: tg, code: codes[0]!.code }
  }
  const open = async (user: string, action: string, partnerId: string) => {
    const before = slack.calls.length
    await desk.action(user, action, `${partnerId}:quantower`, { channel: 'CSUPPORT' })
    return desk.openedView(before)
  }
  const endField = (view: { blocks: unknown[] }) =>
    (view.blocks as { block_id?: string; label?: { text: string }; element?: { type: string } }[]).find(
      (b) => b.block_id === 'ends',
    )
  const sanctions = (partnerId: string) =>
    api.service.db.prisma.sanction.findMany({ where: { enrolment: { partnerId } }, orderBy: { createdAt: 'asc' } })

  it('suspend codes until a day: a past day is refused at the field, a later one is kept as the program day’s start; the sweep lifts it then', async () => {
    const p = await partner('ru')
    const view = await open(USERS.support, 'partner_suspend_codes', p.partner)
    expect(endField(view)).toMatchObject({
      label: { text: 'Until (optional)' },
      optional: true,
      element: { type: 'datepicker', action_id: 'date' },
    })
    // today has begun already (the sanction would end before it starts)
    const past = await desk.submit(USERS.support, view, {
      reason: { reason: { selected: 'bot_traffic' } },
      ends: { date: { date: '2026-03-06' } },
    })
    expect(past.body).toMatchObject({
      response_action: 'errors',
      errors: { ends: 'The end date must be in the future.' },
    })
    expect(await sanctions(p.partner)).toEqual([])

    const ok = await desk.submit(USERS.support, view, {
      reason: { reason: { selected: 'bot_traffic' } },
      ends: { date: { date: '2026-03-10' } },
    })
    expect(ok.status).toBe(200)
    expect(ok.body).toBeUndefined()
    const [s] = await sanctions(p.partner)
    const zone = api.service.core.programs.get('quantower')!.timeZone
    expect(s).toMatchObject({ kind: 'suspend_codes', actor: 'slack:USUPPORT', liftedAt: null })
    // the first moment of 10 March in the program's time zone
    expect(new Intl.DateTimeFormat('sv-SE', { timeZone: zone }).format(s!.endsAt!)).toBe('2026-03-10')
    expect(
      new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeStyle: 'medium', hourCycle: 'h23' }).format(s!.endsAt!),
    ).toBe('00:00:00')

    api.clock.set(new Date(s!.endsAt!.getTime() + 30_000).toISOString())
    expect(await api.service.core.sanctions.expireEnded()).toBe(1)
    const told = await telegram.waitForCall(
      'sendMessage',
      (c) => Number(c.payload.chat_id) === p.chat && String(c.payload.text).startsWith('✅'),
      10_000,
    )
    expect(told.payload.text).toBe('✅ Программа Quantower восстановила ваши реферальные ссылки и промокоды.')
    const codes = await api.service.db.prisma.referralCode.findMany({ where: { enrolment: { partnerId: p.partner } } })
    expect(codes.map((c) => c.status)).toEqual(['active'])
    api.clock.set('2026-03-06T10:00:00Z')
  })

  it('a block until a day, in the desk user’s own language; a warning and a disqualification have no end field', async () => {
    slack.locales.set(USERS.admin, 'lv-LV')
    const p = await partner()
    const view = await open(USERS.admin, 'partner_block', p.partner)
    expect(endField(view)).toMatchObject({ label: { text: 'Beigu datums (nav obligāts)' } })
    await desk.submit(USERS.admin, view, {
      reason: { reason: { selected: 'fraud' } },
      ends: { date: { date: '2026-04-01' } },
    })
    const [block] = await sanctions(p.partner)
    expect(block).toMatchObject({ kind: 'block', actor: 'slack:UADMIN' })
    expect(block!.endsAt).toBeInstanceOf(Date)
    slack.locales.delete(USERS.admin)

    const q = await partner()
    expect(endField(await open(USERS.support, 'partner_warn', q.partner))).toBeUndefined()
    expect(endField(await open(USERS.admin, 'partner_disqualify', q.partner))).toBeUndefined()
    // a forged end on a warning is refused by core, nothing applied
    const warn = await open(USERS.support, 'partner_warn', q.partner)
    await desk.submit(USERS.support, warn, {
      reason: { reason: { selected: 'ad_rules' } },
      ends: { date: { date: '2026-04-01' } },
    })
    expect(await sanctions(q.partner)).toEqual([])
  })
})
