import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'

/**
 * "Set deal" submitted with the note left blank (only spaces, which Slack's required check lets through) or without
 * a start date: the form must say what is wrong, not repeat the field's own label as the "error".
 */
describe('deal modal: a missing note or start date is explained', () => {
  const env = withDesk('2026-03-06T10:00:00Z', { SLACK_FINANCE_USERS: 'UFINANCE,URUFIN' })
  let api: Api
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, desk } = env())
    slack.locales.set('URUFIN', 'ru-RU')
  })

  for (const user of [USERS.finance, 'URUFIN'])
    it(`${user}: the errors are not the labels of the fields, and no deal is set`, async () => {
      const p = await api.enrolled('quantower', {
        name: `Deal ${user}`,
        language: 'en',
        legalType: 'individual',
      })
      const before = slack.calls.length
      await desk.action(user, 'deal_set', `${p.partner}:quantower`)
      const view = await desk.openedView(before)
      const labels = Object.fromEntries(
        view.blocks.filter((b: any) => b.type === 'input').map((b: any) => [b.block_id, b.label.text as string]),
      )
      const blankNote = await desk.submit(user, view, {
        levels: { levels: '0: 25' },
        from: { date: { date: '2026-03-10' } },
        note: { note: '   ' },
      })
      expect(blankNote.body?.response_action).toBe('errors')
      expect(blankNote.body.errors.note).toBeDefined()
      expect(blankNote.body.errors.note, 'the error under Note is the label "Note …" itself').not.toBe(labels.note)
      expect(blankNote.body.errors.note).toMatch(user === 'URUFIN' ? /^Напишите примечание/ : /^Write a note/)
      const noDate = await desk.submit(user, view, { levels: { levels: '0: 25' }, note: { note: 'Raised' } })
      expect(noDate.body?.response_action).toBe('errors')
      expect(noDate.body.errors.from).toBeDefined()
      expect(noDate.body.errors.from, 'the error under From is the label "From" itself').not.toBe(labels.from)
      const deals = await api.operator('GET', `/v1/programs/quantower/partners/${p.partner}/deal`)
      expect(JSON.stringify(deals.body)).not.toContain('Raised')
    })
})
