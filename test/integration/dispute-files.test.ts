import { beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../helpers/api.ts'
import { CHANNELS, type DeskClient, USERS, withDesk } from '../helpers/desk.ts'
import { disputeFirstCommission } from '../helpers/dispute-flow.ts'
import type { FakeSlack } from '../helpers/fake-slack.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * Files in a dispute, each way: support's 1.5 GB screen recording (Slack takes files of a gigabyte and more; a bot may
 * send Telegram at most 50 MB) is not downloaded, and the partner is told at once; a partner's file name reaches the
 * desk without the control characters that would disguise it.
 */
describe('dispute files: what cannot be delivered, and names that cannot disguise a file', () => {
  const env = withDesk('2026-03-06T10:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  let slack: FakeSlack
  let desk: DeskClient
  beforeAll(() => {
    ;({ api, telegram, slack, desk } = env())
  })

  /** A jqsee partner opens a dispute about a commission with a text and one document, sent to the desk. */
  async function disputeWithFile(chat: number, text: string, file: { name: string; bytes: string }) {
    telegram.languages.set(chat, 'en')
    const r = await api.enrol('jqsee', { name: 'Partner', language: 'en', legalType: 'individual', telegramId: chat })
    await api.recorded('jqsee', {
      id: `pay-${chat}`,
      type: 'payment',
      occurredAt: '2026-03-06T09:00:00Z',
      customer: `cust-${chat}`,
      ref: r.body.codes[0].code,
      order: `order-${chat}`,
      amount: '120.00',
      currency: 'USD',
    })
    await disputeFirstCommission(telegram, chat, text, [{ name: file.name, data: Buffer.from(file.bytes) }])
  }

  it('a 1.5 GB file is not fetched nor sent; the partner is told it could not be delivered', async () => {
    const chat = 7911
    await disputeWithFile(chat, 'Please check this commission.', { name: 'tracker.csv', bytes: 'date,clicks' })
    // the card's thread (where the partner's file went)
    const upload = await slack.waitForCall(
      'files.completeUploadExternal',
      (c) => c.payload.channel_id === CHANNELS.disputes,
      10_000,
    )
    const threadTs = String(upload.payload.thread_ts)

    // support answers in the thread with a recording Slack says is 1.5 GB (the fake holds a few bytes of it)
    const fileId = slack.addUserFile('screen-recording.mov', Buffer.from('not really 1.5 GB'))
    const sent = await desk.event({
      type: 'message',
      channel: CHANNELS.disputes,
      user: USERS.support,
      text: 'Here is what we see.',
      ts: '1800000000.000200',
      thread_ts: threadTs,
      subtype: 'file_share',
      files: [{ id: fileId, name: 'screen-recording.mov', mimetype: 'video/quicktime', size: 1_500_000_000 }],
    })
    expect(sent.status).toBe(200)
    expect(await telegram.nthText(chat, 7)).toMatch(/Here is what we see\./)
    // what reaches the partner after the reply: the file itself (today), or word that it could not be delivered
    const after = await waitUntil(() =>
      telegram.calls.find(
        (c) =>
          Number(c.payload.chat_id) === chat &&
          (['sendDocument', 'sendVideo'].includes(c.method) || /could not be delivered/.test(String(c.payload.text))),
      ),
    )
    expect(after.method, 'the 1.5 GB file was downloaded and sent anyway').toBe('sendMessage')
    expect(String(after.payload.text)).toMatch(/screen-recording\.mov/)
  })

  it('the file reaches the dispute thread in Slack under a name without bidi controls', async () => {
    const chat = 7901
    // a right-to-left override: 'invoice<U+202E>fdp.exe' would read 'invoiceexe.pdf' where support downloads it
    const since = slack.calls.length
    await disputeWithFile(chat, 'My invoice for the order is attached.', {
      name: 'invoice\u202Efdp.exe',
      bytes: 'MZ-not-really-a-pdf',
    })
    await slack.waitForCall(
      'files.completeUploadExternal',
      (c) => c.payload.channel_id === CHANNELS.disputes,
      10_000,
      since,
    )
    const names = [...slack.files.values()]
      .filter((f) => f.channel === CHANNELS.disputes && f.name.includes('fdp'))
      .map((f) => f.name)
    expect(names).toHaveLength(1)
    expect(names[0]).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/)
  })
})
