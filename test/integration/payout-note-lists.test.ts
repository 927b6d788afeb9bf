import { sign } from '@telegram-apps/init-data-node'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { TEST_TOKEN } from '../helpers/bots.ts'
import { type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import { jqseePayoutRequested } from '../helpers/payout-flow.ts'

/**
 * Finance's note on a held or rejected payout reaches the lists, not only the partner's Telegram notice and the
 * finance card: a `/pa payouts` row shows it under the reason (on one line, clipped for Slack, escaped), and the
 * Mini App's payout history gives the reason in the partner's words (the notice's `reasons.*`) and the note as
 * written. Real service, signed Slack requests, a signed initData, ru and lv partners, en and ru desk users.
 */
describe('a payout note in /pa payouts and the Mini App history', () => {
  const logs: string[] = []
  const env = withDesk('2026-03-06T10:00:00Z', {}, { logs })
  let api: Api
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(async () => {
    ;({ api, slack, desk } = env())
    // the admin reads Slack in Russian (cached per user, so set before their first request)
    slack.locales.set(USERS.admin, 'ru-RU')
    // a Russian partner's payout held with a note, a Latvian's held with a long one, another Latvian's rejected
    ru = await requested('ru', '200.00')
    lv = await requested('lv', '150.00')
    rejected = await requested('lv', '120.00')
    await decide(ru.payoutId, 'hold', { reason: 'traffic_check', note: ruNote })
    await decide(lv.payoutId, 'hold', { reason: 'review', note: lvNote })
    await decide(rejected.payoutId, 'reject', { reason: 'other', note: rejectNote })
  })

  let chat = 8600
  /** A jqsee partner in `language` with `amount` paid by a referral (10% commission), and a PayPal payout of it. */
  async function requested(language: string, amount: string) {
    const tg = ++chat
    const { payoutId } = await jqseePayoutRequested(api, { chat: tg, language, amount, tag: 'list' })
    return { tg, payoutId }
  }
  const decide = async (payoutId: string, action: 'hold' | 'reject', body: Record<string, string>) => {
    const r = await api.operator('POST', `/v1/payouts/${payoutId}/${action}`, body)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
  }
  /** The text of the `/pa payouts` row (its section) of the payout, as `user` is answered. */
  const rowOf = async (user: string, payoutId: string) => {
    const list = await desk.command('payouts', user)
    const blocks = (await slack.response(list.responseId)).blocks as any[]
    const at = blocks.findIndex((b) => b.block_id === `payout:${payoutId}`)
    expect(at, JSON.stringify(blocks)).toBeGreaterThan(0)
    return blocks[at - 1].text.text as string
  }
  /** GET an /app/api route as the partner's Mini App does (initData signed for the bot a minute ago). */
  const appGet = async (tg: number, path: string) => {
    const init = sign(
      { user: { id: tg, first_name: `User${tg}` }, chat_type: 'sender', chat_instance: '1' },
      TEST_TOKEN,
      new Date(api.clock.now().getTime() - 60_000),
    )
    const r = await fetch(`${api.base}/app/api${path}`, { headers: { authorization: `tma ${init}` } })
    return { status: r.status, body: (await r.json()) as any }
  }

  const ruNote =
    'Пришлите, пожалуйста, скриншоты рекламы <за март> & ссылки на площадки.\nБез них проверка не закончится.'
  // longer than a row shows: the emoji sits across the cut
  const lvNote = `${'Lūdzu, atsūtiet līgumu ar reklāmdevēju. '.repeat(5).slice(0, 198)}🙂 un vēl ${'x'.repeat(200)}`
  const rejectNote = 'PayPal konts nepieņem pārskaitījumus no Gruzijas; norādiet citu adresi.'
  let ru: { tg: number; payoutId: string }
  let lv: { tg: number; payoutId: string }
  let rejected: { tg: number; payoutId: string }

  it('/pa payouts: a held row shows the note under its reason, escaped, on one line, in the reader’s language', async () => {
    expect(await rowOf(USERS.finance, ru.payoutId)).toMatch(
      /^\*20\.00 USD\* · JQSEE · Payee \d+ · in review since March 6, 2026 \(Europe\/Kyiv\) · reason: checking the partner's traffic sources\nComment for the partner: Пришлите, пожалуйста, скриншоты рекламы &lt;за март&gt; &amp; ссылки на площадки\. Без них проверка не закончится\.$/,
    )
    expect(await rowOf(USERS.admin, ru.payoutId)).toMatch(
      /\nКомментарий для партнёра: Пришлите, пожалуйста, скриншоты рекламы &lt;за март&gt; &amp; ссылки на площадки\. Без них проверка не закончится\.$/,
    )
  })

  it('/pa payouts: a long note is clipped to 200 characters, an emoji kept whole; no note, no comment line', async () => {
    const row = await rowOf(USERS.finance, lv.payoutId)
    const shown = row.split('\nComment for the partner: ')[1]!
    expect([...shown]).toHaveLength(200)
    expect(shown).toBe(`${[...lvNote].slice(0, 199).join('')}…`)
    expect(shown).toContain('🙂…')
    expect(row.length).toBeLessThan(3000)
    // a payout with no note: no comment line
    const plain = await requested('lv', '110.00')
    await decide(plain.payoutId, 'hold', { reason: 'review' })
    expect(await rowOf(USERS.finance, plain.payoutId)).not.toContain('Comment')
  })

  it('Mini App: a held or rejected payout gives its reason in the partner’s words and the note as written', async () => {
    const ruList = await appGet(ru.tg, '/payouts?program=jqsee')
    expect(ruList.status).toBe(200)
    expect(ruList.body.payouts).toEqual([
      expect.objectContaining({
        id: ru.payoutId,
        status: 'needs_review',
        reason: 'проверка ваших источников трафика',
        note: ruNote,
      }),
    ])
    const one = await appGet(ru.tg, `/payouts/${ru.payoutId}`)
    expect(one.body.payout).toEqual(ruList.body.payouts[0])

    const lvHeld = await appGet(lv.tg, `/payouts/${lv.payoutId}`)
    expect(lvHeld.body.payout).toMatchObject({ status: 'needs_review', reason: 'kārtējā pārbaude', note: lvNote })
    const lvRejected = await appGet(rejected.tg, '/payouts?program=jqsee')
    expect(lvRejected.body.payouts).toEqual([
      expect.objectContaining({ status: 'rejected', reason: 'cits', note: rejectNote }),
    ])
  })

  it('Mini App: a payout neither held nor rejected has no reason or note', async () => {
    const other = await requested('ru', '130.00')
    const r = await appGet(other.tg, `/payouts/${other.payoutId}`)
    expect(r.body.payout).toMatchObject({ status: 'requested', reason: null, note: null })
  })

  it('logs no word of the notes', () => {
    expect(logs.length).toBeGreaterThan(10)
    for (const l of logs)
      for (const w of ['скриншоты рекламы', 'atsūtiet līgumu', 'nepieņem pārskaitījumus']) expect(l).not.toContain(w)
  })
})
