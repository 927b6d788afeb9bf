import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import type { Api } from '../helpers/api.ts'
import { withDesk } from '../helpers/desk.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { termsPartners } from '../helpers/terms-partners.ts'
import { waitUntil } from '../helpers/wait.ts'

const i18n = createI18n()

/**
 * (Found by review.) In a program with no notice period (jqsee) a change published for today is in force at once. A
 * partner the broadcast missed (the bot blocked, then unblocked; a message lost) opened /terms and read the change in
 * force with no button to answer it: the admin's counts and report showed them as not answered for ever. /terms now
 * offers Acknowledge / Object for the latest change in force the partner has not answered (older ones are not asked
 * again), saying it is already in force; the answer counts in the broadcast's figures and report.
 */
describe('a change already in force that the partner has not answered', () => {
  const env = withDesk('2026-03-02T09:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })
  const { enrol } = termsPartners(() => ({ api, telegram }))
  const texts = (n: number) => ({
    en: `Change ${n}: the commission becomes ${10 + n}% of each payment.`,
    ru: `Изменение ${n}: комиссия составит ${10 + n}% от каждого платежа.`,
    kk: `${n}-өзгеріс: комиссия әр төлемнің ${10 + n}% болады.`,
    ka: `ცვლილება ${n}: საკომისიო იქნება თითოეული გადახდის ${10 + n}%.`,
    lv: `Izmaiņas ${n}: komisija būs ${10 + n}% no katra maksājuma.`,
  })
  /** Publishes a change (jqsee: in force at once); waits until its broadcast completed; its version and broadcast. */
  async function publishNow(n: number, program = 'jqsee', effectiveAt = api.clock.now().toISOString()) {
    const draft = await api.operator('POST', `/v1/programs/${program}/terms`, {
      effectiveAt,
      texts: texts(n),
    })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    const published = await api.operator('POST', `/v1/terms/${draft.body.version.id}/publish`, {})
    expect(published.status, JSON.stringify(published.body)).toBe(201)
    const broadcast = published.body.broadcast.id as string
    await waitUntil(async () =>
      (await api.operator('GET', `/v1/broadcasts/${broadcast}`)).body.broadcast.status === 'completed'
        ? true
        : undefined,
    )
    return { version: draft.body.version.id as string, broadcast }
  }
  /** The partner sends /terms: the messages of the reply with buttons. */
  async function termsButtons(chat: number) {
    const before = telegram.calls.length
    await telegram.sendText(chat, '/terms')
    await waitUntil(() =>
      telegram.calls.slice(before).find((c) => c.method === 'sendMessage' && String(c.payload.text).startsWith('📄')),
    )
    // the reply's messages are sent one after another: let the last one arrive
    await new Promise((r) => setTimeout(r, 300))
    return telegram.calls
      .slice(before)
      .filter((c) => c.method === 'sendMessage' && c.payload.reply_markup)
      .map((c) => ({
        text: String(c.payload.text),
        data: (JSON.parse(JSON.stringify(c.payload.reply_markup)).inline_keyboard.flat() as any[]).map(
          (b) => b.callback_data as string,
        ),
      }))
  }

  it('a partner the broadcast missed answers the change in force from /terms (en: acknowledges; ru: objects); the report counts them', async () => {
    const en = 9711
    const ru = 9712
    const a = await enrol('jqsee', en, 'en')
    const b = await enrol('jqsee', ru, 'ru')
    const first = await publishNow(1)
    // the English partner blocked the bot before the second change: its broadcast never reaches them
    api.clock.set('2026-03-02T10:00:00Z')
    telegram.blocked.add(en)
    const second = await publishNow(2)
    telegram.blocked.delete(en)
    // the Russian partner's message was lost in the chat: never answered

    api.clock.set('2026-03-02T12:00:00Z')
    for (const [chat, lang] of [
      [en, 'en'],
      [ru, 'ru'],
    ] as const) {
      const t = i18n.t(lang)
      const shown = await termsButtons(chat)
      // only the latest change in force is asked, not the older one
      expect(shown.flatMap((m) => m.data).some((d) => d.includes(first.version))).toBe(false)
      const asked = shown.find((m) => m.data.includes(`tv:ack:${second.version}`))
      expect(asked, JSON.stringify(shown)).toBeDefined()
      expect(asked!.data).toEqual([`tv:ack:${second.version}`, `tv:obj:${second.version}`])
      // it says the change is already in force, and applies to them
      const [head] = t('terms.in_force_unanswered', { version: 2, date: '§' }).split('§')
      expect(asked!.text.startsWith(head!), asked!.text).toBe(true)
      expect(asked!.text).toContain(texts(2)[lang])
      expect(asked!.text).toContain(t('terms.change.object_recorded'))
    }

    await telegram.press(en, `tv:ack:${second.version}`)
    await waitUntil(() =>
      telegram
        .textsTo(en)
        .find((x) => x === i18n.t('en')('terms.answer.acknowledged', { program: 'JQSEE', version: 2 })),
    )
    await telegram.press(ru, `tv:obj:${second.version}`)
    await waitUntil(() =>
      telegram.textsTo(ru).find((x) => x === i18n.t('ru')('terms.answer.objected', { program: 'JQSEE' })),
    )

    // the admin's figures and report show both answers
    const progress = (await api.operator('GET', `/v1/broadcasts/${second.broadcast}`)).body.broadcast
    expect(progress).toMatchObject({ total: 2, sent: 1, blocked: 1, acknowledged: 1, objected: 1 })
    const csv = Buffer.from(
      await (await api.get(`/v1/broadcasts/${second.broadcast}/report.csv`)).arrayBuffer(),
    ).toString('utf8')
    const lines = csv.slice(1).trimEnd().split('\r\n')
    expect(lines.find((l) => l.startsWith(a.partner))).toMatch(/,en,blocked,.*,acknowledged,/)
    expect(lines.find((l) => l.startsWith(b.partner))).toMatch(/,ru,sent,.*,objected,/)

    // answered: /terms asks no more
    for (const chat of [en, ru]) expect(await termsButtons(chat)).toEqual([])
  })

  it('worksection-referral: a partner never told has only Acknowledge: the 3 days to object ran from publication (8.2)', async () => {
    api.clock.set('2026-03-03T09:00:00Z')
    const lv = 9721
    const p = await enrol('worksection-referral', lv, 'lv')
    telegram.blocked.add(lv)
    const change = await publishNow(3, 'worksection-referral', '2026-03-07T00:00:00Z')
    telegram.blocked.delete(lv)

    api.clock.set('2026-03-08T09:00:00Z')
    const t = i18n.t('lv')
    const shown = await termsButtons(lv)
    expect(shown).toHaveLength(1)
    expect(shown[0]!.data).toEqual([`tv:ack:${change.version}`])
    const [head] = t('terms.in_force_unanswered', { version: 1, date: '§' }).split('§')
    expect(shown[0]!.text.startsWith(head!), shown[0]!.text).toBe(true)
    const [closed] = t('terms.change.object_closed', { date: '§' }).split('§')
    expect(shown[0]!.text).toContain(closed)

    await telegram.press(lv, `tv:ack:${change.version}`)
    await waitUntil(() =>
      telegram
        .textsTo(lv)
        .find((x) => x.startsWith(t('terms.answer.acknowledged', { program: '§', version: 1 }).split('§')[0]!)),
    )
    const progress = (await api.operator('GET', `/v1/broadcasts/${change.broadcast}`)).body.broadcast
    expect(progress).toMatchObject({ total: 1, blocked: 1, acknowledged: 1, objected: 0 })
    // the agreement goes on
    const enrolment = await api.service.db.prisma.enrolment.findFirstOrThrow({ where: { partnerId: p.partner } })
    expect(enrolment).toMatchObject({ status: 'active', endsAt: null })
  })
})
