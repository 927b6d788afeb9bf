import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * Issue 15 item 13 at the desk, melbet 2.9: "Saistītais partneris piekrīt novērst notikušo pārkāpumu 5 (piecu) darba
 * dienu laikā. Ja jautājums netiek atrisināts norādītajā termiņā, uzņēmums patur tiesības ... bloķēt maksājumus ...
 * līdz brīdim, kad pārkāpums tiek novērsts." The partner card shows the deadline, then the block; support resolves
 * the warning from the card, through the real Bolt app.
 */
describe('slack: melbet ad-rule warnings', () => {
  const env = withDesk('2026-03-06T10:00:00Z') // a Friday
  let api: Api
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, desk } = env())
  })

  const card = async (partner: string) => {
    const { responseId } = await desk.command(`partner ${partner}`, USERS.support)
    for (let i = 0; i < 100; i++) {
      const r = slack.responses.find((x) => x.id === responseId)
      if (r) return JSON.stringify(r.body)
      await new Promise((res) => setTimeout(res, 50))
    }
    throw new Error('no card')
  }
  const liftFromCard = async (sanctionId: string) => {
    const before = slack.calls.length
    await desk.action(USERS.support, 'partner_lift', sanctionId, { channel: 'CSUPPORT' })
    const view = await desk.openedView(before)
    expect(view.callback_id).toBe('partner_lift_modal')
    await desk.submit(USERS.support, view, { reason: { reason: 'The outdated banner was replaced.' } })
  }
  const enrolment = (partner: string) =>
    api.service.db.prisma.enrolment.findFirstOrThrow({ where: { partnerId: partner, programKey: 'melbet' } })

  it('item 13. "5 (piecu) darba dienu laikā ... līdz brīdim, kad pārkāpums tiek novērsts": the card shows the last day, then the block; support resolves it from the card and payouts are unblocked', async () => {
    api.clock.set('2026-03-06T10:00:00Z')
    const { partner } = await api.enrolled('melbet', {
      name: 'Kārlis',
      language: 'lv',
      legalType: 'individual',
      registeredAt: '2026-01-10T12:00:00Z',
    })
    const w = await api.operator('POST', `/v1/partners/${partner}/sanctions`, {
      program: 'melbet',
      kind: 'warning',
      reason: 'ad_rules',
    })
    // Friday 6 March: Mon 9 - Fri 13
    expect(w.body.sanction.dueAt).toBe('2026-03-14T00:00:00.000Z')
    expect(await card(partner)).toContain(
      'The warning (a breach of the advertising rules) must be resolved by March 13, 2026 (UTC); otherwise payouts are blocked',
    )

    api.clock.set('2026-03-14T00:00:00Z')
    const since = slack.calls.length
    expect(await api.service.core.sanctions.escalateOverdue()).toBe(1)
    // support hears of it: the partner by name, their card a button away, never their id in the text
    const notice = await slack.waitForCall(
      'chat.postMessage',
      (c) => JSON.stringify(c.payload).includes('home_open_partner'),
      10_000,
      since,
    )
    expect(notice.payload.text).toContain('Kārlis')
    expect(notice.payload.text).not.toContain(partner)
    expect(notice.payload.text).not.toContain('/pa partner')
    expect(JSON.stringify(notice.payload.blocks)).toContain(partner) // the button's value
    expect((await enrolment(partner)).payoutsBlockedReason).toBe('ad_rules')
    const blocked = await card(partner)
    expect(blocked).toContain('Payouts blocked until the breach is fixed (a breach of the advertising rules)')
    expect(blocked).not.toContain('must be resolved by')
    // the warning is still there to lift
    expect(blocked).toContain(w.body.sanction.id)

    await liftFromCard(w.body.sanction.id)
    expect((await enrolment(partner)).payoutsBlockedReason).toBeNull()
    const all = await api.service.db.prisma.sanction.findMany({ where: { enrolment: { partnerId: partner } } })
    expect(all.map((s) => [s.kind, s.liftedAt !== null]).sort()).toEqual([
      ['payout_hold', true],
      ['warning', true],
    ])
    expect(await card(partner)).not.toContain('Payouts blocked until the breach is fixed')
  })

  it('item 13. resolved "norādītajā termiņā": support lifts the warning from the card before the deadline, and the deadline blocks nothing', async () => {
    api.clock.set('2026-03-16T10:00:00Z')
    const { partner } = await api.enrolled('melbet', {
      name: 'Anna',
      language: 'lv',
      legalType: 'individual',
      registeredAt: '2026-01-10T12:00:00Z',
    })
    const w = await api.operator('POST', `/v1/partners/${partner}/sanctions`, {
      program: 'melbet',
      kind: 'warning',
      reason: 'ad_rules',
    })
    await liftFromCard(w.body.sanction.id)
    api.clock.set('2026-03-24T00:00:00Z')
    expect(await api.service.core.sanctions.escalateOverdue()).toBe(0)
    expect((await enrolment(partner)).payoutsBlockedReason).toBeNull()
  })

  it('the partner erases their data: support’s notice of the block keeps the case, not their name', async () => {
    api.clock.set('2026-03-06T10:00:00Z')
    const { partner } = await api.enrolled('melbet', {
      ...{ name: 'Ilze Dzēšama', language: 'lv', legalType: 'individual', registeredAt: '2026-01-10T12:00:00Z' },
    })
    await api.operator('POST', `/v1/partners/${partner}/sanctions`, {
      program: 'melbet',
      kind: 'warning',
      reason: 'ad_rules',
    })
    api.clock.set('2026-03-14T00:00:00Z')
    await api.service.core.sanctions.escalateOverdue()
    await slack.waitForCall('chat.postMessage', (c) => String(c.payload.text).includes('Ilze Dzēšama'), 10_000)
    const kept = await waitUntil(
      async () => (await api.service.db.prisma.deskCard.findFirst({ where: { partnerId: partner } })) ?? undefined,
    )
    expect(kept.kind).toBe('ad_warning')
    const since = slack.calls.length
    expect(await api.service.core.partners.erase(partner)).toBeTruthy()
    const update = await slack.waitForCall('chat.update', (c) => c.payload.ts === kept.ts, 10_000, since)
    expect(String(update.payload.text)).toContain('(personal data erased)')
    expect(String(update.payload.text)).toContain('a breach of the advertising rules')
    expect(JSON.stringify(update.payload)).not.toContain('Ilze')
    expect(JSON.stringify(update.payload)).not.toContain(partner)
  })
})
