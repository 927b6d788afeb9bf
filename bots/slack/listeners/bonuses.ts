import type { App, BlockAction, ButtonAction } from '@slack/bolt'
import type { KnownBlock } from '@slack/types'
import type { RefereeBonusRecord } from '../../../core/ports/referee-bonuses.ts'
import { programName } from '../../../core/programs/names.ts'
import { minorText } from '../../i18n/format.ts'
import type { Translate } from '../../i18n/index.ts'
import { actionIds, BONUS_ACTIONS } from '../actions.ts'
import { formatDate, mrkdwnEscape, userOf } from '../desk/finance-cards.ts'
import { deskErrorText } from '../errors.ts'
import type { Subcommand } from './commands/pa.ts'
import { type ButtonArgs, pressed } from './finance-kit.ts'
import type { ListenerDeps } from './index.ts'

/** Rows one `/pa bonuses` answer shows (Slack allows 50 blocks: a title, then a section and a button each). */
const SHOWN = 24

const amountOf = (language: string, b: RefereeBonusRecord) =>
  minorText(language, { minor: b.amountMinor, currency: b.currency })

/** One owed bonus: the customer's id, the amount, since when, who referred it, and its "Mark granted" button. */
export function bonusRow(t: Translate, language: string, timeZone: string, b: RefereeBonusRecord): KnownBlock[] {
  const text = t('bonuses.row', {
    customer: mrkdwnEscape(b.customer),
    amount: amountOf(language, b),
    date: formatDate(b.createdAt, language, timeZone),
    partner: b.partnerName ? mrkdwnEscape(b.partnerName) : t('bonuses.unnamed'),
  })
  return [
    { type: 'section', text: { type: 'mrkdwn', text } },
    {
      type: 'actions',
      block_id: `bonus:${b.id}`,
      elements: [
        {
          type: 'button',
          action_id: BONUS_ACTIONS.granted.id,
          text: { type: 'plain_text', text: t('bonuses.grant') },
          style: 'primary',
          value: BONUS_ACTIONS.granted.encode({ programKey: b.programKey, bonusId: b.id }),
        },
      ],
    },
  ]
}

/** `/pa bonuses <program>`: what the program owes the customers partners referred, oldest first. */
export function bonusSubcommands(deps: ListenerDeps): Record<string, Subcommand> {
  return {
    bonuses: async ({ args, command, respond, client, t, language }) => {
      if (!(await deps.allowed(command.user_id, 'bonuses.grant', { respond, client }))) return
      const key = args.trim().split(/\s+/)[0] ?? ''
      const program = deps.core.programs.get(key)
      if (!program) {
        const known = deps.core.programs
          .list()
          .map((p) => `\`${p.key}\``)
          .join(', ')
        await respond({ response_type: 'ephemeral', text: t('bonuses.usage', { known }) })
        return
      }
      if (program.commission.type !== 'one_time_reward' || !program.commission.refereeReward) {
        await respond({
          response_type: 'ephemeral',
          text: t('bonuses.no_bonus', { program: programName(program, language) }),
        })
        return
      }
      try {
        const owed = await deps.core.earnings.refereeBonuses({ programKey: program.key, status: 'owed', limit: SHOWN })
        const title = t('bonuses.title', { program: mrkdwnEscape(programName(program, language)), n: owed.length })
        const blocks: KnownBlock[] = [
          { type: 'section', text: { type: 'mrkdwn', text: title } },
          ...owed.flatMap((b) => bonusRow(t, language, program.timeZone, b)),
        ]
        if (!owed.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: t('bonuses.empty') } })
        await respond({ response_type: 'ephemeral', text: title, blocks })
      } catch (e) {
        const text = deskErrorText(deps, t, language, e, { command: 'bonuses', program: program.key })
        await respond({ response_type: 'ephemeral', text })
      }
    },
  }
}

/** "Mark granted": owed -> granted, once; pressed again, it says who marked it and when. */
const grant = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(deps, args, BONUS_ACTIONS.granted, 'bonuses.grant', async ({ value, user, t, language }) => {
    const r = await deps.core.earnings.grantRefereeBonus({ ...value, actor: `slack:${user}` })
    const b = r.bonus
    if (!r.changed) {
      const timeZone = deps.core.programs.get(b.programKey)?.timeZone ?? 'UTC'
      const date = b.grantedAt ? formatDate(b.grantedAt, language, timeZone) : ''
      return t('bonuses.already', { who: userOf(b.grantedBy), date })
    }
    return t('bonuses.done', { customer: mrkdwnEscape(b.customer), amount: amountOf(language, b) })
  })

/** Registers the "Mark granted" button; returns the action ids it handles. */
export function registerBonusDesk(app: App, deps: ListenerDeps): string[] {
  app.action<BlockAction<ButtonAction>>(BONUS_ACTIONS.granted.id, (args) => grant(deps, args))
  return actionIds(BONUS_ACTIONS)
}
