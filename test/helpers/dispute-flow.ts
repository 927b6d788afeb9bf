import { expect } from 'vitest'
import type { Api } from './api.ts'
import { CHANNELS } from './desk.ts'
import type { FakeSlack } from './fake-slack.ts'
import type { FakeTelegram } from './fake-telegram.ts'

/** A document the partner attaches to a dispute message. */
type Document = { name: string; data: Buffer }

/**
 * The partner writes a dispute message in the bot (the bot having sent `sent` messages and now asking for it): the
 * text, then each document, then Send; the bot's answer.
 */
async function writeAndSend(telegram: FakeTelegram, chat: number, sent: number, text: string, documents: Document[]) {
  let n = sent
  await telegram.sendText(chat, text)
  await telegram.keyboardAfter(chat, ++n)
  for (const d of documents) {
    await telegram.sendFile(chat, 'document', d.data, { name: d.name })
    await telegram.keyboardAfter(chat, ++n)
  }
  await telegram.press(chat, ':send')
  return telegram.nthText(chat, ++n)
}

/** The partner opens an "other" dispute in the bot with these words: the bot's 4th message (its number), answered. */
export async function openOtherDispute(telegram: FakeTelegram, chat: number, words: string) {
  await telegram.sendText(chat, '/dispute')
  // a partner with something to dispute is asked what about; with nothing, it is said and no question is asked
  const first = await telegram.nthText(chat, 1)
  const asked = telegram.lastKeyboard(chat)
  if (asked?.text === first && asked.buttons.some((b) => b.data.endsWith(':other')))
    await telegram.press(chat, ':other')
  await telegram.nthText(chat, 2)
  return writeAndSend(telegram, chat, 2, words, [])
}

/**
 * The partner opens a dispute about the first commission the bot offers, with `text` and any documents: the bot's
 * answer (its number), its 5th message plus one per document.
 */
export async function disputeFirstCommission(
  telegram: FakeTelegram,
  chat: number,
  text: string,
  documents: Document[] = [],
) {
  await telegram.sendText(chat, '/dispute')
  await telegram.keyboardAfter(chat, 1)
  await telegram.press(chat, ':commission')
  const which = await telegram.keyboardAfter(chat, 2)
  await telegram.pressButton(chat, which.message_id, which.buttons[0]!.data)
  await telegram.nthText(chat, 3)
  return writeAndSend(telegram, chat, 3, text, documents)
}

/**
 * The partner adds a message, with any photos, to dispute `number` (the add button pressed under the bot's last
 * message), the bot having sent `sent` messages before; the number of the bot's messages after it.
 */
export async function addToDispute(
  telegram: FakeTelegram,
  chat: number,
  add: { number: number; sent: number; text: string; photos?: Buffer[] },
) {
  const last = [...telegram.messages.keys()].filter((k) => k.startsWith(`${chat}:`)).at(-1)!
  await telegram.pressButton(chat, Number(last.split(':')[1]), `dsp:add:${add.number}`)
  let n = add.sent + 1
  await telegram.nthText(chat, n)
  await telegram.sendText(chat, add.text)
  await telegram.keyboardAfter(chat, ++n)
  for (const photo of add.photos ?? []) {
    await telegram.sendFile(chat, 'photo', photo)
    await telegram.keyboardAfter(chat, ++n)
  }
  await telegram.press(chat, ':send')
  await telegram.nthText(chat, ++n)
  return n
}

/**
 * A jqsee partner in Telegram as `chat` (in `language`, English unless said) who opens an "other" dispute with these
 * words in the bot: the partner's id.
 */
export async function partnerWithDispute(
  env: { api: Api; telegram: FakeTelegram },
  p: { chat: number; name: string; words: string; language?: string },
): Promise<string> {
  const language = p.language ?? 'en'
  env.telegram.languages.set(p.chat, language)
  const r = await env.api.enrol('jqsee', { name: p.name, language, legalType: 'individual', telegramId: p.chat })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  await openOtherDispute(env.telegram, p.chat, p.words)
  return r.body.partner.id as string
}

/**
 * The first dispute card the desk posted in the disputes channel, once posted: the dispute's id (its buttons' value)
 * and the card's ts (its thread).
 */
export async function disputeCard(slack: FakeSlack) {
  const card = await slack.waitForCall('chat.postMessage', (c) => c.payload.channel === CHANNELS.disputes)
  const id = (card.payload.blocks as any[]).find((b) => b.type === 'actions').elements[0].value as string
  const thread = [...slack.messages.values()].find((m) => m.channel === CHANNELS.disputes && !m.threadTs)!.ts
  return { id, thread }
}
