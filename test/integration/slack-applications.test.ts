import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { applyThroughBot } from '../helpers/applicant.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack, SlackCall } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * Issue 15, rule 1, from the desk: support or an admin approves or declines a worksection-partner application on
 * its card. Seed 001 clause 3.1: "Компанияның мақұлдауы кезінде, бұл Келісім күшіне енеді" (the agreement takes
 * effect on the company's approval); 3.3: the company may refuse it ("бас тарту құқығына ие").
 */
describe('slack application cards: "the agreement takes effect on the company\'s approval" (seed 3.1, 3.3)', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let slack: FakeSlack
  let telegram: FakeTelegram
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, telegram, desk } = env())
  })

  let tg = 15_500
  /** Applies through the bot in `language`; the partner, its chat and the card the desk got. */
  const apply = async (language: string) => {
    const { chat, partner } = await applyThroughBot(api, telegram, ++tg, language)
    const card = await slack.waitForCall(
      'chat.postMessage',
      (c: SlackCall) => c.payload.channel === CHANNELS.disputes && JSON.stringify(c.payload).includes(partner),
      10_000,
    )
    return { chat, partner, card }
  }
  const response = (id: string) => slack.response(id)
  /** The next update of the application's card in the disputes channel, and where the card was recorded. */
  const channelUpdate = async (partnerId: string, since: number) => {
    const update = await slack.waitForCall(
      'chat.update',
      (c: SlackCall) => c.payload.channel === CHANNELS.disputes && JSON.stringify(c.payload).includes(partnerId),
      10_000,
      since,
    )
    const e = await api.service.db.prisma.enrolment.findFirstOrThrow({ where: { partnerId } })
    return { update, blocks: JSON.stringify(update.payload.blocks), card: { channel: e.slackChannel, ts: e.slackTs } }
  }
  const status = async (partnerId: string) =>
    (await api.service.db.prisma.enrolment.findFirstOrThrow({ where: { partnerId } })).status

  it('support approves on the card; finance may not; the partner is told in Russian and the card says who', async () => {
    const p = await apply('ru')
    const blocks = JSON.stringify(p.card.payload.blocks)
    expect(blocks).toContain('New application · Worksection partner program')
    expect(blocks).toContain('application_approve')
    expect(blocks).toContain('application_decline')
    // the partner by name, their card a button away: the id only in buttons' values, never in the card's text
    const texts = JSON.stringify(p.card.payload.blocks, (k, v) => (k === 'value' || k === 'block_id' ? undefined : v))
    expect(texts).not.toContain(p.partner)
    expect(p.card.payload.text).not.toContain(p.partner)
    expect(blocks).toContain('home_open_partner')
    const value = `${p.partner}:worksection-partner`

    const refused = await desk.action(USERS.finance, 'application_approve', value, { channel: CHANNELS.disputes })
    expect((await response(refused.responseId)).text).toMatch(/support/)
    expect(await status(p.partner)).toBe('applied')

    const before = slack.calls.length
    const ok = await desk.action(USERS.support, 'application_approve', value, { channel: CHANNELS.disputes, ts: '7.7' })
    expect((await response(ok.responseId)).text).toBe(
      'Worksection partner program: the application is approved; the partner has been told.',
    )
    expect(await status(p.partner)).toBe('active')
    expect(await telegram.nthText(p.chat, 7)).toBe(
      '✅ Ваша заявка на участие в программе Worksection (партнёрская) одобрена. Ваша реферальная ссылка готова: /link',
    )
    const update = await slack.waitForCall('chat.update', (c: SlackCall) => c.payload.ts === '7.7', 10_000, before)
    const updated = JSON.stringify(update.payload.blocks)
    expect(updated).toContain('Approved by <@USUPPORT>')
    expect(updated).not.toContain('application_approve')
    expect(updated).toContain('home_open_partner')

    // an old card pressed again: approving an active partner is refused
    const again = await desk.action(USERS.admin, 'application_approve', value, { channel: CHANNELS.disputes })
    expect((await response(again.responseId)).text).toMatch(/^Nothing changed: the partner is already/)
    expect(telegram.textsTo(p.chat)).toHaveLength(7)
  })

  it('an admin declines with a reason in the modal; the partner is told in Kazakh; the decline is final', async () => {
    const p = await apply('kk')
    const value = `${p.partner}:worksection-partner`
    const before = slack.calls.length
    await desk.action(USERS.admin, 'application_decline', value, { channel: CHANNELS.disputes, ts: '8.8' })
    const view = await desk.openedView(before)
    expect(view.callback_id).toBe('application_decline')
    const empty = await desk.submit(USERS.admin, view, { reason: { reason: '  ' } })
    expect(empty.body).toMatchObject({ response_action: 'errors' })
    expect(await status(p.partner)).toBe('applied')
    await desk.submit(USERS.admin, view, { reason: { reason: 'No integration experience yet.' } })
    expect(await status(p.partner)).toBe('declined')
    expect(await telegram.nthText(p.chat, 7)).toBe(
      'Өкінішке орай, Worksection (серіктестік) бағдарламасына қатысу өтініміңіз қабылданбады.',
    )
    const audit = await api.service.db.prisma.auditLog.findFirstOrThrow({
      where: { subjectId: p.partner, action: 'application.decline' },
    })
    expect(audit).toMatchObject({ actor: 'slack:UADMIN', reason: 'No integration experience yet.' })
    const update = await slack.waitForCall('chat.update', (c: SlackCall) => c.payload.ts === '8.8', 10_000, before)
    expect(JSON.stringify(update.payload.blocks)).toContain('Declined by <@UADMIN>')
    // final: the approve button of the old card changes nothing
    await desk.action(USERS.support, 'application_approve', value, { channel: CHANNELS.disputes })
    await new Promise((res) => setTimeout(res, 300))
    expect(await status(p.partner)).toBe('declined')
  })

  it('approved from its App Home copy: the card in the channel says who decided and when, and offers no Approve', async () => {
    const p = await apply('ru')
    // support works the queue from the App Home: the item's button sends the card as a direct message...
    const enrolment = await api.service.db.prisma.enrolment.findFirstOrThrow({ where: { partnerId: p.partner } })
    let since = slack.calls.length
    await desk.action(
      USERS.support,
      'home_open_item',
      `applications:${enrolment.id}:${p.partner}:worksection-partner`,
      {
        view: true,
      },
    )
    const copy = await slack.waitForCall('chat.postMessage', (c) => c.payload.channel === USERS.support, 10_000, since)
    expect(JSON.stringify(copy.payload.blocks)).toContain('application_approve')
    // ...and approves it there
    since = slack.calls.length
    const value = `${p.partner}:worksection-partner`
    const ok = await desk.action(USERS.support, 'application_approve', value, { channel: 'DUSUPPORT', ts: '5555.0001' })
    expect((await response(ok.responseId)).text).toMatch(/approved/)
    expect(await status(p.partner)).toBe('active')
    // the copy pressed says it at once; the channel's card, where the rest of support looks, says it too
    await slack.waitForCall('chat.update', (c) => c.payload.ts === '5555.0001', 10_000, since)
    const { update, blocks, card } = await channelUpdate(p.partner, since)
    expect(update.payload.ts).toBe(card.ts)
    expect(blocks).toContain('Approved by <@USUPPORT> on March 6, 2026')
    expect(blocks).not.toContain('application_approve')
    expect(blocks).not.toContain('application_decline')
    expect(blocks).toContain('home_open_partner')
    // the channel card's Approve pressed by a colleague who still saw it: refused, the card keeps saying who decided
    const again = await desk.action(USERS.admin, 'application_approve', value, { channel: CHANNELS.disputes })
    expect((await response(again.responseId)).text).toMatch(/^Nothing changed: the partner is already/)
    expect(await status(p.partner)).toBe('active')
  })

  it('declined through the operator API: the card in the channel says so, by whom and when, without buttons', async () => {
    const p = await apply('lv')
    const since = slack.calls.length
    const r = await api.operator('POST', `/v1/programs/worksection-partner/partners/${p.partner}/decline`, {
      reason: 'No integration experience yet.',
    })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(await status(p.partner)).toBe('declined')
    const { update, blocks, card } = await channelUpdate(p.partner, since)
    expect(update.payload.ts).toBe(card.ts)
    expect(blocks).toContain('Declined by operator-api on March 6, 2026')
    expect(blocks).not.toContain('application_approve')
    // a second decision is refused and leaves the card as decided (no update brings its buttons back)
    const again = await api.operator('POST', `/v1/programs/worksection-partner/partners/${p.partner}/approve`, {})
    expect(again.status).toBe(409)
    await new Promise((res) => setTimeout(res, 300))
    const updates = slack.calls.slice(since).filter((c) => c.method === 'chat.update' && c.payload.ts === card.ts)
    expect(updates.map((c) => JSON.stringify(c.payload.blocks).includes('Declined by operator-api'))).not.toContain(
      false,
    )
  })

  it('the applicant erases their data: the card in the channel keeps the case, without their name or answers', async () => {
    const p = await apply('en')
    const shown = JSON.stringify(p.card.payload.blocks)
    const { name } = await api.service.db.prisma.partner.findUniqueOrThrow({ where: { id: p.partner } })
    expect(shown).toContain(name!)
    // the card is recorded once posted
    const card = await waitUntil(
      async () =>
        (await api.service.db.prisma.enrolment.findFirst({
          where: { partnerId: p.partner, slackTs: { not: null } },
        })) ?? undefined,
    )
    const since = slack.calls.length
    expect(await api.service.core.partners.erase(p.partner)).toBeTruthy()
    const update = await slack.waitForCall(
      'chat.update',
      (c: SlackCall) => c.payload.ts === card.slackTs,
      10_000,
      since,
    )
    expect(update.payload.channel).toBe(card.slackChannel)
    const blocks = JSON.stringify(update.payload.blocks)
    expect(blocks).toContain('New application · Worksection partner program')
    expect(blocks).toContain('(personal data erased)')
    expect(JSON.stringify(update.payload)).not.toContain(name!)
    // the agreement ended with the erasure: nothing is left to approve
    expect(blocks).not.toContain('application_approve')
  })
})
