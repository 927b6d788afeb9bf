import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createI18n } from '../../bots/i18n/index.ts'
import { createSlackApp } from '../../bots/slack/app.ts'
import type { HealthProbe } from '../../core/ports/health.ts'
import { serveHttp, silentPino } from '../helpers/bots.ts'
import { fakeCore } from '../helpers/core.ts'
import { FakeSlack } from '../helpers/fake-slack.ts'
import { form, postSigned } from '../helpers/slack-sign.ts'

const SECRET = 'slack-signing-secret'

describe('slack app against a fake Web API', () => {
  let fake: FakeSlack
  let close: (() => Promise<void>) | undefined
  let url: string

  async function start(probes?: HealthProbe[]) {
    const { core } = fakeCore({ probes })
    const slack = createSlackApp({
      config: {
        mode: 'http',
        token: 'xoxb-test',
        signingSecret: SECRET,
        apiUrl: fake.apiUrl,
        desk: { roles: { support: [], finance: [], admin: [] }, channels: {}, language: 'en' },
      },
      core,
      i18n: createI18n(),
      logger: silentPino(),
    })
    const http = await serveHttp({ core, slack: slack.router })
    close = http.close
    url = `${http.base}/slack/events`
    await slack.start()
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

  beforeEach(async () => {
    fake = await new FakeSlack().start()
  })
  afterEach(async () => {
    await close?.()
    await fake.stop()
  })

  it('connects with the bot token (auth.test)', async () => {
    await start()
    const auth = await fake.waitForCall('auth.test')
    expect(auth.auth).toBe('Bearer xoxb-test')
  })

  it('/pa help answers ephemerally in the user’s Slack language', async () => {
    await start()
    fake.locales.set('U_RU', 'ru-RU')
    const res = await postSigned(url, SECRET, command('help', 'U_RU'), 'application/x-www-form-urlencoded')
    expect(res.status).toBe(200)
    expect(fake.responses).toHaveLength(1)
    expect(fake.responses[0]!.body).toMatchObject({ response_type: 'ephemeral' })
    const text: string = fake.responses[0]!.body.text
    expect(text).toMatch(/^Команды \*помощника по партнёрским программам\*/)
    // every desk subcommand is listed
    for (const sub of ['/pa status', '/pa disputes', '/pa payouts', '/pa batches', '/pa partner'])
      expect(text).toContain(sub)
  })

  it('/pa status reports each dependency', async () => {
    await start([
      { name: 'database', check: async () => {} },
      {
        name: 'redis',
        check: async () => {
          throw new Error('connect ECONNREFUSED')
        },
      },
    ])
    fake.locales.set('U_LV', 'lv-LV')
    await postSigned(url, SECRET, command('status', 'U_LV'), 'application/x-www-form-urlencoded')
    const text: string = fake.responses[0]!.body.text
    expect(text.split('\n')[0]).toBe(':red_circle: Pakalpojums nav gatavs darbam.')
    expect(text).toMatch(/database: kārtībā \(\d+ ms\)/)
    expect(text).toContain('redis: kļūda — connect ECONNREFUSED')
  })

  it('answers an unknown subcommand instead of failing', async () => {
    await start()
    await postSigned(url, SECRET, command('frobnicate please'), 'application/x-www-form-urlencoded')
    expect(fake.responses[0]!.body.text).toBe('Unknown subcommand `frobnicate please`. Try `/pa help`.')
  })

  it('refuses a bad or stale signature with 401 and does nothing', async () => {
    await start()
    const bad = await postSigned(url, SECRET, command('help'), 'application/x-www-form-urlencoded', { badSig: true })
    expect(bad.status).toBe(401)
    const stale = await postSigned(url, SECRET, command('help'), 'application/x-www-form-urlencoded', {
      ts: Math.floor(Date.now() / 1000) - 60 * 60,
    })
    expect(stale.status).toBe(401)
    expect(fake.responses).toHaveLength(0)
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
    const res = await postSigned(
      url,
      SECRET,
      form({ payload: JSON.stringify(payload) }),
      'application/x-www-form-urlencoded',
    )
    expect(res.status).toBe(200)
    expect(fake.responses).toEqual([
      { id: 'old', body: { response_type: 'ephemeral', replace_original: false, text: 'ეს ღილაკი აღარ მოქმედებს.' } },
    ])
  })

  it('answers a malformed interactive payload without crashing', async () => {
    await start()
    const res = await postSigned(url, SECRET, form({ payload: '{not json' }), 'application/x-www-form-urlencoded')
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
    const after = await postSigned(url, SECRET, command('help'), 'application/x-www-form-urlencoded')
    expect(after.status).toBe(200)
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
    const { slackToPlain } = await import('../../bots/slack/listeners/disputes.ts')
    expect(slackToPlain('<@U123> see <https://x.example/faq|the FAQ> &amp; <https://y.example>: 5 &lt; 10')).toBe(
      'see the FAQ (https://x.example/faq) & https://y.example: 5 < 10',
    )
    expect(slackToPlain('ask <#C1|finance> or <!here>')).toBe('ask finance or')
  })
})
