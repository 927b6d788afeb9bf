import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import { addToDispute, partnerWithDispute } from '../helpers/dispute-flow.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * "Delete my personal data" on the Slack desk, as a second outside review found it: an objection's notice, a card an
 * agent was sent as a direct message from the App Home, and a file support deleted by hand (Slack then answers
 * files.delete with file_deleted) kept the partner's name or their other files in Slack.
 */
describe('erasure on the Slack desk: the cards and files an outside review found left', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, telegram, slack, desk } = env())
  })

  it('after "delete my personal data" the objection notice in the disputes channel no longer names the partner', async () => {
    api.clock.set('2026-07-01T09:00:00Z')
    const chat = 9711
    telegram.languages.set(chat, 'en')
    const { partner } = await api.enrolled('worksection-referral', {
      name: 'Objecting Olga',
      language: 'en',
      legalType: 'individual',
      telegramId: chat,
    })
    const draft = await api.operator('POST', '/v1/programs/worksection-referral/terms', {
      effectiveAt: '2026-07-04T09:00:00Z',
      texts: {
        en: 'Bronze rewards become $30.',
        ru: 'Награда уровня Bronze составит $30.',
        kk: 'Bronze деңгейінің сыйақысы $30 болады.',
        ka: 'Bronze დონის ჯილდო იქნება $30.',
        lv: 'Bronze līmeņa atlīdzība būs $30.',
      },
    })
    expect(draft.status).toBe(201)
    expect((await api.operator('POST', `/v1/terms/${draft.body.version.id}/publish`, {})).status).toBe(201)
    await telegram.nthText(chat, 1)
    api.clock.set('2026-07-02T10:30:00Z')
    await telegram.press(chat, `tv:obj:${draft.body.version.id}`)
    // objecting ends the agreement: confirmed under the question the bot asks
    await telegram.keyboardAfter(chat, 2)
    await telegram.press(chat, `tv:obj_yes:${draft.body.version.id}`)
    const post = await slack.waitForCall(
      'chat.postMessage',
      (c) => c.payload.channel === CHANNELS.disputes && String(c.payload.text).includes('Objecting Olga'),
      10_000,
    )
    expect(String(post.payload.text)).toContain('objected to the change')

    expect(await api.service.core.partners.erase(partner)).toBeTruthy()
    const shown = () =>
      [...slack.messages.values()]
        .filter((m) => m.channel === CHANNELS.disputes)
        .map((m) => JSON.stringify([m.text, m.blocks]))
        .filter((s) => /Objecting Olga|user9711/.test(s))
    await waitUntil(() => (shown().length ? undefined : true), 10_000)
    expect(shown(), 'the disputes channel still names the erased partner').toEqual([])
    // what it was about stays
    const notice = [...slack.messages.values()].find(
      (m) => m.channel === CHANNELS.disputes && String(m.text).includes('objected to the change'),
    )
    expect(String(notice?.text)).toContain('(personal data erased)')
  }, 60_000)

  it('the application card the bot sent support as a direct message no longer names the erased applicant', async () => {
    api.clock.set('2026-07-03T10:00:00Z')
    const prisma = api.service.db.prisma
    const { partner } = await api.enrolled('jqsee', { name: 'Homely Hanna', language: 'en', legalType: 'individual' })
    await prisma.enrolment.updateMany({ where: { partnerId: partner }, data: { status: 'applied' } })
    const e = await prisma.enrolment.findFirstOrThrow({ where: { partnerId: partner } })
    const since = slack.calls.length
    expect(
      (await desk.action(USERS.support, 'home_open_item', `applications:${e.id}:${partner}:jqsee`, { view: true }))
        .status,
    ).toBe(200)
    const dm = await slack.waitForCall('chat.postMessage', (c) => c.payload.channel === USERS.support, 10_000, since)
    expect(JSON.stringify(dm.payload.blocks)).toContain('Homely Hanna')

    expect(await api.service.core.partners.erase(partner)).toBeTruthy()
    const shown = () =>
      [...slack.messages.values()].filter((m) => JSON.stringify([m.text, m.blocks]).includes('Homely Hanna'))
    await waitUntil(() => (shown().length ? undefined : true), 10_000)
    expect(shown(), 'Slack still shows the erased partner’s name').toEqual([])
  }, 60_000)

  it('a file support deleted by hand does not keep the partner’s other files in the thread', async () => {
    api.clock.set('2026-07-03T10:00:00Z')
    const chat = 7311
    const words = 'First words of the dispute.'
    const partnerId = await partnerWithDispute({ api, telegram }, { chat, name: 'Filed Fiona', words })
    await slack.waitForCall(
      'chat.postMessage',
      (c) => c.payload.channel === CHANNELS.disputes && JSON.stringify(c.payload.blocks).includes('First words'),
    )
    const cardTs = [...slack.messages.values()].find((m) => JSON.stringify(m.blocks).includes('First words'))!.ts
    const { number } = await api.service.db.prisma.dispute.findFirstOrThrow({ where: { partnerId } })
    const photos = [Buffer.from('photo one: my passport'), Buffer.from('photo two: my id card')]
    await addToDispute(telegram, chat, { number, sent: 4, text: 'Two photos follow.', photos })
    const m = await waitUntil(async () => {
      const x = await api.service.db.prisma.disputeMessage.findFirst({ where: { text: { contains: 'Two photos' } } })
      return x?.slackTs && x.slackFiles.length === 2 ? x : undefined
    }, 15_000)
    const [first, second] = m.slackFiles as [string, string]
    expect(slack.files.get(first)).toMatchObject({ threadTs: cardTs })

    // support deletes the first photo by hand in Slack; Slack then answers files.delete on it with file_deleted
    slack.userDeletesFile(first)

    expect(await api.service.core.partners.erase(partnerId)).toBeTruthy()
    await slack.waitForCall('chat.update', (c) => c.payload.ts === m.slackTs, 10_000)
    await waitUntil(() => (slack.files.has(second) ? undefined : true), 10_000)
    const deletes = slack.calls.filter((c) => c.method === 'files.delete').map((c) => String(c.payload.file))
    expect(deletes).toEqual([first, second])
  }, 60_000)
})
