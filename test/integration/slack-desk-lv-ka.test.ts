import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { ENTRY_KINDS } from '../../core/domain/ledger.ts'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import { jqseeCommission } from '../helpers/jqsee-commission.ts'

/** The desk read in Latvian and Georgian: what an agent whose Slack is in one of them sees on the partner card. */
describe('slack desk in Latvian and Georgian', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, desk } = env())
  })

  let chat = 9700
  const blocksOf = async (id: string) => ((await slack.response(id)) as { blocks?: any[] }).blocks ?? []
  /** The card's "recent activity" section, as the agent reads it. */
  const recentOf = async (partner: string, user: string) => {
    const blocks = await blocksOf((await desk.command(`partner ${partner}`, user)).responseId)
    const texts = blocks.map((b) => String(b.text?.text ?? ''))
    return texts.find((s) => s.split('\n').length > 1 && s.includes('· Quantower')) ?? texts.join('\n')
  }

  it.each([
    ['lv-LV', 'manuāla korekcija 12,50 USD'],
    ['ka-GE', 'ხელით კორექტირება 12,50 USD'],
  ])('a manual adjustment reads in the agent’s language in the card’s recent activity (%s)', async (locale, line) => {
    // one agent per language: a desk user's language is remembered for a while
    const user = locale === 'lv-LV' ? USERS.finance : USERS.admin
    slack.locales.set(user, locale)
    const { partner } = await api.enrolled('quantower', {
      name: `Adjusted ${++chat}`,
      language: 'en',
      legalType: 'individual',
      telegramId: chat,
    })
    const before = slack.calls.length
    await desk.action(user, 'partner_adjust', partner, { channel: 'CFIN' })
    const view = await desk.openedView(before)
    const done = await desk.submit(user, view, {
      program: { program: { selected: 'quantower' } },
      currency: { currency: { selected: 'USD' } },
      amount: { amount: '12,50' },
      reason: { reason: { selected: 'goodwill_bonus' } },
    })
    expect(done.status).toBe(200)
    const recent = await recentOf(partner, user)
    expect(recent, 'the ledger kind of a manual adjustment must not read as the raw English "adjustment"').toContain(
      line,
    )
    expect(recent).not.toMatch(/\badjustment\b/)
  })

  it('every kind of ledger entry the card lists has its words in every language', () => {
    for (const language of ['en', 'ru', 'kk', 'ka', 'lv']) {
      const words = JSON.parse(readFileSync(`locales/${language}/finance.json`, 'utf8')).partner_desk.ledger
      for (const kind of ENTRY_KINDS) expect(words[kind], `${language}: partner_desk.ledger.${kind}`).toBeTruthy()
    }
  })

  it('the partner card names an individual as the partner chose in the bot, "privātpersona" (lv-LV)', async () => {
    slack.locales.set(USERS.support, 'lv-LV')
    const { partner } = await api.enrolled('quantower', {
      name: `Private ${++chat}`,
      language: 'lv',
      legalType: 'individual',
      telegramId: chat,
    })
    const card = JSON.stringify(await blocksOf((await desk.command(`partner ${partner}`, USERS.support)).responseId))
    expect(card).toContain('Valoda: Latviešu · privātpersona · ')
  })

  it.each([
    ['lv-LV', USERS.support, 'nodots pārbaudē'],
    ['ka-GE', USERS.admin, 'შემოწმებაზე'],
  ])(
    'a commission held for review is one line of recent activity, not its two ledger legs (%s)',
    async (locale, user, held) => {
      slack.locales.set(user, locale)
      const p = await jqseeCommission(api, { chat: ++chat, language: 'lv', prefix: 'rv', n: chat })
      const review = await api.operator('POST', `/v1/commissions/${p.commission}/review`, {
        action: 'hold',
        reason: 'traffic_check',
      })
      expect(review.status).toBe(200)
      const blocks = await blocksOf((await desk.command(`partner ${p.partner}`, user)).responseId)
      const recent = blocks.map((b) => String(b.text?.text ?? '')).find((s) => s.includes(`${held} 12,00 USD`)) ?? ''
      const lines = recent.split('\n').filter((l) => l.includes(' · JQSEE · '))
      expect(
        lines.map((l) => l.split(' · JQSEE · ')[1]),
        'moving 12,00 into review is one movement: the card must not list it as +12,00 and -12,00',
      ).toEqual([`${held} 12,00 USD`, expect.stringMatching(/ 12,00 USD$/)])
    },
  )
})
