import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { termsPartners } from '../helpers/terms-partners.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * (Found by an outside review.) Cancelling a broadcast before its change takes effect withdraws the change, yet the
 * broadcast's message on the desk went on saying "In force from May 1, 2026": the admin reading the channel (or the
 * one who did not press Cancel) took the change to be coming. The message says the change is withdrawn and will not
 * take effect; the operator API's progress carries `withdrawnAt`. And the partners the cancel kept it from were counted as
 * "remaining", as if their messages were still on their way: they read "not sent (cancelled)".
 */
function cancelledBeforeEffect(desk: { language: string; user: string; base: number }) {
  const env = withDesk('2026-04-01T09:00:00Z', {
    SLACK_ADMIN_USERS: desk.user,
    SLACK_DESK_LANGUAGE: desk.language,
  })
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  let client: DeskClient
  beforeAll(() => {
    ;({ api, telegram, slack, desk: client } = env())
  })
  const { enrol } = termsPartners(() => ({ api, telegram }))
  /** The progress message as the desk last wrote it, once `marker` shows there. */
  const message = (since: number, marker: string) =>
    waitUntil(
      () =>
        slack.calls
          .slice(since)
          .filter((c) => c.method === 'chat.update' || c.method === 'chat.postMessage')
          .map((c) => JSON.stringify(c.payload))
          .filter((p) => p.includes(marker))
          .at(-1),
      10_000,
    )
  let done: Awaited<ReturnType<typeof run>> | undefined
  async function run() {
    const reached = desk.base
    const waiting = desk.base + 1
    await enrol('worksection-partner', reached, desk.language)
    const { partner } = await enrol('worksection-partner', waiting, desk.language)
    // one partner's message keeps failing: the broadcast is still running when the admin cancels it
    telegram.inject = (m) =>
      Number(m.chat_id) === waiting ? { error_code: 502, description: 'Bad Gateway' } : undefined
    try {
      slack.locales.set(desk.user, desk.language === 'ru' ? 'ru-RU' : 'en-US')
      const mark = slack.calls.length
      await client.command('terms worksection-partner', desk.user)
      const compose = await client.openedView(mark)
      const preview = await client.submit(desk.user, compose, {
        effective: { date: { date: '2026-05-01' } },
        text_en: { text: 'Reports are due on the 5th.' },
        text_ru: { text: 'Отчёты сдаются до 5-го числа.' },
      })
      expect(preview.body.response_action, JSON.stringify(preview.body)).toBe('update')
      expect((await client.submit(desk.user, preview.body.view, {})).status).toBe(200)
      const id = (await api.operator('GET', '/v1/broadcasts?program=worksection-partner')).body.broadcasts[0]
        .id as string
      await waitUntil(async () =>
        (await api.operator('GET', `/v1/broadcasts/${id}`)).body.broadcast.sent === 1 ? true : undefined,
      )
      const before = slack.calls.length
      const r = await client.action(desk.user, 'broadcast_cancel', id)
      await waitUntil(() => slack.responses.find((x) => x.id === r.responseId))
      const view = (await api.operator('GET', `/v1/broadcasts/${id}`)).body.broadcast
      expect(view.status).toBe('cancelled')
      expect(view.withdrawnAt).toBe('2026-04-01T09:00:00.000Z')
      return { before, message, id, partner }
    } finally {
      telegram.inject = undefined
    }
  }
  return {
    api: () => api,
    async run() {
      done = await run()
      return done
    },
    /** What `run` left (the broadcast, the partner it did not reach). */
    result: async () => done ?? (await run()),
  }
}

describe('a broadcast cancelled before its change takes effect: the desk reads that the change is withdrawn', () => {
  describe('English desk', () => {
    const s = cancelledBeforeEffect({ language: 'en', user: 'UENADM', base: 9611 })
    it('no "In force from": withdrawn, it will not take effect', async () => {
      const { before, message } = await s.run()
      const text = await message(before, 'Cancelled')
      expect(text).not.toContain('In force from')
      expect(text).toContain(
        'Withdrawn: the change will not take effect (it was due on May 1, 2026 (Europe/Kyiv)); it binds nobody, and the partners it reached are told.',
      )
      // the partner whose message was not sent will not get it: not "remaining", as if it were still on its way
      expect(text).not.toContain('remaining')
      expect(text).toContain('sent 1 · failed 0 · blocked the bot 0 · not sent (cancelled) 1')
    }, 40_000)
    it('the report names the partner the cancel kept it from as not sent, not as still pending', async () => {
      const { id, partner } = await s.result()
      const csv = await (await s.api().get(`/v1/broadcasts/${id}/report.csv`)).text()
      const [header, ...rows] = csv.trim().split('\r\n')
      const cols = header!.split(',')
      const row = rows.map((r) => r.split(',')).find((cells) => cells[0] === partner)
      expect(row, csv).toBeDefined()
      expect(row![cols.indexOf('delivery')], csv).toBe('cancelled')
    }, 40_000)
  })
  describe('Russian desk', () => {
    const s = cancelledBeforeEffect({ language: 'ru', user: 'URUADM', base: 9621 })
    it('no «Вступает в силу»: отозвано, в силу не вступит', async () => {
      const { before, message } = await s.run()
      const text = await message(before, 'Отменена')
      expect(text).not.toContain('Вступает в силу')
      expect(text).toContain(
        'Изменение отозвано и не вступит в силу (планировалось с 1 мая 2026 г. (Europe/Kyiv)): оно ни к кому не применяется, а партнёрам, которые его получили, сообщат об этом.',
      )
      expect(text).not.toContain('осталось')
      expect(text).toContain('отправлено: 1 · ошибок: 0 · заблокировали бота: 0 · не отправлено (рассылка отменена): 1')
    }, 40_000)
  })
})
