import { readFile } from 'node:fs/promises'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { CSV_COLUMNS } from '../../bots/miniapp/csv.ts'
import { type Api, startApi } from '../helpers/api.ts'
import { launchChromium } from '../helpers/browser.ts'

/**
 * The /sandbox web chat in headless Chromium: a newcomer joins programs, gets a code, simulates sales in any of their
 * programs and sees earnings; the bot's answers to button presses show as toasts; the page speaks the chosen
 * language, fits a phone, and its polling stays out of the info log.
 */
describe('sandbox', () => {
  let api: Api
  let browser: Browser
  const logs: string[] = []
  beforeAll(async () => {
    api = await startApi('2026-03-06T10:00:00Z', { TELEGRAM_SANDBOX: 'true' }, { logs })
    browser = await launchChromium()
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await api?.close()
  })

  /** A new browser context (a sandbox chat of its own) on the page; any alert/confirm/prompt fails the test. */
  const open = async (viewport = { width: 1000, height: 800 }) => {
    const page = await browser.newPage({ viewport })
    const dialogs: string[] = []
    page.on('dialog', (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`)
      void d.dismiss()
    })
    await page.goto(`${api.base}/sandbox`)
    return { page, dialogs }
  }
  const button = (page: Page | Locator, name: string | RegExp) => page.getByRole('button', { name, exact: true })
  /** Joins from the sandbox's start; who the partner is (legal type, country) is asked at their first join only. */
  const joinInEnglish = async (page: Page, program: string, campaign?: string, known = false) => {
    await button(page, `Join ${program}`).click()
    await button(page, '✅ I accept the terms').click()
    if (campaign) {
      // joining none is answered with an alert (show_alert): a box that stays until closed
      await button(page, '✅ Join the selected campaigns').click()
      const alert = page.getByRole('alertdialog').filter({ hasText: 'Select at least one campaign.' })
      await alert.waitFor()
      await page.waitForTimeout(4500)
      await button(alert, 'OK').click()
      await alert.waitFor({ state: 'detached' })
      await page.getByRole('button', { name: new RegExp(`^▫️ ${campaign}`) }).click()
      await page.getByRole('button', { name: new RegExp(`^✅ ${campaign}`) }).waitFor()
      await button(page, '✅ Join the selected campaigns').click()
    }
    if (!known) {
      await button(page, 'Individual').click()
      await button(page, 'United Kingdom').click()
    }
    await page.getByText(`You are now a partner of ${program}`).waitFor()
  }
  const noHorizontalScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)

  it('joins JQSEE, gets a promo code with its QR image, simulates a sale and sees $12.00 available', async () => {
    const { page, dialogs } = await open()
    await joinInEnglish(page, 'JQSEE')

    await button(page, '/link').click()
    await page.getByText('JQSEE: your promo codes', { exact: false }).waitFor()
    await button(page, 'QR code: Promo code').click()
    await page.getByText('Your promo code for JQSEE').waitFor()
    const qr = page.locator('.msg img').first()
    await qr.waitFor()
    expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100)

    // the form offers the partner's one program with the usual amount; the sale is recorded before /earnings
    await button(page, 'Simulate a sale').click()
    await expect.poll(() => page.locator('#saleprogram option').allTextContents()).toEqual(['JQSEE'])
    expect(await page.locator('#saleamount').inputValue()).toBe('120.00')
    expect(await page.locator('#salecampaignlabel').isVisible()).toBe(false)
    const sold = page.waitForResponse((r) => r.url().includes('simulate-sale'))
    await button(page, 'Record the sale').click()
    expect((await sold).status()).toBe(201)
    await page.getByText('Sale recorded in JQSEE. Your commission: 12.00 USD. Send /earnings to see it.').waitFor()
    await button(page, '/earnings').click()
    await page.getByText('Available: 12.00 USD').waitFor()

    // and disputes that commission, in writing
    await button(page, '/dispute').click()
    await button(page, 'A commission').click()
    await page.getByRole('button', { name: /· 12\.00 USD/ }).click()
    await page.getByText('Describe the case in your own words').waitFor()
    await page.locator('#text').fill('The customer paid 150, not 120.')
    await page.keyboard.press('Enter')
    await button(page, '✅ Send').click()
    await page.getByText(/Dispute #\d+ is open/).waitFor()
    expect(dialogs).toEqual([])
    await page.close()
  }, 60_000)

  it("shows the bot's answer to a button press as a toast, as Telegram does", async () => {
    const { page, dialogs } = await open()
    await button(page, '/language').click()
    // the bot answers the press with a line of text where it was pressed
    await button(page, 'Русский').click()
    const toast = page.locator('.toast', {
      hasText: createI18n().t('ru')('language.changed', { language: 'Русский' }),
    })
    await toast.waitFor()
    expect(await toast.getAttribute('role')).toBe('status')
    // a passing notice: it goes by itself, and is shown once
    await toast.waitFor({ state: 'detached', timeout: 10_000 })
    expect(await page.locator('.toast').count()).toBe(0)
    expect(dialogs).toEqual([])
    await page.close()
  }, 30_000)

  it("speaks the chosen language: the page's own buttons in Russian, then in English", async () => {
    const { page } = await open()
    await button(page, 'Join JQSEE').waitFor()
    await page.locator('#lang').selectOption('ru')
    await button(page, 'Имитировать продажу').waitFor()
    await button(page, 'Новый партнёр').waitFor()
    await button(page, 'Отправить').waitFor()
    await button(page, 'Вступить в JQSEE').waitFor()
    expect(await page.locator('#text').getAttribute('placeholder')).toBe('Сообщение')
    expect(await page.locator('html').getAttribute('lang')).toBe('ru')
    expect(await button(page, 'Simulate a sale').count()).toBe(0)
    // the choice is remembered, and the bot is written to in it
    await page.reload()
    await button(page, 'Имитировать продажу').waitFor()
    await button(page, '/help').click()
    await expect.poll(() => page.locator('.msg.bot').last().textContent()).toMatch(/[а-я]{4}/)
    await page.locator('#lang').selectOption('en')
    await button(page, 'Simulate a sale').waitFor()
    await button(page, 'New partner').waitFor()
    await button(page, 'Send').waitFor()
    expect(await button(page, 'Имитировать продажу').count()).toBe(0)
    await page.close()
  }, 30_000)

  it('simulates a sale in either of two programs, with a campaign where the program has them, in Russian', async () => {
    const { page, dialogs } = await open()
    // before joining there is nothing to sell through
    await button(page, 'Simulate a sale').click()
    await page.getByText('Join a program first: the sale goes through your link or promo code.').waitFor()
    expect(await button(page, 'Record the sale').isDisabled()).toBe(true)
    await button(page, 'Close').click()

    await joinInEnglish(page, 'JQSEE')
    await joinInEnglish(page, 'Chetup', 'Cafe: sales', true)
    await page.locator('#lang').selectOption('ru')
    await button(page, 'Имитировать продажу').click()
    await expect
      .poll(async () => (await page.locator('#saleprogram option').allTextContents()).sort())
      .toEqual(['Chetup', 'JQSEE'])

    await page.locator('#saleprogram').selectOption('chetup')
    // the campaign by its name in the page's language (chetup's definition names it in Russian)
    expect(await page.locator('#salecampaign option').allTextContents()).toEqual(['Кафе: продажи'])
    // the usual amount as the page's language writes it
    expect(await page.locator('#saleamount').inputValue()).toBe('250,00')
    await page.getByText('Сумма, GEL').waitFor()
    // a bad amount is refused on the page, in the page's language, and nothing is sent
    let posted = 0
    page.on('request', (r) => {
      if (r.url().includes('simulate-sale')) posted++
    })
    await page.locator('#saleamount').fill('0')
    await button(page, 'Записать продажу').click()
    await page.getByText('Введите сумму больше нуля, не более двух знаков после запятой, например 120,00.').waitFor()
    expect(posted).toBe(0)
    // written as people write it here: a grouping space and the decimal comma
    await page.locator('#saleamount').fill('1 300,50')
    const sold = page.waitForResponse((r) => r.url().includes('simulate-sale'))
    await button(page, 'Записать продажу').click()
    const answer = await sold
    expect(answer.status()).toBe(201)
    expect(JSON.parse(answer.request().postData()!)).toEqual({
      program: 'chetup',
      campaign: 'cafe-sale',
      amount: '1300.50',
    })
    // 10 % of 1,300.50 GEL, written as the chat's /earnings writes it
    await expect
      .poll(() => page.locator('#saleresult').textContent())
      .toMatch(/^Продажа записана в программе Chetup\. Ваше вознаграждение: 130,05 GEL\./)

    await page.locator('#saleprogram').selectOption('jqsee')
    expect(await page.locator('#salecampaignlabel').isVisible()).toBe(false)
    expect(await page.locator('#saleamount').inputValue()).toBe('120,00')
    await button(page, 'Записать продажу').click()
    await expect
      .poll(() => page.locator('#saleresult').textContent())
      .toMatch(/^Продажа записана в программе JQSEE\. Ваше вознаграждение: 12,00 USD\./)
    expect(await page.locator('#saleamount').inputValue()).toBe('120,00')

    // the result follows the language too
    await page.locator('#lang').selectOption('en')
    await page.getByText('Sale recorded in JQSEE. Your commission: 12.00 USD. Send /earnings to see it.').waitFor()
    await button(page, '/earnings').click()
    await page.getByText('Available: 12.00 USD').waitFor()

    // the whole page, chat, toasts and the open form included, fits a 480 px phone
    await page.setViewportSize({ width: 480, height: 800 })
    expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(480)
    await page.locator('#lang').selectOption('ka')
    expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(480)
    // the form's choices follow the language: chetup and its campaign by their Georgian names, what was chosen kept
    await page.locator('#saleprogram').selectOption('chetup')
    await expect
      .poll(async () => (await page.locator('#saleprogram option').allTextContents()).sort())
      .toEqual(['JQSEE', 'ჩეთაფი'])
    expect(await page.locator('#saleprogram').inputValue()).toBe('chetup')
    expect(await page.locator('#salecampaign option').allTextContents()).toEqual(['კაფე: გაყიდვები'])
    expect(dialogs).toEqual([])
    await page.close()
  }, 90_000)

  it('refuses a payout before asking for any details, and /cancel ends a payout mid-way with its buttons gone', async () => {
    const { page, dialogs } = await open()
    await joinInEnglish(page, 'JQSEE')
    // 10 % of 50.00: 5.00 USD, below JQSEE's 10.00 USD minimum
    await button(page, 'Simulate a sale').click()
    await page.locator('#saleamount').fill('50.00')
    await button(page, 'Record the sale').click()
    await page.getByText('Sale recorded in JQSEE. Your commission: 5.00 USD.', { exact: false }).waitFor()
    await button(page, 'Close').click()
    const before = await page.locator('.msg.bot').count()
    await button(page, '/payout').click()
    const refused = page.locator('.msg.bot', { hasText: 'A payout is not possible right now:' })
    await refused.waitFor()
    expect(await refused.textContent()).toContain(
      'The minimum payout is 10.00 USD, and you have 5.00 USD available. The money stays on your balance until it reaches the minimum.',
    )
    // the answer is all: no method to choose, no IBAN or e-mail asked, no buttons
    await page.waitForTimeout(1500)
    const answers = page.locator('.msg.bot').nth(before)
    expect(await page.locator('.msg.bot').count()).toBe(before + 1)
    expect(await answers.locator('button').count()).toBe(0)
    expect(await page.locator('.msg.bot', { hasText: /IBAN|e-mail|How would you like to be paid/ }).count()).toBe(0)

    // above the minimum now (5.00 + 12.00): the flow starts, and /cancel ends it at its first question
    await button(page, 'Simulate a sale').click()
    await button(page, 'Record the sale').click()
    await page.getByText('Sale recorded in JQSEE. Your commission: 12.00 USD.', { exact: false }).waitFor()
    await button(page, 'Close').click()
    await button(page, '/payout').click()
    const question = page.locator('.msg.bot', { hasText: 'How would you like to be paid?' })
    await question.waitFor()
    await button(question, 'Bank transfer').waitFor()
    await button(page, '/cancel').click()
    await page.locator('.msg.bot', { hasText: 'Cancelled. Nothing was requested.' }).waitFor()
    // the question stays in the chat without its buttons: nothing there can be pressed any more
    await expect.poll(() => question.locator('button').count()).toBe(0)
    // and nothing was requested: /earnings still shows the whole balance available
    await button(page, '/earnings').click()
    await page.getByText('Available: 17.00 USD').waitFor()
    expect(dialogs).toEqual([])
    await page.close()
  }, 90_000)

  it('fits a 480 px screen from the start, in every language', async () => {
    const { page } = await open({ width: 480, height: 800 })
    await button(page, 'Join JQSEE').waitFor()
    for (const lang of ['en', 'ru', 'kk', 'ka', 'lv']) {
      await page.locator('#lang').selectOption(lang)
      expect(await page.locator('html').getAttribute('lang')).toBe(lang)
      expect(await noHorizontalScroll(page), lang).toBeLessThanOrEqual(480)
    }
    await page.locator('#sale').click()
    await page.locator('#saleresult').filter({ hasText: /\S/ }).waitFor()
    expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(480)
    // a word longer than the screen (a pasted link or token) wraps inside its bubble
    const long = `https://partners.example.com/${'x'.repeat(300)}`
    await page.locator('#text').fill(long)
    await page.keyboard.press('Enter')
    await page.locator('.msg.user', { hasText: long }).waitFor()
    expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(480)
    await page.close()
  }, 30_000)

  it("opens the partner's Mini App from /earnings and from the menu button, over the chat, and closes it", async () => {
    const { page, dialogs } = await open({ width: 360, height: 740 })
    await joinInEnglish(page, 'JQSEE')
    // the web_app button under /earnings opens it on the earnings tab, in a frame over the chat
    await button(page, '/earnings').click()
    await button(page, '📊 Open dashboard').last().click()
    const dialog = page.getByRole('dialog', { name: 'Partner dashboard' })
    await dialog.waitFor()
    // the frame holds the Mini App itself, its launch signed by the sandbox for this chat's partner
    const app = page.frameLocator('#appframe')
    await expect.poll(() => app.getByRole('tab', { name: 'Earnings' }).getAttribute('aria-selected')).toBe('true')
    expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(360)
    // the CSV export asks for Telegram's download dialog, as in Telegram Web: the sandbox downloads the short-lived
    // URL the API issued (a ticket instead of the Authorization header, which the dialog cannot send)
    const download = page.waitForEvent('download')
    await app.getByRole('button', { name: 'Export CSV' }).click()
    const file = await download
    expect(file.url()).toMatch(/\/app\/api\/download\/statement\.csv\?.*&ticket=\d+\.\d+\.[\w-]{43}$/)
    expect(file.suggestedFilename()).toMatch(/^jqsee-statement-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/)
    expect((await readFile((await file.path())!, 'utf8')).split(/\r?\n/)[0]).toBe(`\ufeff${CSV_COLUMNS.join(',')}`)
    await app.getByText(`Saved: ${file.suggestedFilename()}`).waitFor()
    await button(dialog, 'Close').click()
    await dialog.waitFor({ state: 'hidden' })
    expect(await page.locator('#appframe').getAttribute('src')).toBe('about:blank')
    // the bot also made the chat's menu button open it: beside the message box, as in Telegram
    await button(page, 'Dashboard').click()
    await dialog.waitFor()
    await app.getByRole('tab', { name: 'Links & codes' }).click()
    await app.getByRole('heading', { name: 'Promo code', exact: true }).waitFor()
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    expect(dialogs).toEqual([])
    await page.close()
  }, 60_000)

  it("keeps the page's polling out of the info log; other requests keep their line", async () => {
    const lines = logs.flatMap((chunk) => chunk.split('\n').filter(Boolean)).map((l) => JSON.parse(l))
    const requests = lines.filter((l) => l.msg === 'request')
    const polls = requests.filter((l) => l.path === '/sandbox/api/state')
    // the pages above polled many times; each poll's line is at debug, none at info or above
    expect(polls.length).toBeGreaterThan(20)
    expect(polls.filter((l) => l.level !== 'debug')).toEqual([])
    const others = requests.filter((l) => l.path !== '/sandbox/api/state')
    expect(others.some((l) => l.method === 'POST' && l.path === '/sandbox/api/send' && l.level === 'info')).toBe(true)
    expect(others.some((l) => l.path === '/sandbox/api/simulate-sale' && l.level === 'info')).toBe(true)
    expect(others.every((l) => l.level !== 'debug' && l.level !== 'trace')).toBe(true)
  })
})
