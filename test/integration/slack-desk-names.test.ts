import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { applyThroughBot } from '../helpers/applicant.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack, SlackCall } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/** Opens worksection-referral's deep link in a chat of a worksection-partner partner: the bot's answer. */
async function joinReferral(telegram: FakeTelegram, chat: number) {
  const before = telegram.textsTo(chat).length
  await telegram.sendText(chat, '/start worksection-referral')
  // refused at once, before the terms: the partner is in (or has applied to) worksection-partner
  return telegram.nthText(chat, before + 1)
}

/**
 * Issue 18 item 6 on the desk: a desk that writes its channel cards in Russian (SLACK_DESK_LANGUAGE=ru) names the
 * program as the definition names it in Russian, and the partner reads it in their own language (Latvian), never
 * the definition's default English name.
 */
describe('program names on a Russian desk', () => {
  const env = withDesk('2026-03-06T10:00:00Z', { SLACK_DESK_LANGUAGE: 'ru' })
  let api: Api
  let slack: FakeSlack
  let telegram: FakeTelegram
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, telegram, desk } = env())
  })

  it('the application card names worksection-partner in Russian; the approved partner reads it in Latvian', async () => {
    const { chat, partner } = await applyThroughBot(api, telegram, 18_601, 'lv')
    const card = await slack.waitForCall(
      'chat.postMessage',
      (c: SlackCall) => c.payload.channel === CHANNELS.disputes && JSON.stringify(c.payload).includes(partner),
      10_000,
    )
    const shown = `${card.payload.text}${JSON.stringify(card.payload.blocks)}`
    expect(shown).toContain('Worksection (партнёрская)')
    expect(shown).not.toContain('Worksection partner program')

    await desk.action(USERS.support, 'application_approve', `${partner}:worksection-partner`, {
      channel: CHANNELS.disputes,
      ts: '18.6',
    })
    const told = await telegram.nthText(chat, 7)
    expect(told).toContain('Worksection (partneru)')
    expect(told).not.toContain('Worksection partner program')
    await telegram.sendText(chat, '/link')
    const link = await telegram.nthText(chat, 8)
    expect(link).toMatch(/^🔗 Worksection \(partneru\): /)
  })

  /**
   * Issue 18 items 5 and 6 in refusals: the data of a refusal names programs by key (worksection's two programs are
   * exclusive, programs.md), the reader reads their names in their language, never the key.
   */
  it('a Latvian partner of worksection-partner joining worksection-referral reads both programs by their Latvian names', async () => {
    const refused = await joinReferral(telegram, 18_601)
    // the refusal, then the way forward (telegram-join-exclusive-way-forward), each naming the programs in Latvian
    expect(refused).toMatch(
      /^Jūs nevarat kļūt par programmas Worksection \(ieteikumu\) partneri, kamēr piedalāties programmā Worksection \(partneru\)\. Lai pievienotos, vispirms izbeidziet dalību programmā Worksection \(partneru\) /,
    )
    expect(refused).not.toMatch(/worksection-(partner|referral)/)
  })

  it('a Russian applicant to worksection-partner joining worksection-referral reads both programs in Russian', async () => {
    const { chat, partner } = await applyThroughBot(api, telegram, 18_602, 'ru')
    const refused = await joinReferral(telegram, chat)
    expect(refused).toContain('Worksection (реферальная)')
    expect(refused).toContain('Worksection (партнёрская)')
    expect(refused).not.toMatch(/worksection-(partner|referral)/)
    const enrolments = await api.service.db.prisma.enrolment.findMany({ where: { partnerId: partner } })
    expect(enrolments.map((e) => e.programKey)).toEqual(['worksection-partner'])
  })

  it("the Russian desk's refusal names the program in Russian; the API's message names it in English, its code stays", async () => {
    const partner = (await api.service.db.prisma.partner.findUniqueOrThrow({ where: { telegramId: 18_601n } })).id
    slack.locales.set(USERS.admin, 'ru-RU')
    const none = await desk.action(USERS.admin, 'deal_end', `${partner}:worksection-partner`)
    const refused = (await slack.response(none.responseId)).text
    expect(refused).toBe(
      'Ничего не изменилось: у партнёра нет действующих или будущих индивидуальных условий в программе Worksection (партнёрская).',
    )
    expect(refused).not.toContain('worksection-partner')
    const api409 = await api.operator('DELETE', `/v1/programs/worksection-partner/partners/${partner}/deal`)
    expect(api409.status).toBe(409)
    expect(api409.body.error).toEqual({
      code: 'deal.none',
      message: 'Nothing changed: the partner has no deal in force or to come in Worksection partner program.',
    })
  })
})
