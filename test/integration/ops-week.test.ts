import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { applyThroughBot } from '../helpers/applicant.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack, SlackCall } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

const IBAN = 'GE29NB0000000101904917'

/** The ids of the files a files.completeUploadExternal call completes. */
const uploadedIds = (c: { payload: Record<string, any> }): string[] =>
  (typeof c.payload.files === 'string' ? JSON.parse(c.payload.files) : c.payload.files).map((f: { id: string }) => f.id)

/**
 * Issue 16, "Done means": a week of the program team's work run from Slack alone (signed requests to the real Bolt
 * app; the operator API is not called once for the team's actions). What happens in the world (partners join and
 * ask for payouts in Telegram, the programs send postbacks, the service raises a flag) comes through the bot and
 * the postback API, as it does in production.
 *
 * One company runs the desk for its programs; the week needs four of them, because no single seed has every
 * feature: only worksection-partner approves its partners (seed 001, 3.1), only jqsee gives a partner extra promo
 * codes (seed 000, 1.5), chetup pays per campaign (so its rates are not set per partner) and holds commissions on
 * foreign customers, and quantower "may raise the rate" (seed 004) per partner.
 */
describe('a week of the desk, run from Slack alone', () => {
  const env = withDesk('2026-03-10T08:00:00Z')
  let api: Api
  let slack: FakeSlack
  let telegram: FakeTelegram
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, telegram, desk } = env())
  })

  const prisma = () => api.service.db.prisma
  const response = (id: string) => slack.response(id)
  const ephemeralTo = async (user: string, since: number) =>
    String(
      (await slack.waitForCall('chat.postEphemeral', (c: SlackCall) => c.payload.user === user, 10_000, since)).payload
        .text,
    )
  const dm = (user: string, since: number) =>
    slack.waitForCall('chat.postMessage', (c: SlackCall) => c.payload.channel === user, 10_000, since)
  const trialTotal = async (program: string) =>
    (await api.operator('GET', `/v1/programs/${program}/ledger`)).body.total as string
  /** The App Home a user sees: its text and its item buttons' values. */
  async function home(user: string) {
    const since = slack.calls.length
    await desk.event({ type: 'app_home_opened', user, channel: 'D1', tab: 'home' })
    const call = await slack.waitForCall('views.publish', (c) => c.payload.user_id === user, 10_000, since)
    const blocks = (call.payload.view as { blocks: any[] }).blocks
    return {
      text: JSON.stringify(blocks),
      items: blocks
        .map((b) => b.accessory)
        .filter((a) => a?.action_id === 'home_open_item')
        .map((a) => a.value as string),
    }
  }
  /** Presses an App Home item: the card the viewer gets in direct messages. */
  async function openItem(user: string, value: string) {
    const since = slack.calls.length
    await desk.action(user, 'home_open_item', value, { view: true })
    return JSON.stringify((await dm(user, since)).payload)
  }

  it("applications approved, a held commission released, a flag acted on, a deal set and applied, a vanity code issued and used, a bonus added, a batch paid with its CSV uploaded; every program's trial balance is zero", async () => {
    // ---------------------------------------------------------------- the world, before the week (Tue 10 March)
    // Nino runs chetup's cafe campaign: a 1500 GEL sale on the 10th (150.00 GEL, verified after 10 days)
    const nino = await api.enrolled('chetup', {
      name: 'Nino',
      language: 'ka',
      legalType: 'company',
      telegramId: 31_001,
      campaigns: ['cafe-sale'],
    })
    const ninoRef = nino.codes[0]!.code
    const sale = (id: string, occurredAt: string, country: string) =>
      api.recorded('chetup', {
        id,
        type: 'payment',
        occurredAt,
        customer: `${id}-c`,
        ref: ninoRef,
        campaign: 'cafe-sale',
        order: `${id}-o`,
        amount: '1500.00',
        currency: 'GEL',
        country,
      })
    await sale('week-1', '2026-03-10T07:00:00Z', 'GE')
    // Vera (jqsee) and Giorgi (quantower) are partners; Giorgi's customer paid 100.00 USD on the 2nd (20%)
    const vera = await api.enrolled('jqsee', { name: 'Vera', language: 'ru', legalType: 'individual' })
    const giorgi = await api.enrolled('quantower', {
      name: 'Giorgi',
      language: 'ka',
      legalType: 'individual',
      registeredAt: '2026-02-01T00:00:00Z',
    })
    const giorgiCustomer = `${giorgi.partner}-c`
    await api.recorded('quantower', {
      id: `${giorgiCustomer}-s`,
      type: 'signup',
      occurredAt: '2026-02-20T12:00:00Z',
      customer: giorgiCustomer,
      ref: giorgi.codes[0]!.code,
    })
    const quantowerPay = async (id: string, occurredAt: string) =>
      (
        await api.recorded('quantower', {
          id,
          type: 'payment',
          occurredAt,
          customer: giorgiCustomer,
          amount: '100.00',
          currency: 'USD',
        })
      ).commissions[0].amount as string
    expect(await quantowerPay('week-q1', '2026-03-02T10:00:00Z')).toBe('20.00')

    // ------------------------------------------------------------ Monday 23 March: what waits for the team
    api.clock.set('2026-03-23T07:00:00Z')
    // Aigerim applies to worksection-partner through the bot, in Kazakh
    const applicant = await applyThroughBot(api, telegram, 31_002, 'kk')
    // a sale from Turkey: chetup holds it for review (the program's home country is Georgia)
    const foreign = await sale('week-2', '2026-03-22T09:00:00Z', 'TR')
    expect(foreign.commissions[0]).toMatchObject({ status: 'held', reason: 'foreign_country' })
    const held = foreign.commissions[0].id as string
    // the service flagged Nino's enrolment: a customer shared an address with another
    const ninoEnrolment = await prisma().enrolment.findFirstOrThrow({ where: { partnerId: nino.partner } })
    const flag = await prisma().reviewFlag.create({
      data: { enrolmentId: ninoEnrolment.id, kind: 'shared_ip', subject: 'week-2-c', createdAt: new Date() },
    })
    // Nino asks for a payout of what is available (150.00 GEL) to a Georgian bank account
    const payout = await api.requestPayout(
      nino.partner,
      { program: 'chetup', method: 'bank', details: { iban: IBAN } },
      'week-payout',
    )
    expect(payout.status, JSON.stringify(payout.body)).toBe(201)

    // ----------------------------------------------------------------------------- support's morning
    const supportHome = await home(USERS.support)
    expect(supportHome.text).toContain('*Applications to approve*: 1')
    expect(supportHome.text).toContain('*Commissions held for review*: 1')
    expect(supportHome.text).toContain('*Review flags*: 1')
    const application = supportHome.items.find((v) => v.startsWith('applications:'))!
    const applicationCard = await openItem(USERS.support, application)
    expect(applicationCard).toContain('application_approve')
    // 1. the application approved on its card
    const approved = await desk.action(
      USERS.support,
      'application_approve',
      `${applicant.partner}:worksection-partner`,
      { channel: `D${USERS.support}` },
    )
    expect((await response(approved.responseId)).text).toBe(
      'Worksection partner program: the application is approved; the partner has been told.',
    )

    // 2. the held commission released, from the partner card the queue item opens
    const heldItem = supportHome.items.find((v) => v.startsWith(`held_commissions:${held}:`))!
    expect(await openItem(USERS.support, heldItem)).toContain(`approve:${held}:${nino.partner}`)
    let since = slack.calls.length
    await desk.action(USERS.support, 'held_decide:approve', `approve:${held}:${nino.partner}`, {
      channel: `D${USERS.support}`,
    })
    const release = await desk.openedView(since)
    since = slack.calls.length
    await desk.submit(USERS.support, release, {
      reason: { reason: { selected: 'checked_genuine' } },
      note: { note: 'A tourist: the cafe confirmed the order.' },
    })
    expect(await ephemeralTo(USERS.support, since)).toMatch(/^Released 150\.00 GEL/)
    expect((await prisma().commission.findUniqueOrThrow({ where: { id: held } })).status).not.toBe('held')

    // 3. the flag acted on: a warning
    since = slack.calls.length
    await desk.action(USERS.support, 'flag_decide:act', `act:${flag.id}:${nino.partner}`, {
      channel: `D${USERS.support}`,
    })
    const act = await desk.openedView(since)
    since = slack.calls.length
    await desk.submit(USERS.support, act, {
      kind: { kind: { selected: 'warning' } },
      reason: { reason: { selected: 'shared_ip' } },
      note: { note: 'Two customers on one address.' },
    })
    expect(await ephemeralTo(USERS.support, since)).toMatch(/^Flag resolved: Warn partner/)
    expect(await prisma().reviewFlag.findUniqueOrThrow({ where: { id: flag.id } })).toMatchObject({
      resolution: 'acted_warning',
    })

    // 4. a vanity code for Vera, from her partner card
    since = slack.calls.length
    await desk.action(USERS.support, 'code_add', `${vera.partner}:jqsee`, { channel: CHANNELS.disputes })
    const codeForm = await desk.openedView(since)
    since = slack.calls.length
    await desk.submit(USERS.support, codeForm, { code: { code: 'VERA10' } })
    expect(await ephemeralTo(USERS.support, since)).toMatch(/^🎟 Code `VERA10` issued to Vera/)

    // ----------------------------------------------------------------------------- finance's morning
    // 5. Giorgi's rate raised to 25% from Tuesday, after the preview
    since = slack.calls.length
    await desk.action(USERS.finance, 'deal_set', `${giorgi.partner}:quantower`)
    const dealForm = await desk.openedView(since)
    const preview = await desk.submit(USERS.finance, dealForm, {
      from: { date: { date: '2026-03-24' } },
      levels: { levels: '0: 25' },
      note: { note: 'Raised for volume' },
    })
    expect(preview.body.response_action).toBe('update')
    since = slack.calls.length
    await desk.submit(USERS.finance, preview.body.view, {})
    expect(await ephemeralTo(USERS.finance, since)).toMatch(/the deal from .* is saved/)

    // 6. a goodwill bonus of 20.00 GEL for Nino
    since = slack.calls.length
    await desk.action(USERS.finance, 'partner_adjust', nino.partner, { channel: CHANNELS.finance })
    const bonusForm = await desk.openedView(since)
    since = slack.calls.length
    await desk.submit(USERS.finance, bonusForm, {
      program: { program: { selected: 'chetup' } },
      currency: { currency: { selected: 'GEL' } },
      amount: { amount: '20' },
      reason: { reason: { selected: 'goodwill_bonus' } },
    })
    expect(await ephemeralTo(USERS.finance, since)).toMatch(/^:heavy_plus_sign: Bonus of 20\.00 GEL/)
    const financeHome = await home(USERS.finance)
    expect(financeHome.text).toContain('*Payout requests waiting*: ')

    // ------------------------------------------------------------------------ Tuesday: the world reacts
    api.clock.set('2026-03-24T12:00:00Z')
    // the deal is applied to the next postback
    expect(await quantowerPay('week-q2', '2026-03-24T10:00:00Z')).toBe('25.00')
    // a customer uses Vera's vanity code (in other letters): her commission, at jqsee's 10%
    const used = await api.recorded('jqsee', {
      id: 'week-j1',
      type: 'payment',
      occurredAt: '2026-03-24T11:00:00Z',
      customer: 'week-j1-c',
      ref: 'vera10',
      order: 'week-j1-o',
      amount: '80.00',
      currency: 'USD',
    })
    expect(used.commissions[0], JSON.stringify(used)).toMatchObject({ amount: '8.00' })
    const usedBy = await prisma().commission.findUniqueOrThrow({
      where: { id: used.commissions[0].id },
      include: { enrolment: true },
    })
    expect(usedBy.enrolment.partnerId).toBe(vera.partner)

    // ------------------------------------------------------- Wednesday 25 March: chetup's pay day, 10:00 Tbilisi
    api.clock.set('2026-03-25T06:00:00Z')
    // 7. finance runs the pay day from /pa payouts, uploads the batch's CSV and marks the batch paid
    const ran = await desk.action(USERS.finance, 'payouts_run_pay_day', 'chetup')
    expect((await response(ran.responseId)).text).toBe(
      '✅ Chetup: the pay day March 25, 2026 (Asia/Tbilisi) was run; its batch is posted to the finance channel.',
    )
    const run = await prisma().auditLog.findFirstOrThrow({ where: { action: 'payouts.pay_day_run' } })
    const batchId = (run.data as { batch: string }).batch
    expect(await prisma().payoutRequest.count({ where: { batchId } })).toBe(1)
    since = slack.calls.length
    await desk.action(USERS.finance, 'batch_csv', batchId, { channel: CHANNELS.finance })
    const upload = await slack.waitForCall('files.completeUploadExternal', undefined, 10_000, since)
    const csv = slack.files.get(uploadedIds(upload)[0]!)!
    expect(csv.name).toBe('payout-batch-chetup-2026-03-25.csv')
    expect(csv.data.toString()).toContain('GE•• •••• 4917')
    expect(csv.data.toString()).not.toContain(IBAN)
    since = slack.calls.length
    await desk.action(USERS.finance, 'batch_paid', batchId, { channel: CHANNELS.finance })
    const paidForm = await desk.openedView(since)
    since = slack.calls.length
    await desk.submit(USERS.finance, paidForm, { reference: { reference: 'TBC-2026-03-25' } })
    expect(await ephemeralTo(USERS.finance, since)).toMatch(/batch marked paid: 1 payout/)
    const paid = await prisma().payoutRequest.findUniqueOrThrow({ where: { id: payout.body.payout.id } })
    expect(paid.status).toBe('paid')

    // ---------------------------------------------------------------------------------- the week's books
    // every action is in the audit log under the Slack user who did it
    const actions = await prisma().auditLog.findMany({ where: { actor: { startsWith: 'slack:' } } })
    for (const a of [
      'application.approve',
      'commission.approve',
      'sanction.warning',
      'flag.resolve.shared_ip',
      'code.issue',
      'deal.set',
      'ledger.bonus',
      'payouts.pay_day_run',
      'batch.paid',
    ])
      expect(
        actions.map((x) => x.action),
        `${a} in ${actions.map((x) => x.action).join(',')}`,
      ).toContain(a)
    for (const program of ['chetup', 'jqsee', 'quantower', 'worksection-partner'])
      expect(await trialTotal(program), program).toBe('0.00')
    // and the queues the team worked are empty
    const after = await home(USERS.admin)
    expect(after.text).toContain('*Applications to approve*: 0')
    expect(after.text).toContain('*Commissions held for review*: 0')
    expect(after.text).toContain('*Review flags*: 0')
  })
})
