import { beforeAll, describe, expect, it } from 'vitest'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'

/** The App Home's "as of" line names its time zone once, in every desk language. */
describe('App Home: the time of the counts', () => {
  const env = withDesk('2026-03-06T10:00:00Z', { SLACK_ADMIN_USERS: 'UADMIN,URUADM,ULVADM' })
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ slack, desk } = env())
    slack.locales.set('URUADM', 'ru-RU')
    slack.locales.set('ULVADM', 'lv-LV')
  })

  for (const user of [USERS.admin, 'URUADM', 'ULVADM'])
    it(`${user}: "(UTC)" is written once, not "(UTC) UTC"`, async () => {
      const since = slack.calls.length
      await desk.event({ type: 'app_home_opened', user, channel: 'D1', tab: 'home' })
      const home = await slack.waitForCall('views.publish', (c) => c.payload.user_id === user, 10_000, since)
      const contexts: string[] = home.payload.view.blocks
        .filter((b: any) => b.type === 'context')
        .map((b: any) => b.elements[0].text)
      const asOf = contexts.find((t) => t.includes('2026'))!
      expect(asOf).toBeDefined()
      expect(asOf.match(/UTC/g), asOf).toHaveLength(1)
    })
})
