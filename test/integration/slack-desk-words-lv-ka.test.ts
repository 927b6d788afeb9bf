import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'

/** (Found by outside reviews of the desk.) Desk wording an agent whose Slack is in Latvian or Georgian reads. */
describe('slack desk wording in Latvian and Georgian', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, desk } = env())
  })

  let chat = 9800
  const blocksOf = async (id: string) => ((await slack.response(id)) as { blocks?: any[] }).blocks ?? []

  it('the deal buttons on the partner card name the individual terms, not "Noteikt noteikumus" (lv-LV)', async () => {
    slack.locales.set(USERS.finance, 'lv-LV')
    const { partner } = await api.enrolled('quantower', {
      name: `Deal ${++chat}`,
      language: 'lv',
      legalType: 'individual',
      telegramId: chat,
    })
    const blocks = await blocksOf((await desk.command(`partner ${partner}`, USERS.finance)).responseId)
    const deal = blocks.find((b) => b.type === 'actions' && b.block_id === 'deal:quantower')
    expect(deal, 'a finance agent may set a deal').toBeDefined()
    const words = deal.elements.map((e: any) => e.text.text as string)
    expect(words, 'the same root twice: "set the terms"').not.toContain('Noteikt noteikumus')
    expect(words).toContain('Iestatīt individuālos noteikumus')
  })
})
