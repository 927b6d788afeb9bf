import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { CHANNELS, type DeskClient, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { termsPartners } from '../helpers/terms-partners.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * (Found by review.) What the broadcast's progress message on the Slack desk tells the admin, driven by signed Slack
 * requests: how many partners it reached have not answered yet (not only who acknowledged and who objected); once the
 * change's date has passed (by the service clock) that it took effect, not that it is to take effect. And the draft's
 preview, which claimed to show the message "exactly as partners will read it", shows the buttons under it too.
 */
describe('the broadcast progress message on the desk (en)', () => {
  const env = withDesk('2026-04-01T09:00:00Z', { SLACK_ADMIN_USERS: 'ULNADM', SLACK_DESK_LANGUAGE: 'en' })
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, telegram, slack, desk } = env())
  })
  const { enrol } = termsPartners(() => ({ api, telegram }))
  const chats = [9711, 9712, 9713]
  /** The progress message as the desk last wrote it, once `marker` shows there. */
  const message = (marker: string) =>
    waitUntil(
      () =>
        slack.calls
          .filter((c) => c.method === 'chat.update' || c.method === 'chat.postMessage')
          .map((c) => JSON.stringify(c.payload))
          .filter((p) => p.includes('Term change') && p.includes(marker))
          .at(-1),
      10_000,
    )
  let versionId = ''
  const partners: string[] = []
  /** The `n`th objection notice (0: the first) posted to the disputes channel. */
  const objectionNotice = (n: number) =>
    waitUntil(
      () =>
        slack.calls
          .filter(
            (c) =>
              c.method === 'chat.postMessage' &&
              c.payload.channel === CHANNELS.disputes &&
              String(c.payload.text).includes('objected to the change'),
          )
          .map((c) => String(c.payload.text))[n],
      10_000,
    )

  it('published and sent to three partners: none has answered yet', async () => {
    for (const chat of chats) partners.push((await enrol('worksection-partner', chat, 'en')).partner)
    const mark = slack.calls.length
    await desk.command('terms worksection-partner', 'ULNADM')
    const compose = await desk.openedView(mark)
    const preview = await desk.submit('ULNADM', compose, {
      effective: { date: { date: '2026-05-01' } },
      text_en: { text: 'Reports are due on the 5th.' },
    })
    expect(preview.body.response_action, JSON.stringify(preview.body)).toBe('update')
    // the preview shows the buttons partners answer with, and says who reads it without them
    const shown = JSON.stringify(preview.body.view.blocks)
    expect(shown).toContain('Buttons under the message: [✅ Acknowledge] [✋ Object]')
    expect(shown).not.toContain('exactly as partners will read it')
    expect(shown).toContain('Partners whose application is still under review get it without the buttons')
    expect((await desk.submit('ULNADM', preview.body.view, {})).status).toBe(200)
    versionId = (await api.operator('GET', '/v1/programs/worksection-partner/terms')).body.versions[0].id
    const text = await message('Completed')
    expect(text).toContain('Acknowledged: 0 · objected: 0 · not answered yet: 3')
  }, 40_000)

  it('one acknowledges, one objects: one partner reached has not answered yet', async () => {
    await telegram.press(chats[0]!, `tv:ack:${versionId}`)
    await telegram.press(chats[1]!, `tv:obj:${versionId}`)
    const text = await message('objected: 1')
    expect(text).toContain('Acknowledged: 1 · objected: 1 · not answered yet: 1')
    // support hears of the objection: the change is still to come
    const notice = await objectionNotice(0)
    expect(notice).toContain('(in force from May 1, 2026 (Europe/Kyiv))')
    const id = (await api.operator('GET', '/v1/broadcasts?program=worksection-partner')).body.broadcasts[0].id
    expect((await api.operator('GET', `/v1/broadcasts/${id}`)).body.broadcast).toMatchObject({
      acknowledged: 1,
      objected: 1,
      unanswered: 1,
    })
  }, 40_000)

  it('before its date it is "in force from"; a refresh is queued for the date itself', async () => {
    const text = await message('objected: 1')
    expect(text).toContain('In force from May 1, 2026 (Europe/Kyiv)')
    const id = (await api.operator('GET', '/v1/broadcasts?program=worksection-partner')).body.broadcasts[0].id
    const job = await api.service.db.prisma.outboxJob.findFirstOrThrow({
      where: { queue: 'desk', name: 'broadcast_progress', jobId: `broadcast-in-force-${id}` },
    })
    expect(job.data).toEqual({ broadcastId: id })
    // queued for later: the change takes effect at the start of May 1 in Europe/Kyiv, four weeks on
    expect((job.opts as { notBefore?: number }).notBefore).toBeGreaterThan(Date.now() + 20 * 86_400_000)
  }, 40_000)

  it('after its date, the message re-rendered says the change took effect', async () => {
    api.clock.set('2026-05-02T09:00:00Z')
    await telegram.press(chats[2]!, `tv:ack:${versionId}`)
    const text = await message('Acknowledged: 2')
    expect(text).not.toContain('In force from')
    expect(text).toContain('In force since May 1, 2026 (Europe/Kyiv)')
  }, 40_000)

  it('an objection made after its date tells support the change is in force since then, not "from"', async () => {
    // (Found by review.) The notice said "(in force from May 1, 2026)" on May 2, as if the change were still to come
    // the first partner, who had acknowledged it, objects in writing: recorded from the operator API
    const r = await api.operator('POST', `/v1/partners/${partners[0]}/terms-answers`, { versionId, answer: 'objected' })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    const notice = await objectionNotice(1)
    expect(notice).not.toContain('in force from')
    expect(notice).toContain('(in force since May 1, 2026 (Europe/Kyiv))')
  }, 40_000)
})

describe('the objection notice on a Russian desk, after the change took effect', () => {
  const env = withDesk('2026-04-01T09:00:00Z', { SLACK_DESK_LANGUAGE: 'ru' })
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  beforeAll(() => {
    ;({ api, telegram, slack } = env())
  })
  const { enrol, changeMessageTo } = termsPartners(() => ({ api, telegram }))

  it('«вступило в силу», as the progress message says it, not the date it was to come into force', async () => {
    await enrol('worksection-partner', 9721, 'ru')
    const d = await api.operator('POST', '/v1/programs/worksection-partner/terms', {
      effectiveAt: '2026-04-30T21:00:00Z',
      texts: { ru: 'Отчёты сдаются до 5-го числа.', en: 'Reports are due on the 5th.' },
    })
    expect(d.status, JSON.stringify(d.body)).toBe(201)
    const versionId = d.body.version.id as string
    expect((await api.operator('POST', `/v1/terms/${versionId}/publish`, {})).status).toBe(201)
    await changeMessageTo(9721)
    api.clock.set('2026-05-03T09:00:00Z')
    await telegram.press(9721, `tv:obj:${versionId}`)
    const notice = await waitUntil(() =>
      slack.calls
        .filter((c) => c.method === 'chat.postMessage' && c.payload.channel === CHANNELS.disputes)
        .map((c) => String(c.payload.text))
        .find((t) => t.includes('возразил')),
    )
    expect(notice).toContain('версия 1 (вступило в силу 1 мая 2026 г. (Europe/Kyiv))')
  }, 40_000)
})
