import { sign } from '@telegram-apps/init-data-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { longDate } from '../../bots/i18n/format.ts'
import type { Api } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { withEditedPrograms } from '../helpers/edited-programs.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { melbetPartner } from '../helpers/melbet-partner.ts'

/**
 * Programs are data, each with its own time zone: one 13 hours ahead of UTC (a copy of jqsee in Pacific/Auckland,
 * with a 14-day hold) must name in /earnings the same local release date core computed and the Mini App shows.
 * Noon UTC is already the next day there, so a date must never be moved by the zone once it is a local date.
 * A weekly program in a zone whose clocks change (melbet in Europe/Riga) pays a week's earnings on its Tuesday.
 */
describe('a program in Pacific/Auckland: release dates', () => {
  let api: Api
  let telegram: FakeTelegram
  let close: () => Promise<void>
  beforeAll(async () => {
    ;({ api, telegram, close } = await withEditedPrograms('2026-03-06T10:00:00Z', {
      jqsee: (d) => {
        d.timeZone = 'Pacific/Auckland'
        d.commission.holdDays = 14
        d.holidays = []
      },
      // melbet's seed is Latvian: the same weekly revenue share in a zone whose clocks change
      melbet: (d) => {
        d.timeZone = 'Europe/Riga'
      },
    }))
  })
  afterAll(async () => {
    await close?.()
  })

  it.each(['ru', 'en'])('%s: /earnings names the release date core computed', async (language) => {
    const chat = language === 'ru' ? 88_601 : 88_602
    telegram.languages.set(chat, language)
    const r = await api.enrol('jqsee', { name: 'P', language, legalType: 'individual', telegramId: chat })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const posted = await api.postback('jqsee', {
      id: `nz-${chat}`,
      type: 'payment',
      occurredAt: '2026-03-06T09:00:00Z',
      customer: `nz-c${chat}`,
      ref: r.body.codes[0].code,
      order: `nz-o${chat}`,
      amount: '150.00',
      currency: 'USD',
    })
    expect(posted.status, JSON.stringify(posted.body)).toBe(201)
    // core's release date, as the Mini App reads it: a local date of the program
    const tma = `tma ${sign({ user: { id: chat, first_name: 'P' }, chat_type: 'sender', chat_instance: '1' }, TEST_TOKEN, api.clock.now())}`
    const balance = await (
      await fetch(`${api.base}/app/api/balance?program=jqsee`, { headers: { authorization: tma } })
    ).json()
    const release: string = balance.balances[0].nextRelease
    expect(release).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    // that local date as the reader writes it (formatted at its midday in UTC: no zone question)
    const expected = longDate(`${release}T12:00:00Z`, language, 'UTC')
    await telegram.sendText(chat, '/earnings')
    await telegram.waitForCall('sendPhoto', (c) => Number(c.payload.chat_id) === chat)
    const call = telegram.calls.find((c) => c.method === 'sendPhoto' && Number(c.payload.chat_id) === chat)!
    const caption = String(call.payload.caption)
    const line = caption.split('\n').find((l) => l.startsWith('• '))
    expect(line, caption).toContain(expected)
  })

  it('melbet 8.1 in Europe/Riga: revenue of the week the clocks go forward (22-28 March 2027) is paid on Tuesday 30 March', async () => {
    api.clock.set('2027-03-01T09:00:00Z')
    const m = await melbetPartner(api, { name: 'Riga DST', registeredAt: '2027-01-05T09:00:00Z', players: 5 })
    api.clock.set('2027-03-24T12:00:00Z')
    const r = await m.revenue('2027-03-24T10:00:00Z', '400.00')
    // Monday 29 March starts at 21:00 UTC in summer time, not at 22:00 (168 hours after the week's start)
    expect(r.commissions[0]).toMatchObject({ amount: '80.00', availableFrom: '2027-03-28T21:00:00.000Z' })
    api.clock.set('2027-03-30T06:00:00Z') // Tuesday 09:00 in Riga
    expect(await api.service.core.batches.runPayDay('melbet')).toMatchObject({ outcome: 'built', day: '2027-03-30' })
    const payouts = (await api.operator('GET', `/v1/partners/${m.partner}/payouts?program=melbet`)).body.payouts
    expect(payouts).toEqual([expect.objectContaining({ gross: '80.00', status: 'approved' })])
  })
})
