import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { longDate } from '../../bots/i18n/format.ts'
import { createI18n, type Language } from '../../bots/i18n/index.ts'
import { PROGRAMS_DIR } from '../../core/infra/programs/load-definitions.ts'
import { MAX_PROGRAM_KEY } from '../../core/programs/definition.ts'
import { type Api, startApi, withTelegram } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitFor } from '../helpers/ports.ts'

/** What an outside review of the bot found, in the real bot against the fake Bot API and a real database. */
describe('/settings: deleting my personal data', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  it('a "Yes, delete" pressed after the unpaid money changed asks again with the money as it is now (ru)', async () => {
    const chat = 8601
    telegram.languages.set(chat, 'ru')
    const p = await api.enrolled('jqsee', { name: 'P', language: 'ru', legalType: 'individual', telegramId: chat })
    // the partner looks at the deletion while nothing is earned: the confirmation names no money
    await telegram.sendText(chat, '/settings')
    await telegram.keyboardAfter(chat, 1)
    await telegram.press(chat, 'st:erase')
    const confirm = await telegram.keyboardAfter(chat, 2)
    expect(confirm.text).not.toMatch(/USD/)
    // ... and does not answer it. Later the partner earns 30.00 USD
    await api.recorded('jqsee', {
      id: 'er-1',
      type: 'payment',
      occurredAt: '2026-03-06T09:00:00Z',
      customer: 'er-1',
      ref: p.codes[0]!.code,
      order: 'er-1',
      amount: '300.00',
      currency: 'USD',
    })
    const st = await api.statement(p.partner, { program: 'jqsee' })
    expect(st.body.balances[0]).toMatchObject({ available: '30.00' })
    // the old confirmation is still in the chat; a tap on its "Yes"
    const yes = confirm.buttons.find((b) => b.data.startsWith('st:erase_yes'))!
    await telegram.pressButton(chat, confirm.message_id, yes.data)
    const asked = await waitFor(
      () =>
        telegram.calls.find((c) => c.method === 'editMessageText' && Number(c.payload.chat_id) === chat) ??
        (telegram.textsTo(chat).length > 2 ? true : undefined),
      10_000,
    )
    const partner = await api.service.db.prisma.partner.findUniqueOrThrow({ where: { id: p.partner } })
    expect(
      partner.erasedAt,
      'the partner was erased, giving up 30.00 USD, on a confirmation that was shown when nothing was at stake',
    ).toBeNull()
    // the same message asks again, with the money and why
    expect(asked).toMatchObject({ payload: { message_id: confirm.message_id } })
    const again = telegram.lastKeyboard(chat)!
    expect(again.text).toMatch(/^С тех пор как был задан этот вопрос, .*\n\n.*\n• JQSEE: 30,00 USD\n/)
    // a "Yes" sent before the fingerprint was carried asks again too
    await telegram.pressButton(chat, confirm.message_id, 'st:erase_yes')
    await waitFor(
      () => telegram.calls.filter((c) => c.method === 'editMessageText' && Number(c.payload.chat_id) === chat)[1],
    )
    expect((await api.service.db.prisma.partner.findUniqueOrThrow({ where: { id: p.partner } })).erasedAt).toBeNull()
    // the "Yes" under the money as it is now deletes
    const current = again.buttons.find((b) => b.data.startsWith('st:erase_yes:'))!
    expect(current.data).not.toBe(yes.data)
    await telegram.pressButton(chat, confirm.message_id, current.data)
    await waitFor(async () => (await api.service.db.prisma.partner.findUnique({ where: { id: p.partner } }))?.erasedAt)
  })
})

describe('/dispute: evidence', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  it('a file past the 10 a message carries is refused as it arrives, uncounted, and the others are sent (lv)', async () => {
    const chat = 8101
    const t = createI18n().t('lv')
    telegram.languages.set(chat, 'lv')
    await api.enrolled('jqsee', { name: 'P', language: 'lv', legalType: 'individual', telegramId: chat })
    await telegram.sendText(chat, '/dispute')
    await telegram.nthText(chat, 1) // nothing to dispute: a question for support
    await telegram.nthText(chat, 2) // describe the case
    await telegram.sendText(chat, 'Trūkst komisijas par 12 pasūtījumiem, ekrānuzņēmumi pielikumā.')
    let n = 3
    await telegram.keyboardAfter(chat, n)
    for (let i = 0; i < 12; i++) {
      await telegram.sendFile(chat, 'photo', Buffer.from(`screenshot ${i}`))
      await telegram.keyboardAfter(chat, ++n)
    }
    // the bot counted every part it took (the text and 10 photos); the 11th and 12th were refused as they came
    const texts = telegram.textsTo(chat)
    expect(texts.at(-3)).toBe(t('disputes.flow.more_added', { count: 11 }))
    expect(texts.slice(-2)).toEqual([
      t('disputes.flow.file_not_added', { count: 10 }),
      t('disputes.flow.file_not_added', { count: 10 }),
    ])
    // Send stays under the newest message
    expect(telegram.lastKeyboard(chat)!.text).toBe(texts.at(-1))
    await telegram.press(chat, ':send')
    const opened = await telegram.nthText(chat, ++n)
    expect(opened).toMatch(/Nr\. \d+/)
    const partner = await api.service.db.prisma.partner.findUniqueOrThrow({ where: { telegramId: BigInt(chat) } })
    const dispute = await api.service.db.prisma.dispute.findFirstOrThrow({
      where: { partnerId: partner.id },
      include: { messages: true },
    })
    const files = dispute.messages.flatMap((m) => m.attachments as unknown[])
    expect(files).toHaveLength(10)
    const told = telegram.textsTo(chat).some((t) => /10/.test(t) && /fail|dator|pielik|attēl/i.test(t) && t !== opened)
    expect(
      files.length === 12 || told,
      `the dispute kept ${files.length} of the 12 photos and the partner was never told; bot said: ${JSON.stringify(telegram.textsTo(chat).slice(-3))}`,
    ).toBe(true)
  })
})

describe('/dispute: the list', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  it('a decided dispute\'s row names no date support will "answer by"; an open one\'s does (lv)', async () => {
    const chat = 8102
    const t = createI18n().t('lv')
    telegram.languages.set(chat, 'lv')
    const p = await api.enrolled('jqsee', { name: 'P', language: 'lv', legalType: 'individual', telegramId: chat })
    const open = (n: number) =>
      api.service.core.disputes.open({
        partnerId: p.partner,
        programKey: 'jqsee',
        subject: 'other',
        text: 'Kāpēc?',
        attachments: [],
        source: 'telegram',
        sourceRef: `${chat}:${n}`,
        enrolledPrograms: ['jqsee'],
      })
    const opened = await open(1)
    const still = await open(2)
    await api.service.core.disputes.resolve({
      disputeId: opened.id,
      actor: 'slack:U0SUPPORT',
      outcome: 'rejected',
      reason: 'no_evidence',
    })
    const d = await api.service.db.prisma.dispute.findUniqueOrThrow({ where: { id: opened.id } })
    expect(d.status).toBe('rejected')
    await waitFor(() => telegram.textsTo(chat).find((x) => x.startsWith('❌')), 10_000)
    const before = telegram.textsTo(chat).length
    await telegram.sendText(chat, '/dispute')
    const list = await telegram.keyboardAfter(chat, before + 1)
    const rowOf = (number: number) => list.text.split('\n').find((l) => l.split(' · ')[0]!.endsWith(String(number)))!
    const row = rowOf(d.number)
    expect(row).toContain(t('disputes.status.rejected'))
    const answerBy = longDate(d.answerBy, 'lv', 'Europe/Kyiv')
    expect(row, `the decided dispute's row still promises an answer: "${row}"`).not.toContain(answerBy)
    expect(row).toBe(`Nr. ${d.number} · JQSEE · ${t('disputes.status.rejected')}`)
    const other = await api.service.db.prisma.dispute.findUniqueOrThrow({ where: { id: still.id } })
    expect(rowOf(other.number)).toContain(longDate(other.answerBy, 'lv', 'Europe/Kyiv'))
  })
})

describe('/earnings: the next payout', () => {
  const env = withTelegram('2026-03-01T08:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  it.each(['kk', 'en'] as Language[])(
    'a blocked chetup partner whose payout went to review is promised no payout date, here or in the API (%s)',
    async (lang) => {
      const t = createI18n().t(lang)
      const chat = lang === 'kk' ? 8401 : 8402
      telegram.languages.set(chat, lang)
      api.clock.set('2026-03-01T08:00:00Z')
      const p = await api.enrolled('chetup', {
        name: 'P',
        language: lang,
        legalType: 'individual',
        telegramId: chat,
        campaigns: ['cafe-sale'],
      })
      await api.recorded('chetup', {
        id: `blk-${chat}`,
        type: 'payment',
        occurredAt: '2026-03-01T07:00:00Z',
        customer: `blk-${chat}`,
        ref: p.codes[0]!.code,
        campaign: 'cafe-sale',
        order: `blk-o-${chat}`,
        amount: '1500.00',
        currency: 'GEL',
        country: 'GE',
      })
      await api.operator('POST', `/v1/partners/${p.partner}/payment-details`, {
        method: 'bank',
        details: { iban: 'GE29NB0000000101904917' },
      })
      api.clock.set('2026-03-12T08:00:00Z') // verified after 10 days
      const payout = await api.requestPayout(p.partner, { program: 'chetup', method: 'bank' }, `blk-${chat}`)
      expect(payout.status, JSON.stringify(payout.body)).toBe(201)
      // before the block, the waiting payout has its date
      const before = await api.statement(p.partner, { program: 'chetup' })
      expect(before.body.balances[0].nextPayoutAt).not.toBeNull()
      // support blocks the partner: the waiting payout goes to review, and no payout is made until the block is lifted
      const blocked = await api.operator('POST', `/v1/partners/${p.partner}/sanctions`, {
        program: 'chetup',
        kind: 'block',
        reason: 'ad_rules',
      })
      expect(blocked.status, JSON.stringify(blocked.body)).toBeLessThan(300)
      const payouts = (await api.operator('GET', `/v1/partners/${p.partner}/payouts`)).body.payouts
      expect(payouts).toEqual([expect.objectContaining({ status: 'needs_review' })])

      await telegram.sendText(chat, '/earnings')
      await new Promise((r) => setTimeout(r, 1500))
      const sent = telegram.calls.filter(
        (c) => ['sendMessage', 'sendPhoto'].includes(c.method) && Number(c.payload.chat_id) === chat,
      )
      const text = sent.map((c) => String(c.payload.text ?? c.payload.caption)).join('\n')
      // the money in review is shown with why
      expect(text).toContain(t('reasons.partner_blocked' as 'reasons.partner_blocked'))
      const promise = t('earnings.next_payout', { date: '' })
      const line = text.split('\n').find((l) => l.startsWith(promise))
      expect(line, `a blocked partner whose only payout is held in review is promised "${line}"`).toBeUndefined()
      // the statement (which the Mini App's balances read too) promises no date either, and says why
      const after = await api.statement(p.partner, { program: 'chetup' })
      expect(after.body.balances[0]).toMatchObject({ nextPayoutAt: null })
    },
  )
})

describe('term changes: objecting', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  it('worksection-referral (ka): "Object" under the broadcast asks first; Back keeps the agreement, Confirm ends it', async () => {
    const chat = 8501
    const t = createI18n().t('ka')
    telegram.languages.set(chat, 'ka')
    const p = await api.enrolled('worksection-referral', {
      name: 'P',
      language: 'ka',
      legalType: 'individual',
      telegramId: chat,
    })
    const draft = await api.operator('POST', '/v1/programs/worksection-referral/terms', {
      effectiveAt: '2026-03-20T00:00:00Z',
      texts: { ka: '20 მარტიდან საკომისიო 15%-ია.', en: 'From 20 March the commission is 15%.' },
    })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    expect((await api.operator('POST', `/v1/terms/${draft.body.version.id}/publish`, {})).status).toBe(201)
    const change = await telegram.keyboardAfter(chat, 1)
    const object = change.buttons.find((b) => b.data.startsWith('tv:obj:'))!
    const endsAt = async () =>
      (
        await api.service.db.prisma.enrolment.findFirstOrThrow({
          where: { partnerId: p.partner, programKey: 'worksection-referral' },
        })
      ).endsAt
    // the partner's thumb lands on the second of the two buttons side by side
    await telegram.pressButton(chat, change.message_id, object.data)
    const confirm = await telegram.keyboardAfter(chat, 2)
    expect(
      await endsAt(),
      `one tap ended the agreement with no confirmation; the bot said: ${JSON.stringify(telegram.textsTo(chat).slice(1))}`,
    ).toBeNull()
    // what objecting does: the agreement ends on a date, and the money is still paid
    expect(confirm.text).toContain('ხელშეკრულების შეწყვეტის თარიღი: ')
    expect(confirm.text).toContain(t('endings.money.paid_any_amount'))
    expect(confirm.buttons.map((b) => b.text)).toEqual([t('terms.object.yes'), t('terms.object.no')])
    // Back: nothing changes
    await telegram.pressButton(chat, confirm.message_id, confirm.buttons[1]!.data)
    await telegram.waitForCall(
      'editMessageText',
      (c) => Number(c.payload.chat_id) === chat && c.payload.message_id === confirm.message_id,
    )
    expect(telegram.lastKeyboard(chat)!.message_id).toBe(change.message_id)
    expect(await endsAt()).toBeNull()
    // the change's own Object again, then Confirm: the objection is recorded and the agreement ends
    await telegram.pressButton(chat, change.message_id, object.data)
    const again = await telegram.keyboardAfter(chat, 3)
    await telegram.pressButton(chat, again.message_id, again.buttons[0]!.data)
    await waitFor(endsAt, 10_000)
    expect(await telegram.nthText(chat, 4)).toMatch(/^თქვენი უთანხმოება დაფიქსირდა\./)
  })
})

/**
 * Programs are data ("a seventh is a new file, not new code"): a definition's key may be as long as the bot's buttons
 * carry (core/programs/definition.ts), and every button keeps working for such a program.
 */
describe('a program added as data with the longest key a definition allows', () => {
  const KEY = 'acme-worldwide-reseller-partnership-program-emea-26q3'
  let api: Api
  let telegram: FakeTelegram
  let dir: string
  beforeAll(async () => {
    expect(KEY.length).toBe(MAX_PROGRAM_KEY)
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'programs-'))
    for (const f of fs.readdirSync(PROGRAMS_DIR).filter((x) => x.endsWith('.json')))
      fs.copyFileSync(path.join(PROGRAMS_DIR, f), path.join(dir, f))
    // a new program, as a file of its own named by its key: the jqsee definition under another key and name
    const d = JSON.parse(fs.readFileSync(path.join(PROGRAMS_DIR, 'jqsee.json'), 'utf8'))
    d.key = KEY
    d.name = 'ACME'
    delete d.names
    fs.writeFileSync(path.join(dir, `${KEY}.json`), JSON.stringify(d))
    telegram = await new FakeTelegram().start()
    api = await startApi('2026-03-06T10:00:00Z', {
      TELEGRAM_BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: telegram.url,
      PROGRAMS_DIR: dir,
    })
  })
  afterAll(async () => {
    await api?.close()
    await telegram?.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('/settings -> Leave a program -> the program button opens the confirmation (lv)', async () => {
    const chat = 8201
    telegram.languages.set(chat, 'lv')
    await api.enrolled(KEY, { name: 'P', language: 'lv', legalType: 'individual', telegramId: chat })
    await telegram.sendText(chat, '/settings')
    await telegram.keyboardAfter(chat, 1)
    await telegram.press(chat, 'st:leave')
    const choose = await telegram.keyboardAfter(chat, 2)
    const button = choose.buttons[0]!
    expect(button.text).toBe('ACME')
    expect(Buffer.byteLength(button.data)).toBeLessThanOrEqual(64)
    const id = await telegram.pressButton(chat, choose.message_id, button.data)
    const answer = await telegram.waitForCall('answerCallbackQuery', (c) => c.payload.callback_query_id === id)
    expect(
      answer.payload.text,
      `the program's own button (data ${button.data}) is answered as a dead button: the partner cannot leave ACME`,
    ).not.toBe('Šī poga vairs nedarbojas.')
    const confirm = await telegram.keyboardAfter(chat, 3, 3000)
    expect(confirm.buttons.map((b) => b.data)).toContain(`lp:yes:${KEY}`)
  })
})
