import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { termsPartners } from '../helpers/terms-partners.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * (Found by an outside review.) A broadcast control pressed on a progress message that no longer offers it (an older
 * message, another admin's click first) was refused with "The broadcast cannot do that now.": the admin did not learn
 * that the broadcast was already paused, finished or cancelled. The refusal now says its state, in their language.
 */
describe("a broadcast control refused says the broadcast's state", () => {
  const env = withDesk('2026-04-01T09:00:00Z', { SLACK_ADMIN_USERS: 'UADMIN,URUADM' })
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, telegram, slack, desk } = env())
  })
  const { enrol } = termsPartners(() => ({ api, telegram }))
  const statusOf = async (id: string) => (await api.operator('GET', `/v1/broadcasts/${id}`)).body.broadcast.status
  const press = async (user: string, action: string, id: string) => {
    const r = await desk.action(user, `broadcast_${action}`, id)
    return String((await waitUntil(() => slack.responses.find((x) => x.id === r.responseId))).body.text)
  }
  const publish = async (text: string) => {
    const d = await api.operator('POST', '/v1/programs/worksection-partner/terms', {
      effectiveAt: '2026-05-01T00:00:00Z',
      texts: { en: text },
    })
    expect(d.status, JSON.stringify(d.body)).toBe(201)
    const p = await api.operator('POST', `/v1/terms/${d.body.version.id}/publish`, {})
    expect(p.status, JSON.stringify(p.body)).toBe(201)
    return p.body.broadcast.id as string
  }

  it('paused, then cancelled: a second pause and a resume say so (en, ru)', async () => {
    slack.locales.set('URUADM', 'ru-RU')
    const chat = 9401
    await enrol('worksection-partner', chat)
    // Telegram cannot reach the partner for now: the broadcast keeps running until it is paused
    telegram.inject = (m) => (Number(m.chat_id) === chat ? { error_code: 502, description: 'Bad Gateway' } : undefined)
    const id = await publish('Reports are due on the 5th.')
    expect(await press(USERS.admin, 'pause', id)).toContain('Paused')
    await waitUntil(async () => ((await statusOf(id)) === 'paused' ? true : undefined))
    expect(await press(USERS.admin, 'pause', id)).toBe('Nothing changed: the broadcast is already paused.')
    expect(await press('URUADM', 'pause', id)).toBe('Ничего не изменилось: рассылка уже приостановлена.')
    expect(await press(USERS.admin, 'cancel', id)).toContain('Cancelled')
    expect(await press(USERS.admin, 'resume', id)).toBe('Nothing changed: the broadcast has been cancelled.')
    expect(await press('URUADM', 'cancel', id)).toBe('Ничего не изменилось: рассылка уже отменена.')
    expect(await statusOf(id)).toBe('cancelled')
    telegram.inject = undefined
  }, 40_000)

  it('finished: a pause says it has finished', async () => {
    const id = await publish('Reports are due on the 6th.')
    await waitUntil(async () => ((await statusOf(id)) === 'completed' ? true : undefined), 15_000)
    expect(await press(USERS.admin, 'pause', id)).toBe('Nothing changed: the broadcast has already finished.')
    expect(await press('URUADM', 'cancel', id)).toBe('Ничего не изменилось: рассылка уже завершена.')
    expect(await statusOf(id)).toBe('completed')
  }, 40_000)
})
