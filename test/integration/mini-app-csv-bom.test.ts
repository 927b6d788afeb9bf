import { sign } from '@telegram-apps/init-data-node'
import { describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'

/**
 * The statement CSV is for "spreadsheets and scripts" (bots/miniapp/csv.ts). Its cells are not ASCII for anyone: every
 * masked customer and order starts with "•••" (U+2022), and a campaign is named in the partner's language
 * (README "Names per language": `კაფე: გაყიდვები`). The file is UTF-8 without a byte-order mark, so Excel (the
 * spreadsheet a partner double-clicks the downloaded file into) reads it in the system's ANSI code page: "â€¢â€¢â€¢"
 * and "áƒ™áƒáƒ¤áƒ”" instead of the words. A UTF-8 BOM at the start is what makes Excel read it as UTF-8.
 */
describe('mini app: the statement CSV opens in a spreadsheet with its non-ASCII cells intact', () => {
  const env = withTelegram('2026-03-02T09:00:00Z')

  it('a Georgian partner’s chetup CSV starts with the UTF-8 byte-order mark', async () => {
    const { api } = env()
    const c = await api.enrolled('chetup', {
      name: 'ნინო',
      language: 'ka',
      legalType: 'individual',
      country: 'GE',
      telegramId: 7801,
      campaigns: ['cafe-sale'],
    })
    api.clock.set('2026-03-10T08:31:00Z')
    await api.recorded('chetup', {
      id: 'csv-bom-1',
      type: 'payment',
      occurredAt: '2026-03-10T08:30:00Z',
      customer: 'cust-77801',
      ref: c.codes[0]!.code,
      campaign: 'cafe-sale',
      order: 'ORDER-77801',
      amount: '50.00',
      currency: 'GEL',
      country: 'GE',
    })
    const auth = `tma ${sign(
      { user: { id: 7801, first_name: 'N', language_code: 'ka' }, chat_type: 'sender', chat_instance: '1' },
      TEST_TOKEN,
      new Date(api.clock.now().getTime() - 60_000),
    )}`
    const r = await fetch(`${api.base}/app/api/statement.csv?program=chetup`, { headers: { authorization: auth } })
    expect(r.status).toBe(200)
    const bytes = Buffer.from(await r.arrayBuffer())
    const text = bytes.toString('utf8')
    // the file does hold non-ASCII cells: the masked ids and the Georgian campaign name
    expect(text).toContain('•••')
    expect(text).toContain('კაფე')
    expect([...bytes.subarray(0, 3)], `first bytes: ${JSON.stringify(text.slice(0, 20))}`).toEqual([0xef, 0xbb, 0xbf])
  })
})
