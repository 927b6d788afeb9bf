import type { KnownBlock } from '@slack/types'
import type { DeskCardRecord } from '../../../core/ports/partner-directory.ts'
import { programName } from '../../../core/programs/names.ts'
import type { JobRun } from '../../shared/jobs.ts'
import { deskReasonText } from '../../shared/reasons.ts'
import type { DeskDeps } from '../jobs/desk.ts'
import { mrkdwnEscape } from './finance-cards.ts'

/**
 * A partner erased their data: the desk's cards that named them and that no row of their own keeps (desk_cards:
 * payment details to agree, an overdue ad-rule warning) are edited to say what they were about, naming no one and
 * offering no buttons.
 */
export function erasedCardJobs(deps: DeskDeps) {
  return {
    desk_card_erased: ({ data }: JobRun<{ kind: DeskCardRecord['kind']; subject: string }>) =>
      eraseDeskCard(deps, data.kind, data.subject),
  }
}

/**
 * A card that names a partner was posted: where it is is kept, so that an erasure of their data edits it; if the
 * partner erased their data meanwhile (the erasure found no card to edit yet), it is edited now.
 */
export async function keepDeskCard(deps: DeskDeps, card: Omit<DeskCardRecord, 'at'>) {
  await deps.core.partners.deskCardPosted(card)
  if (!(await deps.core.partners.contact(card.partnerId))) await eraseDeskCard(deps, card.kind, card.subject)
}

async function eraseDeskCard(deps: DeskDeps, kind: DeskCardRecord['kind'], subject: string) {
  const card = await deps.core.partners.deskCard(kind, subject)
  if (!card) return 'gone'
  const t = deps.i18n.t(deps.desk.language)
  const program = deps.core.programs.get(card.programKey)
  const name = programName(program, deps.desk.language, card.programKey)
  const erased = t('finance.card.erased')
  if (card.kind === 'details') {
    const text = t('details.card.title', { program: name })
    const blocks: KnownBlock[] = [
      { type: 'header', text: { type: 'plain_text', text: text.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: erased } },
    ]
    await deps.slack.chat.update({ channel: card.channel, ts: card.ts, text, blocks })
    return 'erased'
  }
  const s = await deps.core.sanctions.record(card.subject)
  const text = t('partner_desk.ad_warning_overdue', {
    who: erased,
    program: mrkdwnEscape(name),
    reason: s ? deskReasonText(t, s.reason) : '—',
    count: program?.quality.adWarning?.fixBusinessDays ?? 0,
  })
  await deps.slack.chat.update({
    ...{ channel: card.channel, ts: card.ts, text },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  })
  return 'erased'
}
