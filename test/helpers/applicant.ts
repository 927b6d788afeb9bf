import type { Api } from './api.ts'
import type { FakeTelegram } from './fake-telegram.ts'

/**
 * A worksection-partner application made through the bot's deep link, as a partner does: terms accepted, an
 * individual, the country the language suggests (Россия, Latvija, United Kingdom...), 18 or older, and the partner's
 * own Worksection account (`ownAccount`, default `own-<chat>`). The chat and the partner's id.
 */
export async function applyThroughBot(
  api: Api,
  telegram: FakeTelegram,
  chat: number,
  language: string,
  ownAccount = `own-${chat}`,
) {
  telegram.languages.set(chat, language)
  await telegram.sendText(chat, '/start worksection-partner')
  await telegram.keyboardAfter(chat, 1)
  await telegram.press(chat, ':accept')
  await telegram.keyboardAfter(chat, 2)
  await telegram.press(chat, ':individual')
  const country = await telegram.keyboardAfter(chat, 3)
  await telegram.pressButton(chat, country.message_id, country.buttons[0]!.data)
  await telegram.keyboardAfter(chat, 4)
  await telegram.press(chat, ':yes')
  await telegram.nthText(chat, 5)
  await telegram.sendText(chat, ownAccount)
  await telegram.nthText(chat, 6)
  const who = await api.service.db.prisma.partner.findUniqueOrThrow({ where: { telegramId: BigInt(chat) } })
  return { chat, partner: who.id }
}
