import type { KnownBlock } from '@slack/types'
import type { WebClient } from '@slack/web-api'
import type { DeskCardKind, DeskCardRecord } from '../../../core/ports/partner-directory.ts'
import { programName } from '../../../core/programs/names.ts'
import type { Translate } from '../../i18n/index.ts'
import { termsDeskDate } from '../../shared/dates.ts'
import type { JobRun } from '../../shared/jobs.ts'
import { deskReasonText } from '../../shared/reasons.ts'
import type { DeskDeps } from '../jobs/desk.ts'
import { mrkdwnEscape } from './finance-cards.ts'

/** What editing a card needs: the core, the desk's language, and a Slack client of the app that posted it. */
type CardDeps = Pick<DeskDeps, 'core' | 'i18n' | 'desk'> & { slack: WebClient }

/**
 * A partner erased their data: the desk's cards that named them and that no row of their own keeps (desk_cards) are
 * edited to say what they were about, naming no one and offering no buttons.
 */
export function erasedCardJobs(deps: DeskDeps) {
  return {
    desk_card_erased: ({ data }: JobRun<{ kind: DeskCardKind; subject: string }>) =>
      eraseDeskCard(deps, data.kind, data.subject),
  }
}

/**
 * A card that names a partner was posted: where it is is kept, so that an erasure of their data edits it; if the
 * partner erased their data meanwhile (the erasure found no card to edit yet), it is edited now.
 */
export async function keepDeskCard(deps: CardDeps, card: Omit<DeskCardRecord, 'at'>) {
  await deps.core.partners.deskCardPosted(card)
  if (!(await deps.core.partners.contact(card.partnerId))) await eraseDeskCard(deps, card.kind, card.subject)
}

async function eraseDeskCard(deps: CardDeps, kind: DeskCardKind, subject: string) {
  const card = await deps.core.partners.deskCard(kind, subject)
  if (!card) return 'gone'
  const t = deps.i18n.t(deps.desk.language)
  const { text, blocks } = await erasedView(deps, t, card)
  await deps.slack.chat.update({ channel: card.channel, ts: card.ts, text, blocks })
  return 'erased'
}

/** The card as it reads once the partner is erased: what it was about, no one named, no buttons. */
async function erasedView(
  deps: CardDeps,
  t: Translate,
  card: DeskCardRecord,
): Promise<{ text: string; blocks: KnownBlock[] }> {
  const language = deps.desk.language
  const program = deps.core.programs.get(card.programKey)
  const name = programName(program, language, card.programKey)
  const erased = t('finance.card.erased')
  const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } })
  switch (card.kind) {
    case 'details': {
      const text = t('details.card.title', { program: name })
      return {
        text,
        blocks: [{ type: 'header', text: { type: 'plain_text', text: text.slice(0, 150) } }, section(erased)],
      }
    }
    case 'ad_warning': {
      const s = await deps.core.sanctions.record(card.subject)
      const text = t('partner_desk.ad_warning_overdue', {
        who: erased,
        program: mrkdwnEscape(name),
        reason: s ? deskReasonText(t, s.reason) : '—',
        count: program?.quality.adWarning?.fixBusinessDays ?? 0,
      })
      return { text, blocks: [section(text)] }
    }
    case 'objection': {
      const v = await deps.core.terms.record(card.subject.split('.')[0]!)
      const text = v
        ? t('desk.terms.objection', {
            partner: erased,
            language: '—',
            program: mrkdwnEscape(name),
            version: v.version,
            effective: termsDeskDate(v.effectiveAt, language, program?.timeZone ?? 'UTC'),
          })
        : erased
      return { text, blocks: [section(text)] }
    }
    case 'direct':
      // an App Home item sent to an agent (an application, details, a partner's card): nothing of it is left to act on
      return { text: erased, blocks: [section(erased)] }
  }
}
