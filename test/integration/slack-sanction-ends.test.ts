import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack, SlackCall } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * The partner card's sanction form gives a code suspension or a block an optional end day ("Until (optional)", a
 * date picker), through signed Slack requests: the day is the program's (the sanction ends at its first moment), a
 * day already begun is refused at the field, and a warning or a disqualification has no such field. The minute sweep
 * then lifts it when the day comes, the partner told.
 */
describe('slack: a sanction with an end day', () => {
  // a desk user's language is remembered for a while: one support agent per language
  const env = withDesk('2026-03-06T10:00:00Z', { SLACK_SUPPORT_USERS: 'USUPPORT,URUSUP,UKKSUP,UKASUP,ULVSUP' })
  let api: Api
  let slack: FakeSlack
  let telegram: FakeTelegram
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, slack, telegram, desk } = env())
  })

  let chat = 8700
  const partner = async (language = 'en') => {
    const tg = ++chat
    const { partner, codes } = await api.enrolled('quantower', {
      name: `Ivan ${tg}`,
      language,
      legalType: 'individual',
      telegramId: tg,
    })
    return { partner, chat: tg, code: codes[0]!.code }
  }
  const open = async (user: string, action: string, partnerId: string) => {
    const before = slack.calls.length
    await desk.action(user, action, `${partnerId}:quantower`, { channel: 'CSUPPORT' })
    return desk.openedView(before)
  }
  const endField = (view: { blocks: unknown[] }) =>
    (view.blocks as { block_id?: string; label?: { text: string }; element?: { type: string } }[]).find(
      (b) => b.block_id === 'ends',
    )
  const sanctions = (partnerId: string) =>
    api.service.db.prisma.sanction.findMany({ where: { enrolment: { partnerId } }, orderBy: { createdAt: 'asc' } })

  const text = (c: { text?: string; blocks?: unknown[] }) => `${c.text ?? ''}${JSON.stringify(c.blocks ?? [])}`
  const card = async (user: string, partnerId: string) =>
    text(await slack.response((await desk.command(`partner ${partnerId}`, user)).responseId))
  const done = async (user: string, since: number) =>
    String(
      (await slack.waitForCall('chat.postEphemeral', (c: SlackCall) => c.payload.user === user, 5000, since)).payload
        .text,
    )

  it('suspend codes until a day: a past day is refused at the field, a later one is kept as the program day’s start; the sweep lifts it then', async () => {
    const p = await partner('ru')
    const view = await open(USERS.support, 'partner_suspend_codes', p.partner)
    expect(endField(view)).toMatchObject({
      label: { text: 'Until (optional)' },
      optional: true,
      element: { type: 'datepicker', action_id: 'date' },
    })
    // today has begun already (the sanction would end before it starts)
    const past = await desk.submit(USERS.support, view, {
      reason: { reason: { selected: 'bot_traffic' } },
      ends: { date: { date: '2026-03-06' } },
    })
    expect(past.body).toMatchObject({
      response_action: 'errors',
      errors: { ends: 'The end date must be in the future.' },
    })
    expect(await sanctions(p.partner)).toEqual([])

    const ok = await desk.submit(USERS.support, view, {
      reason: { reason: { selected: 'bot_traffic' } },
      ends: { date: { date: '2026-03-10' } },
    })
    expect(ok.status).toBe(200)
    expect(ok.body).toBeUndefined()
    const [s] = await sanctions(p.partner)
    const zone = api.service.core.programs.get('quantower')!.timeZone
    expect(s).toMatchObject({ kind: 'suspend_codes', actor: 'slack:USUPPORT', liftedAt: null })
    // the first moment of 10 March in the program's time zone
    expect(new Intl.DateTimeFormat('sv-SE', { timeZone: zone }).format(s!.endsAt!)).toBe('2026-03-10')
    expect(
      new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeStyle: 'medium', hourCycle: 'h23' }).format(s!.endsAt!),
    ).toBe('00:00:00')

    api.clock.set(new Date(s!.endsAt!.getTime() + 30_000).toISOString())
    expect(await api.service.core.sanctions.expireEnded()).toBe(1)
    const told = await telegram.waitForCall(
      'sendMessage',
      (c) => Number(c.payload.chat_id) === p.chat && String(c.payload.text).startsWith('✅'),
      10_000,
    )
    expect(told.payload.text).toBe('✅ Программа Quantower восстановила ваши реферальные ссылки и промокоды.')
    const codes = await api.service.db.prisma.referralCode.findMany({ where: { enrolment: { partnerId: p.partner } } })
    expect(codes.map((c) => c.status)).toEqual(['active'])
    api.clock.set('2026-03-06T10:00:00Z')
  })

  it('a block until a day, in the desk user’s own language; a warning and a disqualification have no end field', async () => {
    slack.locales.set(USERS.admin, 'lv-LV')
    const p = await partner()
    const view = await open(USERS.admin, 'partner_block', p.partner)
    expect(endField(view)).toMatchObject({ label: { text: 'Beigu datums (nav obligāts)' } })
    await desk.submit(USERS.admin, view, {
      reason: { reason: { selected: 'fraud' } },
      ends: { date: { date: '2026-04-01' } },
    })
    const [block] = await sanctions(p.partner)
    expect(block).toMatchObject({ kind: 'block', actor: 'slack:UADMIN' })
    expect(block!.endsAt).toBeInstanceOf(Date)
    slack.locales.delete(USERS.admin)

    const q = await partner()
    expect(endField(await open(USERS.support, 'partner_warn', q.partner))).toBeUndefined()
    expect(endField(await open(USERS.admin, 'partner_disqualify', q.partner))).toBeUndefined()
    // a forged end on a warning is refused by core, nothing applied
    const warn = await open(USERS.support, 'partner_warn', q.partner)
    await desk.submit(USERS.support, warn, {
      reason: { reason: { selected: 'ad_rules' } },
      ends: { date: { date: '2026-04-01' } },
    })
    expect(await sanctions(q.partner)).toEqual([])
  })

  it('the answer and the partner card say until when a sanction lasts, in the desk user’s language; without an end both are as before', async () => {
    const cases = [
      {
        locale: 'en-US',
        user: 'USUPPORT',
        done: 'are suspended until March 10, 2026 (UTC). The partner is told in Telegram.',
        line: '(<@USUPPORT>) · until March 10, 2026 (UTC)',
      },
      {
        locale: 'ru-RU',
        user: 'URUSUP',
        done: 'приостановлены до 10 марта 2026 г. (UTC); партнёру сообщат в Telegram.',
        line: '(<@URUSUP>) · до 10 марта 2026 г. (UTC)',
      },
      {
        locale: 'kk-KZ',
        user: 'UKKSUP',
        done: 'кодтары тоқтатылды. Тоқтатудың аяқталу күні: 2026 ж. 10 наурыз (UTC). Серіктеске Telegram арқылы хабарланады.',
        line: '(<@UKKSUP>) · аяқталу күні: 2026 ж. 10 наурыз (UTC)',
      },
      {
        locale: 'ka-GE',
        user: 'UKASUP',
        done: 'შეჩერებულია. შეჩერების ვადა სრულდება: 10 მარტი, 2026 (UTC). პარტნიორს Telegram-ში ეცნობება.',
        line: '(<@UKASUP>) · დასრულება: 10 მარტი, 2026 (UTC)',
      },
      {
        locale: 'lv-LV',
        user: 'ULVSUP',
        done: 'apturēti. Apturējuma beigas: 2026. gada 10. marts (UTC). Partneris saņems ziņu Telegram.',
        line: '(<@ULVSUP>) · beigas: 2026. gada 10. marts (UTC)',
      },
    ]
    for (const c of cases) {
      slack.locales.set(c.user, c.locale)
      const p = await partner()
      const view = await open(c.user, 'partner_suspend_codes', p.partner)
      const since = slack.calls.length
      await desk.submit(c.user, view, {
        reason: { reason: { selected: 'bot_traffic' } },
        ends: { date: { date: '2026-03-10' } },
      })
      expect(await done(c.user, since), c.locale).toContain(c.done)
      expect(await card(c.user, p.partner), c.locale).toContain(c.line)
      slack.locales.delete(c.user)
    }

    // a block until a day: the admin's answer says it too (in Latvian, as the admin reads the desk here)
    slack.locales.set(USERS.admin, 'lv-LV')
    const b = await partner()
    const blockView = await open(USERS.admin, 'partner_block', b.partner)
    const blockSince = slack.calls.length
    await desk.submit(USERS.admin, blockView, {
      reason: { reason: { selected: 'fraud' } },
      ends: { date: { date: '2026-04-01' } },
    })
    expect(await done(USERS.admin, blockSince)).toMatch(
      /^⛔️ Partneris .+ bloķēts programmā .+; atvērtās izmaksas nodotas pārbaudei\. Bloķējuma beigas: 2026\. gada 1\. aprīlis \(UTC\)\. Partneris saņems ziņu Telegram\.$/,
    )
    expect(await card(USERS.admin, b.partner)).toContain('(<@UADMIN>) · beigas: 2026. gada 1. aprīlis (UTC)')
    slack.locales.delete(USERS.admin)

    // without an end: no "until", the answer as before
    const q = await partner()
    const plain = await open(USERS.support, 'partner_suspend_codes', q.partner)
    const plainSince = slack.calls.length
    await desk.submit(USERS.support, plain, { reason: { reason: { selected: 'bot_traffic' } } })
    expect(await done(USERS.support, plainSince)).toMatch(
      /^⏸ The codes of partner .+ in .+ are suspended\. The partner is told in Telegram\.$/,
    )
    const plainCard = await card(USERS.support, q.partner)
    expect(plainCard).toContain('code suspension: automated or forced actions (<@USUPPORT>)')
    expect(plainCard).not.toContain('until')
  })
  it('the lift buttons and the lift form say until when a sanction lasts, in the desk user’s language; one without an end reads as before', async () => {
    const cases = [
      {
        locale: 'en-US',
        user: 'USUPPORT',
        // the program's long English name gives way to Slack's 75 characters, never the end
        button: 'Lift: code suspension — until March 10, 2026 (UTC) (Quantower referral pr…)',
        form: 'In force: code suspension — until March 10, 2026 (UTC)',
      },
      {
        locale: 'ru-RU',
        user: 'URUSUP',
        button: 'Снять: приостановка кодов — до 10 марта 2026 г. (UTC) (Quantower)',
        form: 'Действует: приостановка кодов — до 10 марта 2026 г. (UTC)',
      },
      {
        locale: 'kk-KZ',
        user: 'UKKSUP',
        button: 'Алу: кодтарды тоқтату — аяқталу күні: 2026 ж. 10 наурыз (UTC) (Quantower)',
        form: 'Күшінде: кодтарды тоқтату — аяқталу күні: 2026 ж. 10 наурыз (UTC)',
      },
      {
        locale: 'ka-GE',
        user: 'UKASUP',
        button: 'მოხსნა: კოდების შეჩერება — დასრულება: 10 მარტი, 2026 (UTC) (Quantower)',
        form: 'მოქმედებს: კოდების შეჩერება — დასრულება: 10 მარტი, 2026 (UTC)',
      },
      {
        locale: 'lv-LV',
        user: 'ULVSUP',
        button: 'Atcelt: kodu apturēšana — beigas: 2026. gada 10. marts (UTC) (Quantower)',
        form: 'Spēkā: kodu apturēšana — beigas: 2026. gada 10. marts (UTC)',
      },
    ]
    const liftButtons = async (user: string, partnerId: string) => {
      const answer = await slack.response((await desk.command(`partner ${partnerId}`, user)).responseId)
      const lift = (answer.blocks as { block_id?: string; elements?: { text: { text: string } }[] }[]).find(
        (b) => b.block_id === 'lift',
      )
      return (lift?.elements ?? []).map((e) => e.text.text)
    }
    const liftForm = async (user: string, sanctionId: string) => {
      const before = slack.calls.length
      await desk.action(user, 'partner_lift', sanctionId, { channel: 'CSUPPORT' })
      return JSON.stringify((await desk.openedView(before)).blocks)
    }
    for (const c of cases) {
      slack.locales.set(c.user, c.locale)
      const p = await partner()
      const s = await api.operator('POST', `/v1/partners/${p.partner}/sanctions`, {
        program: 'quantower',
        kind: 'suspend_codes',
        reason: 'fraud',
        endsAt: '2026-03-10T00:00:00Z',
      })
      expect(s.status, JSON.stringify(s.body)).toBe(201)
      const buttons = await liftButtons(c.user, p.partner)
      expect(buttons, c.locale).toEqual([c.button])
      expect(c.button.length, c.locale).toBeLessThanOrEqual(75)
      expect(await liftForm(c.user, s.body.sanction.id), c.locale).toContain(c.form)
      slack.locales.delete(c.user)
    }

    // without an end: as before, and the form has no such line
    const r = await partner()
    const open = await api.operator('POST', `/v1/partners/${r.partner}/sanctions`, {
      program: 'quantower',
      kind: 'suspend_codes',
      reason: 'fraud',
    })
    expect(await liftButtons(USERS.support, r.partner)).toEqual(['Lift: code suspension (Quantower referral program)'])
    const form = await liftForm(USERS.support, open.body.sanction.id)
    expect(form).toContain('the code suspension in *Quantower referral program* is lifted')
    expect(form).not.toContain('In force')
  })
  it('the card’s history says who lifted a sanction, or that it ended on its date, in the desk user’s language', async () => {
    api.clock.set('2026-03-06T10:00:00Z')
    const p = await partner()
    const apply = (body: Record<string, unknown>) =>
      api.operator('POST', `/v1/partners/${p.partner}/sanctions`, { program: 'quantower', reason: 'fraud', ...body })
    const suspension = await apply({ kind: 'suspend_codes', endsAt: '2026-03-10T00:00:00Z' })
    const warning = await apply({ kind: 'warning' })
    expect([suspension.status, warning.status]).toEqual([201, 201])
    // support lifts the warning from the card
    const before = slack.calls.length
    await desk.action(USERS.support, 'partner_lift', warning.body.sanction.id, { channel: 'CSUPPORT' })
    const form = await desk.openedView(before)
    expect((await desk.submit(USERS.support, form, { reason: { reason: 'fixed' } })).status).toBe(200)
    // the suspension's end comes (the earlier cases' sanctions ending that day too)
    api.clock.set('2026-03-10T00:00:30Z')
    await api.service.core.sanctions.expireEnded()
    const rows = await api.service.db.prisma.sanction.findMany({ where: { enrolment: { partnerId: p.partner } } })
    expect(rows.map((r) => [r.kind, r.liftedBy]).sort()).toEqual([
      ['suspend_codes', 'system:expiry'],
      ['warning', 'slack:USUPPORT'],
    ])

    const cases = [
      {
        locale: 'en-US',
        user: 'USUPPORT',
        by: '· lifted by <@USUPPORT> on March 6, 2026 (UTC)',
        ended: '· ended on March 10, 2026 (UTC)',
      },
      {
        locale: 'ru-RU',
        user: 'URUSUP',
        by: '· снята 6 марта 2026 г. (UTC) · кем снята: <@USUPPORT>',
        ended: '· срок истёк 10 марта 2026 г. (UTC)',
      },
      {
        locale: 'kk-KZ',
        user: 'UKKSUP',
        by: '· алынған күні: 2026 ж. 6 наурыз (UTC) · кім алды: <@USUPPORT>',
        ended: '· мерзімі аяқталған күні: 2026 ж. 10 наурыз (UTC)',
      },
      {
        locale: 'ka-GE',
        user: 'UKASUP',
        by: '· მოხსნის თარიღი: 6 მარტი, 2026 (UTC) · ვინ მოხსნა: <@USUPPORT>',
        ended: '· ვადა ამოიწურა: 10 მარტი, 2026 (UTC)',
      },
      {
        locale: 'lv-LV',
        user: 'ULVSUP',
        by: '· atcelšanas datums: 2026. gada 6. marts (UTC) · atcēla: <@USUPPORT>',
        ended: '· termiņš beidzās: 2026. gada 10. marts (UTC)',
      },
    ]
    for (const c of cases) {
      slack.locales.set(c.user, c.locale)
      const lines = (await card(c.user, p.partner)).split('\\n')
      const lifted = lines.filter((l) => l.includes(c.by))
      const ended = lines.filter((l) => l.includes(c.ended))
      expect(lifted, c.locale).toHaveLength(1)
      expect(ended, c.locale).toHaveLength(1)
      // the service's own actor is not shown as a person, and the end is said once
      expect(ended[0], c.locale).not.toContain('system:expiry')
      expect(ended[0]!.slice(ended[0]!.indexOf(c.ended) + c.ended.length), c.locale).not.toMatch(/^ · /)
      slack.locales.delete(c.user)
    }
    api.clock.set('2026-03-06T10:00:00Z')
  })
})
