import { describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'
import { openMiniApp, withBrowser } from '../helpers/mini-app.ts'

/**
 * The Mini App's overview of a partner whose links record nothing now (an account blocked, an application still
 * waiting): the empty chart says the period is empty, and does not invite them to share a link that counts nothing
 * (the note above it says why), as /stats in the bot does not.
 */
describe('mini app overview: no invitation to share a link that records nothing', () => {
  const env = withTelegram('2026-03-10T09:00:00Z')
  const browser = withBrowser()

  const overviewText = async (telegramId: number, lang: string) => {
    const user = { id: telegramId, language: lang }
    const { page, context } = await openMiniApp(browser(), env().api, user, { tab: 'overview' })
    await page.locator('#panel-overview figure.chart p.empty').waitFor()
    const note = await page.locator('p.note').textContent()
    const empty = await page.locator('#panel-overview figure.chart p.empty').textContent()
    await context.close()
    return { note, empty }
  }

  it('a blocked account (Latvian, melbet)', async () => {
    const { api } = env()
    const p = await api.enrolled('melbet', { name: 'B', language: 'lv', legalType: 'individual', telegramId: 9301 })
    const r = await api.operator('POST', `/v1/partners/${p.partner}/sanctions`, {
      program: 'melbet',
      kind: 'block',
      reason: 'fraud',
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const { note, empty } = await overviewText(9301, 'lv')
    expect(note).toBe(
      'Jūsu konts programmā Melbet ir bloķēts: jauna atlīdzība netiek aprēķināta, izmaksas ir aizturētas.',
    )
    expect(empty).toBe('Šajā periodā nav ne klikšķu, ne reģistrāciju.')
  }, 60_000)

  it('an application waiting for approval (Kazakh, worksection-partner)', async () => {
    const { api } = env()
    const p = await api.enrolled('worksection-partner', {
      name: 'A',
      language: 'kk',
      legalType: 'company',
      telegramId: 9302,
    })
    await api.service.db.prisma.enrolment.updateMany({ where: { partnerId: p.partner }, data: { status: 'applied' } })
    const { note, empty } = await overviewText(9302, 'kk')
    expect(note).toMatch(/мақұлдауды күтуде/)
    expect(empty).toBe('Бұл кезеңде шерту де, тіркелу де жоқ.')
  }, 60_000)

  it('an active partner is still invited to share (Russian, quantower)', async () => {
    const { api } = env()
    await api.enrolled('quantower', { name: 'Q', language: 'ru', legalType: 'individual', telegramId: 9303 })
    const { empty } = await overviewText(9303, 'ru')
    expect(empty).toBe('За этот период кликов пока нет: поделитесь ссылкой, и они появятся здесь.')
  }, 60_000)
})
