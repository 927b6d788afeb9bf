import { beforeAll, describe, expect, it } from 'vitest'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'

/**
 * (Found by an outside review.) The term change form's first line told the admin of every program with a notice
 * period that "commission-rate changes may take effect on publication where the terms allow it": worksection-referral's
 * admin read it too, although its terms give the 3 days' notice for rates as well (only worksection-partner's rate
 * changes apply on publication, programs.md). The line now says what this program's terms do.
 */
describe("the term change form says what the program's terms do with rate changes", () => {
  const env = withDesk('2026-04-01T09:00:00Z', { SLACK_ADMIN_USERS: 'UADMIN,ULVADM' })
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ slack, desk } = env())
  })
  const intro = async (program: string, user: string) => {
    const mark = slack.calls.length
    await desk.command(`terms ${program}`, user)
    return String((await desk.openedView(mark)).blocks[0].text.text)
  }

  it('worksection-referral: rate changes need the same 3 days, nothing takes effect on publication', async () => {
    const text = await intro('worksection-referral', USERS.admin)
    expect(text).toContain("3 days' notice")
    expect(text).not.toContain('on publication')
    expect(text).toContain('Changes of commission rates need the same notice.')
  }, 30_000)

  it('worksection-partner: 14 days, a change of rates alone can take effect on publication', async () => {
    const text = await intro('worksection-partner', USERS.admin)
    expect(text).toContain("14 days' notice")
    expect(text).toContain('on publication')
    expect(text).not.toContain('need the same notice')
  }, 30_000)

  it('a Latvian admin reads it in Latvian', async () => {
    slack.locales.set('ULVADM', 'lv-LV')
    const referral = await intro('worksection-referral', 'ULVADM')
    expect(referral).not.toContain('publicēšanas brīdī')
    expect(referral).toContain('Arī par atlīdzības likmju izmaiņām')
    expect(await intro('worksection-partner', 'ULVADM')).toContain('publicēšanas brīdī')
  }, 30_000)
})
