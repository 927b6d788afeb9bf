import { programName } from '../../../core/programs/names.ts'
import type { JobRun } from '../../shared/jobs.ts'
import { deskReasonText } from '../../shared/reasons.ts'
import type { DeskDeps } from '../jobs/desk.ts'
import { whoOf } from '../listeners/partners-view.ts'
import { keepDeskCard } from './erased-cards.ts'
import { mrkdwnEscape } from './finance-cards.ts'
import { postOnce } from './once.ts'
import { openPartnerButton } from './partner-ref.ts'

/**
 * Melbet 2.9: an ad-rule warning's days to fix ran out unresolved and the partner's payouts are now blocked. Support's
 * channel hears of it once per block, with the way out: lift the warning on the partner's card (the notice's button opens it)
 * once the breach is fixed, which unblocks the payouts.
 */
export function adWarningDeskJobs(deps: DeskDeps) {
  return {
    async ad_warning_overdue({ data, steps }: JobRun<{ sanctionId: string }>) {
      const channel = deps.desk.channels.disputes
      if (!channel) return 'no_channel'
      const s = await deps.core.sanctions.record(data.sanctionId)
      if (!s) return 'gone'
      const p = await deps.core.partners.profile(s.partnerId).catch(() => null)
      if (!p || p.erased) return 'gone'
      const t = deps.i18n.t(deps.desk.language)
      const program = deps.core.programs.get(s.programKey)
      const text = t('partner_desk.ad_warning_overdue', {
        who: whoOf(t, p),
        program: mrkdwnEscape(programName(program, deps.desk.language, s.programKey)),
        reason: deskReasonText(t, s.reason),
        count: program?.quality.adWarning?.fixBusinessDays ?? 0,
      })
      // the partner by name, the way out (their card, where the warning is lifted) a button away
      const posted = await postOnce(steps, deps.slack, 'post', {
        channel,
        text,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text } },
          { type: 'actions', elements: [openPartnerButton(t, p.id, s.programKey)] },
        ],
      })
      await keepDeskCard(deps, {
        kind: 'ad_warning',
        subject: s.id,
        partnerId: p.id,
        programKey: s.programKey,
        ...posted,
      })
      return 'posted'
    },
  }
}
