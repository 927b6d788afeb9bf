import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { jqseeAtPayoutAmount } from '../helpers/payout-flow.ts'

/**
 * (Found by an outside review.) A flow's place in the chat lives a day in Redis after its last answer. A partner who
 * comes back later and taps "Confirm" under the payout preview (or "I accept the terms" under a join) was only told
 * "this button is no longer active": not whether the payout was requested, nor how to go on. The alert now names the
 * command that shows where things stand and starts again; nothing is requested by the tap.
 */
describe('telegram: a flow question tapped after the flow expired says how to go on', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  /** The chat's flow state is gone, as after a day of silence (the keys' expiry). */
  async function expire(chat: number) {
    // the flow's state is written once the update that asked is handled
    await new Promise((r) => setTimeout(r, 500))
    const redis = api.service.redis.connect()
    try {
      const keys = await redis.keys(`*:tg:conversation:${chat}*`)
      expect(keys.length).toBeGreaterThan(0)
      await redis.del(...keys)
    } finally {
      redis.disconnect()
    }
  }
  const alertOf = async (chat: number, messageId: number, data: string) => {
    const id = await telegram.pressButton(chat, messageId, data)
    return (await telegram.waitForCall('answerCallbackQuery', (c) => c.payload.callback_query_id === id)).payload
  }

  it.each([
    ['ru', 95_001],
    ['ka', 95_002],
  ] as const)("the payout preview's Confirm (%s)", async (language, chat) => {
    const t = createI18n().t(language)
    const p = await jqseeAtPayoutAmount(api, telegram, language, chat, 'exp')
    await telegram.press(chat, ':all')
    const preview = await telegram.keyboardAfter(chat, 5)
    await expire(chat)
    const confirm = preview.buttons.find((b) => b.data.endsWith(':confirm'))!
    expect(await alertOf(chat, preview.message_id, confirm.data)).toMatchObject({
      text: t('flows.over.payout'),
      show_alert: true,
    })
    expect(t('flows.over.payout')).toContain('/payout')
    expect((await api.operator('GET', `/v1/partners/${p.partner}/payouts`)).body.payouts).toEqual([])
  })

  it.each([
    ['ru', 95_011],
    ['ka', 95_012],
  ] as const)('the join\'s "I accept the terms" (%s)', async (language, chat) => {
    const t = createI18n().t(language)
    telegram.languages.set(chat, language)
    await telegram.sendText(chat, '/start jqsee')
    const terms = await telegram.keyboardAfter(chat, 1)
    await expire(chat)
    expect(await alertOf(chat, terms.message_id, terms.buttons[0]!.data)).toMatchObject({
      text: t('flows.over.join'),
      show_alert: true,
    })
    expect(t('flows.over.join')).toContain('/start')
  })
})
