import type { KnownBlock } from '@slack/types'
import { programName } from '../../../core/programs/names.ts'
import type { PartnerProfile } from '../../../core/use-cases/partner-lookup.ts'
import { languageName, type Translate } from '../../i18n/index.ts'
import type { JobRun } from '../../shared/jobs.ts'
import { APPLICATION_ACTIONS } from '../actions.ts'
import type { DeskDeps } from '../jobs/desk.ts'
import { whoOf } from '../listeners/partners-view.ts'
import { mrkdwnEscape } from './finance-cards.ts'
import { postOnce } from './once.ts'
import { openPartnerButton } from './partner-ref.ts'

/**
 * An application's card: who applied (language, country, legal type), what they answered when joining, and, while
 * it waits, the Approve and Decline buttons; once decided, who decided it instead of the buttons.
 */
export function applicationBlocks(
  t: Translate,
  language: string,
  p: PartnerProfile,
  programKey: string,
  decided?: { status: string; by: string },
) {
  const e = p.enrolments.find((x) => x.programKey === programKey)
  const program = mrkdwnEscape(programName(p.programNames[programKey], language, programKey))
  const title = t('applications.desk.title', { program, who: whoOf(t, p) })
  const answers = Object.entries(e?.answers ?? {}).map(
    ([k, v]) =>
      `• ${mrkdwnEscape(k)}: ${typeof v === 'boolean' ? t(v ? 'applications.desk.yes' : 'applications.desk.no') : mrkdwnEscape(String(v))}`,
  )
  const lines = [
    t('applications.desk.partner', {
      language: languageName(p.language),
      country: p.country ?? '—',
      legalType: t(`applications.desk.legal.${p.legalType}`),
    }),
    answers.length ? [t('applications.desk.answers'), ...answers].join('\n') : t('applications.desk.no_answers'),
  ]
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: [title, ...lines].join('\n') } }]
  const ref = APPLICATION_ACTIONS.approve.encode({ partnerId: p.id, programKey })
  // the partner's card a button away: agents read names, never ids
  const open = openPartnerButton(t, p.id, programKey)
  if (decided) {
    blocks.push({ type: 'actions', elements: [open] })
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: t(`applications.desk.decided.${decided.status}` as 'applications.desk.decided.active', {
            by: decided.by,
          }),
        },
      ],
    })
  } else if (e?.status === 'applied') {
    blocks.push({
      type: 'actions',
      block_id: `application:${ref}`,
      elements: [
        {
          type: 'button',
          action_id: APPLICATION_ACTIONS.approve.id,
          value: ref,
          style: 'primary',
          text: { type: 'plain_text', text: t('applications.desk.approve') },
        },
        {
          type: 'button',
          action_id: APPLICATION_ACTIONS.decline.id,
          value: ref,
          style: 'danger',
          text: { type: 'plain_text', text: t('applications.desk.decline') },
        },
        open,
      ],
    })
  }
  return { text: title, blocks }
}

export function applicationDeskJobs(deps: DeskDeps) {
  return {
    /** A partner applied to a program that approves its partners: the card goes to support's channel, once. */
    async application_card({ data, steps }: JobRun<{ partnerId: string; programKey: string }>) {
      const channel = deps.desk.channels.disputes
      if (!channel) return 'no_channel'
      const p = await deps.core.partners.profile(data.partnerId).catch(() => null)
      if (!p || p.erased) return 'gone'
      const t = deps.i18n.t(deps.desk.language)
      await postOnce(steps, deps.slack, 'card', {
        channel,
        ...applicationBlocks(t, deps.desk.language, p, data.programKey),
      })
      return 'posted'
    },
  }
}
