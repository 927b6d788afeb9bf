import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { termsPartners } from '../helpers/terms-partners.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * (Found by an outside review.) A worksection-referral partner the paused broadcast had not reached yet read the change
 * in /terms and objected there, which ended their agreement. When the admin resumed the broadcast, the pump dropped
 * their delivery as a partner who had left the program, and with it their objection: the broadcast's answers read
 * "objected: 0" and the report (who acknowledged, who objected, who was not reached) no longer listed them.
 *
 * Then their row was kept as a failed delivery (`left_program`): the desk's progress message read "failed 1", the API
 * `failed: 1` and the report `failed`, as if Telegram had refused the message, though the partner had already answered.
 * They are now an outcome of their own: not sent, answered already (`answeredBeforeDelivery`, the report's
 * `answered_before_delivery`, with their objection), and "failed" counts only messages that did not go through.
 */
describe('an objection made in /terms before the broadcast reached the partner is counted, not failed', () => {
  const env = withDesk('2026-04-10T10:00:00Z', { SLACK_ADMIN_USERS: 'UOBJADM', SLACK_DESK_LANGUAGE: 'en' })
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, telegram, slack, desk } = env())
  })
  const { enrol, comingChange } = termsPartners(() => ({ api, telegram }))
  /** The progress message as the desk last wrote it, once `marker` shows there. */
  const message = (marker: string) =>
    waitUntil(
      () =>
        slack.calls
          .filter((c) => c.method === 'chat.update' || c.method === 'chat.postMessage')
          .map((c) => JSON.stringify(c.payload))
          .filter((p) => p.includes('Term change') && p.includes(marker))
          .at(-1),
      15_000,
    )

  it('objected: 1 and not sent (answered already) 1, failed 0; the report lists them with their objection', async () => {
    const reached = 5411
    const late = 5412
    await enrol('worksection-referral', reached)
    const { partner } = await enrol('worksection-referral', late)
    // the late partner's message does not go through until the admin has paused the broadcast
    telegram.inject = (m) => (Number(m.chat_id) === late ? { error_code: 502, description: 'Bad Gateway' } : undefined)
    try {
      // published from the desk: its progress message is kept there
      const mark = slack.calls.length
      await desk.command('terms worksection-referral', 'UOBJADM')
      const compose = await desk.openedView(mark)
      const preview = await desk.submit('UOBJADM', compose, {
        effective: { date: { date: '2026-04-25' } },
        text_en: { text: 'Bronze starts after 8 clients.' },
      })
      expect(preview.body.response_action, JSON.stringify(preview.body)).toBe('update')
      expect((await desk.submit('UOBJADM', preview.body.view, {})).status).toBe(200)
      const versionId = (await api.operator('GET', '/v1/programs/worksection-referral/terms')).body.versions[0]
        .id as string
      const id = (await api.operator('GET', '/v1/broadcasts?program=worksection-referral')).body.broadcasts[0]
        .id as string
      const view = async () => (await api.operator('GET', `/v1/broadcasts/${id}`)).body.broadcast
      await waitUntil(async () => ((await view()).sent === 1 ? true : undefined), 10_000)
      await waitUntil(() =>
        telegram.calls.find((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === late),
      )
      expect((await api.operator('POST', `/v1/broadcasts/${id}/pause`)).status).toBe(200)
      await new Promise((r) => setTimeout(r, 6000))
      expect((await view()).remaining).toBe(1)
      telegram.inject = undefined

      // the partner reads the change in /terms and objects there: their agreement ends
      const coming = await comingChange(late)
      expect(JSON.stringify(coming.payload.reply_markup)).toContain(`tv:obj:${versionId}`)
      await telegram.press(late, `tv:obj:${versionId}`)
      await waitUntil(() => telegram.textsTo(late).find((t) => t.startsWith('Object to the new')))
      await telegram.press(late, `tv:obj_yes:${versionId}`)
      await waitUntil(() => telegram.textsTo(late).find((t) => t.startsWith('Your objection is recorded')))

      const atResume = telegram.calls.length
      expect((await api.operator('POST', `/v1/broadcasts/${id}/resume`)).status).toBe(200)
      // every row is final: the broadcast completes
      const done = await waitUntil(async () => {
        const b = await view()
        return b.status === 'completed' ? b : undefined
      }, 15_000)
      expect(done).toMatchObject({
        total: 2,
        sent: 1,
        failed: 0,
        blocked: 0,
        answeredBeforeDelivery: 1,
        remaining: 0,
        objected: 1,
        unanswered: 1,
      })
      // the partner who left is not sent the change they already objected to
      expect(
        telegram.calls
          .slice(atResume)
          .filter(
            (c) =>
              c.method === 'sendMessage' &&
              Number(c.payload.chat_id) === late &&
              String(c.payload.text).startsWith('📜 Worksection'),
          ),
      ).toHaveLength(0)

      // the desk's progress message: not a failure, answered already
      const text = await message('Completed')
      expect(text).toContain('sent 1 · failed 0 · blocked the bot 0 · remaining 0 · not sent (answered already) 1')
      expect(text).toContain('objected: 1')

      const csv = await (await api.get(`/v1/broadcasts/${id}/report.csv`)).text()
      const [header, ...rows] = csv.trim().split('\r\n')
      const cols = header!.split(',')
      const row = rows.map((r) => r.split(',')).find((cells) => cells[0] === partner)
      expect(row, csv).toBeDefined()
      expect(row![cols.indexOf('delivery')]).toBe('answered_before_delivery')
      expect(row![cols.indexOf('error')]).toBe('')
      expect(row![cols.indexOf('answer')]).toBe('objected')
    } finally {
      telegram.inject = undefined
    }
  }, 90_000)
})
