import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, startApi } from '../helpers/api.ts'

/**
 * A partner shares a referral link in Telegram (or WhatsApp, Slack...): the messenger's servers fetch it with a GET
 * to draw the preview. Nobody followed the link: the fetch lands where the link goes, and the partner's performance
 * counts no click for it (only the people who open the link).
 */
describe('a link preview is not a click', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-10T12:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  const PREVIEWS = [
    'TelegramBot (like TwitterBot)',
    'WhatsApp/2.23.20.0 A',
    'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
    'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
    'Twitterbot/1.0',
    'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
    'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
    'Mozilla/5.0 (compatible; vkShare; +http://vk.com/dev/Share)',
    'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  ]

  it('messengers’ preview fetchers land with the code and no click id; the report counts only the person', async () => {
    const { partner, codes } = await api.enrolled('quantower', {
      name: 'Shared',
      language: 'lv',
      legalType: 'individual',
    })
    const code = codes[0]!.code
    for (const [i, agent] of PREVIEWS.entries()) {
      const r = await api.get(`/r/${code}?sub1=tg`, { 'x-forwarded-for': `149.154.161.${i + 1}`, 'user-agent': agent })
      expect(r.status, agent).toBe(302)
      const location = new URL(r.headers.get('location')!)
      expect(location.searchParams.get('ref'), agent).toBe(code)
      expect(location.searchParams.get('click'), agent).toBeNull()
    }
    // people open it: on a phone called CUBOT, and in Telegram's own browser: two clicks
    const PEOPLE = [
      'Mozilla/5.0 (Linux; Android 12; CUBOT X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile',
      'Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 Telegram-Android/10.14.5 (Samsung SM-A536B; Android 13; SDK 33; AVERAGE)',
    ]
    for (const [i, agent] of PEOPLE.entries()) {
      const person = await api.get(`/r/${code}?sub1=tg`, {
        'x-forwarded-for': `203.0.113.${50 + i}`,
        'user-agent': agent,
      })
      expect(new URL(person.headers.get('location')!).searchParams.get('click'), agent).toMatch(/^[0-9a-f-]{36}$/)
    }
    await api.service.core.earnings.clicks.flush()
    const report = await api.operator('GET', `/v1/partners/${partner}/performance?program=quantower&by=sub1`)
    expect(report.status, JSON.stringify(report.body)).toBe(200)
    expect(report.body.totals).toMatchObject({ clicks: 2, uniqueClicks: 2 })
    expect(await api.service.db.prisma.click.count({ where: { code: { code } } })).toBe(2)
  })
})
