import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { termsPartners } from '../helpers/terms-partners.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * A broadcast hits Telegram's 429 (retry_after 1) on one partner; the pump waits and sends it again, and the partner
 * receives the change. The report (GET /v1/broadcasts/{id}/report.csv) still lists that delivered partner as
 * `sent` with error `rate_limited`: the store's finish() recorded `lastError` on the put-back and never cleared it
 * when the later send succeeds (core/infra/db/terms-broadcasts.ts broadcastStore.finish). An admin reading the report
 * for who was not reached sees an error on a partner who was.
 */
describe('broadcast report: a delivery sent after a 429 carries no error', () => {
  const env = withTelegram('2026-04-10T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })
  const { enrol } = termsPartners(() => ({ api, telegram }))

  it('the retried, delivered partner has an empty error column', async () => {
    const { partner } = await enrol('melbet', 5301, 'lv')
    let refused = 0
    telegram.inject = (payload) => {
      if (Number(payload.chat_id) === 5301 && refused < 1) {
        refused++
        return { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } }
      }
      return undefined
    }
    try {
      const d = await api.operator('POST', '/v1/programs/melbet/terms', {
        effectiveAt: '2026-04-10T10:00:00Z',
        texts: { en: 'New terms.', lv: 'Jauni noteikumi.' },
      })
      const p = await api.operator('POST', `/v1/terms/${d.body.version.id}/publish`, {})
      const id = p.body.broadcast.id as string
      const done = await waitUntil(async () => {
        const b = (await api.operator('GET', `/v1/broadcasts/${id}`)).body.broadcast
        return b.status === 'completed' ? b : undefined
      })
      expect(done).toMatchObject({ total: 1, sent: 1, failed: 0, remaining: 0 })
      expect(refused).toBe(1)
      const csv = await (await api.get(`/v1/broadcasts/${id}/report.csv`)).text()
      const [header, row] = csv.trim().split('\r\n')
      const cols = header!.split(',')
      const cells = row!.split(',')
      expect(cells[0]).toBe(partner)
      expect(cells[cols.indexOf('delivery')]).toBe('sent')
      expect(cells[cols.indexOf('error')], row).toBe('')
    } finally {
      telegram.inject = undefined
    }
  }, 30_000)
})
