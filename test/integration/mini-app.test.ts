import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sign } from '@telegram-apps/init-data-node'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { amountText } from '../../bots/i18n/format.ts'
import { launchUrl } from '../../bots/miniapp/launch.ts'
import { type Api, withTelegram } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { launchChromium } from '../helpers/browser.ts'

/**
 * Issue 17 item 4, the Mini App in Chromium: a Quantower partner with clicks (some with sub-ids), two paid customers,
 * a refund, a paid payout and an open dispute opens the dashboard as Telegram would (the launch parameters in the
 * URL, initData signed with the bot's token), walks every tab in English and in Latvian, copies links, shows QR
 * codes, builds a link with sub-ids, filters the statement and exports it as CSV, fits 360 px and 1024 px, and
 * tells a visitor without (or with stale) initData what to do, in their language.
 */

const TELEGRAM_ID = 7101
const SHOTS = path.join(tmpdir(), `mini-app-${process.pid}`)

/** A raw initData for the partner's Telegram user, signed with the bot's token `agoMs` before the service clock. */
const initData = (api: Api, languageCode = 'en', agoMs = 60_000) =>
  sign(
    {
      user: { id: TELEGRAM_ID, first_name: 'Mini', language_code: languageCode },
      chat_type: 'sender',
      chat_instance: '42',
    },
    TEST_TOKEN,
    new Date(api.clock.now().getTime() - agoMs),
  )

describe('mini app in the browser', () => {
  const env = withTelegram('2026-02-20T09:00:00Z')
  let browser: Browser
  let partner: string
  let code: string
  let disputeNumber: number
  const shots: string[] = []

  /** Clicks on the partner's link from a visitor, flushed so the reports see them. */
  const click = async (query: string, ip: string) => {
    const r = await env().api.get(`/r/${code}${query}`, { 'x-forwarded-for': ip, 'user-agent': `Mozilla/5.0 (${ip})` })
    expect(r.status).toBe(302)
    await env().api.service.core.earnings.clicks.flush()
    return new URL(r.headers.get('location')!).searchParams.get('click')!
  }

  /** Customer n signs up through a click at `at` and pays `amount` USD a minute later, for `order`. */
  const signUpAndPay = async (n: number, click: string, at: string, order: string, amount: string) => {
    const customer = `mini-customer-${n}`
    await env().api.recorded('quantower', {
      id: `mini-signup-${n}`,
      type: 'signup',
      occurredAt: at,
      customer,
      ref: code,
      click,
    })
    const paidAt = new Date(new Date(at).getTime() + 60_000).toISOString()
    const payment = { type: 'payment', occurredAt: paidAt, customer, order, amount, currency: 'USD' }
    await env().api.recorded('quantower', { id: `mini-pay-${n}`, ...payment })
  }

  beforeAll(async () => {
    const { api } = env()
    browser = await launchChromium()
    const enrolled = await api.enrolled('quantower', {
      name: 'Mini Partner',
      language: 'en',
      legalType: 'individual',
      country: 'GB',
      telegramId: TELEGRAM_ID,
    })
    partner = enrolled.partner
    code = enrolled.codes[0]!.code
    // 20 Feb: one click (in the last 30 days, not in the last 7)
    await click('', '203.0.113.1')
    // 3 Mar: three visitors, one tagged; the tagged one signs up and pays 600.00 (20%: 120.00 USD)
    api.clock.set('2026-03-03T10:00:00Z')
    const tagged = await click('?sub1=spring&sub2=tg.channel', '203.0.113.2')
    await click('', '203.0.113.3')
    await click('', '203.0.113.4')
    api.clock.set('2026-03-03T10:10:00Z')
    await signUpAndPay(1, tagged, '2026-03-03T10:05:00Z', 'ORDER-100201', '600.00')
    // 5 Mar: another visitor signs up and pays 250.00 (50.00 USD), and is refunded 50.00 on 6 Mar (-10.00 USD)
    api.clock.set('2026-03-05T09:00:00Z')
    await signUpAndPay(2, await click('?sub1=autumn', '203.0.113.5'), '2026-03-05T09:01:00Z', 'ORDER-100377', '250.00')
    api.clock.set('2026-03-06T09:00:00Z')
    await api.recorded('quantower', {
      id: 'mini-refund-2',
      type: 'refund',
      occurredAt: '2026-03-06T08:59:00Z',
      customer: 'mini-customer-2',
      order: 'ORDER-100377',
      amount: '50.00',
      currency: 'USD',
    })
    // a payout of 100.00 USD by bank transfer, paid with a reference
    const details = await api.operator('POST', `/v1/partners/${partner}/payment-details`, {
      method: 'bank',
      details: { iban: 'LV80BANK0000435195001' },
    })
    expect(details.status).toBe(201)
    const payout = await api.requestPayout(
      partner,
      { program: 'quantower', method: 'bank', amount: '100.00' },
      'mini-1',
    )
    expect(payout.status, JSON.stringify(payout.body)).toBe(201)
    expect((await api.operator('POST', `/v1/payouts/${payout.body.payout.id}/approve`, {})).status).toBe(200)
    const paid = await api.operator('POST', `/v1/payouts/${payout.body.payout.id}/paid`, { reference: 'Q-REF-1' })
    expect(paid.status, JSON.stringify(paid.body)).toBe(200)
    // and a dispute about something else
    const dispute = await api.service.core.disputes.open({
      partnerId: partner,
      programKey: 'quantower',
      subject: 'other',
      text: 'The March payout arrived late.',
      attachments: [],
      source: 'telegram',
      sourceRef: `${TELEGRAM_ID}:501`,
      enrolledPrograms: ['quantower'],
    })
    disputeNumber = (await api.service.db.prisma.dispute.findUniqueOrThrow({ where: { id: dispute.id } })).number
    api.clock.set('2026-03-08T12:00:00Z')
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    // the screenshots stay for a person to look at; their paths are in the test's output
    if (shots.length) process.stdout.write(`mini app screenshots:\n${shots.join('\n')}\n`)
  })

  /** A phone (360 px) or a desktop (1024 px) browser context; clipboard allowed, any dialog fails the test. */
  const open = async (width: number, locale = 'en-US'): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport: { width, height: 760 }, locale, acceptDownloads: true })
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env().api.base })
    const page = await context.newPage()
    page.on('dialog', (d) => {
      throw new Error(`unexpected dialog: ${d.message()}`)
    })
    return { context, page }
  }
  const shoot = async (page: Page, name: string) => {
    const file = path.join(SHOTS, `${name}.png`)
    // from the top: the sticky tab bar is drawn where a scrolled page left it
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.screenshot({ path: file, fullPage: true })
    shots.push(file)
  }
  const tab = (page: Page, name: string) => page.getByRole('tab', { name, exact: true })
  const panel = (page: Page) => page.getByRole('tabpanel')
  /** The page is no wider than its viewport (nothing to scroll sideways). */
  const fits = async (page: Page) =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      page.viewportSize()!.width,
    )

  it('walks every tab in English at 360 px: funnel, links with copy, QR and sub-ids, statement with CSV, payouts, disputes', async () => {
    const { api } = env()
    const { context, page } = await open(360)
    await page.goto(launchUrl(api.base, initData(api)))
    await page.getByRole('heading', { name: 'Partner dashboard' }).waitFor()
    await page.getByText('Mini Partner', { exact: true }).waitFor()
    expect(await page.locator('html').getAttribute('lang')).toBe('en')

    // overview: 7 days (2-8 Mar) and 30 days (7 Feb - 8 Mar)
    expect(await tab(page, 'Overview').getAttribute('aria-selected')).toBe('true')
    const funnel = page.locator('table.funnel')
    await funnel.waitFor()
    const row = async (name: string) =>
      (
        await funnel
          .getByRole('row', { name: new RegExp(`^${name}`) })
          .locator('td')
          .allTextContents()
      ).map((s) => s.trim())
    expect(await row('Clicks')).toEqual(['4', '5'])
    expect(await row('Sign-ups')).toEqual(['2', '2'])
    expect(await row('First payments')).toEqual(['2', '2'])
    expect(await row('Commission')).toEqual(['160.00 USD', '160.00 USD'])
    expect(await page.locator('.chart svg rect.clicks').count()).toBe(30)
    await fits(page)
    await shoot(page, 'en-360-overview')
    // the day table is wider than a phone: it scrolls within its box, and a shade at the edge says there is more
    await page.getByText('Show the days as a table', { exact: true }).click()
    const days = page.locator('.scroll')
    await days.locator('table').waitFor()
    const box = () =>
      days.evaluate((el) => ({
        over: el.scrollWidth > el.clientWidth,
        shades: getComputedStyle(el).backgroundImage.match(/gradient/g)?.length ?? 0,
        attachments: getComputedStyle(el).backgroundAttachment,
      }))
    expect(await box()).toEqual({ over: true, shades: 4, attachments: 'local, local, scroll, scroll' })
    await fits(page)
    await days.screenshot({ path: path.join(SHOTS, 'en-360-days-start.png') })
    await days.evaluate((el) => el.scrollTo({ left: el.scrollWidth }))
    await days.screenshot({ path: path.join(SHOTS, 'en-360-days-end.png') })
    shots.push(path.join(SHOTS, 'en-360-days-start.png'), path.join(SHOTS, 'en-360-days-end.png'))

    // links & codes: the referral link, copied; its QR code
    await tab(page, 'Links & codes').click()
    const url = `https://partners.example.com/r/${code}`
    await panel(page).locator('li.link code').filter({ hasText: url }).waitFor()
    await panel(page).getByRole('button', { name: 'Copy link' }).first().click()
    await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url)
    await panel(page).getByRole('button', { name: 'Show QR code' }).first().click()
    const qr = panel(page).getByRole('img', { name: `QR code for ${code}` })
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100)

    // the sub-id builder: the link as it is typed; a sub-id /r/ would drop is refused with a reason
    await panel(page).getByLabel('sub1').fill('spring.2026')
    await panel(page).getByLabel('sub3').fill('tg_channel')
    const built = panel(page).locator('output')
    expect(await built.textContent()).toBe(`${url}?sub1=spring.2026&sub3=tg_channel`)
    await panel(page).getByLabel('sub2').fill('not allowed!')
    await panel(page).getByText('Use only Latin letters, digits and . _ ~ - (at most 100 characters).').waitFor()
    expect(await panel(page).getByLabel('sub2').getAttribute('aria-invalid')).toBe('true')
    expect(await built.textContent()).toBe('Fix the highlighted fields to get the link.')
    const copyBuilt = panel(page).getByRole('button', { name: 'Copy link' }).last()
    expect(await copyBuilt.isDisabled()).toBe(true)
    await panel(page).getByLabel('sub2').fill('x'.repeat(101))
    expect(await copyBuilt.isDisabled()).toBe(true)
    await panel(page).getByLabel('sub2').fill('')
    // the landing page is typed: another host is refused with the paths the program allows
    await panel(page).getByLabel('Landing page').fill('//evil.example/')
    await panel(page)
      .getByText('Links can lead only to / or a page under it: a path that starts with / and has no spaces.')
      .waitFor()
    expect(await built.textContent()).toBe('Fix the highlighted fields to get the link.')
    expect(await copyBuilt.isDisabled()).toBe(true)
    await panel(page).getByLabel('Landing page').fill('/')
    const expected = `${url}?to=/&sub1=spring.2026&sub3=tg_channel`
    expect(await built.textContent()).toBe(expected)
    await copyBuilt.click()
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(expected)
    await panel(page).getByRole('button', { name: 'Show QR code' }).last().click()
    const builtQr = panel(page).getByRole('img', { name: 'QR code for the link above' })
    await expect.poll(() => builtQr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100)
    await fits(page)
    await shoot(page, 'en-360-links')

    // earnings: the last 30 days' lines, newest first; a status filter; the CSV of what the filters take
    await tab(page, 'Earnings').click()
    const lines = panel(page).locator('li.line')
    const amounts = async () => (await lines.locator('.amount').allTextContents()).map((s) => s.trim())
    // newest first; the refund took 10.00 back through the ledger (the overview is net of it): the line keeps its
    // amount and says what was taken back, why, and what it nets
    await expect.poll(amounts).toEqual(['50.00 USD', '120.00 USD'])
    const refunded = lines.first()
    await refunded.getByText('-10.00 USD — the customer’s payment was refunded', { exact: true }).waitFor()
    expect(await refunded.locator('dt').allTextContents()).toContain('Reversed')
    const netOf = async (line: typeof refunded) => {
      const terms = (await line.locator('dt').allTextContents()).map((s) => s.trim())
      return terms.includes('Net') ? (await line.locator('dd').nth(terms.indexOf('Net')).textContent())?.trim() : null
    }
    expect(await netOf(refunded)).toBe('40.00 USD')
    // nothing taken back of the other: no reversal and no net apart from its amount
    expect(await lines.nth(1).locator('dt').allTextContents()).not.toContain('Reversed')
    expect(await netOf(lines.nth(1))).toBeNull()
    await panel(page).getByText('sub1=spring · sub2=tg.channel').waitFor()
    await panel(page).getByText('•••0201').waitFor()
    // above the lines, the balance as /earnings counts it: the 100.00 USD payout is paid out
    const balance = panel(page).locator('section.balance')
    await balance.getByRole('heading', { name: 'Balance' }).waitFor()
    const paidOut = (await balance.locator('dt').allTextContents()).indexOf('Paid out')
    expect(paidOut).toBeGreaterThanOrEqual(0)
    expect((await balance.locator('dd').nth(paidOut).textContent())?.trim()).toBe('100.00 USD')
    // quantower pays on request: the date is when a payout asked for today is paid, not a payout coming unasked
    const terms = await balance.locator('dt').allTextContents()
    expect(terms).toContain('If requested today, paid by')
    expect(terms).not.toContain('Next payout')
    await fits(page)
    await shoot(page, 'en-360-earnings')
    const download = page.waitForEvent('download')
    await panel(page).getByRole('button', { name: 'Export CSV' }).click()
    const file = await download
    expect(file.suggestedFilename()).toBe('quantower-statement-2026-02-07-2026-03-08.csv')
    const raw = await readFile((await file.path())!, 'utf8')
    // the UTF-8 byte-order mark first, for Excel
    expect(raw.startsWith('\ufeffdate,')).toBe(true)
    const csv = raw.slice(1).trim().split(/\r?\n/)
    expect(csv[0]).toBe(
      'date,kind,status,amount,currency,customer,order,hold_until,campaign,sub1,sub2,sub3,sub4,sub5,reversed,net,reason',
    )
    const cells = csv.slice(1).map((l) => l.split(','))
    expect(cells).toHaveLength(2)
    const byAmount = new Map(cells.map((c) => [c[3], c]))
    expect([...byAmount.keys()].sort()).toEqual(['120.00', '50.00'])
    expect(byAmount.get('120.00')!.slice(4)).toEqual([
      'USD',
      '•••er-1',
      '•••0201',
      '',
      '',
      'spring',
      'tg.channel',
      '',
      '',
      '',
      '',
      '120.00',
      '',
    ])
    expect(byAmount.get('50.00')![9]).toBe('autumn')
    expect(byAmount.get('50.00')!.slice(14)).toEqual(['10.00', '40.00', 'refund'])
    for (const c of cells) expect(c[4]).toBe('USD')
    // the net column sums to the overview's commissions of the same 30 days (160.00 USD), the amounts do not
    const cents = (col: number) => cells.reduce((sum, c) => sum + Math.round(Number(c[col]) * 100), 0)
    expect(cents(15)).toBe(16_000)
    expect(cents(3)).toBe(17_000)
    await page.getByRole('status').filter({ hasText: 'Saved: quantower-statement-2026-02-07-2026-03-08.csv' }).waitFor()

    // a custom period with the start after the end: said, and nothing asked
    await panel(page).getByLabel('Period').selectOption('custom')
    await panel(page).getByLabel('From').fill('2026-03-08')
    await panel(page).getByLabel('To').fill('2026-03-01')
    await panel(page).getByText('The start date is after the end date.').waitFor()
    expect(await panel(page).getByRole('button', { name: 'Export CSV' }).isDisabled()).toBe(true)
    await panel(page).getByLabel('From').fill('2026-03-04')
    await panel(page).getByLabel('To').fill('2026-03-08')
    await expect.poll(amounts).toEqual(['50.00 USD'])

    // payouts: the paid request with gross, net and its payment reference
    await tab(page, 'Payouts').click()
    const payout = panel(page).locator('li.card').first()
    await payout.getByText('paid', { exact: true }).waitFor()
    await payout.getByText('Bank transfer').waitFor()
    await payout.getByText('Q-REF-1').waitFor()
    expect(await payout.getByText('100.00 USD').count()).toBeGreaterThan(0)
    await fits(page)
    await shoot(page, 'en-360-payouts')

    // disputes: the open one, received
    await tab(page, 'Disputes').click()
    const dispute = panel(page).locator('li.card').first()
    await dispute.getByText(`Dispute #${disputeNumber}`).waitFor()
    await dispute.getByText('received', { exact: true }).waitFor()
    await fits(page)
    await shoot(page, 'en-360-disputes')

    // the tab keys: arrows move between tabs, and the URL keeps the open one
    await tab(page, 'Disputes').focus()
    await page.keyboard.press('ArrowLeft')
    expect(await tab(page, 'Payouts').getAttribute('aria-selected')).toBe('true')
    expect(new URL(page.url()).searchParams.get('tab')).toBe('payouts')
    await context.close()
  }, 120_000)

  it('speaks Latvian at 1024 px when the partner chose it: words, money and dates in Latvian', async () => {
    const { api } = env()
    await api.service.core.partners.setLanguage(partner, 'lv')
    const { context, page } = await open(1024, 'lv-LV')
    // opened on a tab, as the bot's "Open dashboard" under /earnings does
    await page.goto(launchUrl(api.base, initData(api, 'en'), { tab: 'earnings' }))
    await page.getByRole('heading', { name: 'Partnera panelis' }).waitFor()
    expect(await page.locator('html').getAttribute('lang')).toBe('lv')
    expect(await tab(page, 'Ienākumi').getAttribute('aria-selected')).toBe('true')
    const lines = panel(page).locator('li.line')
    await expect
      .poll(async () => (await lines.locator('.amount').allTextContents()).map((s) => s.trim()))
      .toEqual([amountText('lv', '50.00', 'USD'), amountText('lv', '120.00', 'USD')])
    await lines.first().getByText('pieejama', { exact: true }).waitFor()
    await lines
      .first()
      .getByText(`${amountText('lv', '-10.00', 'USD')} — klienta maksājums atmaksāts`, { exact: true })
      .waitFor()
    await lines
      .first()
      .getByText(amountText('lv', '40.00', 'USD'), { exact: true })
      .waitFor()
    await lines.first().getByText('Neto summa', { exact: true }).waitFor()
    await panel(page).locator('section.balance').getByRole('heading', { name: 'Konta atlikums' }).waitFor()
    await panel(page).locator('section.balance').getByText('Izmaksāts', { exact: true }).waitFor()
    await panel(page)
      .locator('section.balance')
      .getByText('Pieprasot šodien, izmaksas termiņš', { exact: true })
      .waitFor()
    await panel(page).getByRole('button', { name: 'Eksportēt CSV' }).waitFor()
    await shoot(page, 'lv-1024-earnings')

    await tab(page, 'Pārskats').click()
    const funnel = page.locator('table.funnel')
    await funnel.getByRole('columnheader', { name: 'Pēdējās 7 dienas' }).waitFor()
    await funnel.getByRole('columnheader', { name: 'Pēdējās 30 dienas' }).waitFor()
    await funnel
      .getByText(amountText('lv', '160.00', 'USD'))
      .first()
      .waitFor()
    await page.getByText('Klikšķi un reģistrācijas pa dienām: pēdējās 30 dienas').waitFor()
    await fits(page)
    await shoot(page, 'lv-1024-overview')

    await tab(page, 'Saites un kodi').click()
    await panel(page).getByRole('heading', { name: 'Jūsu ieteikuma saites' }).waitFor()
    await panel(page).getByRole('heading', { name: 'Ieteikuma saite', exact: true }).waitFor()
    await panel(page).getByRole('button', { name: 'Kopēt saiti' }).first().waitFor()
    await panel(page).getByRole('heading', { name: 'Saites veidotājs' }).waitFor()
    await shoot(page, 'lv-1024-links')

    await tab(page, 'Izmaksas').click()
    const payout = panel(page).locator('li.card').first()
    await payout.getByText('izmaksāta', { exact: true }).waitFor()
    await payout.getByText('Bankas pārskaitījums').waitFor()
    await payout
      .getByText(amountText('lv', '100.00', 'USD'))
      .first()
      .waitFor()
    await payout.getByText(/^Izmaksas pieprasījums · /).waitFor()
    await shoot(page, 'lv-1024-payouts')

    await tab(page, 'Strīdi').click()
    const dispute = panel(page).locator('li.card').first()
    await dispute.getByText(`Strīds Nr. ${disputeNumber}`).waitFor()
    await dispute.getByText('saņemts', { exact: true }).waitFor()
    await fits(page)
    await shoot(page, 'lv-1024-disputes')
    await api.service.core.partners.setLanguage(partner, 'en')
    await context.close()
  }, 90_000)

  it('a program of promo codes (jqsee): its funnel starts at the sign-ups, and its chart draws them', async () => {
    const { api } = env()
    await api.service.core.partners.setLanguage(partner, 'en')
    const joined = await api.enrolled('jqsee', {
      name: 'Mini Partner',
      language: 'en',
      legalType: 'individual',
      telegramId: TELEGRAM_ID,
    })
    const at = new Date(api.clock.now().getTime() - 3_600_000).toISOString()
    for (const n of [1, 2])
      await api.recorded('jqsee', {
        id: `mini-jq-${n}`,
        type: 'payment',
        occurredAt: at,
        customer: `mini-jq-customer-${n}`,
        ref: joined.codes[0]!.code,
        order: `mini-jq-order-${n}`,
        amount: '100.00',
        currency: 'USD',
      })
    const { context, page } = await open(390)
    await page.goto(launchUrl(api.base, initData(api, 'en')))
    await page.getByLabel('Program').selectOption('jqsee')
    const funnel = panel(page).locator('table.funnel')
    await funnel.getByText('How your promo codes perform', { exact: true }).waitFor()
    const rows = (await funnel.locator('tbody th').allTextContents()).map((s) => s.trim())
    expect(rows.some((r) => r.startsWith('Clicks') || r.startsWith('Unique clicks'))).toBe(false)
    expect(rows.some((r) => r.startsWith('Sign-ups'))).toBe(true)
    // two sign-ups and no clicks: drawn, not "no clicks yet", and within the chart (the axis counts sign-ups)
    const chart = panel(page).locator('figure.chart')
    await chart.getByText('Sign-ups by day, last 30 days', { exact: true }).waitFor()
    const bars = chart.locator('svg rect.signups')
    await expect.poll(() => bars.count()).toBe(30)
    for (const y of await bars.evaluateAll((els) => els.map((e) => Number(e.getAttribute('y')))))
      expect(y).toBeGreaterThanOrEqual(0)
    expect(await chart.locator('svg rect.clicks').count()).toBe(0)
    await fits(page)
    await shoot(page, 'en-390-promo-overview')
    await context.close()
  }, 60_000)

  it('tells a visitor without initData, with a stale one or who is no partner, what to do, in their language', async () => {
    const { api } = env()
    // opened as a plain web page: the browser's language (Russian)
    const plain = await open(360, 'ru-RU')
    await plain.page.goto(`${api.base}/app`)
    await plain.page.getByRole('alert').getByRole('heading', { name: 'Откройте кабинет из бота' }).waitFor()
    expect(await plain.page.getByRole('tablist').count()).toBe(0)
    await shoot(plain.page, 'ru-360-no-init-data')
    await plain.context.close()
    // signed 25 hours ago for a Latvian-speaking user: the API refuses it, the page asks to reopen
    const stale = await open(360, 'en-US')
    await stale.page.goto(launchUrl(api.base, initData(api, 'lv', 25 * 3600_000)))
    await stale.page.getByRole('alert').getByRole('heading', { name: 'Sesija ir beigusies' }).waitFor()
    await stale.page.getByText('Aizveriet to un atveriet vēlreiz no bota.', { exact: false }).waitFor()
    expect(await stale.page.getByRole('tablist').count()).toBe(0)
    await stale.context.close()
    // a Telegram user who is not a partner, in Kazakh
    const stranger = await open(360)
    const signed = sign(
      { user: { id: 7999, first_name: 'Stranger', language_code: 'kk' }, chat_type: 'sender', chat_instance: '7' },
      TEST_TOKEN,
      api.clock.now(),
    )
    await stranger.page.goto(launchUrl(api.base, signed))
    await stranger.page.getByRole('alert').getByRole('heading', { name: 'Сіз әлі серіктес емессіз' }).waitFor()
    await stranger.context.close()
  }, 60_000)

  it('serves its script and styles from the service with a content hash, and no CDN', async () => {
    const { api } = env()
    const r = await fetch(`${api.base}/app`)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'")
    const html = await r.text()
    // an empty icon of its own (data:, so that no browser asks for a /favicon.ico there is none of), then the assets
    const [icon, ...assets] = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
    expect(icon).toBe('data:,')
    expect(assets).toEqual([
      expect.stringMatching(/^\/app\/assets\/app-[0-9a-f]{12}\.css$/),
      expect.stringMatching(/^\/app\/assets\/app-[0-9a-f]{12}\.js$/),
    ])
    for (const asset of assets) {
      const a = await fetch(`${api.base}${asset}`)
      expect(a.status).toBe(200)
      expect(a.headers.get('cache-control')).toContain('immutable')
    }
    expect((await fetch(`${api.base}/app/assets/app-000000000000.js`)).status).toBe(404)
  })
})
