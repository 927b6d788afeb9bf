import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROGRAMS_DIR } from '../../core/infra/programs/load-definitions.ts'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'

/**
 * (Found by an outside review.) The term change form put every refusal of the drafted change under the date field:
 * "Write the change in at least one language" (terms.no_text) and an invalid new commission (terms.bad_commission)
 * stood under "Effective date", far from the fields they are about. Each refusal now stands under its own field.
 */
describe('the term change form puts a refusal under the field it concerns', () => {
  // worksection-referral paying in yen (no minor unit): its amounts are whole numbers
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'programs-'))
  for (const f of fs.readdirSync(PROGRAMS_DIR).filter((x) => x.endsWith('.json'))) {
    const d = JSON.parse(fs.readFileSync(path.join(PROGRAMS_DIR, f), 'utf8'))
    if (d.key === 'worksection-referral') {
      d.currencies = ['JPY']
      for (const l of d.commission.levels) l.amount = l.amount.replace('.00', '')
      d.commission.refereeReward = d.commission.refereeReward.replace('.00', '')
      d.payout.minimum = { JPY: '50' }
    }
    fs.writeFileSync(path.join(dir, f), JSON.stringify(d))
  }
  const env = withDesk('2026-04-01T09:00:00Z', { PROGRAMS_DIR: dir })
  let api: Api
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, desk } = env())
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  const compose = async (program: string) => {
    const mark = slack.calls.length
    await desk.command(`terms ${program}`, USERS.admin)
    return desk.openedView(mark)
  }
  const drafts = () => api.service.db.prisma.termsVersion.count()

  it('no text in any language: the refusal stands under a text field, not under the date', async () => {
    // nobody is enrolled yet, so no language is required and Slack lets the form through empty
    const view = await compose('worksection-partner')
    const before = await drafts()
    const res = await desk.submit(USERS.admin, view, { effective: { date: { date: '2026-05-01' } } })
    expect(res.body.response_action, JSON.stringify(res.body)).toBe('errors')
    const errors = res.body.errors as Record<string, string>
    expect(errors.effective, 'the missing text is reported under the date field').toBeUndefined()
    expect(errors.text_en).toBe('Write the change in at least one language.')
    expect(await drafts()).toBe(before)
  }, 30_000)

  it('a yen amount with a fraction: the refusal says amounts in yen are whole, under the commission field', async () => {
    const view = await compose('worksection-referral')
    expect(view.blocks.some((b) => b.block_id === 'commission')).toBe(true)
    const before = await drafts()
    const res = await desk.submit(USERS.admin, view, {
      effective: { date: { date: '2026-05-01' } },
      commission: { levels: '0: 30,5\n5: 40' },
      text_en: { text: 'The Iron reward becomes 30.5 yen.' },
    })
    expect(res.body.response_action, JSON.stringify(res.body)).toBe('errors')
    const errors = res.body.errors as Record<string, string>
    expect(errors.effective, 'the commission refusal is reported under the date field').toBeUndefined()
    expect(errors.commission).toBe('Amounts in JPY have no decimal part: write whole numbers.')
    expect(await drafts()).toBe(before)
  }, 30_000)

  it('whole yen amounts are a commission the program can pay: the change goes on to its preview', async () => {
    // they were written with cents ("30.00"), which a currency without a minor unit refuses
    const view = await compose('worksection-referral')
    const res = await desk.submit(USERS.admin, view, {
      effective: { date: { date: '2026-05-01' } },
      commission: { levels: '0: 30\n5: 40' },
      text_en: { text: 'The Iron reward becomes 30 yen.' },
    })
    expect(res.body.errors, JSON.stringify(res.body)).toBeUndefined()
    const preview = JSON.stringify(res.body)
    expect(preview).toContain('25 JPY → *30 JPY*')
    expect(preview).toContain('35 JPY → *40 JPY*')
  }, 30_000)
})
