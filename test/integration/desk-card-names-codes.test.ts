import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'

/**
 * The partner card names the partner's country in the agent's own language («Грузия») and the partner's language
 * by its own name, as the dispute card does (the language to answer in), not as the stored codes "GE" and "kk" an
 * agent would have to decode.
 */
describe('desk partner card: language and country by name', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, desk } = env())
  })

  it('a Russian agent reads «Язык: Қазақша … Грузия», a Latvian one «Valoda: Қазақша … Gruzija»', async () => {
    const { codes } = await api.enrolled('quantower', {
      name: 'Aigerim',
      language: 'kk',
      legalType: 'individual',
      country: 'GE',
      telegramId: 93_501,
    })
    // each agent's language is read once and remembered: two agents
    const card = async (user: string, locale: string) => {
      slack.locales.set(user, locale)
      const r = await desk.command(`partner ${codes[0]!.code}`, user)
      return JSON.stringify(await slack.response(r.responseId))
    }
    const ru = await card(USERS.admin, 'ru-RU')
    expect(ru).toContain('Язык: Қазақша')
    expect(ru).toContain('страна проживания или регистрации: Грузия')
    const lv = await card(USERS.support, 'lv-LV')
    expect(lv).toContain('Valoda: Қазақша')
    expect(lv).toContain('rezidences valsts: Gruzija')
  })
})
