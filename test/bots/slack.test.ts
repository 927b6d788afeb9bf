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
      config: { mode: 'http', token: 'xoxb-test', signingSecret: SECRET, apiUrl: fake.apiUrl },
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
    expect(fake.responses[0]!.body.text).toMatch(/^Команды \*помощника по партнёрским программам\*/)
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
    await postSigned(url, SECRET, command('payout please'), 'application/x-www-form-urlencoded')
    expect(fake.responses[0]!.body.text).toBe('Unknown subcommand `payout please`. Try `/pa help`.')
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
