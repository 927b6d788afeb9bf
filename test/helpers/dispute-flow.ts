import type { FakeTelegram } from './fake-telegram.ts'

/** The partner opens an "other" dispute in the bot with these words: the bot's messages 1 to 4. */
export async function openOtherDispute(telegram: FakeTelegram, chat: number, words: string) {
  await telegram.sendText(chat, '/dispute')
  await telegram.keyboardAfter(chat, 1)
  await telegram.press(chat, ':other')
  await telegram.nthText(chat, 2)
  await telegram.sendText(chat, words)
  await telegram.keyboardAfter(chat, 3)
  await telegram.press(chat, ':send')
  await telegram.nthText(chat, 4)
}

/**
 * The partner adds a message with photos to dispute `number` (the add button pressed under the bot's last message),
 * the bot having sent `sent` messages before; the number of the bot's messages after it.
 */
export async function addToDispute(
  telegram: FakeTelegram,
  chat: number,
  add: { number: number; sent: number; text: string; photos: Buffer[] },
) {
  const last = [...telegram.messages.keys()].filter((k) => k.startsWith(`${chat}:`)).at(-1)!
  await telegram.pressButton(chat, Number(last.split(':')[1]), `dsp:add:${add.number}`)
  let n = add.sent + 1
  await telegram.nthText(chat, n)
  await telegram.sendText(chat, add.text)
  await telegram.keyboardAfter(chat, ++n)
  for (const photo of add.photos) {
    await telegram.sendFile(chat, 'photo', photo)
    await telegram.keyboardAfter(chat, ++n)
  }
  await telegram.press(chat, ':send')
  await telegram.nthText(chat, ++n)
  return n
}
