import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { jqseePayoutRequested } from '../helpers/payout-flow.ts'

/**
 * /earnings once a payout on its way is past its expected date: its line says it is late, and a line after says it
 * is still being processed and that /dispute is the way to raise it if it does not arrive. Not on the date itself.
 */
describe('telegram /earnings: a payout past its expected date is marked late', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  async function earnings(id: number) {
    const since = telegram.calls.length
    await telegram.sendText(id, '/earnings')
    const sent = await telegram.waitForCall('sendPhoto', (c) => Number(c.payload.chat_id) === id, 10_000, since)
    return String(sent.payload.caption).split('\n')
  }

  it.each([
    [
      'en',
      'In payout: 20.00 USD, expected on March 10, 2026 (late)',
      '⏳ The payout is late: its expected date has passed. It is still being processed; if it does not arrive, open a dispute with /dispute.',
    ],
    [
      'ru',
      'В процессе выплаты: 20,00 USD, ориентировочная дата — 10 марта 2026 г. (уже прошла)',
      '⏳ Выплата запаздывает: ориентировочная дата уже прошла. Выплата ещё обрабатывается; если деньги не поступят, откройте спор командой /dispute.',
    ],
    [
      'kk',
      'Төлем процесінде: 20,00 USD, болжамды күні — 2026 ж. 10 наурыз (кешігіп жатыр)',
      '⏳ Төлем кешігіп жатыр: болжамды күні өтіп кетті. Төлем әлі өңделуде; ақша түспесе, /dispute командасымен дау ашыңыз.',
    ],
    [
      'ka',
      'გადახდის პროცესშია: 20,00 USD, სავარაუდო თარიღი: 10 მარტი, 2026 (დაგვიანებულია)',
      '⏳ გადახდა გვიანდება: სავარაუდო თარიღი გავიდა. გადახდა ჯერ კიდევ მუშავდება; თუ თანხა არ ჩაგერიცხებათ, გახსენით დავა ბრძანებით /dispute.',
    ],
    [
      'lv',
      'Izmaksas procesā: 20,00 USD, paredzamais datums: 2026. gada 10. marts (kavējas)',
      '⏳ Izmaksa kavējas: paredzamais datums ir pagājis. Tā joprojām tiek apstrādāta; ja nauda nepienāk, atveriet strīdu ar komandu /dispute.',
    ],
  ])('%s: due on Tuesday 10 March, late from Wednesday', async (language, line, help) => {
    const chat = 9770 + ['en', 'ru', 'kk', 'ka', 'lv'].indexOf(language)
    telegram.languages.set(chat, language)
    api.clock.set('2026-03-06T10:00:00Z')
    await jqseePayoutRequested(api, { chat, language, amount: '200.00', tag: 'epl' })
    api.clock.set('2026-03-10T20:00:00Z') // still the 10th in Kyiv
    const onTheDay = await earnings(chat)
    expect(onTheDay).not.toContain(line)
    expect(onTheDay).not.toContain(help)
    api.clock.set('2026-03-11T08:00:00Z')
    const late = await earnings(chat)
    expect(late, late.join('\n')).toContain(line)
    expect(late.indexOf(help)).toBe(late.indexOf(line) + 1)
  })
})
