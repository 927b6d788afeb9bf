import crypto from 'node:crypto'
import { Writable } from 'node:stream'
import { WebAPIHTTPError } from '@slack/web-api'
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { createLogger } from '../../bots/logger.ts'
import { createSlackApp, type SlackSurface } from '../../bots/slack/app.ts'
import { checkSignature } from '../../bots/slack/verify.ts'
import type { HealthProbe } from '../../core/ports/health.ts'
import { serveHttp, silentPino } from '../helpers/bots.ts'
import { fakeCore } from '../helpers/core.ts'
import { FakeSlack } from '../helpers/fake-slack.ts'
import { form, postSigned } from '../helpers/slack-sign.ts'
import { waitUntil } from '../helpers/wait.ts'

const SECRET = 'slack-signing-secret'

/** A pino logger at trace writing into `lines` (JSON, as written), to read what the Slack surface logs. */
function capturingLogger(lines: string[]) {
  return pino(
    { level: 'trace' },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    }),
  )
}

describe('slack app against a fake Web API', () => {
  let fake: FakeSlack
  let close: (() => Promise<void>) | undefined
  let surface: SlackSurface | undefined
  let url: string

  async function start(
    opts: { probes?: HealthProbe[]; roles?: { support?: string[]; finance?: string[]; admin?: string[] } } = {},
    logger = silentPino(),
  ) {
    const { core } = fakeCore({ probes: opts.probes })
    surface = createSlackApp({
      config: {
        mode: 'http',
        token: 'xoxb-test',
        signingSecret: SECRET,
        apiUrl: fake.apiUrl,
        desk: {
          roles: { support: [], finance: [], admin: [], ...opts.roles },
          channels: { disputes: 'CDISPUTES' },
          language: 'en',
        },
      },
      core,
      i18n: createI18n(),
      logger,
    })
    const http = await serveHttp({ core, slack: surface.router })
    close = http.close
    url = `${http.base}/slack/events`
    await surface.start()
  }

  const command = (text: string, user = 'U1', responseId = 'r1') =>
    form({
      command: '/pa',
      text,
      user_id: user,
      channel_id: 'C1',
      team_id: 'T1',
      trigger_id: 'tr1',
      response_url: fake.responseUrl(responseId),
    })
  const formType = 'application/x-www-form-urlencoded'
  /** The response_url answer with this id, once it arrives. */
  const answer = (id = 'r1') => waitUntil(() => fake.responses.find((r) => r.id === id)?.body)

  beforeEach(async () => {
    fake = await new FakeSlack().start()
  })
  afterEach(async () => {
    await surface?.stop()
    await close?.()
    await fake.stop()
  })

  it('connects with the bot token (auth.test)', async () => {
    await start()
    const auth = await fake.waitForCall('auth.test')
    expect(auth.auth).toBe('Bearer xoxb-test')
  })

  it('/pa help answers ephemerally in the user’s Slack language', async () => {
    await start({ roles: { admin: ['U_RU'] } })
    fake.locales.set('U_RU', 'ru-RU')
    const res = await postSigned(url, SECRET, command('help', 'U_RU'), formType)
    expect(res.status).toBe(200)
    const body = await answer()
    expect(fake.responses).toHaveLength(1)
    expect(body).toMatchObject({ response_type: 'ephemeral' })
    const text: string = body.text
    expect(text).toMatch(/^Команды \*помощника по партнёрским программам\*/)
    // an admin may use every desk subcommand, so each is listed
    for (const sub of ['/pa status', '/pa disputes', '/pa payouts', '/pa batches', '/pa partner', '/pa terms'])
      expect(text).toContain(sub)
  })

  it('/pa status reports each dependency to the desk’s roles', async () => {
    await start({
      roles: { finance: ['U_LV'] },
      probes: [
        { name: 'database', check: async () => {} },
        {
          name: 'redis',
          check: async () => {
            throw new Error('connect ECONNREFUSED')
          },
        },
      ],
    })
    fake.locales.set('U_LV', 'lv-LV')
    await postSigned(url, SECRET, command('status', 'U_LV'), formType)
    const text: string = (await answer()).text
    expect(text.split('\n')[0]).toBe(':red_circle: Pakalpojums nav gatavs darbam.')
    expect(text).toMatch(/database: kārtībā \(\d+ ms\)/)
    expect(text).toContain('redis: kļūda — connect ECONNREFUSED')
  })

  it('/pa status tells someone with no role which roles may see it, and nothing about the infrastructure', async () => {
    let probed = 0
    await start({
      roles: { support: ['USUPPORT'] },
      probes: [
        {
          name: 'redis',
          check: async () => {
            probed++
            throw new Error('connect ECONNREFUSED 10.0.0.7:6379')
          },
        },
      ],
    })
    fake.locales.set('U_NOBODY', 'ru-RU')
    const res = await postSigned(url, SECRET, command('status', 'U_NOBODY'), formType)
    expect(res.status).toBe(200)
    const text: string = (await answer()).text
    expect(text).toBe(
      'Это действие вам недоступно: для него нужна одна из ролей — поддержка, финансы, администратор. Администратор может выдать её вашему пользователю Slack.',
    )
    expect(text).not.toMatch(/redis|ECONNREFUSED|10\.0\.0\.7/)
    expect(probed).toBe(0)
  })

  it('answers an unknown subcommand instead of failing', async () => {
    await start()
    await postSigned(url, SECRET, command('frobnicate please'), formType)
    expect((await answer()).text).toBe('Unknown subcommand `frobnicate please`. Try `/pa help`.')
  })

  it('refuses a bad or stale signature with 401 and does nothing', async () => {
    await start()
    const bad = await postSigned(url, SECRET, command('help'), formType, { badSig: true })
    expect(bad.status).toBe(401)
    const stale = await postSigned(url, SECRET, command('help'), formType, {
      ts: Math.floor(Date.now() / 1000) - 60 * 60,
    })
    expect(stale.status).toBe(401)
    await new Promise((r) => setTimeout(r, 200))
    expect(fake.responses).toHaveLength(0)
  })

  it('refuses a correctly signed request timestamped more than 5 minutes off, in either direction', async () => {
    await start()
    const now = Math.floor(Date.now() / 1000)
    const at = (ts: number, id: string) => postSigned(url, SECRET, command('help', 'U1', id), formType, { ts })
    expect((await at(now + 10 * 60, 'plus10min')).status).toBe(401)
    expect((await at(now + 10 * 365 * 24 * 3600, 'plus10years')).status).toBe(401)
    expect((await at(now - 10 * 60, 'minus10min')).status).toBe(401)
    // within the window, both ways
    expect((await at(now + 4 * 60, 'plus4min')).status).toBe(200)
    expect((await at(now, 'now')).status).toBe(200)
    await answer('now')
    await answer('plus4min')
    await new Promise((r) => setTimeout(r, 200))
    expect(fake.responses.map((r) => r.id).sort()).toEqual(['now', 'plus4min'])
  })

  it('checks signatures and timestamps exactly (unit)', () => {
    const body = Buffer.from('command=%2Fpa&text=help')
    const now = 1_800_000_000_000
    const ts = String(now / 1000)
    const sign = (t: string, b: Buffer = body) =>
      `v0=${crypto.createHmac('sha256', SECRET).update(`v0:${t}:`).update(b).digest('hex')}`
    expect(checkSignature(SECRET, { timestamp: ts, signature: sign(ts) }, body, now)).toBeUndefined()
    expect(checkSignature(SECRET, { timestamp: ts, signature: sign(ts, Buffer.from('x')) }, body, now)).toBe(
      'bad_signature',
    )
    const future = String(now / 1000 + 301)
    expect(checkSignature(SECRET, { timestamp: future, signature: sign(future) }, body, now)).toBe('future')
    const past = String(now / 1000 - 301)
    expect(checkSignature(SECRET, { timestamp: past, signature: sign(past) }, body, now)).toBe('stale')
    for (const t of [undefined, '', '1e9', ' 1800000000', '-1', '18000000000000'])
      expect(checkSignature(SECRET, { timestamp: t, signature: sign(String(t)) }, body, now)).toBe('no_timestamp')
    expect(checkSignature(SECRET, { timestamp: ts, signature: 'v1=abc' }, body, now)).toBe('no_signature')
  })

  it('acknowledges a button nobody handles and tells the user', async () => {
    await start()
    fake.locales.set('U_KA', 'ka-GE')
    const payload = {
      type: 'block_actions',
      user: { id: 'U_KA' },
      team: { id: 'T1' },
      trigger_id: 't',
      response_url: fake.responseUrl('old'),
      actions: [{ action_id: 'no_such_action', block_id: 'b', type: 'button', value: 'x', action_ts: '1' }],
    }
    const res = await postSigned(url, SECRET, form({ payload: JSON.stringify(payload) }), formType)
    expect(res.status).toBe(200)
    await answer('old')
    expect(fake.responses).toEqual([
      { id: 'old', body: { response_type: 'ephemeral', replace_original: false, text: 'ეს ღილაკი აღარ მოქმედებს.' } },
    ])
  })

  it('a forged action value is answered as an inactive button and reaches no core call', async () => {
    // every store of this core refuses loudly: a value that reached core would be answered with an error
    await start({ roles: { support: ['U_KA'], finance: ['U_KA'], admin: ['U_KA'] } })
    fake.locales.set('U_KA', 'ka-GE')
    const cases: [action: string, value: string][] = [
      ['payout_approve', 'not-a-uuid'],
      ['batch_paid', '1; drop table payouts'],
      ['dispute_claim', ''],
      ['broadcast_pause', '../../etc'],
      ['partner_block', '6f1c2c1e-9d4b-4a3e-8f50-1a2b3c4d5e6f:NOT A KEY'],
      ['partner_lift', '6f1c2c1e-9d4b-4a3e-8f50'],
    ]
    for (const [i, [actionId, value]] of cases.entries()) {
      const payload = {
        type: 'block_actions',
        user: { id: 'U_KA' },
        team: { id: 'T1' },
        trigger_id: 't',
        response_url: fake.responseUrl(`forged${i}`),
        actions: [{ action_id: actionId, block_id: 'b', type: 'button', value, action_ts: '1' }],
      }
      const res = await postSigned(url, SECRET, form({ payload: JSON.stringify(payload) }), formType)
      expect(res.status).toBe(200)
      expect(await answer(`forged${i}`), actionId).toEqual({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'ეს ღილაკი აღარ მოქმედებს.',
      })
    }
    // no modal was opened and nothing was posted
    expect(fake.calls.filter((c) => c.method === 'views.open' || c.method === 'chat.postMessage')).toEqual([])
  })

  it('answers a malformed interactive payload without crashing', async () => {
    await start()
    const res = await postSigned(url, SECRET, form({ payload: '{not json' }), formType)
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
    const after = await postSigned(url, SECRET, command('help'), formType)
    expect(after.status).toBe(200)
  })

  it('answers malformed and hostile requests, signed or not, with a 4xx or a handled 200, never a 5xx', async () => {
    await start({ roles: { support: ['USUPPORT'] } })
    const json = 'application/json'
    const event = (e: unknown, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ type: 'event_callback', event_id: 'Ev1', team_id: 'T1', event: e, ...extra })
    const action = (extra: Record<string, unknown>) =>
      form({ payload: JSON.stringify({ type: 'block_actions', user: { id: 'USUPPORT' }, ...extra }) })
    const cases: [string, string, string][] = [
      ['null JSON', 'null', json],
      ['a JSON array', '[1,2]', json],
      ['a JSON string', '"event_callback"', json],
      ['not JSON', '{"type":', json],
      ['an unknown JSON type', '{"type":"what"}', json],
      ['an event that is a string', event('message'), json],
      ['an event that is null', event(null), json],
      ['an event with a null channel', event({ type: 'message', channel: null, user: 'U1', text: 'x' }), json],
      ['an event with a string item', event({ type: 'reaction_added', item: 'x' }), json],
      ['authorizations of nulls', event({ type: 'app_home_opened', user: 'U1' }, { authorizations: [null] }), json],
      ['an event with files of junk', event({ type: 'message', channel: 'C1', files: [1, 2] }), json],
      ['url_verification without a challenge', '{"type":"url_verification"}', json],
      ['a form with neither command nor payload', form({ foo: 'bar' }), formType],
      ['a command without text', form({ command: '/pa', user_id: 'U1' }), formType],
      ['a command with repeated fields', 'command=%2Fpa&user_id=U1&text=help&text=status', formType],
      ['a payload that is not an object', form({ payload: '42' }), formType],
      ['a payload without a type', form({ payload: '{"user":{"id":"U1"}}' }), formType],
      ['a payload of a kind Bolt does not route', form({ payload: '{"type":"what","user":{"id":"U1"}}' }), formType],
      ['a dialog cancellation', form({ payload: '{"type":"dialog_cancellation","user":{"id":"U1"}}' }), formType],
      ['a payload that is a number, with ssl_check', 'payload=-5&ssl_check=1', formType],
      ['an empty ssl_check', 'ssl_check=&token=x', formType],
      ['actions that are not a list', action({ actions: 'x' }), formType],
      ['an action without an id', action({ actions: [{ type: 'button' }] }), formType],
      ['a numeric action id', action({ actions: [{ action_id: 5 }] }), formType],
      [
        'no user',
        form({ payload: JSON.stringify({ type: 'block_actions', actions: [{ action_id: 'x' }] }) }),
        formType,
      ],
      [
        'a view submission without state',
        form({ payload: JSON.stringify({ type: 'view_submission', user: { id: 'U1' }, view: { callback_id: 'x' } }) }),
        formType,
      ],
      [
        'a view submission without a view',
        form({ payload: '{"type":"view_submission","user":{"id":"U1"}}' }),
        formType,
      ],
      ['an unknown content type', 'hello', 'text/plain'],
      ['a huge field', form({ command: '/pa', user_id: 'U1', text: 'x'.repeat(2 * 1024 * 1024) }), formType],
    ]
    for (const [what, body, type] of cases) {
      for (const sign of [true, false]) {
        const started = performance.now()
        const res = sign
          ? await postSigned(url, SECRET, body, type)
          : await fetch(url, { method: 'POST', body, headers: { 'content-type': type } }).then((r) => ({
              status: r.status,
            }))
        expect(res.status, `${what} (${sign ? 'signed' : 'unsigned'})`).toBeLessThan(500)
        // at once: not left to Bolt, which would not answer and let the 2.5 s last resort acknowledge it
        expect(performance.now() - started, what).toBeLessThan(1_000)
        if (!sign) expect(res.status, what).toBe(401)
      }
    }
    // handled kinds nobody listens to are acknowledged at once
    const started = performance.now()
    for (const payload of [
      { type: 'view_submission', user: { id: 'U1' }, view: { callback_id: 'nobody', state: { values: {} } } },
      { type: 'view_closed', user: { id: 'U1' }, view: { callback_id: 'nobody' } },
      { type: 'shortcut', callback_id: 'nobody', user: { id: 'U1' }, trigger_id: 't' },
      { type: 'block_suggestion', action_id: 'nobody', user: { id: 'U1' }, value: 'x' },
    ]) {
      const res = await postSigned(url, SECRET, form({ payload: JSON.stringify(payload) }), formType)
      expect(res.status, payload.type).toBe(200)
    }
    const slack = await postSigned(url, SECRET, JSON.stringify({ type: 'app_rate_limited', team_id: 'T1' }), json)
    expect(slack.status).toBe(200)
    expect(performance.now() - started).toBeLessThan(2_000)
    // and the app still answers
    expect((await postSigned(url, SECRET, command('help'), formType)).status).toBe(200)
    await answer()
  })

  describe.each([
    ['answers HTTP 500', 'error'],
    ['never answers', 'hang'],
  ] as const)('while the Web API %s', (_what, mode) => {
    it('acknowledges every request within 3 s, keeps serving and tells each user in their language', async () => {
      await start({ roles: { support: ['U_RU'] } })
      fake.locales.set('U_RU', 'ru-RU')
      // known before the outage: the answers stay Russian while Slack cannot be asked
      await postSigned(url, SECRET, command('help', 'U_RU', 'warm'), formType)
      await postSigned(url, SECRET, command('help', 'U_LV', 'warm-lv'), formType)
      await answer('warm')
      await answer('warm-lv')
      fake.outage(mode)
      const timed = async (send: () => Promise<{ status: number }>) => {
        const started = performance.now()
        const res = await send()
        return { status: res.status, ms: performance.now() - started }
      }
      const interactive = (payload: unknown) =>
        postSigned(url, SECRET, form({ payload: JSON.stringify(payload) }), formType)
      const results = {
        command: await timed(() => postSigned(url, SECRET, command('help', 'U_RU', 'help'), formType)),
        unknownUserCommand: await timed(() => postSigned(url, SECRET, command('status', 'U_NEW', 'new'), formType)),
        button: await timed(() =>
          interactive({
            type: 'block_actions',
            user: { id: 'U_RU' },
            trigger_id: 't',
            response_url: fake.responseUrl('button'),
            actions: [{ action_id: 'gone_button', type: 'button', value: 'x' }],
          }),
        ),
        modal: await timed(() =>
          interactive({
            type: 'view_submission',
            user: { id: 'U_RU' },
            view: { id: 'V1', callback_id: 'dispute_reply_modal', private_metadata: '{}', state: { values: {} } },
          }),
        ),
        event: await timed(() =>
          postSigned(
            url,
            SECRET,
            JSON.stringify({
              type: 'event_callback',
              event_id: 'EvOutage',
              team_id: 'T1',
              // someone with no role: their Home tab is published (views.publish), which Slack does not take
              event: { type: 'app_home_opened', user: 'U_LV', tab: 'home' },
            }),
            'application/json',
          ),
        ),
      }
      for (const [what, r] of Object.entries(results)) {
        expect(r.status, what).toBe(200)
        expect(r.ms, what).toBeLessThan(3_000)
      }
      // the answers went out through the response_url, which is up: Russian for the known user
      expect((await answer('help')).text).toMatch(/^Команды/)
      expect((await answer('button')).text).toBe('Эта кнопка больше не работает.')
      // never asked before the outage: English, and refused (no role)
      expect((await answer('new')).text).toMatch(/^You cannot do this/)
      await waitUntil(() => fake.unanswered.find((c) => c.method === 'views.publish'))
      expect(fake.calls.filter((c) => c.method === 'views.publish')).toEqual([])
      // still serving once Slack is back
      fake.recover()
      expect((await postSigned(url, SECRET, command('help', 'U_RU', 'after'), formType)).status).toBe(200)
      expect((await answer('after')).text).toMatch(/^Команды/)
    }, 30_000)
  })

  it('logs no request body, message text or Web API payload, even at trace level', async () => {
    const lines: string[] = []
    await start({ roles: { support: ['USUPPORT'] } }, capturingLogger(lines))
    const secret = 'Клиент оплатил 150 USD SECRET-7f3a'
    await postSigned(url, SECRET, command(`frobnicate ${secret}`, 'USUPPORT'), formType)
    await answer()
    await postSigned(
      url,
      SECRET,
      form({
        payload: JSON.stringify({
          type: 'view_submission',
          user: { id: 'USUPPORT' },
          view: {
            id: 'V1',
            callback_id: 'dispute_reply_modal',
            private_metadata: JSON.stringify({ disputeId: '00000000-0000-4000-8000-000000000001', mode: 'reply' }),
            state: { values: { message: { text: { type: 'plain_text_input', value: secret } } } },
          },
        }),
      }),
      formType,
    )
    await postSigned(
      url,
      SECRET,
      JSON.stringify({
        type: 'event_callback',
        event_id: 'EvSecret',
        team_id: 'T1',
        event: { type: 'message', channel: 'CDISPUTES', user: 'USUPPORT', text: secret, ts: '2.2', thread_ts: '1.1' },
      }),
      'application/json',
    )
    await postSigned(url, SECRET, form({ payload: `{"type":"block_actions","x":"${secret}"` }), formType)
    // the desk worker's client: what it posts (a dispute's words) is a request body too
    await surface!.app.client.chat.postMessage({ channel: 'CDISPUTES', text: secret })
    fake.outage('error')
    await surface!.app.client.chat.postMessage({ channel: 'CDISPUTES', text: secret }).catch(() => {})
    fake.recover()
    // the thread message could not be taken (this core has no disputes): its writer was told, and it was logged
    await fake.waitForCall('chat.postEphemeral', (c) => c.payload.channel === 'CDISPUTES')
    await waitUntil(() => (lines.some((l) => l.includes('slack: desk action failed')) ? true : undefined))
    // debug lines were written (so the test would see a body if one were logged) ...
    expect(lines.filter((l) => l.includes('"level":20')).length).toBeGreaterThan(5)
    // ... and none of them carries the text
    for (const l of lines) {
      expect(l).not.toContain('SECRET-7f3a')
      expect(l).not.toContain('оплатил')
    }
  })
})

describe('the service logger', () => {
  it('writes no request or response body an API error carries', () => {
    const lines: string[] = []
    const logger = createLogger(
      { logLevel: 'trace' },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk))
          done()
        },
      }),
    )
    // grammY's GrammyError keeps the call's parameters; the Web API client's HTTP error keeps the answer
    const telegramError = Object.assign(new Error('Call to sendMessage failed'), {
      method: 'sendMessage',
      payload: { chat_id: 7, text: 'Ответ поддержки по спору SECRET-1' },
    })
    const slackError = new WebAPIHTTPError(502, 'Bad Gateway', {}, '<html>echo: SECRET-2</html>')
    logger.warn({ err: telegramError }, 'notice not sent')
    logger.warn({ err: slackError, payload: { text: 'SECRET-3' }, body: 'SECRET-4' }, 'desk post failed')
    expect(lines).toHaveLength(2)
    expect(lines.join('')).not.toMatch(/SECRET/)
    // what the line is for stays
    expect(lines[0]).toContain('Call to sendMessage failed')
    expect(lines[1]).toContain('"statusCode":502')
  })
})

describe('the Slack app manifest', () => {
  it('declares what the app listens to and the scopes its calls need', async () => {
    const fs = await import('node:fs')
    const manifest = JSON.parse(fs.readFileSync(new URL('../../bots/slack/manifest.json', import.meta.url), 'utf8'))
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/pa'])
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['app_home_opened', 'message.channels', 'message.groups']),
    )
    expect(manifest.settings.interactivity.is_enabled).toBe(true)
    // chat.postMessage/update, users.info (locale), files.uploadV2 and files.info, thread messages
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'users:read', 'files:write', 'files:read', 'channels:history']),
    )
    for (const url of [
      manifest.features.slash_commands[0].url,
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ])
      expect(new URL(url).pathname).toBe('/slack/events')
  })
})

describe('support text forwarded to partners', () => {
  it('reads as plain text: links with their address, mentions dropped, entities unescaped', async () => {
    const { slackToPlain } = await import('../../bots/slack/mrkdwn.ts')
    expect(slackToPlain('<@U123> see <https://x.example/faq|the FAQ> &amp; <https://y.example>: 5 &lt; 10')).toBe(
      'see the FAQ (https://x.example/faq) & https://y.example: 5 < 10',
    )
    expect(slackToPlain('ask <#C1|finance> or <!here>')).toBe('ask finance or')
  })
})
