import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { applyThroughBot } from '../helpers/applicant.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack, SlackCall } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { jqseeCommission } from '../helpers/jqsee-commission.ts'
import { licencePayoutRow } from '../helpers/licence-payout.ts'

type Env = () => { api: Api; slack: FakeSlack; desk: DeskClient; telegram: FakeTelegram }

const blocksOf = async (slack: FakeSlack, id: string) => ((await slack.response(id)) as { blocks?: any[] }).blocks ?? []

/** Every word a set of blocks shows (texts, buttons, labels), one string. */
const wordsOf = (blocks: unknown) =>
  JSON.stringify(blocks, (k, v) => (k === 'value' || k === 'action_id' || k === 'block_id' ? undefined : v))

/** The button with this action id, anywhere in the blocks. */
const buttonOf = (blocks: any[], actionId: string, text?: string): any =>
  blocks
    .flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])])
    .find((e: any) => e.action_id === actionId && (!text || String(e.text?.text).includes(text)))

/** A jqsee partner's commission held for review: the held row's buttons on the card `user` reads. */
async function heldButtons(env: Env, user: string, o: { chat: number; language: string }) {
  const { api, slack, desk } = env()
  const p = await jqseeCommission(api, { chat: o.chat, language: o.language, prefix: 'rk', n: o.chat })
  const hold = await api.operator('POST', `/v1/commissions/${p.commission}/review`, {
    action: 'hold',
    reason: 'traffic_check',
  })
  expect(hold.status).toBe(200)
  const blocks = await blocksOf(slack, (await desk.command(`partner ${p.partner}`, user)).responseId)
  return blocks.find((b) => b.type === 'actions' && String(b.block_id).startsWith('held:')).elements as any[]
}

function partnerFlows(env: Env, n: { chat: number }) {
  /** A jqsee partner with a 15.00 USD commission and a PayPal payout of all of it: the card in the finance channel. */
  const payoutCard = async () => {
    const { api, slack } = env()
    const tg = ++n.chat
    const { partner, codes } = await api.enrolled('jqsee', {
      name: `Payee ${tg}`,
      language: 'en',
      legalType: 'individual',
      telegramId: tg,
    })
    await api.recorded('jqsee', {
      id: `rk-${partner}`,
      type: 'payment',
      occurredAt: new Date(api.clock.now().getTime() - 3_600_000).toISOString(),
      customer: `rk-${partner}`,
      ref: codes[0]!.code,
      order: `rk-${partner}`,
      amount: '150.00',
      currency: 'USD',
    })
    const r = await api.requestPayout(
      partner,
      { program: 'jqsee', method: 'paypal', details: { email: `payee${tg}@example.com` } },
      `rk-${partner}`,
    )
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const id = r.body.payout.id as string
    return slack.waitForCall(
      'chat.postMessage',
      (c: SlackCall) => c.payload.channel === CHANNELS.finance && JSON.stringify(c.payload).includes(id),
      10_000,
    )
  }
  /** A quantower partner's card as `user` reads it, with the codes suspended. */
  const suspendedCard = async (user: string) => {
    const { api, slack, desk } = env()
    const { partner } = await api.enrolled('quantower', {
      name: `Suspended ${++n.chat}`,
      language: 'en',
      legalType: 'individual',
      telegramId: n.chat,
    })
    const s = await api.operator('POST', `/v1/partners/${partner}/sanctions`, {
      program: 'quantower',
      kind: 'suspend_codes',
      reason: 'bot_traffic',
    })
    expect(s.status, JSON.stringify(s.body)).toBe(201)
    return blocksOf(slack, (await desk.command(`partner ${partner}`, user)).responseId)
  }
  return { payoutCard, suspendedCard }
}

/**
 * (Found by an outside review of the desk in Russian and Kazakh.) What an agent reads on the desk: a Russian desk
 * (SLACK_DESK_LANGUAGE=ru, agents' Slack in Russian) and a Kazakh one (SLACK_DESK_LANGUAGE=kk: Slack has no Kazakh,
 * so agents who read it in English get the desk's language).
 */
describe('slack desk wording in Russian', () => {
  const env = withDesk('2026-03-06T10:00:00Z', { SLACK_DESK_LANGUAGE: 'ru' })
  const n = { chat: 9600 }
  beforeAll(() => {
    for (const user of Object.values(USERS)) env().slack.locales.set(user, 'ru-RU')
  })

  it('an empty dispute queue says there are none, not «0 открытых споров, сначала — с ближайшим сроком»', async () => {
    const { slack, desk } = env()
    const blocks = await blocksOf(slack, (await desk.command('disputes', USERS.support)).responseId)
    const words = wordsOf(blocks)
    expect(words).toContain('Открытых споров нет.')
    expect(words).not.toContain('0 открытых споров')
  })

  it('the payout card is a «Заявка на выплату», as the glossary and the queue call it', async () => {
    const flows = partnerFlows(env, n)
    const card = await flows.payoutCard()
    expect(card.payload.text).toMatch(/^Заявка на выплату: 15,00 USD · JQSEE · срок выплаты: /)
    expect(wordsOf(card.payload.blocks)).not.toContain('Запрос на выплату')
  })

  it('a sanction is named as a thing the lift button takes away: «Снять: приостановка кодов»', async () => {
    const flows = partnerFlows(env, n)
    const blocks = await flows.suspendedCard(USERS.support)
    const lift = buttonOf(blocks, 'partner_lift')
    expect(lift.text.text).toBe('Снять: приостановка кодов (Quantower)')
    expect(wordsOf(blocks)).toContain('Quantower · приостановка кодов: ')
  })

  it('review flags are «флаги» on the card and the dashboard as on the flag itself', async () => {
    const { slack, desk } = env()
    await desk.event({ type: 'app_home_opened', user: USERS.admin, channel: 'DHOME', tab: 'home' })
    const home = await slack.waitForCall('views.publish', (c) => c.payload.user_id === USERS.admin, 10_000)
    const words = wordsOf(home.payload.view.blocks)
    expect(words).toContain('*Флаги на проверку*: ')
    expect(words).not.toContain('Отметки')
  })

  it('a rate the code form refuses is shown with the decimal comma the form takes: «12,5»', async () => {
    const { api, slack, desk } = env()
    const { partner } = await api.enrolled('jqsee', {
      name: `Coded ${++n.chat}`,
      language: 'ru',
      legalType: 'individual',
      telegramId: n.chat,
    })
    const blocks = await blocksOf(slack, (await desk.command(`partner ${partner}`, USERS.admin)).responseId)
    const add = buttonOf(blocks, 'code_add')
    const before = slack.calls.length
    await desk.action(USERS.admin, add.action_id, add.value)
    const view = await desk.openedView(before)
    const done = await desk.submit(USERS.admin, view, { rate: { rate: 'пятнадцать' } })
    expect(done.body?.errors?.rate).toBe('Укажите процент больше 0 и не больше 100, например 15 или 12,5.')
  })

  it('an application card names what the partner answered when joining, not «ownAccount» / «ageConfirmed»', async () => {
    const { api, slack, telegram } = env()
    const { partner } = await applyThroughBot(api, telegram, ++n.chat, 'ru')
    const card = await slack.waitForCall(
      'chat.postMessage',
      (c: SlackCall) => c.payload.channel === CHANNELS.disputes && JSON.stringify(c.payload).includes(partner),
      10_000,
    )
    const words = wordsOf(card.payload.blocks)
    expect(words).toContain(`• Минимальный возраст подтверждён: да`)
    expect(words).toContain(`• Собственный аккаунт в продукте программы: own-${n.chat}`)
    expect(words).not.toMatch(/ownAccount|ageConfirmed/)
  })

  it('ending an agreement in a program that forfeits on breach says whose money and what happens to it', async () => {
    const { api, slack, desk } = env()
    const { partner } = await api.enrolled('chetup', {
      name: `Ending ${++n.chat}`,
      language: 'ru',
      legalType: 'individual',
      telegramId: n.chat,
    })
    const blocks = await blocksOf(slack, (await desk.command(`partner ${partner}`, USERS.admin)).responseId)
    const end = buttonOf(blocks, 'partner_end')
    const before = slack.calls.length
    await desk.action(USERS.admin, end.action_id, end.value)
    const words = wordsOf((await desk.openedView(before)).blocks)
    expect(words).toContain(
      'Деньги партнёра при нарушении: всё невыплаченное вознаграждение сразу аннулируется, открытые заявки на выплату отклоняются; выплаченное остаётся у партнёра.',
    )
    expect(words).not.toContain('их деньги')
  })

  it("the held commission's third button says what it does: «Отметить как некачественное», not «Некачественное»", async () => {
    const buttons = await heldButtons(env, USERS.admin, { chat: ++n.chat, language: 'ru' })
    const substandard = buttons.find((e) => String(e.action_id).endsWith(':substandard'))
    expect(substandard.text.text).toBe('Отметить как некачественное')
  })

  it('a payout row has no «причина: —»; a licence payout confirms what goes to licences, not «к получению 0,00»', async () => {
    const { api, slack, desk } = env()
    const { row, confirm } = await licencePayoutRow(api, slack, desk, `ru-${++n.chat}`)
    expect(row).toContain(' · запрошена с ')
    expect(row).not.toContain('причина')
    expect(confirm).toContain('; на лицензии будет потрачено 10,50 USD.')
    expect(confirm).not.toContain('к получению')
  })

  it('a warning not fixed in time names the partner as «партнёр …», not as a man: «Ilze … не устранил»', async () => {
    const { api, slack } = env()
    // last in this describe: it moves the clock on
    const { partner } = await api.enrolled('melbet', {
      name: 'Ilze Bērziņa',
      language: 'lv',
      legalType: 'individual',
      registeredAt: '2026-01-10T12:00:00Z',
    })
    const w = await api.operator('POST', `/v1/partners/${partner}/sanctions`, {
      program: 'melbet',
      kind: 'warning',
      reason: 'ad_rules',
    })
    expect(w.status, JSON.stringify(w.body)).toBe(201)
    api.clock.set('2026-03-14T00:00:00Z')
    const since = slack.calls.length
    expect(await api.service.core.sanctions.escalateOverdue()).toBe(1)
    const notice = await slack.waitForCall(
      'chat.postMessage',
      (c) => JSON.stringify(c.payload).includes('home_open_partner'),
      10_000,
      since,
    )
    expect(String(notice.payload.text)).toContain(
      '⛔️ *Melbet*: партнёр Ilze Bērziņa не устранил нарушение, указанное в предупреждении (нарушение правил рекламы), за 5 рабочих дней.',
    )
  })
})

describe('slack desk wording in Kazakh', () => {
  const env = withDesk('2026-03-06T10:00:00Z', { SLACK_DESK_LANGUAGE: 'kk' })
  const n = { chat: 9650 }

  it('the payout card is a «Төлем өтінімі» and its status a «күйі», as the glossary says', async () => {
    const flows = partnerFlows(env, n)
    const card = await flows.payoutCard()
    expect(card.payload.text).toMatch(/^Төлем өтінімі: 15,00 USD · JQSEE · төлем мерзімі: /)
    const words = wordsOf(card.payload.blocks)
    expect(words).toContain('*Күйі*')
    expect(words).toContain('*Бағдарламадағы күйі*')
    expect(words).not.toMatch(/мәртебе|сұраныс/i)
  })

  it('the deal buttons name the individual terms, and a code button names the code as a code', async () => {
    const { api, slack, desk } = env()
    const { partner } = await api.enrolled('quantower', {
      name: `Deal ${++n.chat}`,
      language: 'kk',
      legalType: 'individual',
      telegramId: n.chat,
    })
    const set = await api.operator('PUT', `/v1/programs/quantower/partners/${partner}/deal`, {
      commission: { levels: [{ name: 'raised', after: 0, rateBps: 2500 }] },
      from: '2026-03-06',
      note: 'raised for volume',
    })
    expect(set.status, JSON.stringify(set.body)).toBe(201)
    const blocks = await blocksOf(slack, (await desk.command(`partner ${partner}`, USERS.admin)).responseId)
    expect(buttonOf(blocks, 'deal_set').text.text).toBe('Жеке шарттарды белгілеу')
    expect(buttonOf(blocks, 'deal_end').text.text).toBe('Жеке шарттарды тоқтату')
    const suspend = buttonOf(blocks, 'code_suspend')
    expect(suspend.text.text).toMatch(/^\w+ кодын тоқтату$/)
  })

  it('a sanction is named as a thing the lift button takes away: «Алу: кодтарды тоқтату»', async () => {
    const flows = partnerFlows(env, n)
    const blocks = await flows.suspendedCard(USERS.support)
    expect(buttonOf(blocks, 'partner_lift').text.text).toBe('Алу: кодтарды тоқтату (Quantower)')
  })

  it('a payout row has no «себебі: —» and no «(күні: … (Europe/Kyiv))»; a licence payout confirms what it gives', async () => {
    const { api, slack, desk } = env()
    const { row, confirm } = await licencePayoutRow(api, slack, desk, `kk-${++n.chat}`)
    expect(row).toContain(' · сұралды · күні: ')
    expect(row).not.toContain('себебі')
    expect(row).not.toMatch(/\([^)]*\(/)
    expect(confirm).toContain('; 10,50 USD лицензияларға жұмсалады.')
    expect(confirm).not.toContain('алатын сома')
  })

  it('voiding a held commission says the money is taken back (шегеріледі), not "returned"', async () => {
    const { slack, desk } = env()
    const buttons = await heldButtons(env, USERS.admin, { chat: ++n.chat, language: 'kk' })
    expect(buttons.find((e) => String(e.action_id).endsWith(':substandard')).text.text).toBe('Сапасыз деп белгілеу')
    const voidButton = buttons.find((e) => String(e.action_id).endsWith(':void'))
    const before = slack.calls.length
    await desk.action(USERS.admin, voidButton.action_id, voidButton.value)
    const effect = String((await desk.openedView(before)).blocks[0].text.text)
    expect(effect).toContain('ақша шегеріледі')
    expect(effect).not.toContain('қайтарылады')
  })
})
