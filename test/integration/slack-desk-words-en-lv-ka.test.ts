import { describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import { jqseeCommission } from '../helpers/jqsee-commission.ts'
import { licencePayoutRow } from '../helpers/licence-payout.ts'

type Env = () => { api: Api; slack: FakeSlack; desk: DeskClient }

const blocksOf = async (slack: FakeSlack, id: string) => ((await slack.response(id)) as { blocks?: any[] }).blocks ?? []

/** Every word a set of blocks shows (texts, buttons, labels), one string. */
const wordsOf = (blocks: unknown) =>
  JSON.stringify(blocks, (k, v) => (k === 'value' || k === 'action_id' || k === 'block_id' ? undefined : v))

/** The button with this action id, anywhere in the blocks. */
const buttonOf = (blocks: any[], actionId: string): any =>
  blocks
    .flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])])
    .find((e: any) => e.action_id === actionId)

/** A quantower partner with the codes suspended: the lift button on the card and the modal it opens. */
async function liftSuspension(env: Env, chat: number) {
  const { api, slack, desk } = env()
  const { partner } = await api.enrolled('quantower', {
    name: `Suspended ${chat}`,
    language: 'en',
    legalType: 'individual',
    telegramId: chat,
  })
  const s = await api.operator('POST', `/v1/partners/${partner}/sanctions`, {
    program: 'quantower',
    kind: 'suspend_codes',
    reason: 'bot_traffic',
  })
  expect(s.status, JSON.stringify(s.body)).toBe(201)
  const blocks = await blocksOf(slack, (await desk.command(`partner ${partner}`, USERS.support)).responseId)
  const lift = buttonOf(blocks, 'partner_lift')
  const before = slack.calls.length
  await desk.action(USERS.support, lift.action_id, lift.value)
  const modal = wordsOf((await desk.openedView(before)).blocks)
  return { button: String(lift.text.text), modal }
}

/** A jqsee partner's commission held for review: the held row's buttons on the card an admin reads. */
async function heldButtons(env: Env, o: { chat: number; language: string }) {
  const { api, slack, desk } = env()
  const p = await jqseeCommission(api, { chat: o.chat, language: o.language, prefix: 'elk', n: o.chat })
  const hold = await api.operator('POST', `/v1/commissions/${p.commission}/review`, {
    action: 'hold',
    reason: 'traffic_check',
  })
  expect(hold.status).toBe(200)
  const blocks = await blocksOf(slack, (await desk.command(`partner ${p.partner}`, USERS.admin)).responseId)
  return blocks.find((b) => b.type === 'actions' && String(b.block_id).startsWith('held:')).elements as any[]
}

const cases = [
  {
    language: 'en',
    chat: 9700,
    lift: 'Lift: code suspension (Quantower referral program)',
    effect: 'the code suspension in *Quantower referral program* is lifted',
    substandard: 'Mark substandard',
    row: ' · requested since ',
    reason: 'reason:',
    licences: '; 10.50 USD goes to licences.',
  },
  {
    language: 'lv',
    chat: 9730,
    lift: 'Atcelt: kodu apturēšana (Quantower)',
    effect: 'sankcija „kodu apturēšana“ programmā *Quantower* tiks atcelta',
    substandard: 'Atzīmēt kā nekvalitatīvu',
    row: ' · pieprasīta · datums: ',
    reason: 'iemesls:',
    licences: '; 10,50 USD tiks izlietoti licencēm.',
  },
  {
    language: 'ka',
    chat: 9760,
    lift: 'მოხსნა: კოდების შეჩერება (Quantower)',
    effect: 'სანქცია „კოდების შეჩერება“ პროგრამაში *Quantower* მოიხსნება',
    substandard: 'არასტანდარტულად მონიშვნა',
    row: ' · მოთხოვნილი · თარიღი: ',
    reason: 'მიზეზი:',
    licences: '; 10,50 USD მოხმარდება ლიცენზიებს.',
  },
]

/**
 * (Found by a review of the desk.) What an agent reads on an English, Latvian and Georgian desk: sanctions named as
 * things one lifts, buttons that say what they do, payout rows without empty fields.
 */
for (const c of cases) {
  describe(`slack desk wording in ${c.language}`, () => {
    const env = withDesk('2026-03-06T10:00:00Z', { SLACK_DESK_LANGUAGE: c.language })
    let chat = c.chat

    it('a sanction is a thing the lift button and modal take away, not a state («the blocked is lifted»)', async () => {
      const { button, modal } = await liftSuspension(env, ++chat)
      expect(button).toBe(c.lift)
      expect(modal).toContain(c.effect)
    })

    it("the held commission's third button says what it does", async () => {
      const buttons = await heldButtons(env, { chat: ++chat, language: c.language })
      const substandard = buttons.find((e) => String(e.action_id).endsWith(':substandard'))
      expect(substandard.text.text).toBe(c.substandard)
      expect(substandard.text.text.length).toBeLessThanOrEqual(75)
    })

    it('a payout row names no empty reason and nests no brackets; a licence payout confirms what it gives', async () => {
      const { api, slack, desk } = env()
      const { row, confirm } = await licencePayoutRow(api, slack, desk, `${c.language}-${++chat}`)
      expect(row).toContain(c.row)
      expect(row).not.toContain(c.reason)
      expect(row).not.toContain('—')
      expect(row).not.toMatch(/\([^)]*\(/)
      expect(confirm).toContain(c.licences)
      expect(confirm).not.toMatch(/\b0[.,]00\b/)
    })
  })
}
