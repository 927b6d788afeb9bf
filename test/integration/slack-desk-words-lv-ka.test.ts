import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { jqseeCommission } from '../helpers/jqsee-commission.ts'
import { termsPartners } from '../helpers/terms-partners.ts'
import { waitUntil } from '../helpers/wait.ts'

/** (Found by outside reviews of the desk.) Desk wording an agent whose Slack is in Latvian or Georgian reads. */
describe('slack desk wording in Latvian and Georgian', () => {
  const env = withDesk('2026-03-06T10:00:00Z', { SLACK_SUPPORT_USERS: 'USUPPORT,URUSUP' })
  let api: Api
  let slack: FakeSlack
  let desk: DeskClient
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, slack, desk, telegram } = env())
  })

  let chat = 9800
  const blocksOf = async (id: string) => ((await slack.response(id)) as { blocks?: any[] }).blocks ?? []

  it('the deal buttons on the partner card name the individual terms, not "Noteikt noteikumus" (lv-LV)', async () => {
    slack.locales.set(USERS.finance, 'lv-LV')
    const { partner } = await api.enrolled('quantower', {
      name: `Deal ${++chat}`,
      language: 'lv',
      legalType: 'individual',
      telegramId: chat,
    })
    const blocks = await blocksOf((await desk.command(`partner ${partner}`, USERS.finance)).responseId)
    const deal = blocks.find((b) => b.type === 'actions' && b.block_id === 'deal:quantower')
    expect(deal, 'a finance agent may set a deal').toBeDefined()
    const words = deal.elements.map((e: any) => e.text.text as string)
    expect(words, 'the same root twice: "set the terms"').not.toContain('Noteikt noteikumus')
    expect(words).toContain('Iestatīt individuālos noteikumus')
  })

  it.each([
    ['lv-LV', USERS.support, 'Anulēt partnera @marta 9901 atlīdzību 12,00 USD'],
    ['ka-GE', USERS.admin, 'პარტნიორის @marta 9902 საკომისიოს 12,00 USD'],
    ['ru-RU', 'URUSUP', 'Аннулировать вознаграждение 12,00 USD (JQSEE) у партнёра @marta 9903'],
  ])(
    'the held-commission modal names the partner after a noun, not in a case of their name (%s)',
    async (l, user, says) => {
      slack.locales.set(user, l)
      chat = Number(says.match(/99\d\d/)![0])
      const p = await jqseeCommission(api, { chat, language: 'lv', prefix: '@marta', n: chat })
      const hold = await api.operator('POST', `/v1/commissions/${p.commission}/review`, {
        action: 'hold',
        reason: 'traffic_check',
      })
      expect(hold.status).toBe(200)
      const blocks = await blocksOf((await desk.command(`partner ${p.partner}`, user)).responseId)
      const held = blocks.find((b) => b.type === 'actions' && String(b.block_id).startsWith('held:'))
      const voidButton = held.elements.find((e: any) => String(e.action_id).endsWith(':void'))
      const before = slack.calls.length
      await desk.action(user, voidButton.action_id, voidButton.value)
      const view = await desk.openedView(before)
      const effect = String(view.blocks[0].text.text)
      expect(effect, '"@marta 9901 atlīdzību" / "@marta 9902-ის" / "у @marta": a raw name in a case').toContain(says)
    },
  )

  it('no desk text in ka hangs a case ending on a name ("{{who}}-ის"), and none in lv, ru or kk puts one in a case', () => {
    for (const language of ['ka', 'lv', 'ru', 'kk'])
      for (const file of ['held', 'applications', 'codes', 'details', 'finance', 'desk', 'endings', 'adjustments']) {
        const text = readFileSync(`locales/${language}/${file}.json`, 'utf8')
        const suffixed = text.match(/\{\{(who|name|partner)\}\}-[^\s"]/g) ?? []
        expect(suffixed, `${language}/${file}.json`).toEqual([])
        // a genitive before a noun: "Anulēt {{who}} atlīdzību", "у {{who}}", "ссылки {{who}}"
        const possessive =
          text.match(/(?<![A-Za-zĀ-žА-яЁё])(?:[A-Za-zĀ-ž]+ |у |ссылки |Заявка )\{\{who\}\} (?!\*?programmā)/g) ?? []
        expect(
          possessive.filter((m) => !/^(Partnerim|partnerim|Partnera|partnera|Partneris|Pēc) /.test(m)),
          `${language}/${file}.json`,
        ).toEqual([])
      }
  })

  it('cancelling a term-change broadcast tells the cancelled broadcast from the withdrawn change (ka-GE)', async () => {
    slack.locales.set(USERS.admin, 'ka-GE')
    const { enrol } = termsPartners(() => ({ api, telegram }))
    const unreachable = 9950
    await enrol('worksection-partner', unreachable, 'ka')
    // Telegram cannot reach the partner: the broadcast keeps running until it is cancelled
    telegram.inject = (m) =>
      Number(m.chat_id) === unreachable ? { error_code: 502, description: 'Bad Gateway' } : undefined
    try {
      const d = await api.operator('POST', '/v1/programs/worksection-partner/terms', {
        effectiveAt: '2026-05-01T00:00:00Z',
        texts: { en: 'Reports are due on the 5th.', ka: 'ანგარიშები ყოველი თვის 5 რიცხვამდე.' },
      })
      expect(d.status, JSON.stringify(d.body)).toBe(201)
      const p = await api.operator('POST', `/v1/terms/${d.body.version.id}/publish`, {})
      expect(p.status, JSON.stringify(p.body)).toBe(201)
      const r = await desk.action(USERS.admin, 'broadcast_cancel', p.body.broadcast.id)
      const reply = String((await waitUntil(() => slack.responses.find((x) => x.id === r.responseId))).body.text)
      expect(reply, 'the broadcast is cancelled').toContain('დაგზავნა გაუქმებულია')
      expect(reply, 'the change is withdrawn, in a word of its own').toContain('ცვლილება გამოხმობილია')
      expect(reply.match(/გაუქმებულია/g)).toHaveLength(1)
    } finally {
      telegram.inject = undefined
    }
  }, 40_000)

  it('the partner told of a withdrawn change reads the word the desk uses (ka, ru)', () => {
    const said = (language: string, file: string) =>
      JSON.parse(readFileSync(`locales/${language}/${file}.json`, 'utf8'))
    expect(said('ka', 'common').terms.withdrawn).toContain('გამოხმობილია')
    expect(said('ka', 'desk').desk.broadcast.done.cancel).toContain('გამოხმობილია')
    expect(said('ru', 'common').terms.withdrawn).toContain('отозвано')
    expect(said('ru', 'desk').desk.broadcast.done.cancel).toContain('отозвано')
  })
})
