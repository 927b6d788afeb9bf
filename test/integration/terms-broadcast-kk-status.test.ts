import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { termsPartners } from '../helpers/terms-partners.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * (Found by an outside review.) On a Kazakh desk a cancelled broadcast read «Тоқтатылды» ("stopped": the glossary's
 * word for payouts on hold), while its button said «Таратудан бас тарту» and the answer to it «Тарату тоқтатылды»:
 * an admin could take a cancelled broadcast for a paused one. Cancelled is the glossary's «күші жойылды» in the
 * status, the button and the answer; paused stays «Кідіртілді», as its button «Кідірту».
 */
describe('a Kazakh desk tells a paused broadcast from a cancelled one', () => {
  const env = withDesk('2026-04-01T09:00:00Z', { SLACK_ADMIN_USERS: 'UKKADM', SLACK_DESK_LANGUAGE: 'kk' })
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, telegram, slack, desk } = env())
  })
  const { enrol } = termsPartners(() => ({ api, telegram }))
  const statusOf = async (id: string) => (await api.operator('GET', `/v1/broadcasts/${id}`)).body.broadcast.status
  const press = async (action: string, id: string) => {
    const r = await desk.action('UKKADM', `broadcast_${action}`, id)
    return String((await waitUntil(() => slack.responses.find((x) => x.id === r.responseId))).body.text)
  }
  /** The progress message as the desk last wrote it, once `status` shows there. */
  const message = (since: number, status: string) =>
    waitUntil(
      () =>
        slack.calls
          .slice(since)
          .filter((c) => c.method === 'chat.update' || c.method === 'chat.postMessage')
          .map((c) => JSON.stringify(c.payload))
          .filter((p) => p.includes(status))
          .at(-1),
      10_000,
    )

  it('paused reads «Кідіртілді», cancelled «Күші жойылды», each as its button and answer word it', async () => {
    slack.locales.set('UKKADM', 'kk-KZ')
    const chat = 9501
    await enrol('worksection-partner', chat)
    telegram.inject = (m) => (Number(m.chat_id) === chat ? { error_code: 502, description: 'Bad Gateway' } : undefined)
    const mark = slack.calls.length
    await desk.command('terms worksection-partner', 'UKKADM')
    const compose = await desk.openedView(mark)
    const preview = await desk.submit('UKKADM', compose, {
      effective: { date: { date: '2026-05-01' } },
      text_en: { text: 'Reports are due on the 5th.' },
    })
    expect(preview.body.response_action, JSON.stringify(preview.body)).toBe('update')
    expect((await desk.submit('UKKADM', preview.body.view, {})).status).toBe(200)
    const id = (await api.operator('GET', '/v1/broadcasts?program=worksection-partner')).body.broadcasts[0].id as string
    const running = await message(mark, 'Жіберілуде')
    expect(running).toContain('Таратудың күшін жою')
    expect(running).toContain('Кідірту')

    const beforePause = slack.calls.length
    expect(await press('pause', id)).toMatch(/^Кідіртілді:/)
    await waitUntil(async () => ((await statusOf(id)) === 'paused' ? true : undefined))
    const paused = await message(beforePause, 'Кідіртілді')
    expect(paused).not.toContain('Тоқтатылды')

    const beforeCancel = slack.calls.length
    const answer = await press('cancel', id)
    expect(answer).toMatch(/^Таратудың күші жойылды:/)
    expect(await statusOf(id)).toBe('cancelled')
    const cancelled = await message(beforeCancel, 'Күші жойылды')
    expect(cancelled, 'a cancelled broadcast reads as stopped').not.toContain('Тоқтатылды')
    expect(cancelled).not.toContain('Кідіртілді')
    telegram.inject = undefined
  }, 40_000)
})
