import type { KnownBlock } from '@slack/types'
import { programName } from '../../../core/programs/names.ts'
import type { PartnerProfile } from '../../../core/use-cases/partner-lookup.ts'
import { countryName, languageName, type Translate } from '../../i18n/index.ts'
import { deskDate } from '../../shared/dates.ts'
import type { JobRun, StepLog } from '../../shared/jobs.ts'
import { APPLICATION_ACTIONS } from '../actions.ts'
import type { DeskDeps } from '../jobs/desk.ts'
import { whoOf } from '../listeners/partners-view.ts'
import { withdrawCard } from './finance.ts'
import { mrkdwnEscape, userOf } from './finance-cards.ts'
import { postOnce } from './once.ts'
import { openPartnerButton } from './partner-ref.ts'

/** A decision as the card shows it: the status it led to, who made it (`slack:U…`, `operator-api`) and when. */
export interface ApplicationDecided {
  status: 'active' | 'declined'
  actor: string
  at: Date
}

/** The questions the bot asks at join (bots/telegram/features/join-questions.ts), by their answer's key. */
const JOIN_ANSWERS = ['ageConfirmed', 'trafficSources', 'ownAccount'] as const

/** A join answer's question in the agent's words; a key the bot does not ask (given through the API) as it is. */
function answerLabel(t: Translate, key: string): string {
  return (JOIN_ANSWERS as readonly string[]).includes(key)
    ? t(`applications.desk.answer.${key as (typeof JOIN_ANSWERS)[number]}`)
    : mrkdwnEscape(key)
}

/**
 * An application's card: who applied (language, country, legal type), what they answered when joining, and, while
 * it waits, the Approve and Decline buttons; once decided, who decided it and when instead of the buttons.
 */
export function applicationBlocks(
  t: Translate,
  language: string,
  p: PartnerProfile,
  programKey: string,
  decided?: ApplicationDecided,
) {
  const e = p.enrolments.find((x) => x.programKey === programKey)
  const program = mrkdwnEscape(programName(p.programNames[programKey], language, programKey))
  const title = t('applications.desk.title', { program, who: whoOf(t, p) })
  const answers = Object.entries(e?.answers ?? {}).map(
    ([k, v]) =>
      `• ${answerLabel(t, k)}: ${typeof v === 'boolean' ? t(v ? 'applications.desk.yes' : 'applications.desk.no') : mrkdwnEscape(String(v))}`,
  )
  const lines = [
    t('applications.desk.partner', {
      language: languageName(p.language),
      country: p.country ? countryName(p.country, language) : '—',
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
          text: t(`applications.desk.decided.${decided.status}`, {
            by: userOf(decided.actor),
            date: deskDate(decided.at, language, p.programZones[programKey] ?? 'UTC', { time: true }),
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

/**
 * Posts an application's card to support's channel while it waits, or brings the posted card up to date: once
 * decided, from whatever surface (the card, its App Home copy, the operator API), it says who decided and when and
 * offers no buttons. The card is recorded once (compare-and-set), so a retried job updates rather than posts twice.
 */
async function showApplication(deps: DeskDeps, steps: StepLog, partnerId: string, programKey: string) {
  const channel = deps.desk.channels.disputes
  if (!channel) return 'no_channel'
  const [v, p] = await Promise.all([
    deps.core.applications.card(partnerId, programKey),
    deps.core.partners.profile(partnerId).catch(() => null),
  ])
  if (!v) return 'gone'
  const t = deps.i18n.t(deps.desk.language)
  if (!p || p.erased) {
    // the applicant erased their data (no profile is shown of them): a posted card keeps the case, not the person
    if (!v.card) return 'gone'
    const program = mrkdwnEscape(programName(deps.core.programs.get(programKey), deps.desk.language, programKey))
    const text = t('applications.desk.title', { program, who: t('finance.card.erased') })
    await deps.slack.chat.update({ ...v.card, text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] })
    return 'erased'
  }
  const view = applicationBlocks(t, deps.desk.language, p, programKey, v.decision)
  if (v.card) {
    await deps.slack.chat.update({ channel: v.card.channel, ts: v.card.ts, ...view })
    return 'updated'
  }
  if (v.enrolmentStatus !== 'applied') return 'no_decision_needed'
  const posted = await postOnce(steps, deps.slack, 'card', { channel, ...view })
  // another instance's worker recorded its card first (this one goes), or the application was decided while this
  // card was posted (its job found no card to update): the recorded card shows it now
  const recorded = await deps.core.applications.setCard(partnerId, programKey, posted.channel, posted.ts)
  if (!recorded) await withdrawCard(deps, posted)
  if (!recorded || (await deps.core.applications.card(partnerId, programKey))?.enrolmentStatus !== 'applied')
    return showApplication(deps, steps, partnerId, programKey)
  return 'posted'
}

export function applicationDeskJobs(deps: DeskDeps) {
  return {
    /** A partner applied (the card goes to support's channel, once), or the application was decided (card updated). */
    application_card: ({ data, steps }: JobRun<{ partnerId: string; programKey: string }>) =>
      showApplication(deps, steps, data.partnerId, data.programKey),
  }
}
