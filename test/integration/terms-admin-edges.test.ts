import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { termsPartners } from '../helpers/terms-partners.ts'
import { waitUntil } from '../helpers/wait.ts'

/** Term changes, their broadcast and the partner's answers at their edges (an outside review's cases). */
describe('term changes at their edges', () => {
  const env = withDesk('2026-04-01T09:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, telegram, slack, desk } = env())
  })
  const { enrol, changeMessageTo, comingChange } = termsPartners(() => ({ api, telegram }))
  const broadcastOf = async (id: string) => (await api.operator('GET', `/v1/broadcasts/${id}`)).body.broadcast

  it('worksection-referral: a partner told two days late (paused broadcast) who acknowledged still gets the Object button in /terms inside their own 3-day window', async () => {
    api.clock.set('2026-04-01T09:00:00Z')
    const chat = 7101
    await enrol('worksection-referral', chat)
    const d = await api.operator('POST', '/v1/programs/worksection-referral/terms', {
      effectiveAt: '2026-04-20T00:00:00Z',
      texts: { en: 'Bronze starts after 8 clients.' },
    })
    expect(d.status, JSON.stringify(d.body)).toBe(201)
    const versionId = d.body.version.id as string
    // Telegram has a hiccup on the first send, the admin pauses the broadcast meanwhile
    telegram.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' })
    const published = await api.operator('POST', `/v1/terms/${versionId}/publish`, {})
    expect(published.status).toBe(201)
    const id = published.body.broadcast.id as string
    await waitUntil(() => telegram.calls.find((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === chat))
    expect((await api.operator('POST', `/v1/broadcasts/${id}/pause`)).status).toBe(200)
    await new Promise((r) => setTimeout(r, 6000))
    expect((await broadcastOf(id)).remaining).toBe(1)
    // two days later the admin resumes it (the change is 17 days away: the notice is kept)
    api.clock.set('2026-04-03T09:00:00Z')
    const resumed = await api.operator('POST', `/v1/broadcasts/${id}/resume`)
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(200)
    await waitUntil(() =>
      telegram.calls.find(
        (c) =>
          c.method === 'sendMessage' &&
          Number(c.payload.chat_id) === chat &&
          String(c.payload.text).startsWith('📜') &&
          c.payload.reply_markup,
      ),
    )
    await waitUntil(async () => ((await broadcastOf(id)).status === 'completed' ? true : undefined), 15_000)
    await telegram.press(chat, `tv:ack:${versionId}`)
    await waitUntil(() => telegram.textsTo(chat).find((t) => t.startsWith('Thank you')))

    // April 5: two days after they were told, inside their 3 days (the core accepts an objection until April 6)
    api.clock.set('2026-04-05T09:00:00Z')
    const pending = await comingChange(chat)
    const markup = JSON.stringify(pending.payload.reply_markup ?? {})
    // the core itself takes the objection as in time: sent with the callback the button would carry, it ends the agreement
    const shown = [...telegram.messages.values()].filter(
      (m) => m.chat.id === chat && String(m.text).startsWith('📜 Coming change'),
    )
    const mark = telegram.textsTo(chat).length
    // the Object button asks first; confirmed, the objection is taken
    await telegram.pressButton(chat, shown.at(-1)!.message_id, `tv:obj_yes:${versionId}`)
    const answer = await waitUntil(() =>
      telegram
        .textsTo(chat)
        .slice(mark)
        .find((t) => t.includes('objection')),
    )
    expect(answer).toContain('ended the moment we received it')
    expect(
      markup,
      '/terms offers no Object button although the objection window (3 days from when the partner was told) is open',
    ).toContain(`tv:obj:${versionId}`)
  }, 40_000)
  it('Slack: a change previewed "effective June 4" (the earliest day) and published after local midnight is refused, not moved to June 5', async () => {
    // June 1, 12:00 in Kyiv: the earliest day worksection-referral's 3 days allow is June 4
    api.clock.set('2026-06-01T09:00:00Z')
    const chat = 7201
    await enrol('worksection-referral', chat)
    const mark = slack.calls.length
    await desk.command('terms worksection-referral', USERS.admin)
    const compose = await desk.openedView(mark)
    const preview = await desk.submit(USERS.admin, compose, {
      effective: { date: { date: '2026-06-04' } },
      text_en: { text: 'The Iron reward becomes $30.' },
    })
    expect(preview.body.response_action, JSON.stringify(preview.body)).toBe('update')
    const previewed = (preview.body.view.blocks as any[])
      .map((b) => b.text?.text as string | undefined)
      .find((t) => t?.startsWith('📜'))!
    expect(previewed).toContain('June 4, 2026')
    // the admin publishes the preview that evening: 00:30 on June 2 in Kyiv (still 21:30 UTC on June 1)
    api.clock.set('2026-06-01T21:30:00Z')
    const published = await desk.submit(USERS.admin, preview.body.view, {})
    // partners would read another date than the admin chose and previewed: refused, saying why, nothing sent
    expect(JSON.stringify(published.body)).toMatch(/notice/i)
    const june = await api.service.db.prisma.termsVersion.findMany({
      where: {
        programKey: 'worksection-referral',
        publishedAt: { not: null },
        createdAt: { gte: new Date('2026-06-01') },
      },
    })
    expect(june).toEqual([])
    await new Promise((r) => setTimeout(r, 300))
    expect(telegram.textsTo(chat).filter((t) => t.includes('The Iron reward becomes $30.'))).toEqual([])
    // a day that still gives the notice is published as chosen
    const later = await desk.submit(USERS.admin, compose, {
      effective: { date: { date: '2026-06-06' } },
      text_en: { text: 'The Iron reward becomes $30.' },
    })
    expect((await desk.submit(USERS.admin, later.body.view, {})).status).toBe(200)
    expect(String((await changeMessageTo(chat)).payload.text)).toContain('June 6, 2026')
  })
  it('a partner who left the program while its broadcast was paused is not sent the change', async () => {
    api.clock.set('2026-07-01T09:00:00Z')
    const chat = 7301
    await enrol('worksection-referral', chat)
    const d = await api.operator('POST', '/v1/programs/worksection-referral/terms', {
      effectiveAt: '2026-07-20T00:00:00Z',
      texts: { en: 'Bronze starts after 9 clients.' },
    })
    expect(d.status, JSON.stringify(d.body)).toBe(201)
    // Telegram cannot reach this chat for now (502), the admin pauses the broadcast meanwhile
    telegram.inject = (m) => (Number(m.chat_id) === chat ? { error_code: 502, description: 'Bad Gateway' } : undefined)
    const published = await api.operator('POST', `/v1/terms/${d.body.version.id}/publish`, {})
    expect(published.status).toBe(201)
    const id = published.body.broadcast.id as string
    await waitUntil(() => telegram.calls.find((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === chat))
    expect((await api.operator('POST', `/v1/broadcasts/${id}/pause`)).status).toBe(200)
    await new Promise((r) => setTimeout(r, 6000))
    expect((await broadcastOf(id)).remaining).toBe(1)
    telegram.inject = undefined

    // meanwhile the partner leaves worksection-referral from /settings (7.1: at once)
    api.clock.set('2026-07-02T09:00:00Z')
    await telegram.sendText(chat, '/settings')
    await waitUntil(() => telegram.lastKeyboard(chat)?.buttons.some((b) => b.data.endsWith('st:leave')) || undefined)
    await telegram.press(chat, 'st:leave')
    await waitUntil(
      () => telegram.lastKeyboard(chat)?.buttons.some((b) => b.data === 'lp:ask:worksection-referral') || undefined,
    )
    await telegram.press(chat, 'lp:ask:worksection-referral')
    await waitUntil(
      () => telegram.lastKeyboard(chat)?.buttons.some((b) => b.data === 'lp:yes:worksection-referral') || undefined,
    )
    const asked = telegram.textsTo(chat).length
    await telegram.press(chat, 'lp:yes:worksection-referral')
    const ended = await waitUntil(() => telegram.textsTo(chat)[asked])
    expect(ended).toContain('You have left')
    const left = telegram.calls.length

    // the admin resumes the broadcast
    api.clock.set('2026-07-03T09:00:00Z')
    expect((await api.operator('POST', `/v1/broadcasts/${id}/resume`)).status).toBe(200)
    await waitUntil(async () => ((await broadcastOf(id)).status === 'completed' ? true : undefined), 15_000)
    const after = telegram.calls
      .slice(left)
      .filter((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === chat)
      .map((c) => String(c.payload.text))
    expect(after, 'the change of a program the partner already left is sent to them').toEqual([])
  }, 40_000)
})
