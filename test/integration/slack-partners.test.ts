import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack, SlackCall } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * `/pa partner` and the sanctions behind it, through the real Bolt app and the real service: look-up by
 * @username, code and id, the partner card, warn / suspend codes / block / disqualify behind a confirmation
 * modal, roles, stale buttons. Effects are checked in the database, the statement and the partner's Telegram.
 */
describe('slack partner desk', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let slack: FakeSlack
  let telegram: FakeTelegram
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, telegram, desk } = env())
  })

  let chat = 8100
  let order = 0
  /** A quantower partner with a Telegram chat and `username`, and one referred purchase (20% commission). */
  async function quantowerPartner(username: string, paid = '75.00') {
    const tg = ++chat
    const { partner, codes } = await api.enrolled('quantower', {
      name: `Anna ${tg}`,
      language: 'en',
      legalType: 'individual',
      telegramId: tg,
    })
    await api.service.db.prisma.partner.update({ where: { id: partner }, data: { telegramUsername: username } })
    const ref = codes[0]!.code
    const at = new Date(api.clock.now().getTime() - 3_600_000).toISOString()
    await api.recorded('quantower', {
      id: `ps-${++order}`,
      type: 'signup',
      occurredAt: at,
      customer: `pc-${order}`,
      ref,
    })
    await api.recorded('quantower', {
      id: `pp-${order}`,
      type: 'payment',
      occurredAt: at,
      customer: `pc-${order}`,
      order: `po-${order}`,
      amount: paid,
      currency: 'USD',
    })
    return { partner, chat: tg, code: ref }
  }

  const text = (c: { text?: string; blocks?: unknown[] }) => `${c.text ?? ''}${JSON.stringify(c.blocks ?? [])}`
  const response = (id: string) => slack.response(id)
  const ephemeralTo = (user: string, since: number) =>
    slack.waitForCall('chat.postEphemeral', (c: SlackCall) => c.payload.user === user, 5000, since)
  const sanctions = (partnerId: string) =>
    api.service.db.prisma.sanction.findMany({ where: { enrolment: { partnerId } }, orderBy: { createdAt: 'asc' } })

  it('looks a partner up by @username, code and id; refuses a stranger; explains a miss', async () => {
    const p = await quantowerPartner('anna_k')
    for (const q of ['@anna_k', p.code, p.partner, '@ANNA_K']) {
      const r = await desk.command(`partner ${q}`, USERS.support)
      expect(r.status).toBe(200)
      const card = text(await response(r.responseId))
      expect(card, q).toContain(p.partner)
      expect(card).toContain('@anna_k')
      expect(card).toContain('Quantower referral program* — active')
      expect(card).toContain('USD: available *15.00*')
      expect(card).toContain(`\`${p.code}\``)
      expect(card).toContain('commission 15.00 USD')
      // support may warn and suspend codes; blocking and disqualifying are for admins
      expect(card).toContain('partner_warn')
      expect(card).toContain('partner_suspend_codes')
      expect(card).not.toContain('partner_block')
      expect(card).not.toContain('partner_disqualify')
    }
    const admin = text(await response((await desk.command(`partner ${p.code}`, USERS.admin)).responseId))
    expect(admin).toContain('partner_disqualify')

    const stranger = await desk.command('partner @anna_k', USERS.stranger)
    expect((await response(stranger.responseId)).text).toMatch(/support, finance, admin/)
    const miss = await desk.command('partner @nobody_here', USERS.finance)
    expect((await response(miss.responseId)).text).toBe('No partner matches `@nobody_here`.')
    const bad = await desk.command('partner <script>', USERS.finance)
    expect((await response(bad.responseId)).text).toBe('`<script>` is not a partner id, a @username or a code.')
    const usage = await desk.command('partner', USERS.finance)
    expect((await response(usage.responseId)).text).toMatch(/^Look a partner up by id/)

    // a username two partners share: both are listed, to be looked up by id
    const twin = await quantowerPartner('shared_name')
    const other = await quantowerPartner('shared_name')
    const many = text(await response((await desk.command('partner @shared_name', USERS.support)).responseId))
    expect(many).toContain('2 partners match')
    expect(many).toContain(twin.partner)
    expect(many).toContain(other.partner)
  })

  it('the card speaks of the partner, never to them, and names the zone of its dates (en, ru)', async () => {
    const p = await quantowerPartner('third_person')
    // melbet's revenue share and quantower's levels are the commission texts partners read as "your new users"
    const m = await api.enrolled('melbet', { name: 'Kārlis', language: 'lv', legalType: 'individual' })
    for (const [locale, your] of [
      ['en-US', /\byour?\b/i],
      ['ru-RU', /(^|[^а-яё])(ваш|вам|вы|вас)[а-яё]*/i],
    ] as const) {
      slack.locales.set(USERS.admin, locale)
      for (const who of [p.partner, m.partner]) {
        const card = await response((await desk.command(`partner ${who}`, USERS.admin)).responseId)
        const words = JSON.stringify(card.blocks, (k, v) => (k === 'value' || k === 'action_id' ? undefined : v))
        expect(words, `${locale} ${who}`).not.toMatch(your)
        // every date on the card names the zone it is read in
        expect(words).toMatch(/2026 \(UTC\)/)
      }
    }
    slack.locales.delete(USERS.admin)
    const en = text(await response((await desk.command(`partner ${m.partner}`, USERS.admin)).responseId))
    expect(en).toContain("of the company's net profit from the partner's new users")
  })

  it('support warns through the modal: the sanction is recorded with its actor and the partner is told', async () => {
    const p = await quantowerPartner('warned_one')
    const before = slack.calls.length
    await desk.action(USERS.support, 'partner_warn', `${p.partner}:quantower`, { channel: 'CSUPPORT' })
    const view = await desk.openedView(before)
    expect(view.callback_id).toBe('partner_sanction_modal')
    expect(JSON.stringify(view.blocks)).toContain('gets a warning in *Quantower referral program*')
    // the reason is required and must be one the partner has words for
    const none = await desk.submit(USERS.support, view, { reason: { reason: { selected: 'whatever' } } })
    expect(none.body).toMatchObject({ response_action: 'errors', errors: { reason: 'Choose a reason.' } })
    const since = slack.calls.length
    const ok = await desk.submit(USERS.support, view, {
      reason: { reason: { selected: 'ad_rules' } },
      note: { note: 'Please remove the brand ads by Friday.' },
    })
    expect(ok.status).toBe(200)
    expect(ok.body).toBeUndefined()
    expect(await sanctions(p.partner)).toEqual([
      expect.objectContaining({ kind: 'warning', reason: 'ad_rules', actor: 'slack:USUPPORT' }),
    ])
    const audit = await api.service.db.prisma.auditLog.findFirst({
      where: { subjectId: p.partner, action: 'sanction.warning' },
    })
    expect(audit).toMatchObject({ actor: 'slack:USUPPORT', reason: 'ad_rules' })
    expect((await ephemeralTo(USERS.support, since)).payload.text).toMatch(/^⚠️ Warning recorded for partner/)
    const sent = await telegram.waitForCall(
      'sendMessage',
      (c) => Number(c.payload.chat_id) === p.chat && String(c.payload.text).includes('A warning from'),
      10_000,
    )
    expect(sent.payload.text).toContain('Please remove the brand ads by Friday.')

    // suspend codes: the partner's code stops earning
    const open = slack.calls.length
    await desk.action(USERS.support, 'partner_suspend_codes', `${p.partner}:quantower`, { channel: 'CSUPPORT' })
    const suspend = await desk.openedView(open)
    await desk.submit(USERS.support, suspend, { reason: { reason: { selected: 'bot_traffic' } } })
    const codes = await api.service.db.prisma.referralCode.findMany({ where: { enrolment: { partnerId: p.partner } } })
    expect(codes.map((c) => c.status)).toEqual(['suspended'])
    const card = text(await response((await desk.command(`partner ${p.partner}`, USERS.support)).responseId))
    expect(card).toContain(`\`${p.code}\` (suspended)`)
    expect(card).toContain('code suspension: automated or forced actions (<@USUPPORT>)')

    // blocking is an admin's call: the button and a forged submission are both refused
    const refused = await desk.action(USERS.support, 'partner_block', `${p.partner}:quantower`, { channel: 'CSUPPORT' })
    expect((await response(refused.responseId)).text).toMatch(/: admin\b/)
    const forged = slack.calls.length
    await desk.submit(
      USERS.support,
      {
        callback_id: 'partner_sanction_modal',
        private_metadata: JSON.stringify({
          partnerId: p.partner,
          programKey: 'quantower',
          kind: 'block',
          channel: 'CSUPPORT',
          key: '6f1c2b1e-8a4d-4c55-9a1e-2b3c4d5e6f70',
        }),
      },
      { reason: { reason: { selected: 'fraud' } } },
    )
    expect((await ephemeralTo(USERS.support, forged)).payload.text).toMatch(/: admin\b/)
    expect((await sanctions(p.partner)).map((s) => s.kind)).toEqual(['warning', 'suspend_codes'])
  })

  it('an admin disqualifies: unpaid rewards annulled, the open payout rejected and its finance card updated', async () => {
    const p = await quantowerPartner('cheater', '300.00') // $60 available
    const r = await api.requestPayout(p.partner, { program: 'quantower', method: 'licences' }, `dq-${p.partner}`)
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const payoutId = r.body.payout.id as string
    await slack.waitForCall(
      'chat.postMessage',
      (c) => c.payload.channel === CHANNELS.finance && JSON.stringify(c.payload).includes(payoutId),
      10_000,
    )
    // another $15 after the request: available again
    const at = new Date(api.clock.now().getTime() - 60_000).toISOString()
    await api.recorded('quantower', {
      id: `dq-s-${p.partner}`,
      type: 'signup',
      occurredAt: at,
      customer: `dqc-${p.partner}`,
      ref: p.code,
    })
    await api.recorded('quantower', {
      id: `dq-p-${p.partner}`,
      type: 'payment',
      occurredAt: at,
      customer: `dqc-${p.partner}`,
      order: `dqo-${p.partner}`,
      amount: '75.00',
      currency: 'USD',
    })

    const before = slack.calls.length
    await desk.action(USERS.admin, 'partner_disqualify', `${p.partner}:quantower`, { channel: 'CADMIN' })
    const view = await desk.openedView(before)
    expect(JSON.stringify(view.blocks)).toContain('This cannot be undone.')
    const since = slack.calls.length
    await desk.submit(USERS.admin, view, { reason: { reason: { selected: 'self_referral' } } })
    // the partner is named as their card shows them, never by id
    expect((await ephemeralTo(USERS.admin, since)).payload.text).toMatch(
      /^❌ Partner Anna \d+ @cheater is disqualified from Quantower referral program; annulled: 75\.00 USD\. The partner is told in Telegram\.$/,
    )
    const enrolment = await api.service.db.prisma.enrolment.findFirstOrThrow({ where: { partnerId: p.partner } })
    expect(enrolment.status).toBe('disqualified')
    expect((await api.operator('GET', `/v1/payouts/${payoutId}`)).body.payout).toMatchObject({
      status: 'rejected',
      reason: 'disqualified',
    })
    const st = await api.statement(p.partner, { program: 'quantower' })
    expect(st.body.balances[0]).toMatchObject({ available: '0.00', inPayout: '0.00' })
    await telegram.waitForCall(
      'sendMessage',
      (c) => Number(c.payload.chat_id) === p.chat && String(c.payload.text).includes('has disqualified you'),
      10_000,
    )
    // the payout's card in the finance channel follows
    const updated = await slack.waitForCall(
      'chat.update',
      (c) => JSON.stringify(c.payload).includes(payoutId) && JSON.stringify(c.payload).includes('Rejected'),
      10_000,
      since,
    )
    // the money was annulled: the card does not say it is back on the balance
    expect(JSON.stringify(updated.payload)).toContain('The amount is annulled and does not return to the balance.')
    expect(JSON.stringify(updated.payload)).not.toContain('back on')

    // an old card's block button: nothing left to block
    const stale = await desk.action(USERS.admin, 'partner_block', `${p.partner}:quantower`, { channel: 'CADMIN' })
    expect((await response(stale.responseId)).text).toBe(
      'Nothing changed: the partner is already disqualified in this program.',
    )
    const card = text(await response((await desk.command(`partner ${p.partner}`, USERS.admin)).responseId))
    expect(card).toContain('— disqualified')
    expect(card).not.toContain('partner_block')
    expect(card).toContain('annulled -15.00 USD')
  })

  it('lifting from the card: support reinstates codes; a block needs an admin; the partner is told', async () => {
    const p = await quantowerPartner('lifted_one')
    await api.operator('POST', `/v1/partners/${p.partner}/sanctions`, {
      program: 'quantower',
      kind: 'suspend_codes',
      reason: 'bot_traffic',
    })
    await api.operator('POST', `/v1/partners/${p.partner}/sanctions`, {
      program: 'quantower',
      kind: 'block',
      reason: 'fraud',
    })
    const all = await sanctions(p.partner)
    const suspended = all.find((s) => s.kind === 'suspend_codes')!
    const blocked = all.find((s) => s.kind === 'block')!
    // support's card offers to lift the suspension, not the block
    const card = JSON.stringify(
      (await response((await desk.command(`partner ${p.partner}`, USERS.support)).responseId)).blocks,
    )
    expect(card).toContain(suspended.id)
    expect(card).not.toContain(blocked.id)
    // a forged press on the block is refused by role
    const forged = await desk.action(USERS.support, 'partner_lift', blocked.id, { channel: 'CSUPPORT' })
    expect((await response(forged.responseId)).text).toMatch(/admin/)

    const before = slack.calls.length
    await desk.action(USERS.support, 'partner_lift', suspended.id, { channel: 'CSUPPORT' })
    const view = await desk.openedView(before)
    expect(view.callback_id).toBe('partner_lift_modal')
    const empty = await desk.submit(USERS.support, view, { reason: { reason: '  ' } })
    expect(empty.body).toMatchObject({ response_action: 'errors' })
    const liftedAt = slack.calls.length
    await desk.submit(USERS.support, view, { reason: { reason: 'Traffic checked with the partner: clean.' } })
    expect((await sanctions(p.partner)).find((s) => s.id === suspended.id)!.liftedAt).not.toBeNull()
    expect((await ephemeralTo(USERS.support, liftedAt)).payload.text).toBe(
      'The codes in Quantower referral program are active again. The partner has been told.',
    )
    const audit = await api.service.db.prisma.auditLog.findFirst({
      where: { subjectId: p.partner, action: 'sanction.lift.suspend_codes' },
    })
    expect(audit).toMatchObject({ actor: 'slack:USUPPORT', reason: 'Traffic checked with the partner: clean.' })
    await telegram.waitForCall(
      'sendMessage',
      (c) => Number(c.payload.chat_id) === p.chat && String(c.payload.text).includes('reinstated'),
    )

    // the admin lifts the block: the enrolment is active again
    const admin = slack.calls.length
    await desk.action(USERS.admin, 'partner_lift', blocked.id, { channel: 'CSUPPORT' })
    await desk.submit(USERS.admin, await desk.openedView(admin), { reason: { reason: 'Chargebacks explained.' } })
    const enrolment = await api.service.db.prisma.enrolment.findFirstOrThrow({ where: { partnerId: p.partner } })
    expect(enrolment.status).toBe('active')
    // a second lift of the same sanction is refused and said so
    const again = slack.calls.length
    await desk.action(USERS.admin, 'partner_lift', blocked.id, { channel: 'CSUPPORT' })
    await desk.submit(USERS.admin, await desk.openedView(again), { reason: { reason: 'Twice.' } })
    expect((await ephemeralTo(USERS.admin, again)).payload.text).toBeTruthy()
  })

  it('junk button values and unknown programs are answered', async () => {
    const junk = await desk.action(USERS.admin, 'partner_warn', 'junk', { channel: 'CADMIN' })
    expect((await response(junk.responseId)).text).toBe('This button is no longer active.')
    const p = await quantowerPartner('lonely')
    const wrong = await desk.action(USERS.admin, 'partner_warn', `${p.partner}:melbet`, { channel: 'CADMIN' })
    expect((await response(wrong.responseId)).text).toBe('The partner is not in Melbet partners.')
  })

  // two suspensions, or a suspension and a block: codes work again only when nothing keeps them suspended
  it('two agents suspending codes: lifting one suspension must not reactivate codes while the other is in force', async () => {
    const p = await quantowerPartner('double_suspend')
    // support and the admin each open "Suspend codes" on their own card (both offered while the partner is active)
    const a = slack.calls.length
    await desk.action(USERS.support, 'partner_suspend_codes', `${p.partner}:quantower`, { channel: 'CSUPPORT' })
    const supportView = await desk.openedView(a)
    const b = slack.calls.length
    await desk.action(USERS.admin, 'partner_suspend_codes', `${p.partner}:quantower`, { channel: 'CSUPPORT' })
    const adminView = await desk.openedView(b)
    await desk.submit(USERS.support, supportView, { reason: { reason: { selected: 'bot_traffic' } } })
    const second = await desk.submit(USERS.admin, adminView, { reason: { reason: { selected: 'fraud' } } })
    expect(second.status).toBe(200)
    const all = (await sanctions(p.partner)).filter((s) => s.kind === 'suspend_codes' && !s.liftedAt)
    // support later lifts the one they applied
    const mine = all[0]!
    const c = slack.calls.length
    await desk.action(USERS.support, 'partner_lift', mine.id, { channel: 'CSUPPORT' })
    await desk.submit(USERS.support, await desk.openedView(c), { reason: { reason: 'Traffic checked: clean.' } })
    await ephemeralTo(USERS.support, c)
    const inForce = (await sanctions(p.partner)).filter((s) => s.kind === 'suspend_codes' && !s.liftedAt)
    const codes = await api.service.db.prisma.referralCode.findMany({ where: { enrolment: { partnerId: p.partner } } })
    // either the second suspension was refused (one suspension only), or the codes stay suspended while one is in force
    if (inForce.length > 0) expect(codes.map((x) => x.status)).toEqual(codes.map(() => 'suspended'))
  })

  it('codes suspended, partner blocked, suspension lifted, block lifted: the codes work again as the partner was told', async () => {
    const p = await quantowerPartner('suspend_then_block')
    const sanction = async (user: string, action: string, reason: string) => {
      const at = slack.calls.length
      await desk.action(user, action, `${p.partner}:quantower`, { channel: 'CSUPPORT' })
      await desk.submit(user, await desk.openedView(at), { reason: { reason: { selected: reason } } })
    }
    const lift = async (user: string, id: string, reason: string) => {
      const at = slack.calls.length
      await desk.action(user, 'partner_lift', id, { channel: 'CSUPPORT' })
      await desk.submit(user, await desk.openedView(at), { reason: { reason } })
      await ephemeralTo(user, at)
    }
    await sanction(USERS.support, 'partner_suspend_codes', 'bot_traffic')
    await sanction(USERS.admin, 'partner_block', 'fraud')
    const all = await sanctions(p.partner)
    const suspended = all.find((s) => s.kind === 'suspend_codes')!
    const blocked = all.find((s) => s.kind === 'block')!
    // support clears the traffic question while the partner is blocked: the codes stay suspended, and the partner
    // is not told they are reinstated
    await lift(USERS.support, suspended.id, 'Traffic checked: clean.')
    const codesNow = await api.service.db.prisma.referralCode.findMany({
      where: { enrolment: { partnerId: p.partner } },
    })
    expect(codesNow.map((c) => c.status)).toEqual(codesNow.map(() => 'suspended'))
    // ...and the admin lifts the block
    await lift(USERS.admin, blocked.id, 'Chargebacks explained.')
    const enrolment = await api.service.db.prisma.enrolment.findFirstOrThrow({ where: { partnerId: p.partner } })
    expect(enrolment.status).toBe('active')
    expect((await sanctions(p.partner)).filter((s) => !s.liftedAt)).toEqual([])
    // no sanction in force, the partner told their codes are reinstated: the codes must work
    const codes = await api.service.db.prisma.referralCode.findMany({ where: { enrolment: { partnerId: p.partner } } })
    expect(codes.map((c) => c.status)).toEqual(codes.map(() => 'active'))
    const reinstated = telegram.calls.filter(
      (c) =>
        Number(c.payload.chat_id) === p.chat && String(c.payload.text).includes('has reinstated your referral links'),
    )
    expect(reinstated).toEqual([])
  })

  it('a block in force stays liftable from the card after six warnings; the older ones are chosen in a select', async () => {
    const p = await quantowerPartner('often_warned')
    const apply = (kind: string, reason: string) =>
      api.operator('POST', `/v1/partners/${p.partner}/sanctions`, { program: 'quantower', kind, reason })
    expect((await apply('block', 'fraud')).status).toBe(201)
    // six warnings after it: the card's history shows the ten newest, its lift buttons five
    for (let i = 0; i < 6; i++) {
      api.clock.set(new Date(api.clock.now().getTime() + 60_000).toISOString())
      expect((await apply('warning', 'ad_rules')).status).toBe(201)
    }
    const all = await sanctions(p.partner)
    const blocked = all.find((s) => s.kind === 'block')!
    const warnings = all.filter((s) => s.kind === 'warning')
    const card = await response((await desk.command(`partner ${p.partner}`, USERS.admin)).responseId)
    const lift = (card.blocks as any[]).find((b) => b.block_id === 'lift')
    const buttons = lift.elements.filter((e: any) => e.type === 'button').map((e: any) => e.value)
    const select = lift.elements.find((e: any) => e.type === 'static_select')
    // the block first, then the newest warnings; the oldest three in the select
    expect({ buttons, options: select.options.map((o: any) => o.value) }).toEqual({
      buttons: [blocked.id, warnings[5]!.id, warnings[4]!.id, warnings[3]!.id],
      options: [warnings[2]!.id, warnings[1]!.id, warnings[0]!.id],
    })
    // the oldest warning chosen in the select opens its lift modal, as its button would
    const at = slack.calls.length
    await desk.choose(USERS.admin, select.action_id, warnings[0]!.id, { channel: 'CADMIN' })
    const view = await desk.openedView(at)
    expect(view.callback_id).toBe('partner_lift_modal')
    await desk.submit(USERS.admin, view, { reason: { reason: 'Ads fixed.' } })
    expect((await sanctions(p.partner)).find((s) => s.id === warnings[0]!.id)!.liftedAt).not.toBeNull()
  })
})
