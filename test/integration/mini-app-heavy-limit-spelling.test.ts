import { sign } from '@telegram-apps/init-data-node'
import { describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'

/**
 * README "The Mini App": each Telegram user may make MINIAPP_RATE_LIMIT calls a minute, "and the QR image and CSV
 * routes a tenth of it besides (10 at once, then one every 5 s)". Express routes are case-insensitive and take a
 * trailing slash, so the same CSV and QR answers are served under `/statement.csv/`, `/STATEMENT.CSV` or `/qr/`;
 * the heavy bucket must count them too, not only the exact spelling.
 */
describe('mini app: the QR and CSV allowance cannot be dodged by spelling the path another way', () => {
  const env = withTelegram('2026-03-02T09:00:00Z')
  const tma = (id: number) =>
    `tma ${sign(
      { user: { id, first_name: 'Flood', language_code: 'en' }, chat_type: 'sender', chat_instance: '1' },
      TEST_TOKEN,
      new Date(env().api.clock.now().getTime() - 60_000),
    )}`

  for (const [variant, id] of [
    ['/statement.csv/', 7401],
    ['/STATEMENT.CSV', 7402],
  ] as const) {
    it(`30 CSV exports at once through ${variant}: at most the 10 the heavy allowance gives are served`, async () => {
      const { api } = env()
      await api.enrolled('jqsee', { name: 'Flood', language: 'en', legalType: 'individual', telegramId: id })
      const auth = tma(id)
      // the exact route is served (a CSV), so the variant reaches the same handler
      const statuses: number[] = []
      const types: string[] = []
      for (let i = 0; i < 30; i++) {
        const r = await fetch(`${api.base}/app/api${variant}?program=jqsee`, { headers: { authorization: auth } })
        statuses.push(r.status)
        types.push(r.headers.get('content-type') ?? '')
        await r.arrayBuffer()
      }
      expect(types[0], 'the variant path serves the CSV').toMatch(/text\/csv/)
      const served = statuses.filter((s) => s === 200).length
      expect(served, JSON.stringify(statuses)).toBeLessThanOrEqual(11)
    })
  }

  it('30 QR images at once through /qr/: at most the 10 the heavy allowance gives are served', async () => {
    const { api } = env()
    const { codes } = await api.enrolled('jqsee', {
      name: 'Flood QR',
      language: 'en',
      legalType: 'individual',
      telegramId: 7499,
    })
    const auth = tma(7499)
    const statuses: number[] = []
    let type = ''
    for (let i = 0; i < 30; i++) {
      const r = await fetch(`${api.base}/app/api/qr/?program=jqsee&code=${codes[0]!.code}`, {
        headers: { authorization: auth },
      })
      statuses.push(r.status)
      if (i === 0) type = r.headers.get('content-type') ?? ''
      await r.arrayBuffer()
    }
    expect(type, 'the variant path serves the QR image').toMatch(/image\/png/)
    expect(statuses.filter((s) => s === 200).length, JSON.stringify(statuses)).toBeLessThanOrEqual(11)
  })
})
