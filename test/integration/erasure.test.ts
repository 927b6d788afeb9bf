import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'
import { CHANNELS, withDesk } from '../helpers/desk.ts'
import { addToDispute, openOtherDispute } from '../helpers/dispute-flow.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * "Delete my personal data": what the partner gave us goes, everywhere it was kept — not only the partner row but
 * the dispute messages they wrote (text, files, the Telegram chat in their reference), the payment details' masks
 * in payout answers and in the audit log — while the ledger, the decisions and the audit trail stay.
 */
describe('erasure', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-06T10:00:00Z')
  })
  afterAll(() => api?.close())

  /** An enrolled jqsee partner with a $30.00 commission available (a $300 sale a second after joining). */
  async function earner(tag: string, enrol: Record<string, unknown> = {}, sale: Record<string, unknown> = {}) {
    const enrolled = await api.enrolled('jqsee', { name: tag, language: 'en', legalType: 'individual', ...enrol })
    api.clock.advance(1000)
    await api.recorded('jqsee', {
      id: `${tag}-sale`,
      type: 'payment',
      occurredAt: api.clock.now().toISOString(),
      customer: `${tag}-customer`,
      ref: enrolled.codes[0]!.code,
      order: `${tag}-order`,
      amount: '300.00',
      currency: 'USD',
      ...sale,
    })
    return enrolled.partner
  }

  it('leaves nothing of what the partner gave: dispute texts and files, masks in answers and the audit log, raw IPs', async () => {
    const telegramId = 88_123_456
    const partner = await earner(
      'erase',
      { name: 'Erika Erasure', language: 'lv', country: 'LV', telegramId },
      { ip: '203.0.113.77' },
    )
    const saved = await api.operator('POST', `/v1/partners/${partner}/payment-details`, {
      method: 'bank',
      details: { iban: 'LV80BANK0000435195001' },
    })
    expect(saved.status).toBe(201)
    const paid = await api.requestPayout(partner, { program: 'jqsee', method: 'bank', amount: '10.00' }, 'erase-first')
    expect(paid.status, JSON.stringify(paid.body)).toBe(201)
    expect(paid.body.payout.details).toBe('LV•• •••• 5001')
    await api.operator('POST', `/v1/payouts/${paid.body.payout.id}/approve`, {})
    expect((await api.operator('POST', `/v1/payouts/${paid.body.payout.id}/paid`, { reference: 'E-1' })).status).toBe(
      200,
    )
    const open = await api.requestPayout(partner, { program: 'jqsee', method: 'bank', amount: '12.00' }, 'erase-open')
    expect(open.status).toBe(201)
    const dispute = await api.service.core.disputes.open({
      partnerId: partner,
      programKey: 'jqsee',
      subject: 'other',
      text: 'Mans tālrunis ir +371 2000 0000, lūdzu, piezvaniet',
      attachments: [{ kind: 'photo', fileId: 'tg-file-1', name: 'līgums.jpg' }] as never,
      source: 'telegram',
      sourceRef: `${telegramId}:77`,
      enrolledPrograms: ['jqsee'],
    })
    const db = api.service.db.prisma
    expect((await db.event.findFirstOrThrow({ where: { externalId: 'erase-sale' } })).payload).not.toHaveProperty('ip')

    const erased = await api.service.core.partners.erase(partner)
    expect(erased?.cancelledPayouts).toEqual([open.body.payout.id])

    const messages = await db.disputeMessage.findMany({ where: { disputeId: dispute.id } })
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatchObject({ author: 'partner', text: '', attachments: [] })
    expect(messages[0]!.sourceRef).not.toContain(String(telegramId))
    expect((await db.dispute.findUniqueOrThrow({ where: { id: dispute.id } })).status).toBe('open') // the case stays

    const payouts = await db.payoutRequest.findMany({ where: { enrolment: { partnerId: partner } } })
    expect(payouts).toHaveLength(2)
    for (const p of payouts) expect(JSON.stringify(p.response)).not.toContain('5001')
    // a replayed request key gets the answer it got, without the mask
    const replay = await api.requestPayout(
      partner,
      { program: 'jqsee', method: 'bank', amount: '10.00' },
      'erase-first',
    )
    expect(replay.body.payout).not.toHaveProperty('details')

    const audit = await db.auditLog.findMany({ where: { subjectId: partner } })
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['payment_details.saved', 'partner.erased']))
    expect(JSON.stringify(audit.map((a) => a.data))).not.toContain('5001')
    // and nothing new can be given on the partner's behalf
    const again = await api.operator('POST', `/v1/partners/${partner}/payment-details`, {
      method: 'bank',
      details: { iban: 'LV80BANK0000435195001' },
    })
    expect(again.status).toBe(404)
    expect(await db.paymentDetails.count({ where: { partnerId: partner, revokedAt: null } })).toBe(0)
    const row = await db.partner.findUniqueOrThrow({ where: { id: partner } })
    expect(row).toMatchObject({ name: null, telegramId: null, country: null })
    // the money stays: the ledger still holds the commission and the paid-out request
    const entries = await db.ledgerEntry.count({ where: { enrolment: { partnerId: partner } } })
    expect(entries).toBeGreaterThanOrEqual(3)
    const everything = JSON.stringify(
      await Promise.all([db.disputeMessage.findMany(), db.payoutRequest.findMany(), db.auditLog.findMany()]),
      (_k, v) => (typeof v === 'bigint' ? String(v) : v),
    )
    expect(everything).not.toContain('+371 2000 0000')
    expect(everything).not.toContain('līgums')
    expect(everything).not.toContain('Erika')
  })

  it('an erasure racing a save of details and a payout request leaves no details, no mask and no open request', async () => {
    const db = api.service.db.prisma
    for (let round = 0; round < 12; round++) {
      const partner = await earner(`race-${round}`)
      const iban = 'LV80BANK0000435195001'
      const results = await Promise.all([
        api.service.core.partners.erase(partner).then(() => 'erased'),
        api.operator('POST', `/v1/partners/${partner}/payment-details`, { method: 'bank', details: { iban } }),
        api.requestPayout(partner, { program: 'jqsee', method: 'bank', details: { iban } }, `race-${round}`),
      ])
      // whichever came first, no deadlock, no 500
      for (const r of results.slice(1) as { status: number }[]) expect([201, 404, 422]).toContain(r.status)
      const details = await db.paymentDetails.findMany({ where: { partnerId: partner } })
      expect(details.every((d) => d.revokedAt !== null && d.ciphertext.length === 0 && d.mask === '')).toBe(true)
      const open = await db.payoutRequest.count({
        where: { enrolment: { partnerId: partner }, status: { in: ['requested', 'needs_review', 'approved'] } },
      })
      expect(open).toBe(0)
      const audit = await db.auditLog.findMany({ where: { subjectId: partner } })
      expect(JSON.stringify(audit.map((a) => a.data))).not.toContain('5001')
    }
  })

  it('details an approved payout still pays to are kept through the erasure, and wiped once it is paid', async () => {
    const db = api.service.db.prisma
    const partner = await earner('kept')
    const r = await api.requestPayout(
      partner,
      { program: 'jqsee', method: 'bank', details: { iban: 'LV80BANK0000435195001' } },
      'kept-1',
    )
    await api.operator('POST', `/v1/payouts/${r.body.payout.id}/approve`, {})
    await api.service.core.partners.erase(partner)
    const kept = await db.paymentDetails.findFirstOrThrow({ where: { partnerId: partner } })
    expect(kept.ciphertext.length).toBeGreaterThan(0) // finance still pays the approved payout
    expect((await api.operator('POST', `/v1/payouts/${r.body.payout.id}/paid`, { reference: 'K-1' })).status).toBe(200)
    const wiped = await db.paymentDetails.findFirstOrThrow({ where: { partnerId: partner } })
    expect({ bytes: wiped.ciphertext.length, mask: wiped.mask }).toEqual({ bytes: 0, mask: '' })
  })
})

/**
 * The desk's copy: the dispute card showed the partner's name, @username and first words. Erasing (Telegram
 * /settings) re-renders it without them, so nothing the Slack workspace shows names or quotes the partner.
 */
describe('erasure on the Slack desk', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let telegram: FakeTelegram
  let slack: FakeSlack
  let api: Api
  beforeAll(() => {
    ;({ api, telegram, slack } = env())
  })

  it('"delete my personal data" leaves no name, @username or dispute text on the Slack desk', async () => {
    const chat = 7301
    const words = 'Please call me back on +371 2000 1234, I am Erika.'
    telegram.languages.set(chat, 'en')
    const r = await api.enrol('jqsee', {
      name: 'Erika Privatova',
      language: 'en',
      legalType: 'individual',
      telegramId: chat,
    })
    expect(r.status).toBe(201)

    // the partner opens a dispute in Telegram, writing a phone number into it
    await openOtherDispute(telegram, chat, words)
    const card = await slack.waitForCall(
      'chat.postMessage',
      (c) => c.payload.channel === CHANNELS.disputes && JSON.stringify(c.payload.blocks).includes('+371 2000 1234'),
    )
    expect(JSON.stringify(card.payload.blocks)).toContain('Erika Privatova @user7301')
    const cardTs = [...slack.messages.values()].find((m) => JSON.stringify(m.blocks).includes('+371 2000 1234'))!.ts

    // a later message with a photo: copied into the card's thread, the photo uploaded there
    const { number } = await api.service.db.prisma.dispute.findFirstOrThrow({
      where: { partnerId: r.body.partner.id },
    })
    const text = 'My address is Brivibas iela 1, Riga.'
    await addToDispute(telegram, chat, { number, sent: 4, text, photos: [Buffer.from('a photo of my passport')] })
    await slack.waitForCall('chat.postMessage', (c) => String(c.payload.text).includes('Brivibas iela 1'))
    const copied = [...slack.messages.values()].find((m) => m.text.includes('Brivibas iela 1'))!
    const upload = await slack.waitForCall(
      'files.completeUploadExternal',
      (c) => c.payload.thread_ts === cardTs,
      10_000,
    )
    const photo = (JSON.parse(String(upload.payload.files)) as { id: string }[])[0]!.id
    expect(slack.files.has(photo)).toBe(true)
    // the desk keeps where it copied them (what the erasure reaches)
    await waitUntil(async () => {
      const m = await api.service.db.prisma.disputeMessage.findFirst({ where: { text: { contains: 'Brivibas' } } })
      return m?.slackTs && m.slackFiles.length ? m : undefined
    })

    // /settings -> delete my personal data -> yes
    await telegram.sendText(chat, '/settings')
    const menu = await telegram.keyboardAfter(chat, 9)
    await telegram.pressButton(chat, menu.message_id, 'st:erase')
    const confirm = await telegram.keyboardAfter(chat, 10)
    // "Yes" carries the fingerprint of the money the confirmation showed
    await telegram.pressButton(
      chat,
      confirm.message_id,
      confirm.buttons.find((b) => b.data.startsWith('st:erase_yes:'))!.data,
    )
    await telegram.waitForCall(
      'editMessageText',
      (c) => Number(c.payload.chat_id) === chat && c.payload.message_id === confirm.message_id,
      10_000,
    )
    const p = await api.service.db.prisma.partner.findUniqueOrThrow({ where: { id: r.body.partner.id } })
    expect(p.erasedAt).not.toBeNull()

    // the card is updated in place: the partner and their words read as erased, the case itself stays
    const updated = await slack.waitForCall('chat.update', (c) => c.payload.ts === cardTs, 10_000)
    const shown = JSON.stringify(updated.payload.blocks)
    expect(shown).toContain('*Partner*\\n(personal data erased)')
    expect(shown).toContain('>(personal data erased)')
    expect(shown).toContain('Dispute #')
    // the later message's copy in the thread is edited, the photo deleted from Slack
    const edited = await slack.waitForCall('chat.update', (c) => c.payload.ts === copied.ts, 10_000)
    expect(String(edited.payload.text)).toContain('(personal data erased)')
    await waitUntil(() => (slack.deletedFiles.includes(photo) ? true : undefined))
    expect(slack.files.has(photo)).toBe(false)
    // every message the desk shows, as last updated
    const stillShown = [...slack.messages.values()]
      .map((m) => ({ ts: m.ts, content: JSON.stringify([m.text, m.blocks]) }))
      .filter((m) => /Erika|Privatova|user7301|\+371 2000 1234|call me back|Brivibas/.test(m.content))
    expect(stillShown, 'the Slack desk still shows what the partner asked to erase').toEqual([])
  }, 60_000)
})
