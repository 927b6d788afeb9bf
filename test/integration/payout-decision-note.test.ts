import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import type { FakeSlack, SlackCall } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { jqseePayoutRequested } from '../helpers/payout-flow.ts'

/**
 * Finance rejects or holds a payout with the reason "other" (or any reason) and explains it in a note: the Slack
 * form asks for the note (required with "other", the error on the field itself, in the desk user's language), the
 * operator API takes it, the partner reads it in Telegram under the reason in their own language's framing, the
 * finance card and the audit log keep it, and no log line carries it (finance's free text may hold payment
 * details). Real service, signed Slack requests, fake Telegram and Slack, every log line captured at trace level.
 */
describe('a payout held or rejected with a note', () => {
  const logs: string[] = []
  const env = withDesk('2026-03-06T10:00:00Z', {}, { logs })
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(async () => {
    ;({ api, telegram, slack, desk } = env())
    // the admin reads Slack in Russian (cached per user, so set before their first request)
    slack.locales.set(USERS.admin, 'ru-RU')
  })

  let chat = 7600
  /** A jqsee partner in `language` with `amount` paid by a referral (10% commission), and a PayPal payout of it. */
  async function requested(language: string, amount: string) {
    const tg = ++chat
    const { partner, payoutId } = await jqseePayoutRequested(api, { chat: tg, language, amount, tag: 'note' })
    await cardOf(payoutId)
    return { partner, chat: tg, payoutId }
  }

  const includes = (c: SlackCall, s: string) => JSON.stringify(c.payload).includes(s)
  const cardOf = (payoutId: string) =>
    slack.waitForCall(
      'chat.postMessage',
      (c) => c.payload.channel === CHANNELS.finance && includes(c, payoutId),
      10_000,
    )
  const payout = async (id: string) => (await api.operator('GET', `/v1/payouts/${id}`)).body.payout
  const audit = (subjectId: string, action: string) =>
    api.service.db.prisma.auditLog.findMany({ where: { subjectId, action }, orderBy: { id: 'asc' } })
  /** The partner's message that starts with `start` and names `word` (the payout's news), once it is sent. */
  const told = async (tg: number, start: string, since = 0, word = '') =>
    String(
      (
        await telegram.waitForCall(
          'sendMessage',
          (c) =>
            Number(c.payload.chat_id) === tg &&
            String(c.payload.text).startsWith(start) &&
            String(c.payload.text).includes(word),
          10_000,
          since,
        )
      ).payload.text,
    )
  /** The hold or reject form `user` opens from the payout's card. */
  const form = async (user: string, action: 'hold' | 'reject', payoutId: string) => {
    const before = slack.calls.length
    await desk.action(user, `payout_${action}`, payoutId, { channel: CHANNELS.finance })
    return desk.openedView(before)
  }
  const noteBlock = (view: { blocks: any[] }) => view.blocks.find((b) => b.block_id === 'note')

  it('reject with "other": the form asks for a note on its field; the ru partner reads it under the reason', async () => {
    const { payoutId, chat: tg } = await requested('ru', '200.00')
    const view = await form(USERS.finance, 'reject', payoutId)
    expect(noteBlock(view)).toMatchObject({
      type: 'input',
      optional: true,
      label: { text: 'Comment for the partner' },
      hint: { text: 'Required with the reason “other”. The partner sees it exactly as written, untranslated.' },
      element: { type: 'plain_text_input', action_id: 'note', multiline: true, max_length: 500 },
    })
    // "other" alone, or with blanks only: refused on the note field, the form stays open, nothing decided
    const required = 'With this reason, write a comment: it is what the partner reads.'
    for (const note of [undefined, '   \n ']) {
      const r = await desk.submit(USERS.finance, view, {
        reason: { reason: { selected: 'other' } },
        ...(note === undefined ? {} : { note: { note } }),
      })
      expect(r.body).toEqual({ response_action: 'errors', errors: { note: required } })
    }
    // the same in the Russian desk user's words
    const ru = await desk.submit(USERS.admin, await form(USERS.admin, 'reject', payoutId), {
      reason: { reason: { selected: 'other' } },
    })
    expect(ru.body).toEqual({
      response_action: 'errors',
      errors: { note: 'Для выбранной причины нужен комментарий: именно его прочитает партнёр.' },
    })
    expect(await payout(payoutId)).toMatchObject({ status: 'requested', note: null })
    expect(await audit(payoutId, 'payout.reject')).toHaveLength(0)

    // with the note (payment details in it, as finance may write them): rejected, the note kept as written
    const note = 'PayPal nino.pay@example.org does not take transfers from Georgia.\nSend us another address.'
    const since = slack.calls.length
    const done = await desk.submit(USERS.finance, view, {
      reason: { reason: { selected: 'other' } },
      note: { note: `  ${note}  ` },
    })
    expect(done.body).toBeUndefined()
    expect(await payout(payoutId)).toMatchObject({ status: 'rejected', reason: 'other', note })
    expect(await told(tg, '❌')).toBe(
      `❌ Программа JQSEE отклонила вашу выплату на сумму 20,00 USD.\nПричина: другое.\nКомментарий: ${note}\nСумма возвращена на ваш баланс.`,
    )
    // the finance card's outcome shows it under the decision
    const card = await slack.waitForCall('chat.update', (c) => includes(c, 'Rejected by <@UFINANCE>'), 10_000, since)
    const outcome = (card.payload.blocks as any[]).find(
      (b) => b.type === 'context' && b.elements[0].text.startsWith('❌'),
    )
    expect(outcome.elements[0].text).toBe(
      `❌ Rejected by <@UFINANCE>: other. The amount is back on the partner's balance.\nComment for the partner: ${note}`,
    )
    // the audit entry records it
    const [row] = await audit(payoutId, 'payout.reject')
    expect(row).toMatchObject({ actor: 'slack:UFINANCE', reason: 'other', data: { note } })
  })

  it('hold with a note (optional there): the kk partner reads it; a later rejection without one drops it', async () => {
    const { payoutId, chat: tg } = await requested('kk', '150.00')
    const view = await form(USERS.finance, 'hold', payoutId)
    expect(noteBlock(view)).toMatchObject({
      optional: true,
      hint: { text: 'The partner sees it exactly as written, untranslated.' },
    })
    const note = 'Трафик көздерін тексеру үш жұмыс күніне дейін созылады.'
    await desk.submit(USERS.finance, view, { reason: { reason: { selected: 'traffic_check' } }, note: { note } })
    expect(await payout(payoutId)).toMatchObject({ status: 'needs_review', reason: 'traffic_check', note })
    expect(await told(tg, '🔎')).toBe(
      `🔎 JQSEE бағдарламасы 15,00 USD сомасындағы төлеміңізді тексеріп жатыр.\nСебебі: трафик көздеріңізді тексеру.\nТүсініктеме: ${note}\nШешім қабылданған соң сізге хабарлаймыз.`,
    )
    const [held] = await audit(payoutId, 'payout.hold')
    expect(held).toMatchObject({ reason: 'traffic_check', data: { note } })

    // the review ends in a rejection for fraud with no note: the hold's words do not come with it
    const reject = await form(USERS.finance, 'reject', payoutId)
    await desk.submit(USERS.finance, reject, { reason: { reason: { selected: 'fraud' } } })
    expect(await payout(payoutId)).toMatchObject({ status: 'rejected', reason: 'fraud', note: null })
    expect(await told(tg, '❌')).toBe(
      '❌ JQSEE бағдарламасы 15,00 USD сомасындағы төлеміңізді қабылдамады.\nСебебі: алаяқтыққа күдік.\nСома балансыңызға қайтарылды.',
    )
    const [rejected] = await audit(payoutId, 'payout.reject')
    expect(rejected!.data).not.toHaveProperty('note')
  })

  it('the operator API takes a note: trimmed, length-limited, required with "other"; the partner reads it', async () => {
    const { payoutId, chat: tg } = await requested('ru', '120.00')
    const reject = (body: unknown) => api.operator('POST', `/v1/payouts/${payoutId}/reject`, body)
    for (const body of [{ reason: 'other' }, { reason: 'other', note: ' \n\t ' }]) {
      const r = await reject(body)
      expect(r.status).toBe(400)
      expect(r.body).toEqual({
        error: {
          code: 'payout.note_required',
          message: 'With this reason, write a comment: it is what the partner reads.',
        },
      })
    }
    const long = await reject({ reason: 'other', note: 'x'.repeat(501) })
    expect(long.status).toBe(400)
    expect(long.body.error).toMatchObject({ code: 'invalid_request', issues: [{ path: 'note' }] })
    expect((await reject({ reason: 'other', note: 42 })).status).toBe(400)
    // only a hold or a rejection is explained: an approval's note is no field of it
    const approve = await api.operator('POST', `/v1/payouts/${payoutId}/approve`, { note: 'ok' })
    expect(approve.status).toBe(400)
    expect(approve.body.error.issues).toEqual([expect.objectContaining({ path: 'note' })])
    expect(await payout(payoutId)).toMatchObject({ status: 'requested', note: null })
    // a reason that says it all needs no note
    const held = await api.operator('POST', `/v1/payouts/${payoutId}/hold`, { reason: 'review' })
    expect(held.status).toBe(200)
    expect(held.body.payout).toMatchObject({ status: 'needs_review', reason: 'review', note: null })

    const note = 'Договор расторгнут по вашей просьбе.'
    const ok = await reject({ reason: 'other', note: `\n  ${note} ` })
    expect(ok.status).toBe(200)
    expect(ok.body.payout).toMatchObject({ status: 'rejected', reason: 'other', note })
    expect(await told(tg, '❌')).toBe(
      `❌ Программа JQSEE отклонила вашу выплату на сумму 12,00 USD.\nПричина: другое.\nКомментарий: ${note}\nСумма возвращена на ваш баланс.`,
    )
    const [row] = await audit(payoutId, 'payout.reject')
    expect(row).toMatchObject({ actor: expect.any(String), reason: 'other', data: { note } })

    // the OpenAPI document lists the field
    const doc = await (await fetch(`${api.base}/v1/openapi.json`)).json()
    const schema = doc.paths['/v1/payouts/{payout}/{action}'].post.requestBody.content['application/json'].schema
    expect(schema.properties.note).toMatchObject({ type: 'string', maxLength: 500 })
  })

  it("a disqualification that rejects a held payout gives its own reason: the hold's note does not stay", async () => {
    const { partner, payoutId, chat: tg } = await requested('kk', '110.00')
    const note = 'Төлем жүйесінің жауабын күтеміз.'
    const held = await api.operator('POST', `/v1/payouts/${payoutId}/hold`, { reason: 'review', note })
    expect(held.body.payout).toMatchObject({ status: 'needs_review', note })
    expect(await told(tg, '🔎')).toContain(`\nТүсініктеме: ${note}\n`)
    const since = telegram.calls.length
    const disqualified = await api.operator('POST', `/v1/partners/${partner}/sanctions`, {
      program: 'jqsee',
      kind: 'disqualify',
      reason: 'self_referral',
    })
    expect(disqualified.status).toBe(201)
    const rejected = await payout(payoutId)
    expect(rejected).toMatchObject({ status: 'rejected', reason: 'disqualified', note: null })
    // the disqualification's own news starts with ❌ too and may come first: wait for the payout's
    const news = await told(tg, '❌', since, 'төлеміңізді')
    expect(news).toContain('қабылдамады')
    expect(news).not.toContain('Түсініктеме')
  })

  it('logs no word of the notes finance wrote, at trace level', () => {
    expect(logs.filter((l) => l.includes('"level":"debug"')).length).toBeGreaterThan(10)
    for (const l of logs)
      for (const w of [
        'does not take transfers',
        'nino.pay@',
        'жұмыс күніне',
        'Договор расторгнут',
        'жауабын күтеміз',
      ]) {
        expect(l).not.toContain(w)
      }
  })
})
