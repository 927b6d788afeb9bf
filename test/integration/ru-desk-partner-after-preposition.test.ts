import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { CHANNELS, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack, SlackCall } from '../helpers/fake-slack.ts'

/**
 * The payout approval card on a Russian desk (SLACK_DESK_LANGUAGE=ru): the Approve button's confirmation puts the
 * partner's name straight after the preposition «для», which governs the genitive. A name cannot be inflected by a
 * template, so a Russian reader gets «для Иван» (should be «для Ивана»). Every other Russian desk text that names a
 * partner carries the case on the word «партнёр» («Договор партнёра {{who}}», «Партнёру {{who}} начислен бонус»,
 * «Коды партнёра {{who}}»); the payout card and its modals do not.
 */
describe('ru desk: the payout approval card names the partner grammatically', () => {
  const env = withDesk('2026-03-16T10:00:00Z', { SLACK_DESK_LANGUAGE: 'ru' })
  let api: Api
  let slack: FakeSlack
  beforeAll(() => {
    ;({ api, slack } = env())
    slack.locales.set(USERS.finance, 'ru-RU')
  })

  it('«… для партнёра Иван в программе JQSEE», not «для Иван»', async () => {
    const { partner, codes } = await api.enrolled('jqsee', {
      name: 'Иван',
      language: 'ru',
      legalType: 'individual',
      telegramId: 93_002,
    })
    await api.recorded('jqsee', {
      id: `rw-${partner}`,
      type: 'payment',
      occurredAt: '2026-03-16T09:00:00Z',
      customer: `rw-${partner}`,
      ref: codes[0]!.code,
      order: `rw-${partner}`,
      amount: '12345.00',
      currency: 'USD',
    })
    const r = await api.requestPayout(
      partner,
      { program: 'jqsee', method: 'paypal', details: { email: 'ivan@example.com' } },
      `rw-${partner}`,
    )
    expect(r.status).toBe(201)
    const card = await slack.waitForCall(
      'chat.postMessage',
      (c: SlackCall) => c.payload.channel === CHANNELS.finance && JSON.stringify(c.payload).includes(r.body.payout.id),
      10_000,
    )
    const actions = (card.payload.blocks as any[]).find((b) => b.type === 'actions')
    const approve = actions.elements.find((e: any) => e.action_id === 'payout_approve')
    expect(approve.confirm.text.text).toBe(
      '1\u00a0234,50 USD для партнёра Иван в программе JQSEE; к получению 1\u00a0234,50 USD.',
    )
  })
})
