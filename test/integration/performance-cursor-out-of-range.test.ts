import { sign } from '@telegram-apps/init-data-node'
import { describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'

/**
 * A statement cursor is checked by core (performance-report.ts parseCursor): base64url of "<ISO time>|<uuid>" whose
 * time reads back as itself. A JavaScript date PostgreSQL cannot hold (before 4713 BC) passes that check and reaches
 * the query, which fails: a 500 for a malformed parameter, where the README promises "a 400 or 404 in the partner's
 * words, never a 5xx" (Mini App) and contract section 3 the operator API's error shape (400 with issues).
 */
describe('statement and performance cursor: a time PostgreSQL cannot hold is a 400, not a 500', () => {
  const env = withTelegram('2026-03-02T09:00:00Z')
  const cursor = Buffer.from('-271821-04-20T00:00:00.000Z|00000000-0000-4000-8000-000000000000').toString('base64url')

  it('Mini App /statement', async () => {
    const { api } = env()
    await api.enrolled('jqsee', { name: 'Ana', language: 'ka', legalType: 'individual', telegramId: 7601 })
    const auth = `tma ${sign(
      { user: { id: 7601, first_name: 'Ana', language_code: 'ka' }, chat_type: 'sender', chat_instance: '1' },
      TEST_TOKEN,
      new Date(api.clock.now().getTime() - 60_000),
    )}`
    for (const path of [`/statement?program=jqsee&cursor=${cursor}`]) {
      const r = await fetch(`${api.base}/app/api${path}`, { headers: { authorization: auth } })
      const body = (await r.json()) as { error: { code: string; message: string } }
      expect(r.status, `${path} ${JSON.stringify(body)}`).toBe(400)
      expect(body.error.code).toBe('invalid_request')
    }
  })

  it('operator GET /v1/partners/{id}/performance', async () => {
    const { api } = env()
    const { partner } = await api.enrolled('jqsee', { name: 'Bo', language: 'en', legalType: 'individual' })
    const r = await api.operator('GET', `/v1/partners/${partner}/performance?program=jqsee&cursor=${cursor}`)
    expect(r.status, JSON.stringify(r.body)).toBe(400)
  })

  it('the edges of what the dates and cursors take are answered, on both routes', async () => {
    const { api } = env()
    const { partner } = await api.enrolled('jqsee', {
      name: 'Edge',
      language: 'en',
      legalType: 'individual',
      telegramId: 7602,
    })
    const auth = `tma ${sign(
      { user: { id: 7602, first_name: 'Edge', language_code: 'en' }, chat_type: 'sender', chat_instance: '1' },
      TEST_TOKEN,
      new Date(api.clock.now().getTime() - 60_000),
    )}`
    const at = (time: string) => Buffer.from(`${time}|00000000-0000-4000-8000-000000000000`).toString('base64url')
    const queries = [
      'from=1970-01-01&to=1970-01-01',
      'from=9999-12-01&to=9999-12-31',
      `cursor=${at('0000-01-01T00:00:00.000Z')}`,
      `cursor=${at('9999-12-31T23:59:59.999Z')}`,
    ]
    for (const q of queries) {
      const app = await fetch(`${api.base}/app/api/statement?program=jqsee&${q}`, { headers: { authorization: auth } })
      expect(app.status, `Mini App ${q}: ${await app.text()}`).toBe(200)
      const op = await api.operator('GET', `/v1/partners/${partner}/performance?program=jqsee&${q}`)
      expect(op.status, `operator ${q}: ${JSON.stringify(op.body)}`).toBe(200)
    }
    // past them: a 400 naming the parameter, never a 5xx
    for (const q of ['to=10000-01-01', 'from=1969-12-31', `cursor=${at('+275760-09-13T00:00:00.000Z')}`]) {
      const r = await api.operator('GET', `/v1/partners/${partner}/performance?program=jqsee&${q}`)
      expect(r.status, `operator ${q}: ${JSON.stringify(r.body)}`).toBe(400)
    }
  })
})
