import { expect } from 'vitest'
import type { Api } from './api.ts'
import type { FakeTelegram } from './fake-telegram.ts'
import { waitFor } from './ports.ts'

/** A visitor's click through `code` from `ip` (a browser), redirected and counted (the click writer flushed). */
export async function clickThrough(api: Api, code: string, ip: string) {
  const click = await api.get(`/r/${code}`, { 'x-forwarded-for': ip, 'user-agent': 'Mozilla/5.0 (test)' })
  expect(click.status).toBe(302)
  await api.service.core.earnings.clicks.flush()
}

/** The partner in `chat` asks the bot for /stats: the caption of the chart it sends, line by line. */
export async function statsCaption(telegram: FakeTelegram, chat: number) {
  await telegram.sendText(chat, '/stats')
  const photo = await waitFor(
    () => telegram.calls.find((c) => c.method === 'sendPhoto' && Number(c.payload.chat_id) === chat),
    10_000,
  )
  return String(photo.payload.caption).split('\n')
}
