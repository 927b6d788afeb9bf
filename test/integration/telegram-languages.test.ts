import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

const i18n = createI18n()

/**
 * The journeys the English (or Russian) tests walk, in a second language: joining by deep link in Kazakh,
 * /settings in Georgian, /terms with a coming change in Latvian, the earnings digest in Russian. Expected texts
 * come from the locale files, so the test checks the partner reads their own language, whatever the wording.
 */
describe('telegram journeys in a second language', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  it('Kazakh: a deep link joins chetup (terms, legal type, country) and the partner is enrolled in Kazakh', async () => {
    const chat = 9101
    const t = i18n.t('kk')
    telegram.languages.set(chat, 'kk')
    await telegram.sendText(chat, '/start chetup')
    const terms = await telegram.keyboardAfter(chat, 1)
    expect(terms.text.split('\n')[0]).toBe(t('join.intro', { program: 'Chetup' }).split('\n')[0])
    expect(terms.buttons.map((b) => b.text)).toEqual([t('join.accept'), t('join.decline')])
    await telegram.press(chat, ':accept')
    // chetup's campaigns are chosen one by one (issue 15 item 11): the first, then "Join"
    const campaigns = await telegram.keyboardAfter(chat, 2)
    expect(campaigns.text.split('\n')[0]).toBe(t('campaigns.choose', { program: 'Chetup' }))
    const before = telegram.calls.length
    await telegram.press(chat, ':t0')
    await telegram.waitForCall('editMessageReplyMarkup', undefined, 10_000, before)
    await telegram.press(chat, ':ok')
    expect((await telegram.keyboardAfter(chat, 3)).text).toBe(t('join.legal_type'))
    await telegram.press(chat, ':individual')
    const country = await telegram.keyboardAfter(chat, 4)
    expect(country.text).toBe(t('join.country'))
    expect(country.buttons[0]!.text).toBe('Қазақстан')
    await telegram.pressButton(chat, country.message_id, country.buttons[0]!.data)
    const done = await telegram.nthText(chat, 5)
    expect(done).toMatch(/Chetup/)
    const partner = await api.service.db.prisma.partner.findUniqueOrThrow({
      where: { telegramId: BigInt(chat) },
      include: { enrolments: true },
    })
    expect(partner).toMatchObject({ language: 'kk', country: 'KZ', legalType: 'individual' })
    expect(partner.enrolments.map((e) => e.programKey)).toEqual(['chetup'])
  })

  it('Georgian: /settings shows the details on file and keeps the data when erasing is declined', async () => {
    const chat = 9102
    const t = i18n.t('ka')
    telegram.languages.set(chat, 'ka')
    const r = await api.enrol('chetup', { name: 'ნინო', language: 'ka', legalType: 'individual', telegramId: chat })
    const id = r.body.partner.id as string
    await api.operator('POST', `/v1/partners/${id}/payment-details`, {
      method: 'bank',
      details: { iban: 'GE29NB0000000101904917', holder: 'Nino B' },
    })
    await telegram.sendText(chat, '/settings')
    const menu = await telegram.keyboardAfter(chat, 1)
    expect(menu.buttons.map((b) => b.text)).toEqual([
      t('settings.language'),
      t('settings.details'),
      t('endings.leave.button'),
      t('settings.erase'),
    ])
    await telegram.press(chat, 'st:details')
    const details = await telegram.nthText(chat, 2)
    expect(details.split('\n')[0]).toBe(t('settings.details_on_file').split('\n')[0])
    expect(details).toContain('GE•• •••• 4917')
    // under them, new details per method, in Georgian; erase is on the menu above
    expect(telegram.lastKeyboard(chat)!.buttons.map((b) => b.text)).toContain(
      t('settings.details_change', { method: t('payout.method.bank') }),
    )
    await telegram.pressButton(chat, menu.message_id, 'st:erase')
    expect((await telegram.keyboardAfter(chat, 3)).text).toBe(t('settings.erase_confirm'))
    await telegram.press(chat, 'st:erase_no')
    await telegram.waitForCall(
      'editMessageText',
      (c) => Number(c.payload.chat_id) === chat && c.payload.text === t('settings.erase_kept'),
    )
    const p = await api.service.db.prisma.partner.findUniqueOrThrow({ where: { id } })
    expect(p.erasedAt).toBeNull()
  })

  it('Latvian: /terms shows the terms in force and the coming change with its buttons', async () => {
    const chat = 9103
    const t = i18n.t('lv')
    telegram.languages.set(chat, 'lv')
    await api.enrol('quantower', { name: 'Jānis', language: 'lv', legalType: 'individual', telegramId: chat })
    const draft = await api.operator('POST', '/v1/programs/quantower/terms', {
      effectiveAt: '2026-04-01T00:00:00Z',
      texts: { lv: 'No 1. aprīļa atlīdzība ir 25%.', en: 'From 1 April the reward is 25%.' },
    })
    expect((await api.operator('POST', `/v1/terms/${draft.body.version.id}/publish`, {})).status).toBe(201)
    const broadcast = await telegram.waitForCall('sendMessage', (c) => Number(c.payload.chat_id) === chat)
    expect(String(broadcast.payload.text).split('\n')[0]).toBe(
      t('terms.change.title', { program: 'Quantower', version: 1 }),
    )
    await telegram.sendText(chat, '/terms')
    const inForce = await telegram.nthText(chat, 2)
    expect(inForce.split('\n')[0]).toBe(t('terms.title', { program: 'Quantower' }))
    const pending = await telegram.keyboardAfter(chat, 3)
    expect(pending.text).toContain('No 1. aprīļa atlīdzība ir 25%.')
    expect(pending.buttons.map((b) => b.text)).toEqual([t('terms.change.acknowledge'), t('terms.change.object')])
    await telegram.press(chat, `tv:ack:${draft.body.version.id}`)
    expect(await telegram.nthText(chat, 4)).toBe(t('terms.answer.acknowledged', { program: 'Quantower', version: 1 }))
  })

  it('Russian: the earnings digest', async () => {
    const chat = 9104
    const t = i18n.t('ru')
    const r = await api.enrol('jqsee', { name: 'Д', language: 'ru', legalType: 'individual', telegramId: chat })
    await api.recorded('jqsee', {
      id: 'lang-dg-1',
      type: 'payment',
      occurredAt: '2026-03-06T09:00:00Z',
      customer: 'lang-dg-c1',
      ref: r.body.codes[0].code,
      order: 'lang-dg-o1',
      amount: '120.00',
      currency: 'USD',
    })
    await api.service.core.reports.queueDigests()
    expect(await telegram.nthText(chat, 1)).toBe(
      [
        t('notify.digest.title'),
        t('notify.digest.earned', { program: 'JQSEE', amount: '12,00 USD', count: 1 }),
        t('notify.digest.footer'),
      ].join('\n'),
    )
  })
})
