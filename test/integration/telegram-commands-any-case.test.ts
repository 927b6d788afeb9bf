import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * (Found by an outside review.) Telegram clients send a command as it was typed: "/START" or "/Start" reached the bot
 * as such, matched no handler (grammY compares commands exactly) and was answered "I did not understand". Every
 * command of the bot works whatever its case, in a flow too.
 */
describe('telegram: commands typed with capitals work like the lowercase ones', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ telegram } = env())
  })
  const commands = [
    'start',
    'link',
    'earnings',
    'stats',
    'payout',
    'dispute',
    'terms',
    'settings',
    'language',
    'cancel',
    'help',
  ]

  it.each(commands.map((c, i) => [c, 98_100 + i * 3] as const))('/%s', async (command, chat) => {
    const language = chat % 2 ? 'ru' : 'en'
    const t = createI18n().t(language)
    const typed = [command, command.toUpperCase(), command[0]!.toUpperCase() + command.slice(1)]
    const replies: string[] = []
    for (const [i, text] of typed.entries()) {
      telegram.languages.set(chat + i, language)
      await telegram.sendText(chat + i, `/${text}`)
      // the greeting names the user, who is another one in each chat
      replies.push((await telegram.nthText(chat + i, 1)).replace(/User\d+/g, 'User'))
    }
    expect(replies[0]).not.toBe(t('unhandled.text'))
    expect(replies).toEqual([replies[0], replies[0], replies[0]])
  })

  it('a join link typed as /START <program> opens the program', async () => {
    const t = createI18n().t('en')
    telegram.languages.set(98_200, 'en')
    await telegram.sendText(98_200, '/START jqsee')
    const terms = await telegram.keyboardAfter(98_200, 1)
    expect(terms.buttons.map((b) => b.text)).toEqual([t('join.accept'), t('join.decline')])
  })

  it('/CANCEL ends a flow under way as /cancel does', async () => {
    const replies: string[] = []
    for (const [chat, cancel] of [
      [98_201, '/cancel'],
      [98_202, '/CANCEL'],
    ] as const) {
      telegram.languages.set(chat, 'en')
      await telegram.sendText(chat, '/start jqsee')
      await telegram.keyboardAfter(chat, 1)
      await telegram.sendText(chat, cancel)
      replies.push(await telegram.nthText(chat, 2))
    }
    expect(replies[1]).toBe(replies[0])
  })
})
