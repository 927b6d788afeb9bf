import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import type { StepLog } from '../../bots/shared/jobs.ts'
import { slackDeskJobs } from '../../bots/slack/jobs/desk.ts'
import { jobClient } from '../../bots/slack/web-client.ts'
import { type Api, startApi } from '../helpers/api.ts'
import { FakeSlack } from '../helpers/fake-slack.ts'

/**
 * Two instances on one database: "each payout card is posted once". A payout that changes before its card exists
 * has two payout_review jobs, and two instances' desk workers may run them at once: both read "no card yet" and
 * post. The card recorded first stands; the other is deleted at once (no orphan with live buttons), and its job
 * updates the card that stands.
 *
 * The two instances' desk workers are the desk handlers built twice on the same core (the service under test runs
 * without Slack so its own desk worker stays idle), each running one of the payout's two desk jobs.
 */
describe('a payout card posted by two instances at once', () => {
  let api: Api
  let slack: FakeSlack
  beforeAll(async () => {
    slack = await new FakeSlack().start()
    api = await startApi('2026-03-06T10:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
    await slack?.stop()
  })

  const stepLog = (): StepLog => {
    const done = new Map<string, unknown>()
    return { get: (k) => done.get(k), record: async (k, v) => void done.set(k, v) }
  }
  /** One instance's desk worker: its own Slack client (real latency of Slack: ~200 ms a post). */
  const instance = () => {
    const logger = pino({ level: 'silent' })
    const client = jobClient('xoxb-test-desk', slack.apiUrl, logger)
    const post = client.chat.postMessage.bind(client.chat)
    client.chat.postMessage = (async (args: Parameters<typeof post>[0]) => {
      await new Promise((r) => setTimeout(r, 200))
      return post(args)
    }) as typeof client.chat.postMessage
    return slackDeskJobs({
      core: api.service.core,
      i18n: createI18n(),
      logger,
      slack: client,
      desk: { roles: { support: [], finance: ['UFIN'], admin: [] }, channels: { finance: 'CFINANCE' }, language: 'en' },
    })
  }

  it('two desk jobs of one payout on two instances post one card', async () => {
    const { partner, codes } = await api.enrolled('jqsee', {
      name: 'Twice',
      language: 'en',
      legalType: 'individual',
      telegramId: 9901,
    })
    await api.recorded('jqsee', {
      id: 'twice-1',
      type: 'payment',
      occurredAt: new Date(api.clock.now().getTime() - 3_600_000).toISOString(),
      customer: 'twice-c',
      ref: codes[0]!.code,
      order: 'twice-o',
      amount: '150.00',
      currency: 'USD',
    })
    const r = await api.requestPayout(
      partner,
      { program: 'jqsee', method: 'paypal', details: { email: 'twice@example.com' } },
      'twice-key',
    )
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const payoutId = r.body.payout.id as string

    const [a, b] = [instance(), instance()]
    const now = Date.now()
    const outcomes = await Promise.all([
      a.payout_review({
        id: `desk-payout-${payoutId}-requested-1`,
        data: { payoutId },
        queuedAt: now,
        steps: stepLog(),
      }),
      b.payout_review({
        id: `desk-payout-${payoutId}-payout_hold-2`,
        data: { payoutId },
        queuedAt: now,
        steps: stepLog(),
      }),
    ])
    const posted = slack.calls.filter(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.payload.channel === 'CFINANCE' &&
        JSON.stringify(c.payload).includes(payoutId),
    )
    const deleted = slack.calls.filter((c) => c.method === 'chat.delete').map((c) => String(c.payload.ts))
    // one card stands, the one the payout records; any other was deleted
    const stored = await api.service.db.prisma.payoutRequest.findUniqueOrThrow({ where: { id: payoutId } })
    expect(posted.length - deleted.length, `outcomes: ${outcomes.join(', ')}`).toBe(1)
    expect(stored.slackTs).toBeTruthy()
    expect(deleted).not.toContain(stored.slackTs)
  })
})
