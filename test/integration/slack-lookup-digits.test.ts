import { beforeAll, describe, expect, it } from 'vitest'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * `/pa partner <digits>` reads 5 to 19 digits as a Telegram id while they fit its column: a 19-digit number above
 * the 64-bit range (a mistyped or pasted order number) is "no partner matches", as any other unknown id.
 */
describe('/pa partner with a number beyond 64 bits', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ slack, desk } = env())
  })

  const answer = async (responseId: string) =>
    (await waitUntil(() => slack.responses.find((r) => r.id === responseId), 10_000)).body

  it('"/pa partner 9999999999999999999" answers that no partner matches', async () => {
    const inRange = await desk.command('partner 9223372036854775807', USERS.support)
    expect((await answer(inRange.responseId)).text).toBe('No partner matches `9223372036854775807`.')
    const beyond = await desk.command('partner 9999999999999999999', USERS.support)
    expect((await answer(beyond.responseId)).text).toBe('No partner matches `9999999999999999999`.')
  })
})
