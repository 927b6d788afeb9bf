import type { Core } from '../../../core/index.ts'
import type { Translate } from '../../i18n/index.ts'
import type { JobRun } from '../../shared/jobs.ts'
import type { DeskDeps } from '../jobs/desk.ts'
import { whoOf } from '../listeners/partners-view.ts'
import { detailsCard } from './details-cards.ts'
import { keepDeskCard } from './erased-cards.ts'
import { postOnce } from './once.ts'

/**
 * The partner as the details card names them, as every other card does: name and @username (escaped), or that the
 * data was erased; never the id (the card's button opens the partner card).
 */
export async function partnerLabel(core: Core, t: Translate, partnerId: string): Promise<string> {
  return whoOf(t, await core.partners.profile(partnerId))
}

type DetailsDecided = {
  partnerId: string
  programKey: string
  detailsId: string
  decision: 'agree' | 'ask_changes'
  actor: string
  reason: string | null
}

/** Finance-channel cards of payment details to agree (melbet: "agreed with the manager"). */
export function detailsDeskJobs(deps: DeskDeps) {
  return {
    /** A partner saved details a program pays to only once agreed: finance is shown them, masked, to decide. */
    async details_review({ data, steps }: JobRun<{ partnerId: string; programKey: string; detailsId: string }>) {
      const channel = deps.desk.channels.finance
      if (!channel) return 'no_channel'
      const v = await deps.core.payouts.detailsView(data)
      // newer details replaced these (they have their own card), or the partner left
      if (!v) return 'gone'
      const t = deps.i18n.t(deps.desk.language)
      const { text, blocks } = detailsCard(t, deps.desk.language, v, await partnerLabel(deps.core, t, v.partnerId))
      const posted = await postOnce(steps, deps.slack, `details:${v.details.id}`, {
        ...{ channel, text, blocks, unfurl_links: false },
      })
      const card = { kind: 'details' as const, subject: `${v.programKey}.${v.details.id}`, programKey: v.programKey }
      await keepDeskCard(deps, { ...card, partnerId: v.partnerId, ...posted })
      deps.logger.info({ partner: v.partnerId, program: v.programKey }, 'finance desk: payment details card posted')
      return 'posted'
    },
    /** Decided (on this card or a copy of it): the channel's card shows the decision in place of its buttons. */
    async details_decided({ data }: JobRun<DetailsDecided>) {
      const card = await deps.core.partners.deskCard('details', `${data.programKey}.${data.detailsId}`)
      if (!card) return 'no_card'
      // an erased partner's card says only what it was about (erased-cards.ts)
      if (!(await deps.core.partners.contact(data.partnerId))) return 'erased'
      const v = await deps.core.payouts.detailsView(data)
      if (!v) return 'gone'
      const t = deps.i18n.t(deps.desk.language)
      const outcome = { decision: data.decision, actor: data.actor, reason: data.reason ?? undefined }
      const shown = detailsCard(t, deps.desk.language, v, await partnerLabel(deps.core, t, v.partnerId), outcome)
      await deps.slack.chat.update({ channel: card.channel, ts: card.ts, ...shown })
      return 'updated'
    },
  }
}
