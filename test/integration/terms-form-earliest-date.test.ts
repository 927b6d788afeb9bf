import { beforeAll, describe, expect, it } from 'vitest'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'

/**
 * `/pa terms worksection-referral`: the form's first line tells the admin the earliest effective date the 3 days'
 * notice allows. It read «the earliest effective date is 2026-04-04», the raw ISO day
 * (bots/slack/listeners/terms.ts passed `isoDate(localDate(...))` as `earliest`), while every other desk date, the
 * refusal in the same form included («… can take effect from April 4, 2026 at the earliest»), is written in the
 * desk's language with the program's zone (bots/shared/dates.ts deskDate / deskDay).
 */
describe('the term change form names its earliest date as the desk writes dates', () => {
  const env = withDesk('2026-04-01T09:00:00Z', { SLACK_ADMIN_USERS: 'UADMIN,URUADM' })
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ slack, desk } = env())
  })

  it('«the earliest effective date is April 4, 2026 (Europe/Kyiv)», not 2026-04-04', async () => {
    const mark = slack.calls.length
    await desk.command('terms worksection-referral', USERS.admin)
    const compose = await desk.openedView(mark)
    const intro = String(compose.blocks[0].text.text)
    expect(intro).toContain('notice')
    expect(intro).not.toContain('2026-04-04')
    expect(intro).toContain('April 4, 2026 (Europe/Kyiv)')
  }, 30_000)

  it('a Russian admin reads the date in Russian', async () => {
    slack.locales.set('URUADM', 'ru-RU')
    const mark = slack.calls.length
    await desk.command('terms worksection-referral', 'URUADM')
    const intro = String((await desk.openedView(mark)).blocks[0].text.text)
    expect(intro).toContain('4 апреля 2026 г. (Europe/Kyiv)')
  }, 30_000)
})
