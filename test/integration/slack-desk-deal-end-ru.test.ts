import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'

/**
 * The partner card's button that ends a partner's individual terms, read by a finance agent whose Slack is in
 * Russian: it said «Отменить условия» ("cancel the terms": which ones, and undone back to when?). It ends the
 * individual terms from now on (any still to come never start), the program's commission applies again, and the
 * commissions already recorded stay as they are.
 */
describe('slack desk: ending a deal, in Russian', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, desk } = env())
  })

  it('the button says «Прекратить действие индивидуальных условий», and what it did is said in the same words', async () => {
    slack.locales.set(USERS.finance, 'ru-RU')
    const { partner } = await api.enrolled('quantower', {
      name: 'Deal 9951',
      language: 'ru',
      legalType: 'individual',
      telegramId: 9951,
    })
    const set = await api.operator('PUT', `/v1/programs/quantower/partners/${partner}/deal`, {
      commission: { levels: [{ name: 'raised', after: 0, rateBps: 2500 }] },
      from: '2026-03-06',
      note: 'raised for volume',
    })
    expect(set.status, JSON.stringify(set.body)).toBe(201)

    const card = await slack.response((await desk.command(`partner ${partner}`, USERS.finance)).responseId)
    const deal = (card.blocks as any[]).find((b) => b.type === 'actions' && b.block_id === 'deal:quantower')
    const end = deal.elements.find((e: any) => e.action_id === 'deal_end')
    expect(end.text.text).toBe('Прекратить действие индивидуальных условий')

    const ended = await desk.action(USERS.finance, 'deal_end', end.value)
    expect((await slack.response(ended.responseId)).text).toMatch(
      /: действие индивидуальных условий прекращено, с этого момента действует вознаграждение программы\. Партнёр уведомлён\.$/,
    )
  })
})
