import type { Api } from './api.ts'
import type { FakeTelegram } from './fake-telegram.ts'
import { waitFor } from './ports.ts'

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

/**
 * A worksection-partner application made through the bot (applyThroughBot, with the partner's own account
 * acme.worksection.com), then taken back from /settings -> "Leave a program": the bot's texts on the way (the
 * application made, the question, the withdrawal), the enrolment once ended, and how many messages the bot sent.
 */
export async function applyAndWithdrawThroughBot(api: Api, telegram: FakeTelegram, chat: number, language: string) {
  await applyThroughBot(api, telegram, chat, language, 'acme.worksection.com')
  const applied = await telegram.nthText(chat, 6)
  await telegram.sendText(chat, '/settings')
  await telegram.keyboardAfter(chat, 7)
  await telegram.press(chat, 'st:leave')
  await telegram.keyboardAfter(chat, 8)
  await telegram.press(chat, 'lp:ask:worksection-partner')
  const confirm = (await telegram.keyboardAfter(chat, 9)).text
  await telegram.press(chat, 'lp:yes:worksection-partner')
  const withdrawn = await telegram.nthText(chat, 10)
  const enrolment = await waitFor(async () => {
    const e = await api.service.db.prisma.enrolment.findFirst({
      where: { partner: { telegramId: BigInt(chat) }, programKey: 'worksection-partner' },
    })
    return e?.status === 'terminated' ? e : undefined
  }, 10_000)
  return { applied, confirm, withdrawn, enrolment, sent: 10 }
}

/** worksection-partner's name in Russian and Georgian. */
export const worksectionPartnerName = (language: 'ru' | 'ka') =>
  language === 'ru' ? 'Worksection (партнёрская)' : 'Worksection (პარტნიორული)'
