import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { PROGRAMS_DIR } from '../../core/infra/programs/load-definitions.ts'
import { type Api, startApi, withTelegram } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { databaseKind, freshDatabaseUrl } from '../helpers/database.ts'
import { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * Issue 15 item 11 — chetup (seed 002, Georgian): the partner chooses the campaigns to join.
 *
 * Seed 002: "აფილიეტი რეგისტრაციის შემდეგ იღებს წვდომას ჩეთაფის სისტემაში რეგისტრირებული კომპანიების კამპანიებზე"
 * (after registering, the affiliate gets access to the campaigns of the companies registered in Chetup), "საკომისიოს
 * პირობები მითითებულია თითოეულ კამპანიაში" (the commission terms are stated in each campaign), and the affiliate
 * must "გაეცნოს კამპანიის წესებს და პირობებს კამპანიაში ჩართვამდე" (read a campaign's rules and terms before
 * joining the campaign). Joining is per campaign, each showing its commission; programs.md says the same ("the
 * partner joins campaigns and gets a personal link per campaign"), while the code used to join every partner to all.
 */

const at = '2026-03-02T09:00:00Z'
const codeOf = (codes: { campaign?: string; code: string }[], campaign: string) =>
  codes.find((c) => c.campaign === campaign)?.code

describe('item 11 (API): chetup campaigns joined one by one', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi(at)
    return () => api.close()
  })

  it('item 11. "საკომისიოს პირობები მითითებულია თითოეულ კამპანიაში": only the campaigns named are joined; a postback for a campaign the partner did not join earns nothing (rule campaign_not_joined) until they join it', async () => {
    const r = await api.enrol('chetup', {
      name: 'Nino',
      language: 'ka',
      legalType: 'individual',
      telegramId: 110001,
      campaigns: ['cafe-sale'],
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.codes.map((c: { campaign: string }) => c.campaign)).toEqual(['cafe-sale'])
    const partner = r.body.partner.id as string
    const cafe = codeOf(r.body.codes, 'cafe-sale')!
    const sale = await api.recorded('chetup', {
      id: 'c11-sale',
      type: 'payment',
      occurredAt: at,
      customer: 'c11-cust',
      ref: cafe,
      campaign: 'cafe-sale',
      order: 'c11-o1',
      amount: '40.00',
      currency: 'GEL',
    })
    expect(sale.commissions).toMatchObject([{ amount: '4.00', rule: 'campaign:cafe-sale' }])
    // the same (attributed) customer becomes a bank customer: a campaign this partner did not join
    const bank = await api.recorded('chetup', {
      id: 'c11-bank',
      type: 'new_customer',
      occurredAt: at,
      customer: 'c11-cust',
      campaign: 'bank-new-customer',
    })
    expect(bank.event.partner).toBe(partner)
    expect(bank.commissions).toEqual([])
    expect(bank.notes).toContain('campaign_not_joined')

    // joining it later (the operator API names it again): its link is issued, the first one kept
    const again = await api.enrol('chetup', {
      name: 'Nino',
      language: 'ka',
      legalType: 'individual',
      telegramId: 110001,
      campaigns: ['bank-new-customer'],
    })
    expect(again.status, JSON.stringify(again.body)).toBe(200)
    expect(again.body.codes.map((c: { campaign: string }) => c.campaign)).toEqual(['cafe-sale', 'bank-new-customer'])
    expect(codeOf(again.body.codes, 'cafe-sale')).toBe(cafe)
    const joined = await api.recorded('chetup', {
      id: 'c11-bank-2',
      type: 'new_customer',
      occurredAt: at,
      customer: 'c11-cust-2',
      ref: codeOf(again.body.codes, 'bank-new-customer'),
      campaign: 'bank-new-customer',
    })
    expect(joined.commissions).toMatchObject([{ amount: '5.00', rule: 'campaign:bank-new-customer' }])
    // naming the joined campaigns once more changes nothing
    const same = await api.enrol('chetup', {
      name: 'Nino',
      language: 'ka',
      legalType: 'individual',
      telegramId: 110001,
      campaigns: ['cafe-sale', 'bank-new-customer'],
    })
    expect(same.body.codes).toEqual(again.body.codes)
  })

  it('item 11. unknown campaign keys are refused with a 400 in words (enrolment.unknown_campaign), and nothing changes', async () => {
    const bad = await api.enrol('chetup', {
      name: 'Giorgi',
      language: 'ka',
      legalType: 'individual',
      telegramId: 110002,
      campaigns: ['cafe-sale', 'no-such-campaign'],
    })
    expect(bad).toMatchObject({
      status: 400,
      body: { error: { code: 'enrolment.unknown_campaign', message: 'Unknown campaigns: no-such-campaign.' } },
    })
    const prisma = api.service.db.prisma
    expect(await prisma.partner.count({ where: { telegramId: 110002n } })).toBe(0)
    const ok = await api.enrolled('chetup', {
      name: 'Giorgi',
      language: 'ka',
      legalType: 'individual',
      telegramId: 110002,
      campaigns: ['app-lead'],
    })
    const later = await api.enrol('chetup', {
      name: 'Giorgi',
      language: 'ka',
      legalType: 'individual',
      telegramId: 110002,
      campaigns: ['shop-click', 'nope'],
    })
    expect(later).toMatchObject({ status: 400, body: { error: { code: 'enrolment.unknown_campaign' } } })
    expect(await prisma.referralCode.count({ where: { enrolment: { partnerId: ok.partner } } })).toBe(1)
  })
})

describe('item 11 (bot): a chetup partner chooses campaigns at join and later from /link', () => {
  const env = withTelegram(at)
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  const joinedCampaigns = async (chat: number) =>
    (
      await api.service.db.prisma.referralCode.findMany({
        where: { enrolment: { partner: { telegramId: BigInt(chat) } } },
        include: { campaign: true },
        orderBy: { createdAt: 'asc' },
      })
    ).map((c) => c.campaign?.key)

  it('item 11. "გაეცნოს კამპანიის წესებს და პირობებს კამპანიაში ჩართვამდე": at join the bot lists every campaign with its commission in Georgian as toggles, needs at least one, and joins only the chosen', async () => {
    const chat = 110101
    telegram.languages.set(chat, 'ka')
    await telegram.sendText(chat, '/start chetup')
    await telegram.keyboardAfter(chat, 1)
    await telegram.press(chat, ':accept')
    const choice = await telegram.keyboardAfter(chat, 2)
    expect(choice.text).toContain('აირჩიეთ პროგრამის ჩეთაფი კამპანიები, რომლებშიც გსურთ ჩართვა.')
    expect(choice.text).toContain('• კაფე: გაყიდვები — 10% თითოეული გაყიდვიდან')
    expect(choice.text).toContain('• ბანკი: ახალი კლიენტები — 5,00 GEL თითოეულ ახალ მომხმარებელზე')
    expect(choice.text).toContain('• მაღაზია: ვიზიტები — 0,02 GEL თითოეულ ვიზიტორზე')
    expect(choice.buttons.map((b) => b.text)).toEqual([
      '▫️ კაფე: გაყიდვები — 10% თითოეული გაყიდვიდან',
      '▫️ ბანკი: ახალი კლიენტები — 5,00 GEL თითოეულ ახალ მომხმარებელზე',
      '▫️ აპლიკაცია: ლიდები — 2,00 GEL თითოეულ ლიდზე',
      '▫️ აპლიკაცია: ჩამოტვირთვები — 0,50 GEL თითოეულ გადმოწერაზე',
      '▫️ მაღაზია: დაკლიკებები — 0,05 GEL თითოეულ კლიკზე',
      '▫️ მაღაზია: ვიზიტები — 0,02 GEL თითოეულ ვიზიტორზე',
      '✅ არჩეულ კამპანიებში ჩართვა',
    ])
    // "Join" with nothing chosen is refused in words, and the question stays
    const since = telegram.calls.length
    await telegram.press(chat, ':ok')
    await telegram.waitForCall(
      'answerCallbackQuery',
      (c) => c.payload.text === 'მონიშნეთ ერთი კამპანია მაინც.',
      10_000,
      since,
    )
    expect(telegram.lastKeyboard(chat)?.buttons).toHaveLength(7)
    for (const toggle of [':t0', ':t2', ':t2', ':t1']) {
      const before = telegram.calls.length
      await telegram.press(chat, toggle)
      await telegram.waitForCall('editMessageReplyMarkup', undefined, 10_000, before)
    }
    const marks = telegram.lastKeyboard(chat)!.buttons.map((b) => b.text.split(' ')[0])
    expect(marks.slice(0, 3)).toEqual(['✅', '✅', '▫️'])
    await telegram.press(chat, ':ok')
    await telegram.keyboardAfter(chat, 3)
    await telegram.press(chat, ':individual')
    await telegram.keyboardAfter(chat, 4)
    await telegram.press(chat, ':GE')
    expect(await telegram.nthText(chat, 5)).toContain('ჩეთაფი')
    expect(await joinedCampaigns(chat)).toEqual(['cafe-sale', 'bank-new-customer'])
  })

  it('item 11. /link shows the joined campaigns\' links with their commission and a "Join more campaigns" button listing only the ones not joined; joining creates that campaign\'s link', async () => {
    const chat = 110101 // the partner who joined two campaigns above
    const texts = telegram.textsTo(chat).length
    await telegram.sendText(chat, '/link')
    const more = await telegram.keyboardAfter(chat, texts + 2)
    const list = telegram.textsTo(chat)[texts]!
    expect(list).toContain('• კაფე: გაყიდვები (10% თითოეული გაყიდვიდან): https://partners.example.com/r/')
    expect(list).toContain(
      '• ბანკი: ახალი კლიენტები (5,00 GEL თითოეულ ახალ მომხმარებელზე): https://partners.example.com/r/',
    )
    expect(more.text).toBe('პროგრამაში ჩეთაფი არის კამპანიები, რომლებშიც ჯერ არ ჩართულხართ.')
    expect(more.buttons.map((b) => b.text)).toEqual(['➕ სხვა კამპანიებში ჩართვა'])
    await telegram.pressButton(chat, more.message_id, more.buttons[0]!.data)
    const choice = await telegram.keyboardAfter(chat, texts + 3)
    expect(choice.buttons.map((b) => b.text)).toEqual([
      '▫️ აპლიკაცია: ლიდები — 2,00 GEL თითოეულ ლიდზე',
      '▫️ აპლიკაცია: ჩამოტვირთვები — 0,50 GEL თითოეულ გადმოწერაზე',
      '▫️ მაღაზია: დაკლიკებები — 0,05 GEL თითოეულ კლიკზე',
      '▫️ მაღაზია: ვიზიტები — 0,02 GEL თითოეულ ვიზიტორზე',
      '✅ არჩეულ კამპანიებში ჩართვა',
    ])
    const before = telegram.calls.length
    await telegram.press(chat, ':t0')
    await telegram.waitForCall('editMessageReplyMarkup', undefined, 10_000, before)
    await telegram.press(chat, ':ok')
    const done = await telegram.nthText(chat, texts + 4)
    expect(await joinedCampaigns(chat)).toEqual(['cafe-sale', 'bank-new-customer', 'app-lead'])
    const lead = await api.service.db.prisma.referralCode.findFirstOrThrow({
      where: { enrolment: { partner: { telegramId: BigInt(chat) } }, campaign: { key: 'app-lead' } },
    })
    expect(done).toBe(
      [
        '✅ მზადაა! თქვენი რეფერალური ბმულები პროგრამის ჩეთაფი ახალი კამპანიებისთვის:',
        `• აპლიკაცია: ლიდები: https://partners.example.com/r/${lead.code}`,
        'ყველა თქვენი ბმული QR-კოდებით: /link',
      ].join('\n'),
    )
    // the new link earns: a lead through it is the partner's commission
    const r = await api.recorded('chetup', {
      id: 'c11-lead',
      type: 'lead',
      occurredAt: at,
      customer: 'c11-lead-cust',
      ref: lead.code,
      campaign: 'app-lead',
    })
    expect(r.commissions).toMatchObject([{ amount: '2.00', rule: 'campaign:app-lead' }])
  })
})

describe('item 11 (bot): a campaign the program adds later', () => {
  /** A database that outlives one service: the deployment before and after the definition changes. */
  function lastingDatabase() {
    if (databaseKind() !== 'pglite') return freshDatabaseUrl()
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-campaigns-db-'))
    return { url: `pglite:${dir}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) }
  }

  it('item 11. "აფილიეტი რეგისტრაციის შემდეგ იღებს წვდომას ... კომპანიების კამპანიებზე": a campaign added to the definition after the partner joined is offered under /link, can be joined, and earns through its link', async () => {
    const telegram = await new FakeTelegram().start()
    const db = lastingDatabase()
    const programs = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-campaigns-programs-'))
    const bot = { TELEGRAM_BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: telegram.url, DATABASE_URL: db.url }
    let second: Api | undefined
    try {
      const first = await startApi(at, bot)
      const chat = 110201
      const joined = await first.enrolled('chetup', {
        name: 'Tamar',
        language: 'en',
        legalType: 'individual',
        telegramId: chat,
        campaigns: ['cafe-sale'],
      })
      await first.service.close()
      // the next release adds a pharmacy's campaign to chetup
      for (const f of fs.readdirSync(PROGRAMS_DIR)) fs.copyFileSync(path.join(PROGRAMS_DIR, f), path.join(programs, f))
      const chetup = JSON.parse(fs.readFileSync(path.join(programs, 'chetup.json'), 'utf8'))
      chetup.commission.campaigns.push({ key: 'pharmacy-sale', name: 'Pharmacy: sales', kind: 'sale', rateBps: 750 })
      fs.writeFileSync(path.join(programs, 'chetup.json'), JSON.stringify(chetup))
      second = await startApi(at, { ...bot, PROGRAMS_DIR: programs })

      await telegram.sendText(chat, '/link')
      const more = await telegram.keyboardAfter(chat, 2)
      expect(more.text).toBe('There are Chetup campaigns you have not joined yet.')
      await telegram.pressButton(chat, more.message_id, more.buttons[0]!.data)
      const choice = await telegram.keyboardAfter(chat, 3)
      expect(choice.buttons.map((b) => b.text)).toContain('▫️ Pharmacy: sales — 7.5% of each sale')
      expect(choice.buttons.map((b) => b.text)).not.toContain('▫️ Cafe: sales — 10% of each sale')
      const pharmacy = choice.buttons.find((b) => b.text.includes('Pharmacy'))!
      const before = telegram.calls.length
      await telegram.pressButton(chat, choice.message_id, pharmacy.data)
      await telegram.waitForCall('editMessageReplyMarkup', undefined, 10_000, before)
      await telegram.press(chat, ':ok')
      const done = await telegram.nthText(chat, 4)
      const code = await second.service.db.prisma.referralCode.findFirstOrThrow({
        where: { enrolment: { partnerId: joined.partner }, campaign: { key: 'pharmacy-sale' } },
      })
      expect(done).toContain(`• Pharmacy: sales: https://partners.example.com/r/${code.code}`)
      const sale = await second.recorded('chetup', {
        id: 'c11-pharmacy',
        type: 'payment',
        occurredAt: at,
        customer: 'c11-pharmacy-cust',
        ref: code.code,
        campaign: 'pharmacy-sale',
        order: 'c11-pharmacy-o',
        amount: '20.00',
        currency: 'GEL',
      })
      expect(sale.commissions).toMatchObject([{ amount: '1.50', rule: 'campaign:pharmacy-sale' }])
    } finally {
      await second?.service.close()
      await db.drop()
      await telegram.stop()
      fs.rmSync(programs, { recursive: true, force: true })
    }
  }, 180_000) // two deployments, each opening (and on PGlite migrating) its database
})
