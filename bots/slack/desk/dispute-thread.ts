import type { DisputeMessage } from '../../../core/ports/dispute-store.ts'
import type { Translate } from '../../i18n/index.ts'
import type { StepLog } from '../../shared/jobs.ts'
import type { DeskDeps } from '../jobs/desk.ts'
import { formattedToMrkdwn } from '../mrkdwn.ts'
import { isSlackUnavailable, uploadClientFor } from '../web-client.ts'
import type { View } from './disputes.ts'
import { mrkdwnEscape } from './finance-cards.ts'
import { once } from './once.ts'

// A dispute's thread on the desk: the conversation's messages as the thread shows them, the partner's files copied
// into it, and what an erasure of the partner's data changes there (disputes.ts posts the card and runs the jobs).

/** What a partner's message says on the desk: its text, that it brought files only, or that it was erased. */
export const partnerWords = (t: Translate, v: View, m: DisputeMessage) =>
  v.context.partner.erased ? t('finance.card.erased') : m.text || t('desk.dispute.files_only')

/** A message of the conversation as the thread shows it: support's with its formatting as Slack's markup again. */
export function threadText(t: Translate, v: View, m: DisputeMessage): string {
  const body = formattedToMrkdwn(m.text, m.format)
  if (m.author === 'partner') return t('desk.thread.partner', { text: mrkdwnEscape(partnerWords(t, v, m)) })
  if (m.author === 'system') return t('desk.thread.system', { text: body })
  return t('desk.thread.support', { who: `<@${(m.authorRef ?? '').replace(/^slack:/, '')}>`, text: body })
}

/**
 * Files the partner sent in their chat, read through the partner surface (the attachments port) and uploaded into
 * the dispute's thread, each once per job. A file that cannot be copied (over the Bot API's 20 MB, gone) is said in
 * the thread; Slack not answering fails the job instead, which waits and goes on from the first file not yet copied.
 */
export async function uploadPartnerFiles(
  deps: DeskDeps,
  steps: StepLog,
  m: DisputeMessage,
  channel: string,
  threadTs: string,
) {
  const files = m.attachments.filter((a) => a.source !== 'slack')
  if (!files.length) return
  const source = deps.partnerFiles
  if (!source) {
    deps.logger.warn({ message: m.id }, 'dispute files not copied to Slack: Telegram is off')
    return
  }
  for (const [i, a] of files.entries()) {
    const name = a.name ?? `${a.kind}-${i + 1}${a.kind === 'photo' ? '.jpg' : ''}`
    await once(steps, `file:${m.id}:${i}`, async () => {
      try {
        const data = Buffer.from((await source.fetch(a)).bytes)
        const uploaded = await uploadClientFor(deps.slack, deps.logger)
          .files.uploadV2({ channel_id: channel, thread_ts: threadTs, file: data, filename: name })
          .catch((e) => {
            throw isSlackUnavailable(e) ? new SlackDown(e) : e
          })
        // kept with the message, so that an erasure of the partner's data deletes it from Slack too
        for (const file of uploadedIds(uploaded)) await deps.core.disputes.deskCopied(m.id, { file })
      } catch (e) {
        if (e instanceof SlackDown) throw e.cause
        deps.logger.warn({ err: e, message: m.id }, 'dispute file not copied to Slack')
        const t = deps.i18n.t(deps.desk.language)
        await deps.slack.chat.postMessage({
          channel,
          thread_ts: threadTs,
          text: t('desk.thread.file_failed', {
            name: mrkdwnEscape(name),
            error: e instanceof Error ? e.message.slice(0, 200) : 'error',
          }),
        })
      }
      return true
    })
  }
}

/** The ids of the files an upload made (files.uploadV2 answers each completion's files). */
function uploadedIds(r: unknown): string[] {
  const completions = (r as { files?: { files?: { id?: string }[] }[] }).files ?? []
  return completions.flatMap((c) => c.files ?? []).flatMap((f) => (f.id ? [f.id] : []))
}

/** Slack not answering an upload: the job waits for it, rather than saying in the thread that the file failed. */
class SlackDown extends Error {
  constructor(override readonly cause: unknown) {
    super('slack unavailable')
  }
}

/** Edits a partner's message copied into a thread to what the desk now shows of it (erased), deletes its files. */
export async function eraseCopy(deps: DeskDeps, messageId: string) {
  const m = await deps.core.disputes.message(messageId)
  if (!m) return 'gone'
  const v = await deps.core.disputes.deskView(m.disputeId)
  if (!v) return 'gone'
  const { slackChannel } = v.dispute
  if (m.slackTs && slackChannel) {
    const t = deps.i18n.t(deps.desk.language)
    await deps.slack.chat.update({ channel: slackChannel, ts: m.slackTs, text: threadText(t, v, m) })
  }
  for (const file of m.slackFiles ?? []) {
    // a file support deleted already is gone, as asked (Slack answers file_deleted, or file_not_found)
    await deps.slack.files.delete({ file }).catch((e) => {
      const error = (e as { data?: { error?: string } }).data?.error
      if (error !== 'file_not_found' && error !== 'file_deleted') throw e
    })
  }
  return 'erased'
}
