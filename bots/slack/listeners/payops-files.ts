import type { App, BlockAction, ButtonAction } from '@slack/bolt'
import type { WebClient } from '@slack/web-api'
import { DomainError } from '../../../core/domain/errors.ts'
import { programName } from '../../../core/programs/names.ts'
import { deskDate } from '../../shared/dates.ts'
import { mrkdwnEscape } from '../desk/finance-cards.ts'
import { PAYOPS_ACTIONS } from '../desk/payops.ts'
import { isSlackUnavailable, uploadClientFor } from '../web-client.ts'
import { type ButtonArgs, pressed } from './finance-kit.ts'
import type { ListenerDeps } from './index.ts'

const actor = (user: string) => `slack:${user}`

interface Where {
  /** Where the button was pressed; undefined: the user's direct messages with the app. */
  channel?: string
  /** The card's message, for the file to land in its thread. */
  threadTs?: string
  user: string
}

/** The channel of the user's direct messages with the app. */
async function directChannel(client: WebClient, user: string): Promise<string> {
  const r = await client.conversations.open({ users: user })
  if (!r.channel?.id) throw new Error('slack: no direct message channel')
  return r.channel.id
}

/**
 * A CSV uploaded as a Slack file (files.uploadV2): in the card's channel and thread, or, where the app cannot post
 * (an ephemeral list in a channel it is not in) or `private` asks for it, in the user's direct messages. Slack not
 * answering is thrown (the user is told it could not be done).
 */
async function uploadCsv(
  deps: ListenerDeps,
  client: WebClient,
  where: Where,
  file: { name: string; data: string; comment: string; private?: boolean },
): Promise<'channel' | 'direct'> {
  const uploader = uploadClientFor(client, deps.logger)
  const content = { file: Buffer.from(file.data, 'utf8'), filename: file.name, initial_comment: file.comment }
  const send = (channel: string, threadTs?: string) =>
    threadTs
      ? uploader.files.uploadV2({ channel_id: channel, thread_ts: threadTs, ...content })
      : uploader.files.uploadV2({ channel_id: channel, ...content })
  if (where.channel && !file.private) {
    try {
      await send(where.channel, where.threadTs)
      return 'channel'
    } catch (e) {
      if (isSlackUnavailable(e)) throw e
      deps.logger.warn(
        { err: e, channel: where.channel },
        'slack: file not uploaded to the channel, sending it directly',
      )
    }
  }
  await send(await directChannel(client, where.user))
  return 'direct'
}

function whereOf(args: ButtonArgs): Where {
  const { body } = args
  const container = body.container as { channel_id?: string; is_ephemeral?: boolean } | undefined
  const channel = body.channel?.id ?? container?.channel_id
  return {
    channel,
    threadTs: container?.is_ephemeral ? undefined : body.message?.ts,
    user: body.user.id,
  }
}

async function batchFile(deps: ListenerDeps, batchId: string, user: string, full: boolean) {
  const view = await deps.core.batches.deskView(batchId)
  if (!view) throw new DomainError('batch.not_found', { batch: batchId })
  const csv = await deps.core.batches.csv(batchId, { withDetails: full, actor: actor(user) })
  // the pay date in the program's calendar (en-CA writes it YYYY-MM-DD)
  const payDate = new Intl.DateTimeFormat('en-CA', { timeZone: view.timeZone }).format(new Date(view.batch.payDate))
  const name = `payout-batch-${view.batch.program}-${payDate}${full ? '-details' : ''}.csv`
  return { view, csv, name }
}

/** A batch's CSV (details masked) as a file in the card's thread. */
const batchCsv = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(deps, args, PAYOPS_ACTIONS.batchCsv, 'payouts.decide', async ({ value, user, t, language }) => {
    const { view, csv, name } = await batchFile(deps, value, user, false)
    const comment = t('payops.file.batch', {
      program: mrkdwnEscape(programName(view.programNames, language)),
      date: deskDate(view.batch.payDate, language, view.timeZone),
    })
    const to = await uploadCsv(deps, args.client, whereOf(args), { name, data: csv, comment })
    return t(to === 'channel' ? 'payops.file.uploaded' : 'payops.file.uploaded_dm', { name })
  })

/** A batch's CSV with full payment details: to the finance user alone (direct messages); core audits it. */
const batchCsvFull = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(deps, args, PAYOPS_ACTIONS.batchCsvFull, 'payment_details.reveal', async ({ value, user, t, language }) => {
    const { view, csv, name } = await batchFile(deps, value, user, true)
    const comment = t('payops.file.batch_full', {
      program: mrkdwnEscape(programName(view.programNames, language)),
      date: deskDate(view.batch.payDate, language, view.timeZone),
    })
    await uploadCsv(deps, args.client, whereOf(args), { name, data: csv, comment, private: true })
    return t('payops.file.uploaded_dm', { name })
  })

/** A broadcast's report (one row per partner: delivery and answer) as a file in the progress message's thread. */
const broadcastReport = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(deps, args, PAYOPS_ACTIONS.broadcastReport, 'terms.publish', async ({ value, t, language }) => {
    const p = await deps.core.terms.broadcastProgress(value)
    const csv = await deps.core.terms.broadcastReportCsv(value)
    const name = `broadcast-${p.program}-${p.version ?? value.slice(0, 8)}.csv`
    const comment = t('payops.file.report', {
      program: mrkdwnEscape(programName(deps.core.programs.get(p.program), language, p.program)),
      version: p.version ?? '—',
    })
    const to = await uploadCsv(deps, args.client, whereOf(args), { name, data: csv, comment })
    return t(to === 'channel' ? 'payops.file.uploaded' : 'payops.file.uploaded_dm', { name })
  })

/** A payout's full payment details, to the finance user alone (ephemeral); core audits the reading. */
const payoutReveal = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(deps, args, PAYOPS_ACTIONS.payoutReveal, 'payment_details.reveal', async ({ value, user, t }) => {
    const d = await deps.core.payouts.revealPayoutDetails({ payoutId: value, actor: actor(user) })
    const fields = Object.entries(d.fields).map(([k, v]) => `${k}: \`${v.replaceAll('`', "'")}\``)
    const method = t(`finance.method.${d.method}` as 'finance.method.bank')
    return [t('payops.reveal_title', { method }), ...fields].join('\n')
  })

/** Registers the file and reveal buttons; returns their action ids. */
export function registerPayopsFiles(app: App, deps: ListenerDeps): string[] {
  app.action<BlockAction<ButtonAction>>(PAYOPS_ACTIONS.batchCsv.id, (args) => batchCsv(deps, args))
  app.action<BlockAction<ButtonAction>>(PAYOPS_ACTIONS.batchCsvFull.id, (args) => batchCsvFull(deps, args))
  app.action<BlockAction<ButtonAction>>(PAYOPS_ACTIONS.broadcastReport.id, (args) => broadcastReport(deps, args))
  app.action<BlockAction<ButtonAction>>(PAYOPS_ACTIONS.payoutReveal.id, (args) => payoutReveal(deps, args))
  return [
    PAYOPS_ACTIONS.batchCsv.id,
    PAYOPS_ACTIONS.batchCsvFull.id,
    PAYOPS_ACTIONS.broadcastReport.id,
    PAYOPS_ACTIONS.payoutReveal.id,
  ]
}
