import { describe, expect, it } from 'vitest'
import { memorySeenUpdates, type SeenUpdates } from '../../bots/seen-updates.ts'
import { dropRetriedEvents } from '../../bots/slack/app.ts'
import { silentPino } from '../helpers/bots.ts'

/** Slack's event retries are dropped; when the ids cannot be checked (Redis down), events are still handled. */
describe('Slack event retries', () => {
  const run = async (seen: SeenUpdates, body: Record<string, unknown>) => {
    let handled = 0
    const middleware = dropRetriedEvents(seen, silentPino())
    await middleware({ body, next: async () => void handled++ } as never)
    return handled
  }

  it('handles an event once, drops its retry, and handles it again if handling failed', async () => {
    const seen = memorySeenUpdates()
    expect(await run(seen, { event_id: 'Ev1' })).toBe(1)
    expect(await run(seen, { event_id: 'Ev1' })).toBe(0)
    const failing = dropRetriedEvents(seen, silentPino())
    await expect(
      failing({
        body: { event_id: 'Ev2' },
        next: async () => {
          throw new Error('handler failed')
        },
      } as never),
    ).rejects.toThrow('handler failed')
    expect(await run(seen, { event_id: 'Ev2' })).toBe(1)
    expect(await run(seen, { type: 'block_actions' })).toBe(1) // not an event: no id to check
  })

  it('an event is handled, not lost, when its id cannot be checked (Slack will not send it again)', async () => {
    const down: SeenUpdates = async () => {
      throw new Error('Connection is closed.')
    }
    down.forget = async () => {
      throw new Error('Connection is closed.')
    }
    expect(await run(down, { event_id: 'Ev3' })).toBe(1)
  })
})
