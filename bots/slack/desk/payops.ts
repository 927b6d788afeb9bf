import type { KnownBlock } from '@slack/types'
import { z } from 'zod'
import { MOVE_REASONS, PAUSE_REASONS, RESUME_REASON } from '../../../core/domain/reason-codes.ts'
import { programName } from '../../../core/programs/names.ts'
import type { PayoutScheduleView } from '../../../core/use-cases/payout-schedule.ts'
import type { Translate } from '../../i18n/index.ts'
import { deskDate, deskDay } from '../../shared/dates.ts'
import type { SlackAction } from '../actions.ts'
import { modal, plain } from '../views.ts'
import { mrkdwnEscape } from './finance-cards.ts'

const programKey = z.string().regex(/^[a-z0-9-]{1,64}$/)
const uuid = z.uuid()

const onProgram = (id: string): SlackAction<string> => ({
  id,
  encode: (key) => key,
  parse: (value) => programKey.safeParse(value).data,
})
const onRecord = (id: string): SlackAction<string> => ({
  id,
  encode: (recordId) => recordId,
  parse: (value) => uuid.safeParse(value).data,
})

/** `/pa payouts <program>`'s buttons (the program's key), and the file and reveal buttons of batches and payouts. */
export const PAYOPS_ACTIONS = {
  pause: onProgram('payouts_pause'),
  resume: onProgram('payouts_resume'),
  move: onProgram('payouts_move_date'),
  run: onProgram('payouts_run_pay_day'),
  batchCsv: onRecord('batch_csv'),
  batchCsvFull: onRecord('batch_csv_full'),
  broadcastReport: onRecord('broadcast_report'),
  payoutReveal: onRecord('payout_reveal'),
}

export const PAYOPS_VIEWS = { pause: 'payouts_pause_modal', move: 'payouts_move_modal' } as const

/** Why payouts are paused or a pay date moved (reason codes of the audit log; words in payops.reason). */
export { MOVE_REASONS, PAUSE_REASONS, RESUME_REASON }

const button = (action: SlackAction<string>, text: string, value: string, style?: 'primary' | 'danger') => ({
  type: 'button' as const,
  action_id: action.id,
  text: plain(text, 75),
  value: action.encode(value),
  ...(style ? { style } : {}),
})

const confirmed = (t: Translate, b: ReturnType<typeof button>, text: string) => ({
  ...b,
  confirm: {
    title: plain(t('payops.confirm.title'), 100),
    text: { type: 'mrkdwn' as const, text },
    confirm: plain(t('payops.confirm.yes'), 30),
    deny: plain(t('payops.confirm.no'), 30),
  },
})

const userOf = (actor: string) => (actor.startsWith('slack:') ? `<@${actor.slice(6)}>` : mrkdwnEscape(actor))

/** A program's payout state with its buttons: pause or resume, move a pay date, run a pay day now. */
export function scheduleBlocks(t: Translate, language: string, v: PayoutScheduleView) {
  const program = mrkdwnEscape(programName(v.programNames, language))
  const lines = [`*${t('payops.title', { program })}*`]
  if (v.paused)
    lines.push(
      t('payops.paused', {
        date: deskDate(v.paused.at, language, v.timeZone),
        who: userOf(v.paused.actor),
        reason: (PAUSE_REASONS as readonly string[]).includes(v.paused.reason)
          ? t(`payops.reason.${v.paused.reason}` as 'payops.reason.other')
          : mrkdwnEscape(v.paused.reason),
      }),
    )
  else lines.push(t('payops.running', { schedule: t(`payops.schedule.${v.schedule}`) }))
  lines.push(t('payops.next', { date: deskDay(language, v.nextPayDate, v.timeZone) }))
  for (const m of v.moved)
    lines.push(
      t('payops.moved', {
        from: deskDay(language, m.scheduled, v.timeZone),
        to: deskDay(language, m.movedTo, v.timeZone),
      }),
    )
  const key = v.program
  const elements = [
    v.paused
      ? confirmed(
          t,
          button(PAYOPS_ACTIONS.resume, t('payops.button.resume'), key, 'primary'),
          t('payops.confirm.resume', { program }),
        )
      : button(PAYOPS_ACTIONS.pause, t('payops.button.pause'), key, 'danger'),
    button(PAYOPS_ACTIONS.move, t('payops.button.move'), key),
    confirmed(t, button(PAYOPS_ACTIONS.run, t('payops.button.run'), key), t('payops.confirm.run', { program })),
  ]
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
    { type: 'actions', block_id: `payouts:${key}`, elements },
  ]
  return { text: t('payops.title', { program: programName(v.programNames, language) }), blocks }
}

const select = (t: Translate, reasons: readonly string[]) => ({
  type: 'input' as const,
  block_id: 'reason',
  label: plain(t('payops.modal.reason'), 2000),
  element: {
    type: 'static_select' as const,
    action_id: 'reason',
    options: reasons.map((r) => ({ value: r, text: plain(t(`payops.reason.${r}` as 'payops.reason.other')) })),
  },
})

const summary = (t: Translate, language: string, v: PayoutScheduleView) => ({
  type: 'section' as const,
  text: {
    type: 'mrkdwn' as const,
    text: t('payops.modal.summary', {
      program: mrkdwnEscape(programName(v.programNames, language)),
      date: deskDay(language, v.nextPayDate, v.timeZone),
    }),
  },
})

/** Pausing asks for the reason (kept in the audit log). */
export function pauseModal(t: Translate, language: string, v: PayoutScheduleView, channel: string) {
  return modal({
    callbackId: PAYOPS_VIEWS.pause,
    metadata: { program: v.program, channel },
    title: t('payops.modal.pause_title'),
    submit: t('payops.modal.pause_submit'),
    close: t('payops.modal.cancel'),
    blocks: [summary(t, language, v), select(t, PAUSE_REASONS)],
  })
}

/** Moving a pay date: the scheduled date (the next one offered), the new date and the reason. */
export function moveModal(t: Translate, language: string, v: PayoutScheduleView, scheduled: string, channel: string) {
  const date = (block: string, label: string, initial?: string) => ({
    type: 'input' as const,
    block_id: block,
    label: plain(label, 2000),
    element: { type: 'datepicker' as const, action_id: block, ...(initial ? { initial_date: initial } : {}) },
  })
  return modal({
    callbackId: PAYOPS_VIEWS.move,
    metadata: { program: v.program, channel },
    title: t('payops.modal.move_title'),
    submit: t('payops.modal.move_submit'),
    close: t('payops.modal.cancel'),
    blocks: [
      summary(t, language, v),
      date('scheduled', t('payops.modal.scheduled'), scheduled),
      date('moved_to', t('payops.modal.moved_to')),
      select(t, MOVE_REASONS),
    ],
  })
}

/** The file buttons of a batch (CSV, details masked; CSV with full details for finance, audited). */
export function batchFileButtons(t: Translate, batchId: string) {
  return [
    button(PAYOPS_ACTIONS.batchCsv, t('payops.button.csv'), batchId),
    button(PAYOPS_ACTIONS.batchCsvFull, t('payops.button.csv_full'), batchId),
  ]
}

/** A broadcast's report, uploaded as a file. */
export const reportButton = (t: Translate, broadcastId: string) =>
  button(PAYOPS_ACTIONS.broadcastReport, t('payops.button.report'), broadcastId)

/** A payout card's "Reveal details" (finance; audited). */
export const revealButton = (t: Translate, payoutId: string) =>
  button(PAYOPS_ACTIONS.payoutReveal, t('payops.button.reveal'), payoutId)
