import { Writable } from 'node:stream'
import { afterAll, beforeAll, inject } from 'vitest'
import { loadConfig } from '../../bots/config.ts'
import { type Service, startService } from '../../bots/service.ts'
import { ManualClock } from '../../core/ports/clock.ts'
import { ADMIN_TOKEN, type Api, startApi } from './api.ts'
import { TEST_TOKEN } from './bots.ts'
import { freshDatabaseUrl } from './database.ts'
import { FakeSlack } from './fake-slack.ts'
import { FakeTelegram } from './fake-telegram.ts'
import { form, interactive, postSigned } from './slack-sign.ts'

export const SLACK_SECRET = 'slack-signing-secret-for-tests'
export const USERS = { support: 'USUPPORT', finance: 'UFINANCE', admin: 'UADMIN', stranger: 'USTRANGER' } as const
export const CHANNELS = { disputes: 'CDISPUTES', finance: 'CFINANCE' } as const

/** Signed Slack requests to the service's /slack/events, as Slack sends them. */
export class DeskClient {
  private n = 0
  constructor(
    readonly url: string,
    private readonly slack: FakeSlack,
  ) {}

  /** `/pa <text>` typed by `user`; the ephemeral answer lands in slack.responses under the returned id. */
  async command(text: string, user: string = USERS.support) {
    const id = `cmd${++this.n}`
    const res = await postSigned(
      this.url,
      SLACK_SECRET,
      form({
        command: '/pa',
        text,
        user_id: user,
        channel_id: 'CANY',
        team_id: 'T1',
        trigger_id: `trigger-${id}`,
        response_url: this.slack.responseUrl(id),
      }),
      'application/x-www-form-urlencoded',
    )
    return { ...res, responseId: id }
  }

  /** A button press in a message (block_actions). */
  action(user: string, actionId: string, value: string, where: { channel?: string; ts?: string; view?: boolean } = {}) {
    return this.act(user, { type: 'button', action_id: actionId, block_id: 'b', value, action_ts: '1.2' }, where)
  }

  /** An option chosen in a message's static select (block_actions): `value` is the option's. */
  choose(user: string, actionId: string, value: string, where: { channel?: string; ts?: string } = {}) {
    const selected_option = { value, text: { type: 'plain_text', text: value } }
    return this.act(
      user,
      { type: 'static_select', action_id: actionId, block_id: 'b', selected_option, action_ts: '1.2' },
      where,
    )
  }

  private async act(user: string, action: object, where: { channel?: string; ts?: string; view?: boolean }) {
    const id = `act${++this.n}`
    const payload = {
      type: 'block_actions',
      user: { id: user, username: user.toLowerCase(), team_id: 'T1' },
      api_app_id: 'A1',
      team: { id: 'T1', domain: 'test' },
      trigger_id: `trigger-${id}`,
      token: 'legacy',
      ...(where.view
        ? { view: { id: 'VHOME', type: 'home', callback_id: '', private_metadata: '' }, container: { type: 'view' } }
        : {
            container: { type: 'message', channel_id: where.channel ?? 'CANY', message_ts: where.ts ?? '1.1' },
            channel: { id: where.channel ?? 'CANY', name: 'desk' },
            message: { ts: where.ts ?? '1.1', text: '' },
            response_url: this.slack.responseUrl(id),
          }),
      actions: [action],
    }
    const res = await postSigned(this.url, SLACK_SECRET, interactive(payload), 'application/x-www-form-urlencoded')
    return { ...res, responseId: id }
  }

  /**
   * A modal submitted (view_submission). `values` maps block_id -> action_id -> a plain value (a string for text
   * inputs, `{ selected: 'x' }` for selects, `{ date: '2026-03-10' }` for a datepicker, `{ checked: [...] }` for
   * checkboxes).
   */
  async submit(
    user: string,
    view: { callback_id: string; private_metadata: string },
    values: Record<string, Record<string, string | { selected: string } | { date: string } | { checked: string[] }>>,
  ) {
    const state: Record<string, Record<string, unknown>> = {}
    for (const [block, actions] of Object.entries(values)) {
      state[block] = {}
      for (const [action, v] of Object.entries(actions))
        state[block]![action] =
          typeof v === 'string'
            ? { type: 'plain_text_input', value: v }
            : 'date' in v
              ? { type: 'datepicker', selected_date: v.date }
              : 'checked' in v
                ? { type: 'checkboxes', selected_options: v.checked.map((value) => ({ value })) }
                : {
                    type: 'static_select',
                    selected_option: { value: v.selected, text: { type: 'plain_text', text: v.selected } },
                  }
    }
    const payload = {
      type: 'view_submission',
      user: { id: user, username: user.toLowerCase(), team_id: 'T1' },
      api_app_id: 'A1',
      team: { id: 'T1', domain: 'test' },
      trigger_id: `trigger-sub${++this.n}`,
      token: 'legacy',
      view: { id: `V${this.n}`, type: 'modal', ...view, state: { values: state } },
    }
    const res = await postSigned(this.url, SLACK_SECRET, interactive(payload), 'application/x-www-form-urlencoded')
    return { status: res.status, body: res.text ? JSON.parse(res.text) : undefined }
  }

  /** An Events API delivery; `eventId` repeated is what Slack does on a retry. */
  async event(event: Record<string, unknown>, eventId = `Ev${++this.n}`) {
    const body = JSON.stringify({
      token: 'legacy',
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      event,
    })
    return postSigned(this.url, SLACK_SECRET, body, 'application/json')
  }

  /** The last modal the service opened (views.open), for its callback_id, metadata and blocks. */
  async openedView(since = 0) {
    const call = await this.slack.waitForCall('views.open', undefined, 10_000, since)
    return call.payload.view as { callback_id: string; private_metadata: string; blocks: any[] }
  }
}

export interface Desk {
  api: Api
  telegram: FakeTelegram
  slack: FakeSlack
  desk: DeskClient
}

export const deskEnv = (telegram: FakeTelegram, slack: FakeSlack) => ({
  TELEGRAM_BOT_TOKEN: TEST_TOKEN,
  TELEGRAM_API_ROOT: telegram.url,
  SLACK_BOT_TOKEN: 'xoxb-test-desk',
  SLACK_SIGNING_SECRET: SLACK_SECRET,
  SLACK_API_URL: slack.apiUrl,
  SLACK_SUPPORT_USERS: USERS.support,
  SLACK_FINANCE_USERS: USERS.finance,
  SLACK_ADMIN_USERS: USERS.admin,
  SLACK_DISPUTES_CHANNEL: CHANNELS.disputes,
  SLACK_FINANCE_CHANNEL: CHANNELS.finance,
})

/**
 * The whole service with the partner bot on a fake Bot API and the Slack desk on a fake Web API; with `logs`, every
 * line the service logs (at trace) is pushed there (startApi).
 */
export function withDesk(start: string, extraEnv: Record<string, string> = {}, opts: { logs?: string[] } = {}) {
  let d: Desk | undefined
  beforeAll(async () => {
    const telegram = await new FakeTelegram().start()
    const slack = await new FakeSlack().start()
    const api = await startApi(start, { ...deskEnv(telegram, slack), ...extraEnv }, opts)
    d = { api, telegram, slack, desk: new DeskClient(`${api.base}/slack/events`, slack) }
  })
  afterAll(async () => {
    await d?.api.close()
    await d?.telegram.stop()
    await d?.slack.stop()
  })
  return () => d!
}

export interface LoggedDesk {
  service: Service
  clock: ManualClock
  base: string
  telegram: FakeTelegram
  slack: FakeSlack
  desk: DeskClient
  /** Every log line the service wrote, as written (JSON), at LOG_LEVEL=trace. */
  logs: string[]
  /** Enrols a partner through the operator API: their id and first code. */
  enrol(program: string, body: Record<string, unknown>): Promise<{ partner: string; code: string }>
}

/**
 * The service as withDesk starts it, logging everything (trace) into `logs`, for tests that read what the
 * service writes to its log.
 */
export function withLoggedDesk(start: string) {
  let d: LoggedDesk | undefined
  let drop: (() => Promise<void>) | undefined
  beforeAll(async () => {
    const telegram = await new FakeTelegram().start()
    const slack = await new FakeSlack().start()
    const db = freshDatabaseUrl()
    drop = db.drop
    const logs: string[] = []
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk))
        done()
      },
    })
    const clock = new ManualClock(start)
    const config = loadConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'trace',
      DATABASE_URL: db.url,
      REDIS_URL: inject('redisUrl'),
      REDIS_PREFIX: `out${Math.random().toString(36).slice(2, 8)}`,
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      PUBLIC_URL: 'https://partners.example.com',
      TELEGRAM_SANDBOX: 'false',
      ...deskEnv(telegram, slack),
    })
    const service = await startService(config, { clock, logDestination: sink })
    d = {
      service,
      clock,
      base: service.url,
      telegram,
      slack,
      desk: new DeskClient(`${service.url}/slack/events`, slack),
      logs,
      async enrol(program, body) {
        const res = await fetch(`${service.url}/v1/programs/${program}/partners`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
        const json = (await res.json()) as { partner: { id: string }; codes: { code: string }[] }
        if (res.status !== 201) throw new Error(`enrol: ${res.status} ${JSON.stringify(json)}`)
        return { partner: json.partner.id, code: json.codes[0]!.code }
      },
    }
  })
  afterAll(async () => {
    await d?.service.close()
    await drop?.()
    await d?.telegram.stop()
    await d?.slack.stop()
  })
  return () => d!
}
