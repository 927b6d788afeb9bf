import { beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, type Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'

/**
 * Issue 16 item 1: the App Home is the operator's dashboard. One section per queue the viewer's role may work
 * (bots/slack/desk/home.ts QUEUE_PERMISSIONS over roles.ts PERMISSIONS), each with its count and oldest items,
 * and the dispute queue with its claim buttons for those who work disputes; the same read model is
 * `GET /v1/queues` on the operator API.
 */
describe('ops: the App Home dashboard and GET /v1/queues', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let slack: FakeSlack
  let desk: DeskClient
  const seeded = {
    alpha: '',
    beta: '',
    gamma: '',
    dispute: '',
    commission: '',
    amount: '',
    payout: '',
    details: '',
    objection: '',
    version: 0,
  }

  beforeAll(async () => {
    ;({ api, slack, desk } = env())
    const prisma = api.service.db.prisma
    const alpha = await api.enrolled('jqsee', { name: 'Queue Alpha', language: 'en', legalType: 'individual' })
    const beta = await api.enrolled('jqsee', { name: 'Queue Beta', language: 'en', legalType: 'individual' })
    seeded.alpha = alpha.partner
    seeded.beta = beta.partner
    // a commission of Alpha's, held for review
    await api.recorded('jqsee', {
      id: 'home-pay-1',
      type: 'payment',
      occurredAt: '2026-03-06T08:00:00Z',
      customer: 'home-c-1',
      ref: alpha.codes[0]!.code,
      order: 'home-o-1',
      amount: '120.00',
      currency: 'USD',
    })
    const c = await prisma.commission.findFirstOrThrow({ where: { enrolment: { partnerId: alpha.partner } } })
    await prisma.commission.update({ where: { id: c.id }, data: { status: 'held', reason: 'self_referral' } })
    seeded.commission = c.id
    seeded.amount = (Number(c.amountMinor) / 100).toFixed(2)
    const alphaEnrolment = await prisma.enrolment.findFirstOrThrow({ where: { partnerId: alpha.partner } })
    await prisma.reviewFlag.create({
      data: {
        enrolmentId: alphaEnrolment.id,
        kind: 'shared_ip',
        subject: 'home-test',
        createdAt: new Date('2026-03-05T10:00:00Z'),
      },
    })
    // Beta's application waits for approval
    await prisma.enrolment.updateMany({ where: { partnerId: beta.partner }, data: { status: 'applied' } })
    const at = new Date('2026-03-06T09:00:00Z')
    const payout = await prisma.payoutRequest.create({
      data: {
        programKey: 'jqsee',
        enrolmentId: alphaEnrolment.id,
        idempotencyKey: 'home-payout-1',
        requestHash: 'x'.repeat(64),
        currency: 'USD',
        method: 'paypal',
        grossMinor: 5000n,
        feeMinor: 0n,
        taxMinor: 0n,
        netMinor: 5000n,
        status: 'needs_review',
        createdAt: at,
        updatedAt: at,
      },
    })
    const d = await prisma.dispute.create({
      data: {
        partnerId: alpha.partner,
        programKey: 'jqsee',
        subject: 'other',
        status: 'open',
        answerBy: new Date('2026-03-20T23:59:59Z'),
        createdAt: at,
        updatedAt: at,
      },
    })
    seeded.dispute = d.id
    seeded.payout = payout.id
    // melbet pays only to details agreed with the manager: Gamma's IBAN waits for finance
    const gamma = await api.enrolled('melbet', { name: 'Queue Gamma', language: 'lv', legalType: 'individual' })
    seeded.gamma = gamma.partner
    const saved = await api.operator('POST', `/v1/partners/${gamma.partner}/payment-details`, {
      method: 'bank',
      details: { iban: 'LV80BANK0000435195001', holder: 'Queue Gamma' },
    })
    expect(saved.status, JSON.stringify(saved.body)).toBe(201)
    seeded.details = saved.body.paymentDetails.id
    // a jqsee term change coming into force in May, to which Alpha objected
    const texts = Object.fromEntries(['en', 'ru', 'kk', 'ka', 'lv'].map((l) => [l, `Queue terms (${l}).`]))
    const draft = await api.operator('POST', '/v1/programs/jqsee/terms', { effectiveAt: '2026-05-01T00:00:00Z', texts })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    expect((await api.operator('POST', `/v1/terms/${draft.body.version.id}/publish`, {})).status).toBe(201)
    seeded.version = draft.body.version.version
    const answer = await api.operator('POST', `/v1/partners/${alpha.partner}/terms-answers`, {
      versionId: draft.body.version.id,
      answer: 'objected',
    })
    expect(answer.status, JSON.stringify(answer.body)).toBe(200)
    seeded.objection = (await prisma.termsAnswer.findFirstOrThrow({ where: { partnerId: alpha.partner } })).id
  })

  async function home(user: string) {
    const since = slack.calls.length
    const r = await desk.event({ type: 'app_home_opened', user, channel: 'D1', tab: 'home' })
    expect(r.status).toBe(200)
    const call = await slack.waitForCall('views.publish', (c) => c.payload.user_id === user, 10_000, since)
    const view = call.payload.view as { type: string; blocks: any[] }
    expect(view.type).toBe('home')
    const text = view.blocks
      .flatMap((b) => [b.text?.text, ...(b.elements ?? []).map((e: any) => e.text)])
      .filter(Boolean)
      .join('\n')
    const buttons = view.blocks.map((b) => b.accessory).filter((a) => a?.type === 'button')
    return { text, buttons }
  }

  it('item 1. support sees applications, held commissions, review flags, customer bonuses and the dispute queue; not payouts', async () => {
    const { text, buttons } = await home(USERS.support)
    expect(text).toContain('Partner desk: work queues')
    expect(text).toContain('*Applications to approve*: 1')
    expect(text).toContain('*Queue Beta* · JQSEE')
    expect(text).toContain('*Review flags*: 1')
    expect(text).toContain('*Customer bonuses owed*: 0')
    expect(text).toContain('Nothing waiting.')
    expect(text).toContain('Dispute queue')
    expect(text).toContain('*Commissions held for review*: 1')
    expect(text).not.toContain('Payout requests waiting')
    expect(text).not.toContain('Payment details to agree')
    expect(text).not.toContain('Objections to term changes')
    // each queue item opens its card: the application's own, the partner card for a held commission and a flag
    // (they are decided there); the unassigned dispute's claim button carries the dispute's id
    const flag = await api.service.db.prisma.reviewFlag.findFirstOrThrow({ where: { subject: 'home-test' } })
    const enrolmentOf = (partner: string) =>
      api.service.db.prisma.enrolment.findFirstOrThrow({ where: { partnerId: partner } })
    expect(buttons.map((b: any) => [b.action_id, b.value, b.text.text])).toEqual([
      [
        'home_open_item',
        `applications:${(await enrolmentOf(seeded.beta)).id}:${seeded.beta}:jqsee`,
        'Open application',
      ],
      ['home_open_item', `held_commissions:${seeded.commission}:${seeded.alpha}:jqsee`, 'Open partner card'],
      ['home_open_item', `review_flags:${flag.id}:${seeded.alpha}:jqsee`, 'Open partner card'],
      ['dispute_claim', seeded.dispute, 'Claim'],
    ])
    for (const b of buttons) expect(b.text.text.length).toBeLessThanOrEqual(75)
  })

  it('item 1. finance sees payout requests and payment details to agree; no held commissions (support decides them), no disputes', async () => {
    const { text, buttons } = await home(USERS.finance)
    expect(text).not.toContain('Commissions held for review')
    expect(text).toContain('*Payout requests waiting*: 1')
    expect(text).toContain('50.00 USD')
    expect(text).toContain('*Payment details to agree*: 1')
    expect(text).toContain('*Queue Gamma* · Melbet partners · Bank transfer LV•• •••• 5001')
    expect(text).toContain('*Customer bonuses owed*: 0')
    expect(text).not.toContain('Applications to approve')
    expect(text).not.toContain('Review flags')
    expect(text).not.toContain('Dispute queue')
    expect(buttons.map((b: any) => [b.action_id, b.value, b.text.text])).toEqual([
      ['home_open_item', `payouts:${seeded.payout}:${seeded.alpha}:jqsee`, 'Open payout card'],
      ['home_open_item', `payment_details:${seeded.details}:${seeded.gamma}:melbet`, 'Open details card'],
    ])
  })

  it('item 1. an admin sees every queue; someone with no role is told to ask for one', async () => {
    const { text } = await home(USERS.admin)
    for (const title of [
      'Applications to approve',
      'Commissions held for review',
      'Review flags',
      'Payout requests waiting',
      'Payment details to agree',
      'Objections to term changes',
      'Customer bonuses owed',
      'Dispute queue',
    ])
      expect(text).toContain(title)
    expect(text).toContain(`*Queue Alpha* · JQSEE · terms version ${seeded.version}`)
    const stranger = await home(USERS.stranger)
    expect(stranger.text).toContain('Ask an admin')
    expect(stranger.text).not.toContain('work queues')
  })

  /** Presses an App Home item's button; the card the viewer gets as a direct message. */
  async function open(user: string, value: string) {
    const since = slack.calls.length
    expect((await desk.action(user, 'home_open_item', value, { view: true })).status).toBe(200)
    const card = await slack.waitForCall('chat.postMessage', (c) => c.payload.channel === user, 10_000, since)
    return { text: String(card.payload.text), blocks: JSON.stringify(card.payload.blocks ?? []) }
  }

  it("item 1. an item's button sends the viewer the item's own card, and republishes the dashboard", async () => {
    const prisma = api.service.db.prisma
    const beta = await prisma.enrolment.findFirstOrThrow({ where: { partnerId: seeded.beta } })
    const application = await open(USERS.support, `applications:${beta.id}:${seeded.beta}:jqsee`)
    expect(application.blocks).toContain('application_approve')
    expect(application.blocks).toContain('Queue Beta')
    await slack.waitForCall('views.publish', (c) => c.payload.user_id === USERS.support)

    const payout = await open(USERS.finance, `payouts:${seeded.payout}:${seeded.alpha}:jqsee`)
    expect(payout.blocks).toContain('50.00 USD')
    expect(payout.blocks).toContain('payout_approve')

    const details = await open(USERS.finance, `payment_details:${seeded.details}:${seeded.gamma}:melbet`)
    expect(details.blocks).toContain('LV•• •••• 5001')
    expect(details.blocks).toContain('details_agree')
    expect(details.blocks).not.toContain('LV80BANK0000435195001')

    const held = await open(USERS.support, `held_commissions:${seeded.commission}:${seeded.alpha}:jqsee`)
    expect(held.text).toContain(seeded.alpha)
    expect(held.blocks).toContain('Queue Alpha')

    const objection = await open(USERS.admin, `terms_objections:${seeded.objection}:${seeded.alpha}:jqsee`)
    expect(objection.blocks).toContain('Queue Alpha')
  })

  it("item 1. an item's card is refused to a role that does not work its queue, and a forged value changes nothing", async () => {
    for (const [user, value] of [
      [USERS.support, `payouts:${seeded.payout}:${seeded.alpha}:jqsee`],
      [USERS.finance, `held_commissions:${seeded.commission}:${seeded.alpha}:jqsee`],
      [USERS.support, `terms_objections:${seeded.objection}:${seeded.alpha}:jqsee`],
      [USERS.stranger, `payment_details:${seeded.details}:${seeded.gamma}:melbet`],
    ] as const) {
      const refused = await open(user, value)
      expect(refused.text).toMatch(/^You cannot do this/)
      expect(refused.blocks).not.toContain('Queue')
    }
    const forged = await open(USERS.admin, `payouts:not-a-uuid:${seeded.alpha}:jqsee`)
    expect(forged.text).toMatch(/no longer active/)
  })

  it('item 1. Refresh republishes the dashboard with the live counts', async () => {
    const since = slack.calls.length
    await desk.action(USERS.finance, 'home_refresh', 'refresh', { view: true })
    const call = await slack.waitForCall('views.publish', (c) => c.payload.user_id === USERS.finance, 10_000, since)
    expect(JSON.stringify(call.payload.view)).toContain('Payment details to agree')
  })

  it('item 1. the dashboard is republished with the live counts when opened again', async () => {
    await api.service.db.prisma.enrolment.updateMany({ where: { partnerId: seeded.beta }, data: { status: 'active' } })
    const { text } = await home(USERS.support)
    expect(text).toContain('*Applications to approve*: 0')
    await api.service.db.prisma.enrolment.updateMany({ where: { partnerId: seeded.beta }, data: { status: 'applied' } })
  })

  it('item 1. GET /v1/queues returns the same counts and oldest items, filtered on request', async () => {
    const r = await api.operator('GET', '/v1/queues')
    expect(r.status).toBe(200)
    const by = Object.fromEntries(r.body.queues.map((q: any) => [q.queue, q]))
    expect(Object.keys(by)).toEqual([
      'applications',
      'held_commissions',
      'review_flags',
      'payouts',
      'payment_details',
      'disputes',
      'terms_objections',
      'referee_bonuses',
    ])
    expect(by.applications.count).toBe(1)
    expect(by.payment_details).toMatchObject({
      count: 1,
      oldest: [{ id: seeded.details, partner: seeded.gamma, program: 'melbet', kind: 'bank', mask: 'LV•• •••• 5001' }],
    })
    expect(by.terms_objections).toMatchObject({
      count: 1,
      oldest: [{ id: seeded.objection, partner: seeded.alpha, program: 'jqsee', version: seeded.version }],
    })
    expect(by.applications.oldest[0]).toMatchObject({
      partner: seeded.beta,
      partnerName: 'Queue Beta',
      program: 'jqsee',
    })
    expect(by.held_commissions.oldest).toEqual([
      expect.objectContaining({ id: seeded.commission, amount: seeded.amount, currency: 'USD', kind: 'self_referral' }),
    ])
    expect(by.review_flags).toMatchObject({ count: 1, oldest: [{ kind: 'shared_ip', partner: seeded.alpha }] })
    expect(by.payouts).toMatchObject({ count: 1, oldest: [{ amount: '50.00', kind: 'needs_review' }] })
    expect(by.disputes).toMatchObject({
      count: 1,
      oldest: [{ id: seeded.dispute, at: '2026-03-20T23:59:59.000Z', kind: 'open' }],
    })
    expect(by.referee_bonuses).toEqual({ queue: 'referee_bonuses', count: 0, oldest: [] })

    const some = await api.operator('GET', '/v1/queues?queues=payouts,disputes&limit=1')
    expect(some.body.queues.map((q: any) => q.queue)).toEqual(['payouts', 'disputes'])
    expect((await api.operator('GET', '/v1/queues?queues=nope')).status).toBe(400)
    expect((await api.operator('GET', '/v1/queues?limit=50')).status).toBe(400)
    // one program's queues (found by an outside review: `program` was ignored): melbet has only the details
    const counts = async (program: string) =>
      Object.fromEntries(
        (await api.operator('GET', `/v1/queues?program=${program}`)).body.queues.map((q: any) => [q.queue, q.count]),
      )
    expect(await counts('melbet')).toMatchObject({ payment_details: 1, terms_objections: 0, payouts: 0, disputes: 0 })
    expect(await counts('jqsee')).toMatchObject({ payment_details: 0, terms_objections: 1, payouts: 1, disputes: 1 })
    expect((await fetch(`${api.base}/v1/queues`)).status).toBe(401)
    // the scheme's name is case-insensitive (RFC 9110 11.1): clients and proxies send "bearer" too
    for (const scheme of ['bearer', 'BEARER', 'Bearer  ']) {
      const r = await fetch(`${api.base}/v1/queues`, { headers: { authorization: `${scheme} ${ADMIN_TOKEN}` } })
      expect(r.status, scheme).toBe(200)
    }
    const wrong = await fetch(`${api.base}/v1/queues`, { headers: { authorization: `bearer ${ADMIN_TOKEN}x` } })
    expect(wrong.status).toBe(401)
    const doc = await (await api.get('/v1/openapi.json')).json()
    expect(doc.paths['/v1/queues'].get).toBeDefined()
  })
})
