import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n, type Language } from '../../bots/i18n/index.ts'
import type { Api } from '../helpers/api.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitUntil } from '../helpers/wait.ts'

const i18n = createI18n()
const LANGS: Language[] = ['en', 'ru', 'kk', 'ka', 'lv']

/**
 * Term changes end to end: an admin writes and previews a change in Slack, publishes it, every partner reads it
 * in Telegram in their own language, answers are counted, and a worksection-referral objection ends the
 * agreement from the moment it is received (seed 001, 8.3).
 */
describe('term changes and broadcasts', () => {
  const env = withDesk('2026-03-02T09:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, telegram, slack, desk } = env())
  })

  const enrol = async (program: string, chat: number, language: Language) => {
    const r = await api.enrol(program, { name: `P${chat}`, language, legalType: 'individual', telegramId: chat })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return r.body.partner.id as string
  }
  const termsMessageTo = (chat: number) =>
    waitUntil(() =>
      telegram.calls.find(
        (c) =>
          c.method === 'sendMessage' && Number(c.payload.chat_id) === chat && String(c.payload.text).startsWith('📜'),
      ),
    )

  it('published from Slack: every partner reads it in their language; answers are counted; the report lists them', async () => {
    const chats = { en: 8101, ru: 8102, kk: 8103, ka: 8104, lv: 8105 } as const
    const ids: Record<string, string> = {}
    for (const lang of LANGS) ids[lang] = await enrol('jqsee', chats[lang], lang)
    const noTelegram = await api.enrol('jqsee', { name: 'Offline', language: 'en', legalType: 'company' })
    // this one blocked the bot: Telegram answers 403
    const gone = await enrol('jqsee', 8106, 'en')
    telegram.blocked.add(8106)

    // a user without the admin role cannot publish
    const refused = await desk.command('terms jqsee', USERS.support)
    await waitUntil(() => slack.responses.find((r) => r.id === refused.responseId))
    expect(slack.responses.find((r) => r.id === refused.responseId)!.body.text).toMatch(/admin/)

    const mark = slack.calls.length
    await desk.command('terms jqsee', USERS.admin)
    const compose = await desk.openedView(mark)
    expect(compose.callback_id).toBe('terms_compose')
    const inputs = compose.blocks.filter((b: any) => b.type === 'input' && b.block_id.startsWith('text_'))
    expect(inputs.map((b: any) => [b.block_id, b.optional])).toEqual(LANGS.map((l) => [`text_${l}`, false]))

    const texts: Record<string, string> = {
      en: 'The commission becomes 12% of each payment.',
      ru: 'Комиссия составит 12% от каждого платежа.',
      kk: 'Комиссия әр төлемнің 12% болады.',
      ka: 'საკომისიო იქნება თითოეული გადახდის 12%.',
      lv: 'Komisija būs 12% no katra maksājuma.',
    }
    const values = (langs: string[]) => ({
      effective: { date: { date: '2026-03-10' } },
      ...Object.fromEntries(langs.map((l) => [`text_${l}`, { text: texts[l]! }])),
    })
    // a language the partners read is missing: refused on that field
    const missing = await desk.submit(USERS.admin, compose, values(['en', 'ru', 'ka', 'lv']))
    expect(missing.body).toMatchObject({ response_action: 'errors' })
    expect(Object.keys(missing.body.errors)).toEqual(['text_kk'])

    const preview = await desk.submit(USERS.admin, compose, values(LANGS))
    expect(preview.body.response_action).toBe('update')
    expect(preview.body.view.callback_id).toBe('terms_preview')
    const shown = JSON.stringify(preview.body.view.blocks)
    for (const l of LANGS) expect(shown).toContain(JSON.stringify(texts[l]).slice(1, -1))

    const published = await desk.submit(USERS.admin, preview.body.view, {})
    expect(published.status).toBe(200)

    // each partner reads it in their own language, with the two buttons
    for (const lang of LANGS) {
      const call = await termsMessageTo(chats[lang])
      const t = i18n.t(lang)
      expect(String(call.payload.text).split('\n')[0]).toBe(t('terms.change.title', { program: 'JQSEE', version: 1 }))
      expect(call.payload.text).toContain(texts[lang])
      const buttons = JSON.parse(JSON.stringify(call.payload.reply_markup)).inline_keyboard.flat()
      expect(buttons.map((b: any) => b.text)).toEqual([t('terms.change.acknowledge'), t('terms.change.object')])
    }
    const versions = (await api.operator('GET', '/v1/programs/jqsee/terms')).body.versions
    expect(versions).toHaveLength(1)
    expect(versions[0]).toMatchObject({ version: 1, publishedAt: '2026-03-02T09:00:00.000Z', missingLanguages: [] })

    // answers: ru acknowledges (twice: counted once), lv objects -> support is told; jqsee's agreement continues
    await telegram.press(chats.ru, `tv:ack:${versions[0].id}`)
    expect(await telegram.nthText(chats.ru, 2)).toBe(
      i18n.t('ru')('terms.answer.acknowledged', { program: 'JQSEE', version: 1 }),
    )
    await telegram.press(chats.lv, `tv:obj:${versions[0].id}`)
    expect(await telegram.nthText(chats.lv, 2)).toBe(i18n.t('lv')('terms.answer.objected', { program: 'JQSEE' }))
    const told = await slack.waitForCall(
      'chat.postMessage',
      (c) => c.payload.channel === CHANNELS.disputes && JSON.stringify(c.payload.blocks ?? []).includes(ids.lv!),
    )
    expect(told.payload.text).toMatch(/objected/)
    // the partner by name, the id only in the button that opens their card
    expect(told.payload.text).not.toContain(ids.lv!)

    // progress in Slack ends as completed with the counts; the operator API says the same
    const broadcasts = (await api.operator('GET', '/v1/broadcasts?program=jqsee')).body.broadcasts
    expect(broadcasts).toHaveLength(1)
    const id = broadcasts[0].id as string
    const done = await waitUntil(async () => {
      const b = (await api.operator('GET', `/v1/broadcasts/${id}`)).body.broadcast
      return b.status === 'completed' && b.acknowledged === 1 && b.objected === 1 ? b : undefined
    })
    expect(done).toMatchObject({ total: 7, sent: 5, failed: 1, blocked: 1, remaining: 0 })
    const progress = await slack.waitForCall(
      'chat.update',
      (c) => c.payload.channel === 'CANY' && JSON.stringify(c.payload.blocks).includes('Completed'),
    )
    expect(JSON.stringify(progress.payload.blocks)).toContain('sent 5')

    // Excel reads the names right only with the byte-order mark (text() would drop it); RFC 4180 line ends
    const csv = Buffer.from(await (await api.get(`/v1/broadcasts/${id}/report.csv`)).arrayBuffer()).toString('utf8')
    expect(csv.startsWith('\ufeffpartner_id,name,')).toBe(true)
    const lines = csv.slice(1).trimEnd().split('\r\n')
    expect(lines).toHaveLength(8)
    expect(lines.find((l) => l.startsWith(gone))).toMatch(/,blocked,.*Forbidden: bot was blocked by the user/)
    expect(lines.find((l) => l.startsWith(ids.ru!))).toMatch(/,ru,sent,.*,acknowledged,/)
    expect(lines.find((l) => l.startsWith(ids.lv!))).toMatch(/,lv,sent,.*,objected,/)
    expect(lines.find((l) => l.startsWith(noTelegram.body.partner.id))).toMatch(/,failed,.*no_telegram/)

    // the pending change is in /terms, with its buttons until answered
    await telegram.sendText(chats.en, '/terms')
    await waitUntil(() => telegram.textsTo(chats.en).find((t) => t.startsWith('📜 Coming change, version 1')))
    // a finished broadcast cannot be paused
    expect((await api.operator('POST', `/v1/broadcasts/${id}/pause`)).status).toBe(409)
  })

  it('worksection-referral: 3 days notice; an objection in time ends the agreement when it is received', async () => {
    const chat = 8201
    const partner = await enrol('worksection-referral', chat, 'en')
    const texts = { en: 'Rewards for Bronze become $30.' }
    // inside the notice period: refused, with the earliest date
    const early = await api.operator('POST', '/v1/programs/worksection-referral/terms', {
      effectiveAt: '2026-03-04T09:00:00Z',
      texts,
    })
    expect(early.status).toBe(422)
    expect(early.body.error.code).toBe('terms.notice_too_short')
    const draft = await api.operator('POST', '/v1/programs/worksection-referral/terms', {
      effectiveAt: '2026-03-05T09:00:00Z',
      texts,
    })
    expect(draft.status).toBe(201)
    const published = await api.operator('POST', `/v1/terms/${draft.body.version.id}/publish`, {})
    expect(published.status).toBe(201)
    expect(published.body.broadcast).toMatchObject({ total: 1, program: 'worksection-referral' })
    expect((await api.operator('POST', `/v1/terms/${draft.body.version.id}/publish`, {})).status).toBe(409)

    const message = await termsMessageTo(chat)
    expect(message.payload.text).toContain('within 3 days')
    api.clock.set('2026-03-03T12:00:00Z') // a day later: in time
    await telegram.press(chat, `tv:obj:${draft.body.version.id}`)
    // objecting ends the agreement: the bot asks first, with the end date and what happens to the money
    expect(await telegram.nthText(chat, 2)).toMatch(
      /^Object to the new Worksection referral program terms\? .* End of the agreement: March 3, 2026/,
    )
    await telegram.press(chat, `tv:obj_yes:${draft.body.version.id}`)
    // seed 001, 8.3: the agreement ends from the moment the objection is received (not at the effective date)
    expect(await telegram.nthText(chat, 3)).toBe(
      'Your objection is recorded. Your agreement with Worksection referral program ended the moment we received it (March 3, 2026 at 2:00 PM GMT+2). Everything you have earned is still paid out: use /payout, even below the minimum.',
    )
    const core = api.service.core
    const terms = await core.terms.forPartner(partner, ['worksection-referral'], 'en')
    expect(terms[0]!.endsAt).toBe('2026-03-03T12:00:00.000Z')
    const e = await api.service.db.prisma.enrolment.findFirstOrThrow({ where: { partnerId: partner } })
    expect(e.status).toBe('terminated')
    expect(await core.terms.endAgreementsDue()).toBe(0) // nothing left to end
    const statement = await api.statement(partner)
    expect(statement.status).toBe(200)
  })

  it('publishing refuses while a language the partners read has no text, and names it', async () => {
    await enrol('chetup', 8301, 'ka')
    await enrol('chetup', 8302, 'ru')
    const draft = await api.operator('POST', '/v1/programs/chetup/terms', {
      effectiveAt: '2026-03-10T00:00:00Z',
      texts: { en: 'New rules.', ka: 'ახალი წესები.' },
    })
    expect(draft.body.version.missingLanguages).toEqual(['ru'])
    const refused = await api.operator('POST', `/v1/terms/${draft.body.version.id}/publish`, {})
    expect(refused.status).toBe(422)
    expect(refused.body.error).toMatchObject({ code: 'terms.missing_languages' })
    expect(JSON.stringify(refused.body)).toContain('ru')
    expect((await api.operator('GET', '/v1/broadcasts?program=chetup')).body.broadcasts).toEqual([])
  })

  it('pause and resume from the Slack progress message: nobody is told twice or missed', async () => {
    const chats = Array.from({ length: 60 }, (_, i) => 8400 + i)
    for (const c of chats) await enrol('quantower', c, 'en')
    telegram.latencyMs = 40
    try {
      const draft = await api.operator('POST', '/v1/programs/quantower/terms', {
        effectiveAt: '2026-04-01T00:00:00Z',
        texts: { en: 'Referral rewards become 25%.' },
      })
      const published = await api.operator('POST', `/v1/terms/${draft.body.version.id}/publish`, { ratePerSecond: 20 })
      const id = published.body.broadcast.id as string
      const got = () =>
        chats.filter((c) =>
          telegram.calls.some(
            (x) =>
              x.method === 'sendMessage' && Number(x.payload.chat_id) === c && String(x.payload.text).startsWith('📜'),
          ),
        ).length
      await waitUntil(() => (got() >= 10 ? true : undefined))

      // support may not steer broadcasts; an admin may
      const refused = await desk.action(USERS.support, 'broadcast_pause', id)
      await waitUntil(() => slack.responses.find((r) => r.id === refused.responseId))
      expect((await api.operator('GET', `/v1/broadcasts/${id}`)).body.broadcast.status).toBe('running')
      const paused = await desk.action(USERS.admin, 'broadcast_pause', id)
      await waitUntil(() => slack.responses.find((r) => r.id === paused.responseId))
      expect((await api.operator('GET', `/v1/broadcasts/${id}`)).body.broadcast.status).toBe('paused')
      await new Promise((r) => setTimeout(r, 500)) // the sends in flight finish
      const atPause = got()
      await new Promise((r) => setTimeout(r, 700))
      expect(got()).toBe(atPause)
      expect(atPause).toBeLessThan(60)
      const view = (await api.operator('GET', `/v1/broadcasts/${id}`)).body.broadcast
      expect(view).toMatchObject({ status: 'paused', etaSeconds: null })
      expect(view.sent + view.remaining).toBe(60)

      await desk.action(USERS.admin, 'broadcast_resume', id)
      const done = await waitUntil(async () => {
        const b = (await api.operator('GET', `/v1/broadcasts/${id}`)).body.broadcast
        return b.status === 'completed' ? b : undefined
      })
      expect(done).toMatchObject({ total: 60, sent: 60, remaining: 0 })
      for (const c of chats)
        expect(
          telegram.calls.filter(
            (x) =>
              x.method === 'sendMessage' && Number(x.payload.chat_id) === c && String(x.payload.text).startsWith('📜'),
          ),
        ).toHaveLength(1)
      // cancelling a finished broadcast is refused and said so
      expect((await api.operator('POST', `/v1/broadcasts/${id}/cancel`)).status).toBe(409)
    } finally {
      telegram.latencyMs = 0
    }
  })

  it('worksection-partner: a rate cut applies on publication, only to clients acquired after it', async () => {
    api.clock.set('2026-04-01T10:00:00Z')
    const { partner, codes } = await api.enrolled('worksection-partner', {
      name: 'Integrator',
      language: 'en',
      legalType: 'company',
    })
    const pay = (client: string, n: number, at: string, ref?: string) =>
      api.recorded('worksection-partner', {
        id: `wsp-${client}-${n}`,
        type: 'payment',
        occurredAt: at,
        customer: `wsp-${client}`,
        order: `wsp-${client}-${n}`,
        amount: '100.00',
        currency: 'USD',
        ...(ref ? { ref } : {}),
      })
    expect((await pay('a', 1, '2026-04-01T09:00:00Z', codes[0]!.code)).commissions[0].amount).toBe('15.00')

    const cut = {
      type: 'payment_share',
      levels: [
        { name: 'silver', after: 0, rateBps: 1000 },
        { name: 'gold', after: 15, rateBps: 2500 },
        { name: 'platinum', after: 35, rateBps: 3500 },
      ],
      holdDays: 31,
    }
    const texts = { en: 'Silver becomes 10% for clients you bring from today.' }
    // other changes need 14 days' notice; a rate change may apply on publication
    const early = await api.operator('POST', '/v1/programs/worksection-partner/terms', {
      effectiveAt: '2026-04-01T10:00:00Z',
      texts,
      commission: cut,
    })
    expect(early.status).toBe(422)
    const wrongType = await api.operator('POST', '/v1/programs/worksection-partner/terms', {
      effectiveAt: '2026-04-01T10:00:00Z',
      ratesOnly: true,
      texts,
      commission: { type: 'one_time_reward', levels: [{ name: 'x', after: 0, amount: '1.00' }] },
    })
    expect(wrongType.status).toBe(400)
    expect(wrongType.body.error.code).toBe('terms.bad_commission')
    const draft = await api.operator('POST', '/v1/programs/worksection-partner/terms', {
      effectiveAt: '2026-04-01T10:00:00Z',
      ratesOnly: true,
      texts,
      commission: cut,
    })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    expect((await api.operator('POST', `/v1/terms/${draft.body.version.id}/publish`, {})).status).toBe(201)

    // client a was acquired at 15% and keeps it; client b, acquired after the change, earns 10%
    api.clock.set('2026-04-02T12:00:00Z')
    expect((await pay('a', 2, '2026-04-02T09:00:00Z')).commissions[0].amount).toBe('15.00')
    expect((await pay('b', 1, '2026-04-02T09:00:00Z', codes[0]!.code)).commissions[0].amount).toBe('10.00')
    // an event from before the effective date is judged by the rules of its time
    expect((await pay('c', 1, '2026-04-01T08:00:00Z', codes[0]!.code)).commissions[0].amount).toBe('15.00')
    expect(partner).toBeTruthy()
  })

  it('a 429 on the last messages of a small broadcast: they are sent again before it completes', async () => {
    api.clock.set('2026-04-10T10:00:00Z')
    const chats = [8501, 8502, 8503]
    for (const c of chats) await enrol('melbet', c, 'lv')
    let refused = 0
    telegram.inject = (payload) => {
      if (Number(payload.chat_id) === 8503 && refused < 2) {
        refused++
        return { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } }
      }
      return undefined
    }
    try {
      const draft = await api.operator('POST', '/v1/programs/melbet/terms', {
        effectiveAt: '2026-04-10T10:00:00Z',
        texts: { en: 'New terms.', lv: 'Jauni noteikumi.' },
      })
      const published = await api.operator('POST', `/v1/terms/${draft.body.version.id}/publish`, {})
      const id = published.body.broadcast.id as string
      const done = await waitUntil(async () => {
        const b = (await api.operator('GET', `/v1/broadcasts/${id}`)).body.broadcast
        return b.status === 'completed' ? b : undefined
      })
      expect(done).toMatchObject({ total: 3, sent: 3, remaining: 0 })
      expect(refused).toBe(2)
      for (const c of chats)
        expect(
          telegram.calls.filter(
            (x) => x.method === 'sendMessage' && Number(x.payload.chat_id) === c && x.payload.text?.startsWith('📜'),
          ),
        ).toHaveLength(c === 8503 ? 3 : 1)
    } finally {
      telegram.inject = undefined
    }
  })

  it('a draft for the earliest date still publishes a little later (the date follows); a late resume is refused', async () => {
    api.clock.set('2026-04-20T10:00:00Z')
    await enrol('worksection-referral', 8601, 'en')
    const draft = await api.operator('POST', '/v1/programs/worksection-referral/terms', {
      effectiveAt: '2026-04-23T10:00:00Z', // exactly the 3 days' notice
      texts: { en: 'New reward levels.' },
    })
    expect(draft.status).toBe(201)
    api.clock.set('2026-04-20T10:00:30Z') // the admin read the preview for 30 s
    const published = await api.operator('POST', `/v1/terms/${draft.body.version.id}/publish`, {})
    expect(published.status, JSON.stringify(published.body)).toBe(201)
    expect(published.body.version.effectiveAt).toBe('2026-04-23T10:00:30.000Z')
    // pausing and resuming once the notice can no longer be given is refused
    const id = published.body.broadcast.id as string
    await waitUntil(async () =>
      (await api.operator('GET', `/v1/broadcasts/${id}`)).body.broadcast.status === 'completed' ? true : undefined,
    )
    const later = await api.operator('POST', '/v1/programs/worksection-referral/terms', {
      effectiveAt: '2026-04-25T00:00:00Z',
      texts: { en: 'More changes.' },
    })
    telegram.latencyMs = 300
    try {
      const p2 = await api.operator('POST', `/v1/terms/${later.body.version.id}/publish`, { ratePerSecond: 1 })
      expect(p2.status).toBe(201)
      const id2 = p2.body.broadcast.id as string
      expect((await api.operator('POST', `/v1/broadcasts/${id2}/pause`)).status).toBe(200)
      api.clock.set('2026-04-22T10:00:00Z')
      const resume = await api.operator('POST', `/v1/broadcasts/${id2}/resume`)
      expect(resume.status).toBe(409)
      expect(resume.body.error.code).toBe('broadcast.notice_passed')
      expect((await api.operator('POST', `/v1/broadcasts/${id2}/cancel`)).status).toBe(200)
    } finally {
      telegram.latencyMs = 0
    }
  })

  it('an objection that ended the agreement leaves no other change to answer: /terms offers no buttons, a stale one records nothing (kk)', async () => {
    api.clock.set('2026-05-04T09:00:00Z')
    const chat = 8791
    const partner = await enrol('worksection-referral', chat, 'kk')
    const publish = async (effectiveAt: string, text: string) => {
      const d = await api.operator('POST', '/v1/programs/worksection-referral/terms', {
        effectiveAt,
        texts: { en: text, kk: text },
      })
      expect((await api.operator('POST', `/v1/terms/${d.body.version.id}/publish`, {})).status).toBe(201)
      return d.body.version.id as string
    }
    const first = await publish('2026-05-08T09:00:00Z', 'Қола деңгейі үшін сыйақы 30 $ болады.')
    const second = await publish('2026-05-09T09:00:00Z', 'Күміс деңгейі үшін сыйақы 40 $ болады.')
    /** The broadcast message of a change, with its buttons. */
    const broadcastOf = (version: string) =>
      waitUntil(() =>
        [...telegram.messages.values()].find(
          (m) => m.chat.id === chat && JSON.stringify(m.reply_markup ?? {}).includes(`tv:obj:${version}`),
        ),
      )
    const [one, two] = [await broadcastOf(first), await broadcastOf(second)]
    await telegram.pressButton(chat, one.message_id, `tv:obj:${first}`)
    // objecting ends the agreement: confirmed under the question it asks
    await waitUntil(() => telegram.textsTo(chat).find((t) => t.includes('қарсылық білдіресіз бе?')))
    await telegram.press(chat, `tv:obj_yes:${first}`)
    await waitUntil(() => telegram.textsTo(chat).find((t) => t.startsWith('Қарсылығыңыз тіркелді.')))
    const before = telegram.textsTo(chat).length
    await telegram.sendText(chat, '/terms')
    // the terms, then the second change (the first was answered): neither with a button to answer
    await waitUntil(() =>
      telegram
        .textsTo(chat)
        .slice(before)
        .find((t) => t.includes('Күміс деңгейі')),
    )
    const sent = telegram.calls.filter((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === chat)
    expect(sent.slice(-2).every((c) => !JSON.stringify(c.payload.reply_markup ?? {}).includes('tv:'))).toBe(true)
    // the second change's button in its broadcast, pressed now: refused in Kazakh, nothing recorded
    const id = await telegram.pressButton(chat, two.message_id, `tv:obj:${second}`)
    const answer = await waitUntil(() =>
      telegram.calls.find((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === id),
    )
    expect(answer.payload).toMatchObject({
      show_alert: true,
      text: 'Worksection (рефералдық) бағдарламасымен келісіміңіз тоқтатылды, сондықтан өзгерістерге жауап берудің қажеті жоқ.',
    })
    const answers = await api.service.db.prisma.termsAnswer.findMany({ where: { partnerId: partner } })
    expect(answers.map((a) => a.termsVersionId)).toEqual([first])
  })

  it('cancelled while Telegram makes it wait (a 429): the messages it had claimed are not sent after the cancel', async () => {
    const chats = Array.from({ length: 40 }, (_, i) => 8600 + i)
    for (const c of chats) await enrol('jqsee', c, 'ru')
    const termsSends = () =>
      telegram.calls.filter(
        (x) =>
          x.method === 'sendMessage' &&
          chats.includes(Number(x.payload.chat_id)) &&
          x.payload.text?.includes('Новые условия.'),
      ).length
    let refused = false
    let refusedChat = 0
    telegram.inject = (payload) => {
      if (!refused && chats.includes(Number(payload.chat_id)) && termsSends() >= 6) {
        refused = true
        refusedChat = Number(payload.chat_id)
        return { error_code: 429, description: 'Too Many Requests: retry after 2', parameters: { retry_after: 2 } }
      }
      return undefined
    }
    try {
      const draft = await api.operator('POST', '/v1/programs/jqsee/terms', {
        effectiveAt: '2026-06-01T00:00:00Z',
        texts: {
          en: 'New terms.',
          ru: 'Новые условия.',
          kk: 'Жаңа шарттар.',
          ka: 'ახალი პირობები.',
          lv: 'Jauni noteikumi.',
        },
      })
      expect(draft.status, JSON.stringify(draft.body)).toBe(201)
      const published = await api.operator('POST', `/v1/terms/${draft.body.version.id}/publish`, { ratePerSecond: 20 })
      expect(published.status, JSON.stringify(published.body)).toBe(201)
      const id = published.body.broadcast.id as string
      await waitUntil(() => (refused ? true : undefined))
      // the whole lane waits 2 s: nothing is in flight, every worker holds a claimed delivery
      expect((await api.operator('POST', `/v1/broadcasts/${id}/cancel`)).status).toBe(200)
      const atCancel = termsSends()
      await new Promise((r) => setTimeout(r, 3000))
      expect(termsSends()).toBe(atCancel)
      const view = (await api.operator('GET', `/v1/broadcasts/${id}`)).body.broadcast
      expect(view.status).toBe('cancelled')
      expect(view.sent).toBeLessThan(chats.length)
      // those told hear that the change is withdrawn; those it was held back from hear nothing of it
      const chatsWith = (text: string) =>
        new Set(
          telegram.calls
            .filter(
              (x) =>
                x.method === 'sendMessage' &&
                x.payload.text?.includes(text) &&
                chats.includes(Number(x.payload.chat_id)),
            )
            .map((x) => Number(x.payload.chat_id)),
        )
      const told = [...chatsWith('Новые условия.')].filter((c) => c !== refusedChat).sort()
      await waitUntil(() => (chatsWith('отозвано').size >= told.length ? true : undefined))
      await new Promise((r) => setTimeout(r, 2500)) // withdrawals that waited for the messages the pump held
      expect([...chatsWith('отозвано')].sort()).toEqual(told)
    } finally {
      telegram.inject = undefined
    }
  })
})
