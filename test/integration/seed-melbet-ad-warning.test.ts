import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scheduleKeeper } from '../../bots/workers/schedules.ts'
import { loadProgramDefinitions } from '../../core/infra/programs/load-definitions.ts'
import type { ProgramDefinition } from '../../core/programs/definition.ts'
import { warningDeadline } from '../../core/use-cases/ad-warnings.ts'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { FakeSlack } from '../helpers/fake-slack.ts'
import { FakeTelegram } from '../helpers/fake-telegram.ts'
import { melbetPartner } from '../helpers/melbet-partner.ts'
import { waitFor } from '../helpers/ports.ts'

/**
 * Issue 15 item 13, melbet 2.9: "saistītajam partnerim tiks nosūtīts brīdinājums ar lūgumu aizstāt šādus materiālus.
 * Saistītais partneris piekrīt novērst notikušo pārkāpumu 5 (piecu) darba dienu laikā. Ja jautājums netiek atrisināts
 * norādītajā termiņā, uzņēmums patur tiesības ... bloķēt maksājumus uz saistītā partnera kontu līdz brīdim, kad
 * pārkāpums tiek novērsts." The days are the program's (quality.adWarning.fixBusinessDays = 5); the block is of
 * payments only (earnings keep counting), until support resolves the warning.
 */
describe('melbet: an ad-rule warning gives 5 business days, then payouts are blocked (issue 15 item 13)', () => {
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  beforeAll(async () => {
    telegram = await new FakeTelegram().start()
    slack = await new FakeSlack().start()
    api = await startApi('2026-03-02T08:00:00Z', {
      TELEGRAM_BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: telegram.url,
      SLACK_BOT_TOKEN: 'xoxb-adwarn',
      SLACK_SIGNING_SECRET: 'adwarn-signing-secret',
      SLACK_API_URL: slack.apiUrl,
      SLACK_DISPUTES_CHANNEL: 'CSUPPORT1',
      SLACK_SUPPORT_USERS: 'U0SUPPORT1',
    })
  })
  afterAll(async () => {
    await api?.close()
    await telegram?.stop()
    await slack?.stop()
  })

  let chat = 7400
  const op = (method: string, path: string, body?: unknown) => api.operator(method, path, body)
  const messageTo = (id: number, n: number) =>
    waitFor(() => (telegram.textsTo(id).length >= n ? telegram.textsTo(id)[n - 1] : undefined), 10_000)

  /** A Latvian melbet partner with five new users, agreed bank details and $80.00 available from 9 March. */
  const partner = async () => {
    const telegramId = ++chat
    telegram.languages.set(telegramId, 'lv')
    api.clock.set('2026-03-02T08:00:00Z')
    const r = await api.enrol('melbet', {
      name: 'Līga',
      language: 'lv',
      legalType: 'individual',
      telegramId,
      registeredAt: '2026-01-10T12:00:00Z',
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const id = r.body.partner.id as string
    for (let i = 1; i <= 5; i++) {
      const customer = `${id}-pl${i}`
      const at = '2026-02-10T12:00:00Z'
      await api.recorded('melbet', {
        id: `${customer}-s`,
        type: 'signup',
        occurredAt: at,
        customer,
        ref: r.body.codes[0].code,
      })
      await api.recorded('melbet', {
        id: `${customer}-d`,
        type: 'first_deposit',
        occurredAt: at,
        customer,
        amount: '10.00',
        currency: 'USD',
      })
    }
    await op('POST', `/v1/partners/${id}/payment-details`, {
      method: 'bank',
      details: { iban: 'LV80BANK0000435195001' },
    })
    await op('POST', `/v1/partners/${id}/payout-settings`, { program: 'melbet', detailsAgreed: true })
    await api.recorded('melbet', {
      id: `${id}-r`,
      type: 'revenue',
      occurredAt: '2026-02-25T12:00:00Z',
      customer: `${id}-pl1`,
      order: `${id}-o`,
      amount: '400.00',
      currency: 'USD',
    })
    return { id, telegramId }
  }
  const warn = async (id: string) => {
    // Monday 2 March, 09:00: five business days are Tue 3 - Mon 9; the deadline is the end of Monday 9 March
    api.clock.set('2026-03-02T09:00:00Z')
    const w = await op('POST', `/v1/partners/${id}/sanctions`, {
      program: 'melbet',
      kind: 'warning',
      reason: 'ad_rules',
      note: 'Nomainiet novecojušo baneri',
    })
    expect(w.status, JSON.stringify(w.body)).toBe(201)
    return w.body.sanction
  }
  const request = (id: string, key: string) => api.requestPayout(id, { program: 'melbet', method: 'bank' }, key)
  const sweep = () => api.service.core.sanctions.escalateOverdue()

  it('item 13. "novērst notikušo pārkāpumu 5 (piecu) darba dienu laikā; ja jautājums netiek atrisināts norādītajā termiņā ... bloķēt maksājumus": the deadline passes unresolved, payouts are blocked once, the partner (in Latvian) and the desk are told; resolving unblocks them', async () => {
    const p = await partner()
    const warning = await warn(p.id)
    expect(warning).toMatchObject({ kind: 'warning', dueAt: '2026-03-10T00:00:00.000Z', escalatedTo: null })
    // told in Latvian, with the last day to fix it
    const told = await messageTo(p.telegramId, 1)
    expect(told).toContain('reklāmas noteikumu pārkāpums')
    expect(told).toContain('Nomainiet novecojušo baneri')
    expect(told).toContain('Lūdzu, novērsiet pārkāpumu. Termiņš: 2026. gada 9. marts (5 darba dienas).')

    // the last minute of the fifth business day: nothing happens yet, payouts go on
    api.clock.set('2026-03-09T23:59:00Z')
    expect(await sweep()).toBe(0)
    expect((await request(p.id, `adw-${p.id}-1`)).status).toBe(201)

    // the deadline: several instances sweep at once, the warning becomes one block
    api.clock.set('2026-03-10T00:00:00Z')
    const runs = await Promise.all([sweep(), sweep(), sweep()])
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1)
    expect(await sweep()).toBe(0)
    // the payout asked for before waits for review; a new one is refused with the reason
    const payouts = (await op('GET', `/v1/partners/${p.id}/payouts?program=melbet`)).body.payouts
    expect(payouts).toEqual([expect.objectContaining({ status: 'needs_review' })])
    const refused = await request(p.id, `adw-${p.id}-2`)
    expect(refused.status).toBe(422)
    expect(refused.body.error).toMatchObject({ code: 'payout.blocked' })
    // the partner hears it in Latvian; earnings still count
    const blocked = await waitFor(
      () => telegram.textsTo(p.telegramId).find((t) => t.includes('aizturējusi jūsu izmaksas')),
      10_000,
    )
    expect(blocked).toContain('Atlīdzība joprojām tiek uzkrāta')
    const earned = await api.recorded('melbet', {
      id: `${p.id}-r2`,
      type: 'revenue',
      occurredAt: '2026-03-09T12:00:00Z',
      customer: `${p.id}-pl2`,
      order: `${p.id}-o2`,
      amount: '200.00',
      currency: 'USD',
    })
    expect(earned.commissions).toEqual([expect.objectContaining({ status: 'available', amount: '40.00' })])
    // the desk hears it once, in support's channel
    const post = await waitFor(
      () =>
        slack.calls.find(
          (c) =>
            c.method === 'chat.postMessage' &&
            c.payload.channel === 'CSUPPORT1' &&
            JSON.stringify(c.payload.blocks ?? []).includes(p.id),
        ),
      10_000,
    )
    expect(post.payload.text).toContain(
      'did not resolve the warning (a breach of the advertising rules) within 5 business days',
    )
    expect(
      slack.calls.filter(
        (c) => c.method === 'chat.postMessage' && JSON.stringify(c.payload.blocks ?? []).includes(p.id),
      ),
    ).toHaveLength(1)

    // support resolves it (the breach is fixed): the warning and its block are lifted, payouts resume
    api.clock.set('2026-03-16T10:00:00Z') // the week of 9 March is payable from Monday 16
    const lifted = await op('POST', `/v1/sanctions/${warning.id}/lift`, { reason: 'fixed' })
    expect(lifted.status, JSON.stringify(lifted.body)).toBe(200)
    expect(lifted.body.sanction.escalatedTo).toMatch(/^[0-9a-f-]{36}$/)
    await waitFor(() => telegram.textsTo(p.telegramId).find((t) => t.includes('atsākusi jūsu izmaksas')), 10_000)
    const again = await request(p.id, `adw-${p.id}-3`)
    expect(again.status, JSON.stringify(again.body)).toBe(201)
  })

  it('item 13. resolved "norādītajā termiņā" (within the days): support lifts the warning before the deadline and payouts are never blocked', async () => {
    const p = await partner()
    const warning = await warn(p.id)
    api.clock.set('2026-03-06T15:00:00Z')
    expect((await op('POST', `/v1/sanctions/${warning.id}/lift`, { reason: 'fixed' })).status).toBe(200)
    api.clock.set('2026-03-10T00:05:00Z')
    expect(await sweep()).toBe(0)
    const r = await request(p.id, `adw-${p.id}-ok`)
    expect(r.status, JSON.stringify(r.body)).toBe(201)
  })

  it('item 13. a warning for another reason than the advertising rules has no deadline and never blocks payouts', async () => {
    const p = await partner()
    api.clock.set('2026-03-02T09:00:00Z')
    const w = await op('POST', `/v1/partners/${p.id}/sanctions`, {
      program: 'melbet',
      kind: 'warning',
      reason: 'other',
    })
    expect(w.body.sanction.dueAt).toBeNull()
    api.clock.set('2026-03-20T00:00:00Z')
    expect(await sweep()).toBe(0)
  })

  it('item 13. the check is scheduled: "ad-warning-deadlines" runs every minute on the system queue', () => {
    const keeper = scheduleKeeper({
      core: api.service.core,
      queues: undefined as never,
      jobs: undefined as never,
      logger: { child: () => ({}) } as never,
    })
    expect(keeper.schedules).toContainEqual(
      expect.objectContaining({
        queue: 'system',
        id: 'ad-warning-deadlines',
        job: { name: 'ad_warning_deadlines', data: {} },
      }),
    )
  })
})

describe('item 13. "5 (piecu) darba dienu" are counted in the program calendar', () => {
  const melbet = (holidays: string[] = []): ProgramDefinition => {
    const p = loadProgramDefinitions().find((x) => x.key === 'melbet')!
    return { ...p, holidays }
  }
  it('item 13. the days come from the program definition (quality.adWarning.fixBusinessDays = 5), weekends and holidays skipped', () => {
    expect(melbet().quality.adWarning).toEqual({ reasons: ['ad_rules', 'prohibited_content'], fixBusinessDays: 5 })
    // a warning on Friday 6 March: Mon 9 - Fri 13, deadline the end of Friday 13
    const friday = new Date('2026-03-06T16:00:00Z')
    expect(warningDeadline(melbet(), 'ad_rules', friday)?.toISOString()).toBe('2026-03-14T00:00:00.000Z')
    // a holiday on Wednesday 11 March moves it to the end of Monday 16
    expect(warningDeadline(melbet(['2026-03-11']), 'ad_rules', friday)?.toISOString()).toBe('2026-03-17T00:00:00.000Z')
    expect(warningDeadline(melbet(), 'other', friday)).toBeUndefined()
  })
})

describe('melbet: an ad-rule warning that escalates leaves a payout in a closed pay-day batch to be paid with it', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-02T08:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  it('the deadline passes after the Tuesday batch: its payout stays in it, and marking the batch paid pays it once', async () => {
    const p = await melbetPartner(api, { name: 'Līga', registeredAt: '2026-01-10T12:00:00Z' })
    api.clock.set('2026-03-04T08:00:00Z')
    await p.revenue('2026-03-03T12:00:00Z', '400.00') // week 2-8 March, paid on Tuesday 10 March
    // Thursday 5 March: an ad-rule warning; five business days end on Thursday 12 March
    api.clock.set('2026-03-05T09:00:00Z')
    const w = await api.operator('POST', `/v1/partners/${p.partner}/sanctions`, {
      program: 'melbet',
      kind: 'warning',
      reason: 'ad_rules',
    })
    expect(w.status, JSON.stringify(w.body)).toBe(201)

    // Tuesday 10 March: the pay day builds the batch (the warning is not overdue yet)
    api.clock.set('2026-03-10T07:00:00Z')
    const built = await api.service.core.batches.runPayDay('melbet')
    expect(built.batch, JSON.stringify(built)).toMatchObject({ status: 'closed', payouts: 1 })
    const batchId = built.batch!.id
    const [payout] = (await api.operator('GET', `/v1/partners/${p.partner}/payouts?program=melbet`)).body.payouts
    expect(payout).toMatchObject({ status: 'approved', batch: batchId })

    // Friday 13 March: the deadline has passed, the sweep blocks payouts
    api.clock.set('2026-03-13T01:00:00Z')
    await api.service.core.sanctions.escalateOverdue()

    // finance pays the exported file of the batch and marks it paid
    const paid = await api.operator('POST', `/v1/payout-batches/${batchId}/paid`, { reference: 'SEPA-W10' })
    expect(paid.status, JSON.stringify(paid.body)).toBe(200)

    const after = (await api.operator('GET', `/v1/payouts/${payout.id}`)).body.payout
    const st = balanceOf((await api.statement(p.partner, { program: 'melbet' })).body, 'melbet')
    expect({ status: after.status, inPayout: st.inPayout, paid: st.paid }).toEqual({
      status: 'paid',
      inPayout: '0.00',
      paid: payout.gross,
    })
  })
})
