import { describe, expect, it } from 'vitest'
import { withTelegram } from '../helpers/api.ts'
import { openMiniApp, withBrowser } from '../helpers/mini-app.ts'

/**
 * The Mini App opens on the program the API answers for when none is named (the first one the partner was approved
 * in, as /stats shows), not on the first program joined: an application declined or still waiting there would show
 * the dashboard of a program whose links count nothing, while the partner's approved program sat in the picker.
 */
describe('mini app: the program it opens on is the API’s default', () => {
  const env = withTelegram('2026-03-10T09:00:00Z')
  const browser = withBrowser()

  /** The program chosen in the page's picker, the note under it, and the API's own default for the same partner. */
  const opened = async (telegramId: number, lang: string) => {
    const user = { id: telegramId, language: lang }
    const { page, context, raw } = await openMiniApp(browser(), env().api, user, { tab: 'overview' })
    await page.locator('#panel-overview figure.chart').waitFor()
    const chosen = await page.locator('header label.program select').inputValue()
    const shownName = await page.locator('header label.program select option:checked').textContent()
    const note = await page.locator('p.note').evaluate((n) => ((n as HTMLElement).hidden ? null : n.textContent))
    const api = await fetch(`${env().api.base}/app/api/overview`, { headers: { authorization: `tma ${raw}` } })
    await context.close()
    return { chosen, shownName, note, apiDefault: (await api.json()).program as string }
  }

  it('a declined application joined first (English): opens on the approved program', async () => {
    const { api } = env()
    const first = await api.enrolled('melbet', { name: 'D', language: 'en', legalType: 'individual', telegramId: 9401 })
    await api.service.db.prisma.enrolment.updateMany({
      where: { partnerId: first.partner },
      data: { status: 'declined' },
    })
    api.clock.set('2026-03-10T10:00:00Z') // joined an hour later
    await api.enrolled('quantower', { name: 'D', language: 'en', legalType: 'individual', telegramId: 9401 })
    const o = await opened(9401, 'en')
    expect(o.apiDefault).toBe('quantower')
    expect(o.chosen).toBe('quantower')
    expect(o.shownName).toBe('Quantower referral program')
    expect(o.note).toBeNull()
  }, 60_000)

  it('an application still waiting joined first (Russian): opens on the approved program', async () => {
    const { api } = env()
    const first = await api.enrolled('worksection-partner', {
      name: 'W',
      language: 'ru',
      legalType: 'company',
      telegramId: 9402,
    })
    await api.service.db.prisma.enrolment.updateMany({
      where: { partnerId: first.partner },
      data: { status: 'applied' },
    })
    api.clock.set('2026-03-10T11:00:00Z') // joined an hour later
    await api.enrolled('quantower', { name: 'W', language: 'ru', legalType: 'company', telegramId: 9402 })
    const o = await opened(9402, 'ru')
    expect(o.apiDefault).toBe('quantower')
    expect(o.chosen).toBe('quantower')
    expect(o.note).toBeNull()
  }, 60_000)
})
