import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { termsPartners } from '../helpers/terms-partners.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * (Found by an outside review.) A worksection-referral partner the paused broadcast had not reached yet read the change
 * in /terms and objected there, which ended their agreement. When the admin resumed the broadcast, the pump dropped
 * their delivery as a partner who had left the program, and with it their objection: the broadcast's answers read
 * "objected: 0" and the report (who acknowledged, who objected, who was not reached) no longer listed them. Their
 * row stays, not sent (`left_program`), with their objection.
 */
describe('an objection made in /terms before the broadcast reached the partner is counted', () => {
  const env = withTelegram('2026-04-10T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })
  const { enrol, comingChange } = termsPartners(() => ({ api, telegram }))

  it('objected: 1, and the report lists them with their objection', async () => {
    const reached = 5411
    const late = 5412
    await enrol('worksection-referral', reached)
    const { partner } = await enrol('worksection-referral', late)
    // the late partner's message does not go through until the admin has paused the broadcast
    telegram.inject = (m) => (Number(m.chat_id) === late ? { error_code: 502, description: 'Bad Gateway' } : undefined)
    try {
      const d = await api.operator('POST', '/v1/programs/worksection-referral/terms', {
        effectiveAt: '2026-04-25T00:00:00Z',
        texts: { en: 'Bronze starts after 8 clients.' },
      })
      expect(d.status, JSON.stringify(d.body)).toBe(201)
      const versionId = d.body.version.id as string
      const published = await api.operator('POST', `/v1/terms/${versionId}/publish`, {})
      expect(published.status, JSON.stringify(published.body)).toBe(201)
      const id = published.body.broadcast.id as string
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
      const done = await waitUntil(async () => {
        const b = await view()
        return b.status === 'completed' ? b : undefined
      }, 15_000)
      expect(done).toMatchObject({ sent: 1, remaining: 0, objected: 1 })
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
      const csv = await (await api.get(`/v1/broadcasts/${id}/report.csv`)).text()
      const [header, ...rows] = csv.trim().split('\r\n')
      const cols = header!.split(',')
      const row = rows.map((r) => r.split(',')).find((cells) => cells[0] === partner)
      expect(row, csv).toBeDefined()
      expect(row![cols.indexOf('delivery')]).not.toBe('sent')
      expect(row![cols.indexOf('error')]).toBe('left_program')
      expect(row![cols.indexOf('answer')]).toBe('objected')
    } finally {
      telegram.inject = undefined
    }
  }, 60_000)
})
