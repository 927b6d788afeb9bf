import { tmpdir } from 'node:os'
import path from 'node:path'
import { sign } from '@telegram-apps/init-data-node'
import { describe, expect, inject, it } from 'vitest'
import { minorText, percentText } from '../../bots/i18n/format.ts'
import { createI18n, LANGUAGES } from '../../bots/i18n/index.ts'
import { launchUrl } from '../../bots/miniapp/launch.ts'
import { monthText } from '../../bots/shared/dates.ts'
import { disputeItemText } from '../../bots/shared/dispute-item.ts'
import { itemDetailText } from '../../bots/shared/reasons.ts'
import { balanceOf, withTelegram } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { launchChromium } from '../helpers/browser.ts'

/**
 * melbet's volume tiers are the calendar month's (programs.md: "20% from 20 new users in the calendar month, 25% from
 * 50"; the partner's terms: "20% in a calendar month in which you bring at least 20 new users"). Revenue is rated as
 * it arrives, with the new users counted so far, so the weeks before the 20th new user earned 15%: the new user that
 * lifts the month tops that revenue up to the month's tier, week by week, losses as well as profits.
 */
describe('melbet: a month that reaches a volume tier is paid at it in full', () => {
  const env = withTelegram('2026-05-20T09:00:00Z')
  const api = new Proxy({} as ReturnType<typeof env>['api'], { get: (_, k) => (env().api as any)[k] })

  let seq = 0
  const post = (event: Record<string, unknown>) => api.recorded('melbet', event)

  const partner = async (registeredAt: string, telegramId?: number) => {
    const p = await api.enrolled('melbet', {
      name: `Melbet tiers ${++seq}`,
      language: 'lv',
      legalType: 'individual',
      registeredAt,
      ...(telegramId ? { telegramId } : {}),
    })
    const ref = p.codes[0]!.code
    const player = (n: number) => `${p.partner}-pl${n}`
    let e = 0
    return {
      partner: p.partner,
      /** Players from..to sign up through the link and make their first deposit at `at`: the last deposit's answer. */
      async newUsers(from: number, to: number, at: string) {
        let last: any
        for (let n = from; n <= to; n++) {
          await signup(n, at)
          last = await post(depositBody(n, at))
        }
        return last
      },
      revenue: (at: string, amount: string, currency = 'USD', extra: Record<string, unknown> = {}) =>
        post(revenueBody(at, amount, currency, extra)),
      revenueBody,
      /** Another event of player 1 (a refund, a settlement). */
      event: (body: Record<string, unknown>) => post({ customer: player(1), currency: 'USD', ...body }),
      /** Order k refunded in full at `at` (one refund per partner). */
      refund: (k: number, at: string) =>
        post({
          id: `${p.partner}-f`,
          type: 'refund',
          occurredAt: at,
          customer: player(1),
          order: `${p.partner}-o${k}`,
        }),
      depositBody,
      signup,
      order: (k: number) => `${p.partner}-o${k}`,
    }
    function signup(n: number, at: string) {
      return post({ id: `${player(n)}-s`, type: 'signup', occurredAt: at, customer: player(n), ref })
    }
    function depositBody(n: number, at: string) {
      const deposit = { type: 'first_deposit', occurredAt: at, customer: player(n), amount: '10.00', currency: 'USD' }
      return { id: `${player(n)}-d`, ...deposit }
    }
    function revenueBody(at: string, amount: string, currency = 'USD', extra: Record<string, unknown> = {}) {
      ++e
      return {
        id: `${p.partner}-r${e}`,
        type: 'revenue',
        occurredAt: at,
        customer: player(1),
        order: `${p.partner}-o${e}`,
        amount,
        currency,
        ...extra,
      }
    }
  }

  /** What the partner's USD money in melbet comes to (available and on hold). */
  const usdTotal = async (partner: string) => {
    const usd = balanceOf((await api.statement(partner, { program: 'melbet' })).body, 'melbet', 'USD')
    return (Number(usd.available) + Number(usd.pending) + Number(usd.held)).toFixed(2)
  }

  const delay = (ms: number) => new Promise((r) => setTimeout(r, ms))
  /** A deal for the partner from `from` (PUT .../deal): created. */
  const deal = async (partner: string, commission: unknown, from: string, note: string) => {
    const r = await api.operator('PUT', `/v1/programs/melbet/partners/${partner}/deal`, { commission, from, note })
    expect(r.status).toBe(201)
  }
  /** The partner disqualified (POST .../sanctions): unpaid commissions annulled. */
  const disqualify = async (partner: string) => {
    const r = await api.operator('POST', `/v1/partners/${partner}/sanctions`, {
      program: 'melbet',
      kind: 'disqualify',
      reason: 'self_referral',
    })
    expect(r.status).toBe(201)
  }
  /** The program's trial balance: every top-up is a commission expense, so it stays 0.00. */
  const ledgerTotal = async () => (await api.operator('GET', '/v1/programs/melbet/ledger')).body.total
  const topUps = (r: any) => r.commissions.filter((c: any) => c.rule === 'revenue_share_tier')

  it('the 20th new user of May tops the weeks already rated at 15% up to 20%, a loss included; the 50th to 25%; nothing twice', async () => {
    api.clock.set('2026-05-20T09:00:00Z')
    const m = await partner('2026-01-10T12:00:00Z', 7301) // past the 3 introductory months in May
    await m.newUsers(1, 5, '2026-05-01T10:00:00Z')
    const week1 = await m.revenue('2026-05-05T12:00:00Z', '400.00') // Mon 4 - Sun 10 May
    expect(week1.commissions).toEqual([expect.objectContaining({ rule: 'revenue_share', amount: '60.00' })])
    const week2 = await m.revenue('2026-05-12T12:00:00Z', '-100.00') // Mon 11 - Sun 17 May
    expect(week2.commissions).toEqual([expect.objectContaining({ rule: 'revenue_share', amount: '-15.00' })])

    const nineteenth = await m.newUsers(6, 19, '2026-05-13T10:00:00Z')
    expect(topUps(nineteenth)).toEqual([])
    const twentieth = await m.newUsers(20, 20, '2026-05-14T10:00:00Z')
    expect(topUps(twentieth)).toEqual([
      expect.objectContaining({
        amount: '20.00',
        currency: 'USD',
        status: 'available',
        availableFrom: '2026-05-11T00:00:00.000Z',
      }),
      expect.objectContaining({ amount: '-5.00', availableFrom: '2026-05-18T00:00:00.000Z' }),
    ])
    // revenue after it is rated at the month's tier as it arrives
    const week2b = await m.revenue('2026-05-15T12:00:00Z', '200.00')
    expect(week2b.commissions).toEqual([expect.objectContaining({ rule: 'revenue_share', amount: '40.00' })])
    // the 21st changes no tier: nothing more
    expect(topUps(await m.newUsers(21, 21, '2026-05-15T10:00:00Z'))).toEqual([])

    const fiftieth = await m.newUsers(22, 50, '2026-05-16T10:00:00Z')
    // week 1: 25% of 400 = 100 against 60 + 20; week 2: 25% of (-100 + 200) = 25 against -15 + 40 - 5
    expect(topUps(fiftieth)).toEqual([
      expect.objectContaining({ amount: '20.00', availableFrom: '2026-05-11T00:00:00.000Z' }),
      expect.objectContaining({ amount: '5.00', availableFrom: '2026-05-18T00:00:00.000Z' }),
    ])

    // May as a whole: 25% of (400 - 100 + 200) = 125.00
    api.clock.set('2026-05-25T09:00:00Z')
    const st = await api.statement(m.partner, { program: 'melbet' })
    const usd = balanceOf(st.body, 'melbet', 'USD')
    expect(usd).toMatchObject({ available: '125.00', pending: '0.00', carriedOver: '0.00' })

    // the partner's Mini App lists the top-ups by what they are, with no order (their key is the service's own)
    const at = new Date(api.clock.now().getTime() - 60_000)
    const tma = `tma ${sign({ user: { id: 7301, first_name: 'P' }, chat_type: 'sender', chat_instance: '1' }, TEST_TOKEN, at)}`
    const r = await fetch(`${api.base}/app/api/statement?program=melbet`, { headers: { authorization: tma } })
    expect(r.status).toBe(200)
    const lines = ((await r.json()) as any).lines.filter((l: any) => l.kind === 'revenue_share_tier')
    // dated by the week each tops up
    expect(lines.map((l: any) => `${l.date} ${l.amount} ${l.order}`).sort()).toEqual([
      '2026-05-04 20.00 null',
      '2026-05-04 20.00 null',
      '2026-05-11 -5.00 null',
      '2026-05-11 5.00 null',
    ])

    // and so does the Mini App in a browser, in the partner's Latvian and in English
    const browser = await launchChromium()
    try {
      for (const [lang, word] of [
        ['lv', 'Piemaksa līdz mēneša likmei'],
        ['en', "Top-up to the month's rate"],
      ] as const) {
        await api.service.core.partners.setLanguage(m.partner, lang)
        const page = await browser.newPage({ viewport: { width: 390, height: 800 } })
        const data = sign(
          { user: { id: 7301, first_name: 'P' }, chat_type: 'sender', chat_instance: '1' },
          TEST_TOKEN,
          at,
        )
        await page.goto(launchUrl(api.base, data, { tab: 'earnings' }))
        const kinds = page.getByRole('tabpanel').locator('li.line .line-kind')
        await expect.poll(async () => (await kinds.allTextContents()).filter((k) => k === word).length).toBe(4)
        await page.screenshot({ path: path.join(tmpdir(), `tiers-${lang}-${process.pid}.png`), fullPage: true })
        await page.close()
      }
      await api.service.core.partners.setLanguage(m.partner, 'lv')
    } finally {
      await browser.close()
    }

    // the partner's earnings digest tells the month's new rate and what it added, apart from the revenue itself
    await api.service.core.reports.queueDigests()
    const digest = (await env().telegram.nthText(7301, 1)).split('\n')
    const lv = createI18n().t('lv')
    const program = digest[1]!.split(':')[0]!
    // the two weeks that earned, and the week's loss apart (not a net "earned" of 85.00)
    expect(digest[1]).toBe(
      lv('notify.digest.earned', { program, amount: minorText('lv', { minor: 10000n, currency: 'USD' }), count: 2 }),
    )
    expect(digest[2]).toBe(
      lv('notify.digest.loss', { program, amount: minorText('lv', { minor: 1500n, currency: 'USD' }) }),
    )
    expect(digest[3]).toBe(
      lv('notify.digest.tier', {
        program,
        month: monthText(new Date('2026-05-01T00:00:00Z'), 'lv', 'UTC'),
        rate: percentText('lv', 2500),
        amount: minorText('lv', { minor: 4000n, currency: 'USD' }),
      }),
    )
    expect(digest[3]).toMatch(/^Melbet, 2026\. g\. maijs: .* 25 ?%.*: 40,00 USD$/)
  })

  it('a replayed postback of the new user that lifted the month gets its first answer and tops up nothing again', async () => {
    api.clock.set('2026-05-20T09:00:00Z')
    const m = await partner('2026-01-10T12:00:00Z')
    await m.newUsers(1, 19, '2026-05-02T10:00:00Z')
    await m.revenue('2026-05-05T12:00:00Z', '100.00') // 15.00
    const first = await m.newUsers(20, 20, '2026-05-06T10:00:00Z')
    expect(topUps(first)).toEqual([expect.objectContaining({ amount: '5.00' })])
    const again = await api.postback('melbet', {
      id: `${m.partner}-pl20-d`,
      type: 'first_deposit',
      occurredAt: '2026-05-06T10:00:00Z',
      customer: `${m.partner}-pl20`,
      amount: '10.00',
      currency: 'USD',
    })
    expect(again.status).toBe(200)
    expect(again.body).toEqual(first)
    const st = await api.statement(m.partner, { program: 'melbet' })
    const usd = balanceOf(st.body, 'melbet', 'USD')
    expect(Number(usd.available) + Number(usd.pending)).toBe(20)
  })

  it('in the introductory months the rate is 20% whatever the tier: a month of 20 new users tops up nothing; a late new user of an earlier month lifts that month', async () => {
    api.clock.set('2026-06-20T09:00:00Z')
    const m = await partner('2026-02-10T12:00:00Z') // 20% until 10 May
    await m.newUsers(1, 5, '2026-04-02T10:00:00Z')
    await m.revenue('2026-04-07T12:00:00Z', '100.00') // 20.00 (introductory)
    expect(topUps(await m.newUsers(6, 20, '2026-04-20T10:00:00Z'))).toEqual([])

    // May: the introduction ends on the 10th; revenue after it earns 15% until the month's 20th new user
    await m.newUsers(21, 39, '2026-05-03T10:00:00Z')
    const may = await m.revenue('2026-05-19T12:00:00Z', '100.00')
    expect(may.commissions).toEqual([expect.objectContaining({ amount: '15.00' })])
    // June: the 20th new user of May, reported late (within the program's delay)
    const late = await m.newUsers(40, 40, '2026-05-30T10:00:00Z')
    expect(topUps(late)).toEqual([
      expect.objectContaining({ amount: '5.00', availableFrom: '2026-05-25T00:00:00.000Z' }),
    ])
  })

  it('a refund brings the top-ups in line: in part before the month is lifted, in full after it', async () => {
    api.clock.set('2026-05-20T09:00:00Z')
    const part = await partner('2026-01-10T12:00:00Z')
    await part.newUsers(1, 5, '2026-05-01T10:00:00Z')
    await part.revenue('2026-05-05T12:00:00Z', '400.00') // 60.00
    await part.event({
      id: `${part.partner}-f`,
      type: 'refund',
      occurredAt: '2026-05-06T12:00:00Z',
      order: part.order(1),
      amount: '200.00',
    })
    // 20% of the 200.00 left: 40.00, so 10.00 more (not 20% of the 400.00 first reported)
    expect(topUps(await part.newUsers(6, 20, '2026-05-07T10:00:00Z'))).toEqual([
      expect.objectContaining({ amount: '10.00' }),
    ])
    expect(await usdTotal(part.partner)).toBe('40.00')

    const full = await partner('2026-01-10T12:00:00Z')
    await full.newUsers(1, 5, '2026-05-01T10:00:00Z')
    await full.revenue('2026-05-05T12:00:00Z', '400.00')
    expect(topUps(await full.newUsers(6, 20, '2026-05-07T10:00:00Z'))).toEqual([
      expect.objectContaining({ amount: '20.00' }),
    ])
    const refund = await full.refund(1, '2026-05-08T12:00:00Z')
    expect(topUps(refund)).toEqual([expect.objectContaining({ amount: '-20.00' })])
    expect(await usdTotal(full.partner)).toBe('0.00')
  })

  it('held revenue is settled at its own month and tier: a loss settled after the month was lifted, a May bet settled in June', async () => {
    api.clock.set('2026-06-05T09:00:00Z')
    const loss = await partner('2026-01-10T12:00:00Z')
    await loss.newUsers(1, 5, '2026-05-01T10:00:00Z')
    await loss.revenue('2026-05-05T12:00:00Z', '100.00', 'USD', { settled: false }) // held 15.00
    expect(topUps(await loss.newUsers(6, 20, '2026-05-07T10:00:00Z'))).toEqual([])
    const settled = await loss.event({
      id: `${loss.partner}-st`,
      type: 'revenue',
      occurredAt: '2026-05-08T12:00:00Z',
      order: loss.order(1),
      amount: '-50.00',
      settled: true,
    })
    expect(settled.commissions).toEqual([expect.objectContaining({ amount: '-10.00', status: 'available' })])
    // the 21st new user finds nothing to top up: the settled loss stands on -50.00 at 20%
    expect(topUps(await loss.newUsers(21, 21, '2026-05-09T10:00:00Z'))).toEqual([])
    expect(await usdTotal(loss.partner)).toBe('-10.00')

    const june = await partner('2026-01-10T12:00:00Z')
    await june.newUsers(1, 20, '2026-05-01T10:00:00Z')
    await june.revenue('2026-05-05T12:00:00Z', '100.00', 'USD', { settled: false }) // held at May's 20%
    const late = await june.event({
      id: `${june.partner}-st`,
      type: 'revenue',
      occurredAt: '2026-06-02T12:00:00Z',
      order: june.order(1),
      amount: '100.00',
      settled: true,
    })
    expect(late.commissions).toEqual([
      expect.objectContaining({ amount: '20.00', availableFrom: '2026-06-08T00:00:00.000Z' }),
    ])

    // a bet of the introductory months (to 10 May) settled after them keeps their 20%
    const intro = await partner('2026-02-10T12:00:00Z')
    await intro.newUsers(1, 5, '2026-05-01T10:00:00Z')
    await intro.revenue('2026-05-05T12:00:00Z', '100.00', 'USD', { settled: false })
    const after = await intro.event({
      id: `${intro.partner}-st`,
      type: 'revenue',
      occurredAt: '2026-05-12T12:00:00Z',
      order: intro.order(1),
      amount: '100.00',
      settled: true,
    })
    expect(after.commissions).toEqual([expect.objectContaining({ amount: '20.00' })])
  })

  it('a deal from mid-month: the weeks before it are lifted by the program tier, and a deal with its own thresholds never write a key twice', async () => {
    api.clock.set('2026-05-10T09:00:00Z')
    const flat = await partner('2026-01-10T12:00:00Z')
    await flat.newUsers(1, 5, '2026-05-01T10:00:00Z')
    await flat.revenue('2026-05-05T12:00:00Z', '1000.00') // 150.00 at 15%
    await deal(flat.partner, { tiers: [{ minNewUsers: 0, rateBps: 3000 }] }, '2026-05-15', 'flat 30%')
    api.clock.set('2026-05-20T09:00:00Z')
    expect(topUps(await flat.newUsers(6, 20, '2026-05-18T10:00:00Z'))).toEqual([
      expect.objectContaining({ amount: '50.00', availableFrom: '2026-05-11T00:00:00.000Z' }),
    ])

    api.clock.set('2026-05-12T13:00:00Z')
    const other = await partner('2026-01-10T12:00:00Z')
    await other.newUsers(1, 19, '2026-05-01T10:00:00Z')
    await other.revenue('2026-05-11T12:00:00Z', '100.00') // 15.00
    const tiers = {
      tiers: [
        { minNewUsers: 0, rateBps: 1500 },
        { minNewUsers: 30, rateBps: 2000 },
      ],
    }
    await deal(other.partner, tiers, '2026-05-15', 'tiers from 30')
    api.clock.set('2026-05-20T09:00:00Z')
    expect(topUps(await other.newUsers(20, 20, '2026-05-12T10:00:00Z'))).toEqual([
      expect.objectContaining({ amount: '5.00' }),
    ])
    await other.revenue('2026-05-16T12:00:00Z', '100.00') // under the deal, 20 new users: 15%
    await other.newUsers(21, 29, '2026-05-17T10:00:00Z')
    // the 30th lifts the deal's week of 11 May again, at the same 20%: a top-up of its own, not a clash
    expect(topUps(await other.newUsers(30, 30, '2026-05-18T10:00:00Z'))).toEqual([
      expect.objectContaining({ amount: '5.00', availableFrom: '2026-05-18T00:00:00.000Z' }),
    ])
  })

  it('a settlement is judged by the deal in force when its revenue was earned, not when it settles', async () => {
    api.clock.set('2026-05-20T09:00:00Z')
    const m = await partner('2026-01-10T12:00:00Z')
    await m.newUsers(1, 5, '2026-05-01T10:00:00Z')
    await m.revenue('2026-05-19T12:00:00Z', '1000.00', 'USD', { settled: false }) // held at 15%
    await deal(m.partner, { tiers: [{ minNewUsers: 0, rateBps: 3000 }] }, '2026-06-01', 'flat 30% from June')
    api.clock.set('2026-06-03T09:00:00Z')
    const settled = await m.event({
      id: `${m.partner}-st`,
      type: 'revenue',
      occurredAt: '2026-06-02T12:00:00Z',
      order: m.order(1),
      amount: '1000.00',
      settled: true,
    })
    expect(settled.commissions).toEqual([expect.objectContaining({ amount: '150.00', status: 'available' })])
  })

  /** A lifted May: two revenue shares of week 1 (150.00 and 30.00 at 15%) topped up by 60.00 to 20% by the 20th. */
  const liftedMay = async () => {
    const m = await partner('2026-01-10T12:00:00Z')
    await m.newUsers(1, 19, '2026-05-02T10:00:00Z')
    const big = (await m.revenue('2026-05-05T12:00:00Z', '1000.00')).commissions[0].id as string
    const small = (await m.revenue('2026-05-05T13:00:00Z', '200.00')).commissions[0].id as string
    expect(topUps(await m.newUsers(20, 20, '2026-05-07T10:00:00Z'))).toEqual([
      expect.objectContaining({ amount: '60.00' }),
    ])
    expect(await usdTotal(m.partner)).toBe('240.00')
    return { m, big, small }
  }
  const review = (commission: string, action: string, reason: string) =>
    api.operator('POST', `/v1/commissions/${commission}/review`, { action, reason })
  const restore = (commission: string) =>
    api.operator('POST', `/v1/commissions/${commission}/restore`, { reason: 'review' })

  it("an operator's decision on a revenue share brings its month's top-up in line at once: void, restore, hold, release, reject", async () => {
    api.clock.set('2026-05-20T09:00:00Z')
    const { m, big, small } = await liftedMay()

    // voided: its 30.00 and the 10.00 of the top-up that was on it go; May stands at 20% of 1000.00
    const voided = await review(small, 'void', 'suspicious_activity')
    expect(voided.status).toBe(200)
    expect(voided.body).toMatchObject({ effect: '-40.00', tierTopUp: '-10.00' })
    expect(await usdTotal(m.partner)).toBe('200.00')
    const audit = await api.service.db.prisma.auditLog.findFirstOrThrow({
      where: { subjectId: small, action: 'commission.void' },
    })
    expect(audit.data).toMatchObject({ tierTopUp: '-10.00' })

    // restored: both come back, once
    const restored = await restore(small)
    expect(restored.body).toMatchObject({ replayed: false, restored: '30.00', tierTopUp: '10.00' })
    expect((await restore(small)).body).toMatchObject({ replayed: true, restored: '0.00', tierTopUp: null })
    expect(await usdTotal(m.partner)).toBe('240.00')

    // held for review: its part of the top-up waits with it (held money is not earned yet), released: it comes back
    expect((await review(big, 'hold', 'traffic_check')).body).toMatchObject({ effect: '-50.00', tierTopUp: '-50.00' })
    expect(await usdTotal(m.partner)).toBe('190.00') // 150.00 of it held
    expect((await review(big, 'approve', 'checked_genuine')).body).toMatchObject({
      effect: '50.00',
      tierTopUp: '50.00',
    })
    expect(await usdTotal(m.partner)).toBe('240.00')
    // held again and rejected: the top-up went with the hold, the rejection takes the 150.00 itself
    await review(big, 'hold', 'fraud')
    expect((await review(big, 'reject', 'fraud')).body).toMatchObject({ effect: '-150.00', tierTopUp: null })
    expect(await usdTotal(m.partner)).toBe('40.00') // 20% of the 200.00 that stands

    // a new recompute (a refund of the month) finds nothing to write again: every decision's top-up was counted
    const refund = await m.refund(2, '2026-05-08T12:00:00Z')
    expect(topUps(refund)).toEqual([expect.objectContaining({ amount: '-10.00' })])
    expect(await usdTotal(m.partner)).toBe('0.00')
    // the program's ledger still balances: every top-up is a commission expense
    expect(await ledgerTotal()).toBe('0.00')
  })

  it("an operator's decision in a month below every tier writes no top-up; a top-up itself is no decision's: 409, nothing changes", async () => {
    api.clock.set('2026-05-20T09:00:00Z')
    const m = await partner('2026-01-10T12:00:00Z')
    await m.newUsers(1, 5, '2026-05-02T10:00:00Z')
    const c = (await m.revenue('2026-05-05T12:00:00Z', '100.00')).commissions[0].id as string
    expect((await review(c, 'void', 'other')).body).toMatchObject({ effect: '-15.00', tierTopUp: null })

    const { m: lifted, small } = await liftedMay()
    const topUp = (
      await api.service.db.prisma.commission.findFirstOrThrow({
        where: { enrolment: { partnerId: lifted.partner }, rule: 'revenue_share_tier' },
      })
    ).id
    for (const [action, reason] of [
      ['hold', 'traffic_check'],
      ['void', 'other'],
      ['substandard', 'other'],
    ] as const) {
      const refused = await review(topUp, action, reason)
      expect(refused.status).toBe(409)
      expect(refused.body.error).toMatchObject({
        code: 'commission.tier_top_up',
        message:
          'A top-up to the month’s rate follows the month’s revenue and new users: decide on the revenue or the customer instead.',
      })
    }
    expect(await usdTotal(lifted.partner)).toBe('240.00')
    // deciding on the revenue instead moves the top-up with it
    expect((await review(small, 'void', 'other')).body).toMatchObject({ effect: '-40.00', tierTopUp: '-10.00' })
    expect(await usdTotal(lifted.partner)).toBe('200.00')
  })

  it('operators voiding revenue while the new users that lift its month arrive: the month comes to its tier once, whatever the order', async () => {
    api.clock.set('2026-05-20T09:00:00Z')
    for (let k = 0; k < 3; k++) {
      const m = await partner('2026-01-10T12:00:00Z')
      await m.newUsers(1, 19, '2026-05-02T10:00:00Z')
      for (let n = 20; n <= 25; n++) await m.signup(n, '2026-05-07T10:00:00Z')
      const shares: string[] = []
      for (let i = 0; i < 6; i++)
        shares.push((await m.revenue(`2026-05-0${4 + i}T12:00:00Z`, '100.00')).commissions[0].id)
      const answers = await Promise.all([
        ...shares.slice(0, 3).map((id, i) => delay(i * k).then(() => review(id, 'void', 'suspicious_activity'))),
        ...[20, 21, 22, 23, 24, 25].map((n) => api.postback('melbet', m.depositBody(n, '2026-05-07T10:00:00Z'))),
      ])
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 201, 201, 201, 201, 201, 201])
      // 20% of the 300.00 that stands, whichever came first
      expect(await usdTotal(m.partner)).toBe('60.00')
    }
  })

  it('revenue waiting for its bets to settle is no review: not in the held queue, not released by an operator; refused, its settlement changes nothing', async () => {
    api.clock.set('2026-05-20T09:00:00Z')
    const heldQueue = async () => {
      const r = await api.operator('GET', '/v1/queues?queues=held_commissions')
      return r.body.queues[0] as { count: number; oldest: { id: string }[] }
    }
    const before = await heldQueue()
    const m = await partner('2026-01-10T12:00:00Z')
    await m.newUsers(1, 5, '2026-05-02T10:00:00Z')
    const bet = (await m.revenue('2026-05-05T12:00:00Z', '100.00', 'USD', { settled: false })).commissions[0]
    expect(bet).toMatchObject({ status: 'held', reason: 'unsettled', amount: '15.00' })
    const after = await heldQueue()
    expect(after.count).toBe(before.count)
    expect(after.oldest.map((c) => c.id)).not.toContain(bet.id)

    const released = await review(bet.id, 'approve', 'checked_genuine')
    expect(released.status).toBe(409)
    expect(released.body.error).toMatchObject({ code: 'commission.awaiting_settlement' })
    expect(released.body.error.message).toBe(
      'This commission is waiting for its bets to be settled: their settlement decides it, not a review.',
    )
    // the settlement still decides it: a loss
    const settled = await m.revenue('2026-05-06T12:00:00Z', '-50.00', 'USD', { order: m.order(1), settled: true })
    expect(settled.commissions).toEqual([expect.objectContaining({ amount: '-7.50', status: 'available' })])
    expect(await usdTotal(m.partner)).toBe('-7.50')

    // refused before it settles: the refusal stands
    const second = (await m.revenue('2026-05-07T12:00:00Z', '100.00', 'USD', { settled: false })).commissions[0]
    expect((await review(second.id, 'reject', 'fraud')).body).toMatchObject({ effect: '-15.00' })
    const late = await m.revenue('2026-05-08T12:00:00Z', '100.00', 'USD', { order: m.order(3), settled: true })
    expect(late.commissions).toEqual([])
    expect(await usdTotal(m.partner)).toBe('-7.50')
  })

  it('a disqualification annuls unpaid top-ups, which count as given, and leaves paid money paid; a later clawback takes only what was paid', async () => {
    api.clock.set('2026-05-02T11:00:00Z')
    const m = await partner('2026-01-10T12:00:00Z')
    await api.operator('POST', `/v1/partners/${m.partner}/payment-details`, {
      method: 'bank',
      details: { iban: 'LV80BANK0000435195001' },
    })
    const agreed = await api.operator('POST', `/v1/partners/${m.partner}/payout-settings`, {
      program: 'melbet',
      detailsAgreed: true,
    })
    expect(agreed.status).toBe(200)
    await m.newUsers(1, 19, '2026-05-02T10:00:00Z')
    api.clock.set('2026-05-08T09:00:00Z')
    await m.revenue('2026-05-05T12:00:00Z', '1000.00') // 150.00
    expect(topUps(await m.newUsers(20, 20, '2026-05-06T10:00:00Z'))).toEqual([
      expect.objectContaining({ amount: '50.00' }),
    ])
    api.clock.set('2026-05-12T04:00:00Z') // Tuesday: the week's 200.00 paid
    const run = await api.service.core.batches.runPayDay('melbet')
    expect((await api.operator('POST', `/v1/payout-batches/${run.batch!.id}/paid`, { reference: 'T-1' })).status).toBe(
      200,
    )
    api.clock.set('2026-05-13T09:00:00Z')
    const week2 = (await m.revenue('2026-05-12T12:00:00Z', '1000.00')).commissions[0].id as string // 200.00
    expect(topUps(await m.newUsers(21, 50, '2026-05-13T08:00:00Z')).map((t: any) => t.amount)).toEqual([
      '50.00',
      '50.00',
    ])
    await disqualify(m.partner)
    // the week-2 revenue and both top-ups were unpaid: annulled, and the disqualification is final
    expect(await usdTotal(m.partner)).toBe('0.00')
    expect((await restore(week2)).body.error).toMatchObject({ code: 'commission.partner_disqualified' })
    // the paid week-1 revenue found substandard: what was paid of it comes back, not the annulled 50.00 top-up of
    // week 1 the partner never had (a decrease comes off annulled money first)
    const paidRevenue = await api.service.db.prisma.commission.findFirstOrThrow({
      where: { enrolment: { partnerId: m.partner }, rule: 'revenue_share', status: 'paid' },
    })
    const beforeClawback = Number(await usdTotal(m.partner))
    expect((await review(paidRevenue.id, 'substandard', 'other')).body).toMatchObject({ tierTopUp: '-50.00' })
    expect((Number(await usdTotal(m.partner)) - beforeClawback).toFixed(2)).toBe('-200.00')
    expect(await ledgerTotal()).toBe('0.00')
  })

  it('unsettled revenue refused, then restored, waits for its bets again: the settlement decides it', async () => {
    api.clock.set('2026-05-20T09:00:00Z')
    const m = await partner('2026-01-10T12:00:00Z')
    await m.newUsers(1, 5, '2026-05-02T10:00:00Z')
    const bet = (await m.revenue('2026-05-05T12:00:00Z', '100.00', 'USD', { settled: false })).commissions[0]
    expect((await review(bet.id, 'void', 'other')).body).toMatchObject({ effect: '-15.00' })
    const restored = await restore(bet.id)
    expect(restored.body).toMatchObject({ restored: '15.00', commission: { status: 'held', availableAt: null } })
    expect(await usdTotal(m.partner)).toBe('15.00') // held, as before the void
    // again: a replay; the partner is told it waits for its bets
    expect((await restore(bet.id)).body).toMatchObject({ replayed: true, restored: '0.00' })
    expect(await api.service.core.earnings.restoredNotice(bet.id)).toMatchObject({ awaitingSettlement: true })
    const settled = await m.revenue('2026-05-06T12:00:00Z', '-50.00', 'USD', { order: m.order(1), settled: true })
    expect(settled.commissions).toEqual([expect.objectContaining({ amount: '-7.50', status: 'available' })])
    expect(await usdTotal(m.partner)).toBe('-7.50')

    // settled, it is a replay still, and the partner's notice says it is back (now available)
    expect((await restore(bet.id)).body).toMatchObject({ replayed: true })
    expect(await api.service.core.earnings.restoredNotice(bet.id)).toMatchObject({ awaitingSettlement: false })

    // refused, and its settlement arrives meanwhile (ignored then), sent under another customer of the partner and
    // without `settled` (settled by default): restoring the estimate is refused, with the way out
    const other = (await m.revenue('2026-05-07T12:00:00Z', '100.00', 'USD', { settled: false })).commissions[0]
    await review(other.id, 'void', 'other')
    await post({
      id: `${m.partner}-st3`,
      type: 'revenue',
      occurredAt: '2026-05-08T12:00:00Z',
      customer: `${m.partner}-pl2`,
      order: m.order(3),
      amount: '200.00',
      currency: 'USD',
    })
    const late = await restore(other.id)
    expect(late.status).toBe(409)
    expect(late.body.error).toMatchObject({ code: 'commission.settled_meanwhile' })
    expect(late.body.error.message).toMatch(/as a bonus \(“Bonus or penalty”\) instead\.$/)

    // part of unsettled revenue refunded: still waiting for its bets, and its settlement still settles it
    const third = (await m.revenue('2026-05-09T12:00:00Z', '100.00', 'USD', { settled: false })).commissions[0]
    await m.event({
      id: `${m.partner}-f5`,
      type: 'refund',
      occurredAt: '2026-05-09T13:00:00Z',
      order: m.order(4),
      amount: '40.00',
    })
    const partSettled = await m.revenue('2026-05-10T12:00:00Z', '60.00', 'USD', { order: m.order(4), settled: true })
    expect(partSettled.commissions).toEqual([
      expect.objectContaining({ id: third.id, status: 'available', amount: '9.00' }),
    ])
  })

  it('a settlement postback leaves revenue an operator holds for review held: the review decides it', async () => {
    api.clock.set('2026-05-20T09:00:00Z')
    const m = await partner('2026-01-10T12:00:00Z')
    await m.newUsers(1, 5, '2026-05-02T10:00:00Z')
    const c = (await m.revenue('2026-05-05T12:00:00Z', '100.00')).commissions[0]
    expect((await review(c.id, 'hold', 'traffic_check')).status).toBe(200)
    const again = await m.revenue('2026-05-06T12:00:00Z', '100.00', 'USD', { order: m.order(1), settled: true })
    expect(again.commissions).toEqual([])
    const row = await api.service.db.prisma.commission.findUniqueOrThrow({ where: { id: c.id } })
    expect(row).toMatchObject({ status: 'held', reason: 'traffic_check' })
  })

  it('a loss week and a disqualification: a loss is no reward, nothing is given back or annulled, and no restore follows', async () => {
    api.clock.set('2026-05-08T09:00:00Z')
    const m = await partner('2026-01-10T12:00:00Z')
    await m.newUsers(1, 19, '2026-05-02T10:00:00Z')
    await m.revenue('2026-05-05T12:00:00Z', '-300.00') // -45.00
    const won = (await m.revenue('2026-05-05T13:00:00Z', '200.00')).commissions[0].id as string // 30.00
    expect(topUps(await m.newUsers(20, 20, '2026-05-06T10:00:00Z'))).toEqual([
      expect.objectContaining({ amount: '-5.00' }),
    ])
    // the week nets -60.00 + 40.00 = -20.00: nothing unpaid to annul, and the loss is not given back
    expect(await usdTotal(m.partner)).toBe('-20.00')
    await disqualify(m.partner)
    expect(await usdTotal(m.partner)).toBe('-20.00')
    // the disqualification is final: the 30.00 it covered does not come back
    const r = await api.operator('POST', `/v1/commissions/${won}/restore`, { reason: 'review' })
    expect(r.status).toBe(409)
    expect(r.body.error).toMatchObject({ code: 'commission.partner_disqualified' })
    expect(await usdTotal(m.partner)).toBe('-20.00')
    expect(await ledgerTotal()).toBe('0.00')
    api.clock.set('2026-05-20T09:00:00Z')
  })

  it.skipIf(!inject('databaseUrl'))(
    "an operator's decision on revenue takes the partner's lock a postback takes, and waits while one holds it",
    async () => {
      api.clock.set('2026-05-20T09:00:00Z')
      const { m, small } = await liftedMay()
      const prisma = api.service.db.prisma
      const { enrolmentId } = await prisma.commission.findUniqueOrThrow({ where: { id: small } })
      let decided = false
      let decision: ReturnType<typeof review> | undefined
      await prisma.$transaction(
        async (tx) => {
          await tx.$queryRaw`SELECT id FROM enrolments WHERE id = ${enrolmentId}::uuid FOR NO KEY UPDATE`
          decision = review(small, 'void', 'suspicious_activity').finally(() => {
            decided = true
          })
          await delay(500)
          expect(decided).toBe(false)
        },
        { timeout: 10_000 },
      )
      expect((await decision!).body).toMatchObject({ effect: '-40.00', tierTopUp: '-10.00' })
      expect(await usdTotal(m.partner)).toBe('200.00')
    },
  )

  it("a refund or settlement naming another customer's order is refused: neither partner's money moves", async () => {
    api.clock.set('2026-05-20T09:00:00Z')
    const m = await partner('2026-01-10T12:00:00Z')
    await m.newUsers(1, 5, '2026-05-02T10:00:00Z')
    await m.revenue('2026-05-05T12:00:00Z', '400.00') // 60.00
    await m.revenue('2026-05-05T13:00:00Z', '100.00', 'USD', { settled: false }) // held 15.00
    const o = await partner('2026-01-10T12:00:00Z')
    await o.newUsers(1, 1, '2026-05-02T10:00:00Z')
    const other = (id: string, body: Record<string, unknown>) =>
      api.postback('melbet', {
        id: `${o.partner}-${id}`,
        occurredAt: '2026-05-08T12:00:00Z',
        customer: `${o.partner}-pl1`,
        currency: 'USD',
        ...body,
      })
    for (const [id, body] of [
      ['f', { type: 'refund', order: m.order(1) }],
      ['st', { type: 'revenue', order: m.order(2), amount: '100.00', settled: true }],
    ] as const) {
      const refused = await other(id, body)
      expect(refused.status).toBe(422)
      expect(refused.body.error).toMatchObject({
        code: 'postback.order_of_other_partner',
        issues: [{ path: 'order' }],
      })
    }
    const usd = balanceOf((await api.statement(m.partner, { program: 'melbet' })).body, 'melbet', 'USD')
    expect(usd).toMatchObject({ available: '60.00', held: '15.00', reversed: '0.00' })
    expect(balanceOf((await api.statement(o.partner, { program: 'melbet' })).body, 'melbet', 'USD')).toBeUndefined()
  })

  it('revenue and new users arriving together, in one batch or across: every month comes to its tier exactly once', async () => {
    api.clock.set('2026-05-20T09:00:00Z')
    for (let k = 0; k < 3; k++) {
      const m = await partner('2026-01-10T12:00:00Z')
      await m.newUsers(1, 19, '2026-05-01T10:00:00Z')
      for (let n = 20; n <= 25; n++) await m.signup(n, '2026-05-01T10:00:00Z')
      for (let i = 0; i < 4; i++) await m.revenue(`2026-05-0${4 + i}T12:00:00Z`, '100.00')
      const bodies: Record<string, unknown>[] = []
      for (let i = 0; i < 10; i++)
        bodies.push(m.revenueBody(`2026-05-${11 + (i % 7)}T12:00:00Z`, i % 3 === 0 ? '-30.00' : '100.00'))
      for (let n = 20; n <= 25; n++) bodies.push(m.depositBody(n, `2026-05-1${n % 7}T10:00:00Z`))
      const answers = await Promise.all(bodies.map((b) => api.postback('melbet', b)))
      expect(answers.map((a) => a.status)).toEqual(bodies.map(() => 201))
      // 400 + 4 x -30 + 6 x 100 = 880.00 of revenue, all at the month's 20%
      expect(await usdTotal(m.partner)).toBe('176.00')
    }
  })

  it('each currency is topped up in its own money', async () => {
    api.clock.set('2026-05-20T09:00:00Z')
    const m = await partner('2026-01-10T12:00:00Z')
    await m.newUsers(1, 19, '2026-05-02T10:00:00Z')
    await m.revenue('2026-05-05T12:00:00Z', '100.00', 'USD')
    await m.revenue('2026-05-06T12:00:00Z', '300.00', 'EUR')
    const lifted = await m.newUsers(20, 20, '2026-05-07T10:00:00Z')
    expect(topUps(lifted)).toEqual([
      expect.objectContaining({ amount: '15.00', currency: 'EUR' }),
      expect.objectContaining({ amount: '5.00', currency: 'USD' }),
    ])
  })

  it('the top-up has words in every language the partner may read: in the Mini App and in a dispute about it', () => {
    const i18n = createI18n()
    const seen = new Set<string>()
    for (const lng of LANGUAGES) {
      const t = i18n.t(lng)
      const kind = String((i18n.bundle(lng, 'app') as any).earnings.kinds.revenue_share_tier)
      expect(kind, lng).not.toContain('revenue_share_tier')
      const disputed = itemDetailText(t, lng, 'commission', 'revenue_share_tier', undefined)
      expect(disputed, lng).not.toContain('revenue_share_tier')
      seen.add(kind)
    }
    expect(seen.size).toBe(LANGUAGES.length)
    // the dispute flow's button names it, having no order or customer
    const item = { subject: 'commission' as const, at: '2026-05-14T10:00:00Z', amount: '2000', currency: 'USD' }
    const label = disputeItemText(i18n.t('lv'), 'lv', 'UTC', {
      ...item,
      status: 'available',
      detail: 'revenue_share_tier',
    })
    expect(label).toMatch(/^Piemaksa līdz mēneša likmei · /)
  })
})
