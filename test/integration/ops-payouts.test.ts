import { sign } from '@telegram-apps/init-data-node'
import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { launchUrl } from '../../bots/miniapp/launch.ts'
import { broadcastProgressBlocks } from '../../bots/slack/desk/terms.ts'
import { type Api, balanceOf } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { launchChromium } from '../helpers/browser.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack, SlackCall } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/** The ids of the files a files.completeUploadExternal call completes (the fake knows each one's name and bytes). */
const uploadedIds = (c: { payload: Record<string, any> }): string[] =>
  (typeof c.payload.files === 'string' ? JSON.parse(c.payload.files) : c.payload.files).map((f: { id: string }) => f.id)

const IBAN = 'GE29NB0000000101904917'

/**
 * Issue 16, items 6 and 9: payout operations run from Slack (signed requests to the real Bolt app) and through the
 * operator API: pause and resume a program's payouts, move a pay date, run a pay day now, a batch's CSV uploaded
 * as a Slack file, full payment details behind an audited reveal; and `/pa help` per role. Chetup pays monthly on
 * the 25th in Tbilisi (seed 002: "ანაზღაურება ... ყოველი თვის 25 რიცხვში"; "may be postponed" per programs.md).
 */
describe('payout operations from Slack', () => {
  const env = withDesk('2026-03-02T08:00:00Z')
  let api: Api
  let slack: FakeSlack
  let telegram: FakeTelegram
  let desk: DeskClient

  const includes = (c: SlackCall, s: string) => JSON.stringify(c.payload).includes(s)
  const response = (id: string) => slack.response(id)
  const audit = (action: string) =>
    api.service.db.prisma.auditLog.findMany({ where: { action }, orderBy: { id: 'asc' } })
  /** The ephemeral answer a modal's submission sent to `user` (after `since`). */
  const toldAfterSubmit = async (user: string, since: number) =>
    String((await slack.waitForCall('chat.postEphemeral', (c) => c.payload.user === user, 5000, since)).payload.text)
  const telegramTold = (chat: number, text: string) =>
    telegram.waitForCall(
      'sendMessage',
      (c) => Number(c.payload.chat_id) === chat && String(c.payload.text).includes(text),
      10_000,
    )

  const CHAT = 8800
  let partner = ''
  /** The partner's /earnings answer: its text, or its chart's caption. */
  const askEarnings = async (method: 'sendMessage' | 'sendPhoto') => {
    const asked = telegram.calls.length
    await telegram.sendText(CHAT, '/earnings')
    const field = method === 'sendPhoto' ? 'caption' : 'text'
    const call = await telegram.waitForCall(
      method,
      (c) => Number(c.payload.chat_id) === CHAT && String(c.payload[field]).startsWith('📊'),
      10_000,
      asked,
    )
    return String(call.payload[field])
  }
  /** The partner's next payout as the statement of the operator API gives it. */
  const nextPayout = async () => {
    const b = balanceOf((await api.statement(partner, { program: 'chetup' })).body, 'chetup', 'GEL')!
    return { nextPayoutAt: b.nextPayoutAt, payoutsPaused: b.payoutsPaused }
  }
  /** The balance card of the partner's Mini App (GET /app/api/balance, signed launch data). */
  const launchData = () =>
    sign(
      { user: { id: CHAT, first_name: 'N' }, chat_type: 'sender', chat_instance: '1' },
      TEST_TOKEN,
      new Date(api.clock.now().getTime() - 60_000),
    )
  const miniAppBalance = async () => {
    const auth = { authorization: `tma ${launchData()}` }
    const r = await fetch(`${api.base}/app/api/balance?program=chetup`, { headers: auth })
    expect(r.status).toBe(200)
    return ((await r.json()) as { balances: Record<string, unknown>[] }).balances[0]
  }
  beforeAll(async () => {
    ;({ api, slack, telegram, desk } = env())
    // a Georgian chetup partner (company: no tax withheld) who earned 1500 GEL x 10% on 2 March
    const p = await api.enrolled('chetup', {
      name: 'Nino',
      language: 'ka',
      legalType: 'company',
      telegramId: CHAT,
      campaigns: ['cafe-sale'],
    })
    partner = p.partner
    await api.recorded('chetup', {
      id: 'ops-1',
      type: 'payment',
      occurredAt: '2026-03-02T07:00:00Z',
      customer: 'ops-c1',
      ref: p.codes[0]!.code,
      campaign: 'cafe-sale',
      order: 'ops-o1',
      amount: '1500.00',
      currency: 'GEL',
      country: 'GE',
    })
  })

  it('item 6. /pa payouts <program>: finance pauses and resumes; twice changes nothing; audited; the partner told', async () => {
    // support may not run payouts; finance sees the state
    const refused = await desk.command('payouts chetup', USERS.support)
    expect((await response(refused.responseId)).text).toMatch(/finance, admin/)
    const shown = await desk.command('payouts chetup', USERS.finance)
    const view = await response(shown.responseId)
    const blocks = JSON.stringify(view.blocks)
    expect(blocks).toContain('Payouts · Chetup')
    // every desk date names its zone (the program's)
    expect(blocks).toContain('Next pay date: *March 25, 2026 (Asia/Tbilisi)*')
    expect(blocks).toContain('payouts_pause')
    expect(blocks).toContain('payouts_move_date')
    expect(blocks).toContain('payouts_run_pay_day')
    const unknown = await desk.command('payouts jqsee', USERS.finance)
    expect((await response(unknown.responseId)).text).toMatch(/^Name a program paid on a schedule/)

    // the pause button: support refused, finance gets the modal asking why
    const no = await desk.action(USERS.support, 'payouts_pause', 'chetup')
    expect((await response(no.responseId)).text).toMatch(/finance, admin/)
    const before = slack.calls.length
    await desk.action(USERS.finance, 'payouts_pause', 'chetup')
    const modal = await desk.openedView(before)
    expect(modal.callback_id).toBe('payouts_pause_modal')
    const missing = await desk.submit(USERS.finance, modal, {})
    expect(missing.body).toMatchObject({ response_action: 'errors', errors: { reason: 'Choose a reason.' } })
    // a stranger's submission (a forged form) changes nothing
    await desk.submit(USERS.stranger, modal, { reason: { reason: { selected: 'funds_check' } } })
    expect(await audit('payouts.paused')).toHaveLength(0)

    let since = slack.calls.length
    await desk.submit(USERS.finance, modal, { reason: { reason: { selected: 'funds_check' } } })
    expect(await toldAfterSubmit(USERS.finance, since)).toBe(
      '⏸ Payouts of Chetup are on hold. Its partners are being told.',
    )
    const paused = await audit('payouts.paused')
    expect(paused).toHaveLength(1)
    expect(paused[0]).toMatchObject({ actor: 'slack:UFINANCE', subjectId: 'chetup', reason: 'funds_check' })
    await telegramTold(CHAT, 'ჩეთაფი: გადახდები დროებით შეჩერებულია')
    // /earnings says so too (under the chart of March, when the sale was made), and promises no pay date meanwhile
    const earnings = await askEarnings('sendPhoto')
    expect(earnings).toContain('ჩეთაფი: გადახდები დროებით შეჩერებულია')
    expect(earnings).not.toContain('შემდეგი გადახდა')
    // and so do the statement and the Mini App's balance
    expect(await nextPayout()).toEqual({ nextPayoutAt: null, payoutsPaused: true })
    expect(await miniAppBalance()).toMatchObject({ nextPayoutAt: null, payoutsPaused: true })
    // the balance card in the partner's Mini App, in a browser, in Georgian
    const browser = await launchChromium()
    try {
      const page = await browser.newPage({ viewport: { width: 390, height: 800 } })
      await page.goto(launchUrl(api.base, launchData(), { tab: 'earnings' }))
      const balance = page.getByRole('tabpanel').locator('section.balance')
      await balance.locator('dt').first().waitFor()
      const next = (await balance.locator('dt').allTextContents()).indexOf('შემდეგი გადახდა')
      expect(next).toBeGreaterThanOrEqual(0)
      expect((await balance.locator('dd').nth(next).textContent())?.trim()).toBe('გადახდები დროებით შეჩერებულია')
    } finally {
      await browser.close()
    }

    // a double click: the button again, and the same modal submitted again
    const again = await desk.action(USERS.finance, 'payouts_pause', 'chetup')
    expect((await response(again.responseId)).text).toBe('Nothing changed: the payouts of Chetup are already on hold.')
    since = slack.calls.length
    await desk.submit(USERS.admin, modal, { reason: { reason: { selected: 'bank_issue' } } })
    expect(await toldAfterSubmit(USERS.admin, since)).toBe(
      'Nothing changed: the payouts of Chetup are already on hold.',
    )
    expect(await audit('payouts.paused')).toHaveLength(1)
    const state = await desk.command('payouts chetup', USERS.admin)
    expect(JSON.stringify((await response(state.responseId)).blocks)).toContain(
      'by <@UFINANCE>. Reason: Funds are being checked.',
    )

    // resume: confirmed on the button; once
    const noResume = await desk.action(USERS.support, 'payouts_resume', 'chetup')
    expect((await response(noResume.responseId)).text).toMatch(/finance, admin/)
    const resumed = await desk.action(USERS.admin, 'payouts_resume', 'chetup')
    expect((await response(resumed.responseId)).text).toBe(
      '▶️ Payouts of Chetup have resumed. Its partners are being told.',
    )
    const twice = await desk.action(USERS.finance, 'payouts_resume', 'chetup')
    expect((await response(twice.responseId)).text).toBe('Nothing changed: the payouts of Chetup are already running.')
    expect(await audit('payouts.resumed')).toHaveLength(1)
    await telegramTold(CHAT, 'ჩეთაფი: გადახდები განახლდა')
    const sent = telegram.calls.filter((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === CHAT)
    // the notice once (the /earnings answer above says it too)
    expect(sent.filter((c) => String(c.payload.text).startsWith('ჩეთაფი: გადახდები დროებით'))).toHaveLength(1)
  })

  it('item 6. the API pauses and resumes the same way: changed, then changed: false; the state is readable', async () => {
    const first = await api.operator('POST', '/v1/programs/chetup/payouts/pause', { reason: 'bank_issue' })
    expect(first.body).toMatchObject({ program: 'chetup', paused: true, changed: true })
    const second = await api.operator('POST', '/v1/programs/chetup/payouts/pause', { reason: 'bank_issue' })
    expect(second.body).toMatchObject({ paused: true, changed: false })
    const state = await api.operator('GET', '/v1/programs/chetup/payouts/schedule')
    expect(state.body.schedule).toMatchObject({
      program: 'chetup',
      schedule: 'monthly',
      nextPayDate: '2026-03-25',
      paused: { actor: 'operator-api', reason: 'bank_issue' },
    })
    expect(
      (await api.operator('POST', '/v1/programs/chetup/payouts/resume', { reason: 'resolved' })).body,
    ).toMatchObject({ paused: false, changed: true })
    expect(
      (await api.operator('POST', '/v1/programs/chetup/payouts/resume', { reason: 'resolved' })).body,
    ).toMatchObject({ changed: false })
    expect(await audit('payouts.paused')).toHaveLength(2)
    expect(await audit('payouts.resumed')).toHaveLength(2)
    expect((await api.operator('GET', '/v1/programs/jqsee/payouts/schedule')).body.error).toMatchObject({
      code: 'payout.not_scheduled',
    })
  })

  it('item 6. move a pay date: validated in the modal, moved once, audited, the partner told in Georgian', async () => {
    const no = await desk.action(USERS.support, 'payouts_move_date', 'chetup')
    expect((await response(no.responseId)).text).toMatch(/finance, admin/)
    const before = slack.calls.length
    await desk.action(USERS.finance, 'payouts_move_date', 'chetup')
    const modal = await desk.openedView(before)
    expect(modal.callback_id).toBe('payouts_move_modal')
    expect(JSON.stringify(modal.blocks)).toContain('"initial_date":"2026-03-25"')
    const reason = { reason: { selected: 'holiday' } }
    const submit = (scheduled: string, movedTo: string) =>
      desk.submit(USERS.finance, modal, {
        scheduled: { scheduled: { date: scheduled } },
        moved_to: { moved_to: { date: movedTo } },
        reason,
      })
    expect((await submit('2026-03-24', '2026-03-27')).body).toMatchObject({
      response_action: 'errors',
      errors: { scheduled: '2026-03-24 is not a scheduled pay date of the program.' },
    })
    expect((await submit('2026-03-25', '2026-03-01')).body).toMatchObject({
      errors: { moved_to: 'A pay date cannot be moved into the past (2026-03-01).' },
    })
    expect((await submit('2026-03-25', '2026-03-25')).body).toMatchObject({
      errors: { moved_to: 'The new date is the same as the pay date.' },
    })
    expect(await audit('payouts.date_moved')).toHaveLength(0)

    let since = slack.calls.length
    expect((await submit('2026-03-25', '2026-03-27')).status).toBe(200)
    expect(await toldAfterSubmit(USERS.finance, since)).toBe(
      '📅 Chetup: the pay date March 25, 2026 (Asia/Tbilisi) is moved to March 27, 2026 (Asia/Tbilisi). Its partners are being told.',
    )
    const moved = await audit('payouts.date_moved')
    expect(moved).toHaveLength(1)
    expect(moved[0]).toMatchObject({ actor: 'slack:UFINANCE', reason: 'holiday' })
    expect(moved[0]!.data).toMatchObject({ scheduled: '2026-03-25', movedTo: '2026-03-27' })
    const notice = await telegramTold(CHAT, 'ჩეთაფი: გადახდის თარიღი შეიცვალა.')
    expect(String(notice.payload.text)).toContain('ახლა: 27 მარტი, 2026')

    // the same move again (a double submit): nothing changes
    since = slack.calls.length
    await submit('2026-03-25', '2026-03-27')
    expect(await toldAfterSubmit(USERS.finance, since)).toBe(
      'Nothing changed: March 25, 2026 (Asia/Tbilisi) is already moved to March 27, 2026 (Asia/Tbilisi).',
    )
    const api2 = await api.operator('POST', '/v1/programs/chetup/payout-dates', {
      scheduled: '2026-03-25',
      movedTo: '2026-03-27',
      reason: 'holiday',
    })
    expect(api2.body).toMatchObject({ changed: false, nextPayDate: '2026-03-27' })
    expect(await audit('payouts.date_moved')).toHaveLength(1)
    const state = await desk.command('payouts chetup', USERS.finance)
    const blocks = JSON.stringify((await response(state.responseId)).blocks)
    expect(blocks).toContain('Next pay date: *March 27, 2026 (Asia/Tbilisi)*')
    expect(blocks).toContain('Pay date moved: March 25, 2026 (Asia/Tbilisi) → March 27, 2026 (Asia/Tbilisi)')
    // the partner's statement and Mini App name the moved date (27 March, local midnight in Tbilisi)
    expect(await nextPayout()).toEqual({ nextPayoutAt: '2026-03-26T20:00:00.000Z', payoutsPaused: false })
    expect(await miniAppBalance()).toMatchObject({ nextPayoutAt: '2026-03-26T20:00:00.000Z' })
  })

  it('item 6. run the pay day now: once, audited; the batch CSV uploaded as a Slack file; full details revealed to finance only', async () => {
    api.clock.set('2026-03-12T08:00:00Z') // verified after 10 days
    const r = await api.requestPayout(partner, { program: 'chetup', method: 'bank', details: { iban: IBAN } }, 'ops-1')
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const payoutId = r.body.payout.id as string

    // the 12th is not a pay day
    const early = await desk.action(USERS.finance, 'payouts_run_pay_day', 'chetup')
    expect((await response(early.responseId)).text).toMatch(
      /^Chetup: March 12, 2026 \(Asia\/Tbilisi\) is not a pay day/,
    )
    api.clock.set('2026-03-27T06:00:00Z') // the moved pay date, in Tbilisi
    const no = await desk.action(USERS.support, 'payouts_run_pay_day', 'chetup')
    expect((await response(no.responseId)).text).toMatch(/finance, admin/)
    const ran = await desk.action(USERS.finance, 'payouts_run_pay_day', 'chetup')
    expect((await response(ran.responseId)).text).toBe(
      '✅ Chetup: the pay day March 27, 2026 (Asia/Tbilisi) was run; its batch is posted to the finance channel.',
    )
    const again = await desk.action(USERS.admin, 'payouts_run_pay_day', 'chetup')
    expect((await response(again.responseId)).text).toBe(
      'Nothing changed: the batch of March 27, 2026 (Asia/Tbilisi) was already built.',
    )
    const runs = await audit('payouts.pay_day_run')
    expect(runs).toHaveLength(1)
    // the pay day's batch is built: what it did not pay waits for 25 April, wherever the partner or the desk looks
    expect(await nextPayout()).toEqual({ nextPayoutAt: '2026-04-24T20:00:00.000Z', payoutsPaused: false })
    expect(await miniAppBalance()).toMatchObject({ nextPayoutAt: '2026-04-24T20:00:00.000Z' })
    const schedule = await desk.command('payouts chetup', USERS.finance)
    expect(JSON.stringify((await response(schedule.responseId)).blocks)).toContain(
      'Next pay date: *April 25, 2026 (Asia/Tbilisi)*',
    )
    // /earnings answers with its chart, the balance in the caption
    expect(await askEarnings('sendPhoto')).toContain('შემდეგი გადახდა: 25 აპრილი, 2026')
    // a pay date whose batch is built is paid: it can no longer be moved (it would promise a day that pays nothing)
    const late = await api.operator('POST', '/v1/programs/chetup/payout-dates', {
      scheduled: '2026-03-25',
      movedTo: '2026-03-30',
      reason: 'holiday',
    })
    expect(late.status).toBe(409)
    expect(late.body.error).toMatchObject({
      code: 'payout.batch_built',
      message: 'The batch of 2026-03-25 is already built: that pay date can no longer be moved.',
    })
    expect(await nextPayout()).toEqual({ nextPayoutAt: '2026-04-24T20:00:00.000Z', payoutsPaused: false })
    expect(runs[0]).toMatchObject({ actor: 'slack:UFINANCE', subjectId: 'chetup' })
    const batchId = (runs[0]!.data as { batch: string }).batch
    expect(await api.service.db.prisma.payoutRequest.count({ where: { batchId } })).toBe(1)
    // the API's run is the same use case: nothing built twice
    const apiRun = await api.operator('POST', '/v1/programs/chetup/payout-batches', {})
    expect(apiRun.body).toMatchObject({ outcome: 'built', alreadyBuilt: true, batch: { id: batchId } })

    // the batch card: buttons for the files, no API path
    const card = await slack.waitForCall(
      'chat.postMessage',
      (c) => c.payload.channel === CHANNELS.finance && includes(c, batchId),
      10_000,
    )
    expect(includes(card, 'batch_csv')).toBe(true)
    expect(includes(card, '/v1/')).toBe(false)
    expect(includes(card, 'export.csv')).toBe(false)
    const cardTs = String(card.payload.ts ?? '1.1')

    // the masked CSV, into the card's thread
    let since = slack.calls.length
    const csv = await desk.action(USERS.finance, 'batch_csv', batchId, { channel: CHANNELS.finance, ts: cardTs })
    const upload = await slack.waitForCall('files.completeUploadExternal', undefined, 10_000, since)
    const file = slack.files.get(uploadedIds(upload)[0]!)!
    expect(file.name).toBe('payout-batch-chetup-2026-03-27.csv')
    expect(upload.payload.channel_id).toBe(CHANNELS.finance)
    const text = file.data.toString()
    expect(text).toContain('GE•• •••• 4917')
    expect(text).not.toContain(IBAN)
    expect((await response(csv.responseId)).text).toBe(`📎 The file is uploaded: ${file.name}`)
    const refusedCsv = await desk.action(USERS.support, 'batch_csv', batchId, { channel: CHANNELS.finance })
    expect((await response(refusedCsv.responseId)).text).toMatch(/finance, admin/)

    // full details: support refused; finance gets the file in direct messages; audited
    const refusedFull = await desk.action(USERS.support, 'batch_csv_full', batchId, { channel: CHANNELS.finance })
    expect((await response(refusedFull.responseId)).text).toMatch(/finance, admin/)
    since = slack.calls.length
    const full = await desk.action(USERS.finance, 'batch_csv_full', batchId, { channel: CHANNELS.finance })
    const fullUpload = await slack.waitForCall('files.completeUploadExternal', undefined, 10_000, since)
    expect(fullUpload.payload.channel_id).toBe(`D${USERS.finance}`)
    expect(slack.files.get(uploadedIds(fullUpload)[0]!)!.data.toString()).toContain(IBAN)
    expect((await response(full.responseId)).text).toMatch(
      /^📎 The file with full payment details is in your direct messages/,
    )
    expect(await audit('batch.details_exported')).toMatchObject([{ actor: 'slack:UFINANCE', subjectId: batchId }])

    // a payout's details revealed to finance alone, audited; the API reads them the same way
    const refusedReveal = await desk.action(USERS.support, 'payout_reveal', payoutId, { channel: CHANNELS.finance })
    expect((await response(refusedReveal.responseId)).text).toMatch(/finance, admin/)
    const reveal = await desk.action(USERS.finance, 'payout_reveal', payoutId, { channel: CHANNELS.finance })
    expect((await response(reveal.responseId)).text).toContain(`iban: \`${IBAN}\``)
    const viaApi = await api.operator('GET', `/v1/payouts/${payoutId}/payment-details`)
    expect(viaApi.body.paymentDetails).toMatchObject({ method: 'bank', fields: { iban: IBAN } })
    const reads = await audit('payout.details_revealed')
    expect(reads.map((a) => a.actor)).toEqual(['slack:UFINANCE', 'operator-api'])
  })

  it('item 6. a payout card offers finance "Reveal details" while the payout is to be paid', async () => {
    const p = await api.enrolled('jqsee', { name: 'Payee', language: 'en', legalType: 'individual', telegramId: 8801 })
    await api.recorded('jqsee', {
      id: 'ops-jq',
      type: 'payment',
      occurredAt: new Date(api.clock.now().getTime() - 3_600_000).toISOString(),
      customer: 'ops-jq',
      ref: p.codes[0]!.code,
      order: 'ops-jq',
      amount: '150.00',
      currency: 'USD',
    })
    const r = await api.requestPayout(
      p.partner,
      { program: 'jqsee', method: 'paypal', details: { email: 'payee8801@example.com' } },
      'ops-jq',
    )
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const payoutId = r.body.payout.id as string
    const card = await slack.waitForCall(
      'chat.postMessage',
      (c) => c.payload.channel === CHANNELS.finance && includes(c, payoutId),
      10_000,
    )
    expect(includes(card, 'payout_reveal')).toBe(true)
    expect(includes(card, 'payee8801@')).toBe(false)
    const shown = await desk.action(USERS.finance, 'payout_reveal', payoutId, { channel: CHANNELS.finance })
    expect((await response(shown.responseId)).text).toBe(
      'Payment details of the payout (PayPal), shown to you alone; the reading is recorded:\nemail: `payee8801@example.com`',
    )
    const reads = await api.service.db.prisma.auditLog.findMany({
      where: { action: 'payout.details_revealed', subjectId: payoutId },
    })
    expect(reads).toMatchObject([{ actor: 'slack:UFINANCE' }])
  })

  it('item 6. a broadcast report is uploaded as a Slack file from its message (admins), never named as an API path', async () => {
    const texts = {
      en: 'The commission stays 10%.',
      ru: 'Вознаграждение остаётся 10%.',
      kk: 'Сыйақы 10% болып қалады.',
      ka: 'საკომისიო რჩება 10%.',
      lv: 'Atlīdzība paliek 10%.',
    }
    const draft = await api.operator('POST', '/v1/programs/chetup/terms', {
      effectiveAt: '2026-06-01T00:00:00Z',
      texts,
    })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    const published = await api.operator('POST', `/v1/terms/${draft.body.version.id}/publish`, {})
    expect(published.status, JSON.stringify(published.body)).toBe(201)
    const id = published.body.broadcast.id as string
    // the progress message: a report button, no path
    const progress = await api.service.core.terms.broadcastProgress(id)
    const zone = api.service.core.programs.get('chetup')!.timeZone
    const message = JSON.stringify(
      broadcastProgressBlocks(createI18n().t('en'), 'en', progress, { name: 'Chetup', timeZone: zone }),
    )
    expect(message).toContain('broadcast_report')
    // the version's date is the partners' date (its effective day in the program's zone), the zone named
    expect(message).toContain(
      `${new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: zone }).format(new Date('2026-06-01T00:00:00Z'))} (${zone})`,
    )
    expect(message).not.toContain('/v1/')

    for (const user of [USERS.support, USERS.finance]) {
      const no = await desk.action(user, 'broadcast_report', id, { channel: CHANNELS.finance })
      expect((await response(no.responseId)).text).toMatch(/^You cannot do this.*admin/)
    }
    const since = slack.calls.length
    const ok = await desk.action(USERS.admin, 'broadcast_report', id, { channel: CHANNELS.finance, ts: '5.5' })
    const upload = await slack.waitForCall('files.completeUploadExternal', undefined, 10_000, since)
    expect(upload.payload).toMatchObject({ channel_id: CHANNELS.finance, thread_ts: '5.5' })
    const file = slack.files.get(uploadedIds(upload)[0]!)!
    expect(file.name).toBe('broadcast-chetup-1.csv')
    expect(file.data.toString()).toContain('partner_id,name,telegram_username,language,delivery')
    expect(file.data.toString()).toContain(partner)
    expect((await response(ok.responseId)).text).toBe('📎 The file is uploaded: broadcast-chetup-1.csv')
  })

  it('item 9. /pa help lists the commands each role may use, and only those', async () => {
    const help = async (user: string) => (await response((await desk.command('help', user)).responseId)).text
    const support = await help(USERS.support)
    expect(support).toContain('Your roles: support')
    for (const c of ['/pa help', '/pa status', '/pa disputes', '/pa partner', '/pa bonuses'])
      expect(support).toContain(c)
    for (const c of ['/pa payouts', '/pa batches', '/pa ledger', '/pa terms']) expect(support).not.toContain(c)
    const finance = await help(USERS.finance)
    for (const c of ['/pa status', '/pa partner', '/pa payouts', '/pa batches', '/pa ledger', '/pa bonuses'])
      expect(finance).toContain(c)
    for (const c of ['/pa disputes', '/pa terms']) expect(finance).not.toContain(c)
    const admin = await help(USERS.admin)
    for (const c of ['status', 'disputes', 'partner', 'payouts', 'batches', 'ledger', 'bonuses', 'terms'])
      expect(admin).toContain(`/pa ${c}`)
    const stranger = await help(USERS.stranger)
    expect(stranger).toContain('You have no role on the desk')
    expect(stranger).toContain('/pa help')
    for (const c of ['status', 'disputes', 'partner', 'payouts', 'batches', 'ledger', 'bonuses', 'terms'])
      expect(stranger).not.toContain(`/pa ${c}`)
  })
})
