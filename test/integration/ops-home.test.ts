import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
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
  const seeded = { alpha: '', beta: '', dispute: '', commission: '', amount: '' }

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
    await prisma.payoutRequest.create({
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
    // each queue item opens its partner's card (held commissions and flags are decided there); the unassigned
    // dispute's claim button carries the dispute's id
    expect(buttons).toEqual([
      expect.objectContaining({ action_id: 'home_open_partner', value: `${seeded.beta}:jqsee` }),
      expect.objectContaining({ action_id: 'home_open_partner', value: `${seeded.alpha}:jqsee` }),
      expect.objectContaining({ action_id: 'home_open_partner', value: `${seeded.alpha}:jqsee` }),
      expect.objectContaining({ action_id: 'dispute_claim', value: seeded.dispute }),
    ])
    for (const b of buttons) expect(b.text.text.length).toBeLessThanOrEqual(75)
  })

  it('item 1. finance sees payout requests with their amounts; no held commissions (support decides them), no disputes', async () => {
    const { text, buttons } = await home(USERS.finance)
    expect(text).not.toContain('Commissions held for review')
    expect(text).toContain('*Payout requests waiting*: 1')
    expect(text).toContain('50.00 USD')
    expect(text).toContain('*Customer bonuses owed*: 0')
    expect(text).not.toContain('Applications to approve')
    expect(text).not.toContain('Review flags')
    expect(text).not.toContain('Dispute queue')
    expect(buttons.map((b: any) => [b.action_id, b.value, b.text.text])).toEqual([
      ['home_open_partner', `${seeded.alpha}:jqsee`, 'Open partner card'],
    ])
  })

  it('item 1. an admin sees every queue; someone with no role is told to ask for one', async () => {
    const { text } = await home(USERS.admin)
    for (const title of [
      'Applications to approve',
      'Commissions held for review',
      'Review flags',
      'Payout requests waiting',
      'Customer bonuses owed',
      'Dispute queue',
    ])
      expect(text).toContain(title)
    const stranger = await home(USERS.stranger)
    expect(stranger.text).toContain('Ask an admin')
    expect(stranger.text).not.toContain('work queues')
  })

  it("item 1. an item's button sends the viewer its partner card; someone with no role is refused", async () => {
    let since = slack.calls.length
    expect(
      (await desk.action(USERS.finance, 'home_open_partner', `${seeded.alpha}:jqsee`, { view: true })).status,
    ).toBe(200)
    const card = await slack.waitForCall('chat.postMessage', (c) => c.payload.channel === USERS.finance, 10_000, since)
    expect(String(card.payload.text)).toContain(seeded.alpha)
    expect(JSON.stringify(card.payload.blocks)).toContain('Queue Alpha')
    since = slack.calls.length
    await desk.action(USERS.stranger, 'home_open_partner', `${seeded.alpha}:jqsee`, { view: true })
    const refused = await slack.waitForCall(
      'chat.postMessage',
      (c) => c.payload.channel === USERS.stranger,
      10_000,
      since,
    )
    expect(String(refused.payload.text)).toMatch(/^You cannot do this/)
    expect(JSON.stringify(refused.payload.blocks ?? [])).not.toContain('Queue Alpha')
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
      'disputes',
      'referee_bonuses',
    ])
    expect(by.applications.count).toBe(1)
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
    expect((await fetch(`${api.base}/v1/queues`)).status).toBe(401)
    const doc = await (await api.get('/v1/openapi.json')).json()
    expect(doc.paths['/v1/queues'].get).toBeDefined()
  })
})
