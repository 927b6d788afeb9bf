import type { JobRun, StepLog } from '../../shared/jobs.ts'
import type { DeskDeps } from '../jobs/desk.ts'
import { slackErrorSummary } from '../web-client.ts'
import { batchCard, payoutCard } from './finance-cards.ts'
import { postOnce } from './once.ts'

/**
 * Posts a payout's card to the finance channel when it needs a decision, or brings an existing card up to date.
 * The card is recorded once (compare-and-set), so a retried job updates rather than posts twice.
 */
async function reviewPayout(deps: DeskDeps, steps: StepLog, payoutId: string): Promise<string> {
  const channel = deps.desk.channels.finance
  if (!channel) return 'no_channel'
  const v = await deps.core.payouts.deskView(payoutId)
  if (!v) return 'gone'
  const { text, blocks } = payoutCard(deps.i18n.t(deps.desk.language), deps.desk.language, v)
  if (v.card) {
    await deps.slack.chat.update({ channel: v.card.channel, ts: v.card.ts, text, blocks })
    return 'updated'
  }
  if (!v.needsDecision) return 'no_decision_needed'
  const posted = await postOnce(steps, deps.slack, `payout:${payoutId}`, { channel, text, blocks, unfurl_links: false })
  if (!(await deps.core.payouts.setCard(payoutId, posted.channel, posted.ts))) {
    // another instance's desk worker recorded its card first: this one goes, and that one shows the payout now
    await withdrawCard(deps, posted)
    return reviewPayout(deps, steps, payoutId)
  }
  deps.logger.info({ payout: payoutId, status: v.payout.status }, 'finance desk: payout card posted')
  return 'posted'
}

/** A card posted twice (two instances' workers at once): the one not recorded is deleted, so no orphan has buttons. */
export async function withdrawCard(deps: DeskDeps, posted: { channel: string; ts: string }) {
  await deps.slack.chat.delete({ channel: posted.channel, ts: posted.ts }).catch((err) => {
    deps.logger.warn({ ...slackErrorSummary(err), ts: posted.ts }, 'desk: a second card could not be deleted')
  })
}

/** Finance-channel posts: payout requests to approve, batch summaries. */
export function financeDeskJobs(deps: DeskDeps) {
  return {
    /** A payout needs a decision (new card) or changed (card updated). */
    payout_review: ({ data, steps }: JobRun<{ payoutId: string }>) => reviewPayout(deps, steps, data.payoutId),

    /** A weekly or monthly batch was built (summary posted) or paid (summary and its payouts' cards updated). */
    async batch_built({ data, steps }: JobRun<{ batchId: string }>) {
      const channel = deps.desk.channels.finance
      if (!channel) return 'no_channel'
      const v = await deps.core.batches.deskView(data.batchId)
      if (!v) return 'gone'
      const { text, blocks } = batchCard(deps.i18n.t(deps.desk.language), deps.desk.language, v)
      if (v.card) {
        await deps.slack.chat.update({ channel: v.card.channel, ts: v.card.ts, text, blocks })
      } else {
        const posted = await postOnce(steps, deps.slack, 'batch', { channel, text, blocks, unfurl_links: false })
        if (await deps.core.batches.setCard(v.batch.id, posted.channel, posted.ts))
          deps.logger.info({ batch: v.batch.id, status: v.batch.status }, 'finance desk: batch summary posted')
        else await withdrawCard(deps, posted) // another instance's summary stands
      }
      // payouts that were reviewed on their own cards before joining the batch show its outcome too
      for (const id of v.cardedPayouts) await reviewPayout(deps, steps, id)
      return v.card ? 'updated' : 'posted'
    },
  }
}
