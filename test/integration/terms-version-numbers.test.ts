import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { termsPartners } from '../helpers/terms-partners.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * (Found by an outside review.) Every preview of a term change took the next version number, so previews an admin
 * abandoned left gaps: partners read "version 3" after "version 1" and looked for the change they had missed. A
 * draft now carries the number it would be published as (the program's published versions plus one, the same for
 * every draft), and publishing gives it the next one then, so published versions count 1, 2, 3.
 */
describe('term change versions are numbered by publication', () => {
  const env = withDesk('2026-04-01T09:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, telegram, slack, desk } = env())
  })
  const { enrol } = termsPartners(() => ({ api, telegram }))
  const draft = async (text: string) => {
    const d = await api.operator('POST', '/v1/programs/worksection-partner/terms', {
      effectiveAt: '2026-05-01T00:00:00Z',
      texts: { en: text },
    })
    expect(d.status, JSON.stringify(d.body)).toBe(201)
    return d.body.version as { id: string; version: number }
  }
  const versions = async () =>
    (await api.operator('GET', '/v1/programs/worksection-partner/terms')).body.versions as {
      id: string
      version: number
      publishedAt: string | null
    }[]
  const titleTo = (chat: number, text: string) =>
    waitUntil(
      () =>
        telegram.calls
          .filter((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === chat)
          .map((c) => String(c.payload.text))
          .find((t) => t.includes(text))
          ?.split('\n')[0],
      15_000,
    )

  it('abandoned previews leave no gap: the changes published read version 1, then version 2', async () => {
    const chat = 9601
    await enrol('worksection-partner', chat)
    // two changes drafted over the API and never published
    const abandoned = await draft('Reports are due on the 5th.')
    expect(abandoned.version).toBe(1)
    expect((await draft('Reports are due on the 6th.')).version).toBe(1)

    // a third previewed from Slack and published: the first published version
    const mark = slack.calls.length
    await desk.command('terms worksection-partner', USERS.admin)
    const compose = await desk.openedView(mark)
    const preview = await desk.submit(USERS.admin, compose, {
      effective: { date: { date: '2026-05-01' } },
      text_en: { text: 'Reports are due on the 7th.' },
    })
    expect(preview.body.response_action, JSON.stringify(preview.body)).toBe('update')
    expect(JSON.stringify(preview.body.view.blocks)).toContain('Version 1 as partners will read it')
    expect((await desk.submit(USERS.admin, preview.body.view, {})).status).toBe(200)
    const told = await waitUntil(() =>
      slack.calls.slice(mark).find((c) => String(c.payload.text ?? '').includes('is published and is going to')),
    )
    expect(String(told.payload.text)).toMatch(/^Version 1 is published/)
    expect(await titleTo(chat, 'the 7th')).toContain('version 1')

    // the drafts left now read as the next number; the next change published is version 2
    expect((await versions()).find((v) => v.id === abandoned.id)!.version).toBe(2)
    const next = await draft('Reports are due on the 8th.')
    expect(next.version).toBe(2)
    const published = await api.operator('POST', `/v1/terms/${next.id}/publish`, {})
    expect(published.status, JSON.stringify(published.body)).toBe(201)
    expect(published.body.version.version).toBe(2)
    expect(await titleTo(chat, 'the 8th')).toContain('version 2')
    expect(
      (await versions())
        .filter((v) => v.publishedAt)
        .map((v) => v.version)
        .sort(),
    ).toEqual([1, 2])
  }, 40_000)
})
