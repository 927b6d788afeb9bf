import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt'
import { isDomainError } from '../../../core/domain/errors.ts'
import { programName } from '../../../core/programs/names.ts'
import type { Translate } from '../../i18n/index.ts'
import { deskDate, deskDay } from '../../shared/dates.ts'
import { mrkdwnEscape } from '../desk/finance-cards.ts'
import {
  MOVE_REASONS,
  moveModal,
  PAUSE_REASONS,
  PAYOPS_ACTIONS,
  PAYOPS_VIEWS,
  pauseModal,
  RESUME_REASON,
  scheduleBlocks,
} from '../desk/payops.ts'
import { deskErrorText } from '../errors.ts'
import type { Subcommand } from './commands/pa.ts'
import { type ButtonArgs, pressed, type SubmitArgs, submitted } from './finance-kit.ts'
import type { ListenerDeps } from './index.ts'
import { registerPayopsFiles } from './payops-files.ts'

const actor = (user: string) => `slack:${user}`
/** A program's name in the reader's language, for mrkdwn. */
const programOf = (deps: ListenerDeps, key: string, language: string) =>
  mrkdwnEscape(programName(deps.core.programs.get(key), language, key))

/**
 * `/pa payouts <program>`: the program's payout state and its operations; `/pa payouts` alone stays the list of
 * payouts waiting for a decision (`list`).
 */
export function payoutsCommand(deps: ListenerDeps, list: Subcommand | undefined): Subcommand {
  return async (a) => {
    const key = a.args.trim().split(/\s+/)[0]?.toLowerCase() ?? ''
    if (!key && list) return list(a)
    const { command, respond, client, t } = a
    if (!(await deps.allowed(command.user_id, 'payouts.schedule', { respond, client }))) return
    const language = await deps.language(client, command.user_id)
    const scheduled = deps.core.programs.list().filter((p) => p.payout.schedule.type !== 'on_request')
    if (!scheduled.some((p) => p.key === key)) {
      const known = scheduled.map((p) => `\`${p.key}\``).join(', ')
      await respond({ response_type: 'ephemeral', text: t('payops.usage', { known }) })
      return
    }
    try {
      const view = await deps.core.batches.schedule(key)
      await respond({ response_type: 'ephemeral', ...scheduleBlocks(t, language, view) })
    } catch (e) {
      const text = deskErrorText(deps, t, language, e, { command: 'payouts', program: key })
      await respond({ response_type: 'ephemeral', text })
    }
  }
}

/** Pause: the modal asking why. */
const openPause = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(deps, args, PAYOPS_ACTIONS.pause, 'payouts.schedule', async ({ value, t, language, channel, triggerId }) => {
    const v = await deps.core.batches.schedule(value)
    if (v.paused) return t('payops.already.paused', { program: programOf(deps, value, language) })
    await args.client.views.open({ trigger_id: triggerId, view: pauseModal(t, language, v, channel ?? '') })
    return undefined
  })

/** Resume: confirmed on the button itself; a second click finds them running. */
const resume = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(deps, args, PAYOPS_ACTIONS.resume, 'payouts.schedule', async ({ value, user, t, language }) => {
    const r = await deps.core.batches.setPaused({
      programKey: value,
      paused: false,
      reason: RESUME_REASON,
      actor: actor(user),
    })
    return t(r.changed ? 'payops.done.resumed' : 'payops.already.resumed', {
      program: programOf(deps, value, language),
    })
  })

/** Move a pay date: the modal, offering the next pay date as the one to move. */
const openMove = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(deps, args, PAYOPS_ACTIONS.move, 'payouts.schedule', async ({ value, t, language, channel, triggerId }) => {
    const v = await deps.core.batches.schedule(value)
    const next = v.moved.find((m) => m.movedTo === v.nextPayDate)?.scheduled ?? v.nextPayDate
    await args.client.views.open({ trigger_id: triggerId, view: moveModal(t, language, v, next, channel ?? '') })
    return undefined
  })

/** Run a pay day now: confirmed on the button; the batch is keyed, so a second click builds nothing. */
const run = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(deps, args, PAYOPS_ACTIONS.run, 'payouts.schedule', async ({ value, user, t, language }) => {
    const r = await deps.core.batches.runNow({ programKey: value, actor: actor(user) })
    const timeZone = deps.core.programs.get(value)?.timeZone ?? 'UTC'
    const base = { program: programOf(deps, value, language), day: deskDay(language, r.day, timeZone) }
    if (r.outcome === 'paused') return t('payops.done.paused_run', base)
    if (r.outcome === 'not_a_pay_day') return t('payops.done.not_a_pay_day', base)
    const day = r.batch ? deskDate(r.batch.payDate, language, timeZone) : base.day
    return t(r.alreadyBuilt ? 'payops.already.built' : 'payops.done.built', { ...base, day })
  })

type Meta = { program: string; channel: string }
const choice = (args: SubmitArgs, block: string) => args.view.state.values[block]?.[block]?.selected_option?.value ?? ''
const picked = (args: SubmitArgs, block: string) => args.view.state.values[block]?.[block]?.selected_date ?? ''

/** The pause modal submitted. */
const submitPause = (deps: ListenerDeps, args: SubmitArgs) =>
  submitted<Meta>(
    deps,
    args,
    ['program', 'channel'],
    () => 'payouts.schedule',
    async (meta, t, language) => {
      const reason = choice(args, 'reason')
      if (!(PAUSE_REASONS as readonly string[]).includes(reason))
        return { errors: { reason: t('payops.modal.reason_missing') } }
      const r = await deps.core.batches.setPaused({
        programKey: meta.program,
        paused: true,
        reason,
        actor: actor(args.body.user.id),
      })
      return t(r.changed ? 'payops.done.paused' : 'payops.already.paused', {
        program: programOf(deps, meta.program, language),
      })
    },
  )

/** Which field of the move modal a refusal from core belongs to. */
const MOVE_FIELDS: Record<string, string> = {
  'payout.not_a_pay_date': 'scheduled',
  'payout.batch_built': 'scheduled',
  'payout.date_in_past': 'moved_to',
  'payout.bad_date': 'moved_to',
}

async function move(deps: ListenerDeps, args: SubmitArgs, meta: Meta, t: Translate, language: string) {
  const scheduled = picked(args, 'scheduled')
  const movedTo = picked(args, 'moved_to')
  const reason = choice(args, 'reason')
  const errors: Record<string, string> = {}
  if (!scheduled) errors.scheduled = t('payops.modal.date_missing')
  if (!movedTo) errors.moved_to = t('payops.modal.date_missing')
  else if (movedTo === scheduled) errors.moved_to = t('payops.modal.same_date')
  if (!(MOVE_REASONS as readonly string[]).includes(reason)) errors.reason = t('payops.modal.reason_missing')
  if (Object.keys(errors).length) return { errors }
  try {
    const r = await deps.core.batches.movePayDate({
      programKey: meta.program,
      scheduled,
      movedTo,
      reason,
      actor: actor(args.body.user.id),
    })
    const timeZone = deps.core.programs.get(meta.program)?.timeZone ?? 'UTC'
    const words = {
      program: programOf(deps, meta.program, language),
      from: deskDay(language, r.scheduled, timeZone),
      to: deskDay(language, r.movedTo, timeZone),
    }
    return t(r.changed ? 'payops.done.moved' : 'payops.already.moved', words)
  } catch (e) {
    const field = isDomainError(e) ? MOVE_FIELDS[e.code] : undefined
    if (!field) throw e
    return { errors: { [field]: deskErrorText(deps, t, language as never, e, { view: PAYOPS_VIEWS.move }) } }
  }
}

/** The move modal submitted: both dates and the reason checked here, then by core (a pay date, not in the past). */
const submitMove = (deps: ListenerDeps, args: SubmitArgs) =>
  submitted<Meta>(
    deps,
    args,
    ['program', 'channel'],
    () => 'payouts.schedule',
    (meta, t, language) => move(deps, args, meta, t, language),
  )

/** Registers the payout operations' buttons and modals (and the file buttons); returns the action ids handled. */
export function registerPayopsDesk(app: App, deps: ListenerDeps): string[] {
  app.action<BlockAction<ButtonAction>>(PAYOPS_ACTIONS.pause.id, (args) => openPause(deps, args))
  app.action<BlockAction<ButtonAction>>(PAYOPS_ACTIONS.resume.id, (args) => resume(deps, args))
  app.action<BlockAction<ButtonAction>>(PAYOPS_ACTIONS.move.id, (args) => openMove(deps, args))
  app.action<BlockAction<ButtonAction>>(PAYOPS_ACTIONS.run.id, (args) => run(deps, args))
  app.view<ViewSubmitAction>(PAYOPS_VIEWS.pause, (args) => submitPause(deps, args))
  app.view<ViewSubmitAction>(PAYOPS_VIEWS.move, (args) => submitMove(deps, args))
  return [
    PAYOPS_ACTIONS.pause.id,
    PAYOPS_ACTIONS.resume.id,
    PAYOPS_ACTIONS.move.id,
    PAYOPS_ACTIONS.run.id,
    ...registerPayopsFiles(app, deps),
  ]
}
