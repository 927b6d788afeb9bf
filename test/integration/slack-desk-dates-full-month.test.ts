import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'

/**
 * Glossary, form: never an abbreviation. A desk date names its month in full in every language, as the partner's
 * texts do: the Georgian agent read "6 მარ. 2026", the Russian one "6 мар. 2026 г.", the Kazakh one "2026 ж. 06 нау.".
 */
describe('slack desk dates write the month in full', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, desk } = env())
  })

  let chat = 9760
  // one agent per language: a desk user's language is remembered for a while
  it.each([
    ['ka-GE', USERS.admin, '6 მარტი, 2026 (UTC)', /მარ\./],
    ['ru-RU', USERS.finance, '6 марта 2026 г. (UTC)', /мар\./],
    ['kk-KZ', USERS.support, '2026 ж. 6 наурыз (UTC)', /нау\./],
  ])('the partner card says since when in %s', async (locale, user, day, short) => {
    slack.locales.set(user, locale)
    const { partner } = await api.enrolled('quantower', {
      name: `Dated ${++chat}`,
      language: 'en',
      legalType: 'individual',
      telegramId: chat,
    })
    const r = (await slack.response((await desk.command(`partner ${partner}`, user)).responseId)) as {
      blocks?: { text?: { text?: string } }[]
    }
    const card = (r.blocks ?? []).map((b) => b.text?.text ?? '').join('\n')
    expect(card).toContain(day)
    expect(card).not.toMatch(short)
  })
})
