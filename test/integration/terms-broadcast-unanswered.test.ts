import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import { applyThroughBot } from '../helpers/applicant.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { termsPartners } from '../helpers/terms-partners.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * (Found by review.) The broadcast's "not answered yet" count (operator API `unanswered`, the Slack desk's progress
 * message) counted every partner the message reached without an answer, including those who cannot answer: an
 * applicant (the message without buttons; their answer is refused as no agreement), and a partner whose agreement
 * ended after the message reached them. Once every partner who can answer had, the desk still showed them as "not
 * answered yet", for ever. It now counts only partners who can still answer, as the core accepts an answer.
 */
describe('"not answered yet" counts only partners who can answer', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  const partners = termsPartners(env)
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })
  let versionId = ''
  let broadcastId = ''
  const progress = async () => (await api.operator('GET', `/v1/broadcasts/${broadcastId}`)).body.broadcast
  const who: Record<string, { chat: number; partner: string }> = {}

  it('an applicant the message reached is not among those who have not answered', async () => {
    who.applicant = await applyThroughBot(api, telegram, 86_401, 'en')
    for (const [name, chat] of [
      ['answers', 86_402],
      ['ended', 86_403],
      ['ending', 86_404],
    ] as const) {
      who[name] = await applyThroughBot(api, telegram, chat, 'en')
      const ok = await api.operator(
        'POST',
        `/v1/programs/worksection-partner/partners/${who[name]!.partner}/approve`,
        {},
      )
      expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    }
    const draft = await api.operator('POST', '/v1/programs/worksection-partner/terms', {
      effectiveAt: '2026-04-20T00:00:00Z',
      texts: { en: 'CHANGE' },
    })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    versionId = draft.body.version.id as string
    expect((await api.operator('POST', `/v1/terms/${versionId}/publish`, {})).status).toBe(201)
    for (const p of Object.values(who)) await partners.changeMessageTo(p.chat)
    broadcastId = (await api.operator('GET', '/v1/broadcasts?program=worksection-partner')).body.broadcasts[0].id
    const done = await waitUntil(async () => {
      const b = await progress()
      return b.status === 'completed' ? b : undefined
    })
    // four reached; the applicant cannot answer
    expect(done).toMatchObject({ sent: 4, acknowledged: 0, objected: 0, unanswered: 3 })
  }, 40_000)

  it('a partner whose agreement ended, or ends, after it reached them: counted only while they can answer', async () => {
    await telegram.press(who.answers!.chat, `tv:ack:${versionId}`)
    await waitUntil(async () => ((await progress()).acknowledged === 1 ? true : undefined))
    expect(await progress()).toMatchObject({ acknowledged: 1, unanswered: 2 })

    const ended = await api.operator(
      'POST',
      `/v1/programs/worksection-partner/partners/${who.ended!.partner}/terminate`,
      {
        reason: 'breach',
      },
    )
    expect(ended.status, JSON.stringify(ended.body)).toBe(201)
    const ending = await api.operator(
      'POST',
      `/v1/programs/worksection-partner/partners/${who.ending!.partner}/terminate`,
      { reason: 'convenience' },
    )
    expect(ending.status, JSON.stringify(ending.body)).toBe(201)
    // worksection-partner ends an agreement with notice: until its end date the partner can still answer
    expect([ended.body.status, ending.body.status]).toEqual(['ending', 'ending'])
    expect((await progress()).unanswered).toBe(2)

    // past the first end date (whether or not the sweep has marked it terminated yet), one is left who can answer
    const pastEnd = (at: string) => new Date(new Date(at).getTime() + 60_000).toISOString()
    api.clock.set(pastEnd(ended.body.endsAt))
    expect(await progress()).toMatchObject({ acknowledged: 1, objected: 0, unanswered: 1 })
    // past the second, nobody who can answer is left: not "not answered yet" for ever
    api.clock.set(pastEnd(ending.body.endsAt))
    expect(await progress()).toMatchObject({ acknowledged: 1, objected: 0, unanswered: 0 })
  }, 40_000)
})
