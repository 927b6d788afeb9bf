import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt'
import type { KnownBlock } from '@slack/types'
import { DomainError, isDomainError } from '../../../core/domain/errors.ts'
import { UUID } from '../../../core/domain/ids.ts'
import { PAYOUT_STATUSES, type PayoutAction } from '../../../core/domain/payouts.ts'
import { programName } from '../../../core/programs/names.ts'
import { amountText } from '../../i18n/format.ts'
import { actionIds, FINANCE_ACTIONS, type SeenPayout } from '../actions.ts'
import { amountOf, batchRow, HOLD_REASONS, payoutRow, REJECT_REASONS } from '../desk/finance-cards.ts'
import { deskErrorText } from '../errors.ts'
import type { Subcommand } from './commands/pa.ts'
import { type ButtonArgs, pressed, type SubmitArgs, submitted } from './finance-kit.ts'
import { batchPaidModal, decisionModal, FINANCE_VIEWS, paidModal } from './finance-modals.ts'
import type { ListenerDeps } from './index.ts'

const actor = (user: string) => `slack:${user}`

/** `/pa payouts` (waiting for a decision) and `/pa batches [program]` (recent batches, mark paid). */
export function financeSubcommands(deps: ListenerDeps): Record<string, Subcommand> {
  return {
    payouts: async ({ command, respond, client, t }) => {
      if (!(await deps.allowed(command.user_id, 'payouts.decide', { respond, client }))) return
      const language = await deps.language(client, command.user_id)
      // 20 rows (two blocks each) keep the answer within Slack's 50 blocks; the title counts every one waiting
      const { payouts: waiting, total } = await deps.core.payouts.awaitingDecision(20)
      const title = t('finance.list.title', { n: total })
      const blocks: KnownBlock[] = [
        { type: 'section', text: { type: 'mrkdwn', text: title } },
        ...waiting.flatMap((v) => payoutRow(t, language, v)),
      ]
      if (!waiting.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: t('finance.list.empty') } })
      // the rest are reached on their cards (each waiting payout has one in the finance channel)
      const more = total - waiting.length
      if (more > 0) {
        const text = t('finance.list.more', { count: more, channel: `<#${deps.desk.channels.finance}>` })
        blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text }] })
      }
      await respond({ response_type: 'ephemeral', text: title, blocks })
    },
    batches: async ({ args, command, respond, client, t }) => {
      if (!(await deps.allowed(command.user_id, 'payouts.decide', { respond, client }))) return
      const language = await deps.language(client, command.user_id)
      const key = args.trim().split(/\s+/)[0] || undefined
      if (key && !deps.core.programs.get(key)) {
        const known = deps.core.programs
          .list()
          .map((p) => `\`${p.key}\``)
          .join(', ')
        await respond({
          response_type: 'ephemeral',
          text: t('finance.list.unknown_program', { program: key.slice(0, 64), known }),
        })
        return
      }
      const batches = await deps.core.batches.deskViews(key, 10)
      const blocks: KnownBlock[] = [
        { type: 'section', text: { type: 'mrkdwn', text: t('finance.list.batches_title') } },
        ...batches.flatMap((v) => batchRow(t, language, v)),
      ]
      if (!batches.length)
        blocks.push({ type: 'section', text: { type: 'mrkdwn', text: t('finance.list.batches_empty') } })
      await respond({ response_type: 'ephemeral', text: t('finance.list.batches_title'), blocks })
    },
  }
}

/** A program's name in the reader's language. */
const programOf = (deps: ListenerDeps, key: string, language: string) =>
  programName(deps.core.programs.get(key), language, key)

/**
 * The payout behind a button, if core still offers the button's decision on it and it is as the card or row showed
 * it (`seenStatus`, when the button carries it); otherwise core's refusal.
 */
async function current(deps: ListenerDeps, { payoutId, seenStatus }: SeenPayout, action: PayoutAction) {
  const v = await deps.core.payouts.deskView(payoutId)
  if (!v) throw new DomainError('payout.not_found', { payout: payoutId })
  // a colleague decided since the list or card was shown: the form would decide over their decision
  if (seenStatus && v.payout.status !== seenStatus)
    throw new DomainError('payout.invalid_transition', { action, status: v.payout.status })
  // a payout the batch has taken in is paid with its batch: a card's Mark paid pressed since says so, as core does
  if (action === 'pay' && v.payout.batch) throw new DomainError('payout.in_batch', { batch: v.payout.batch })
  if (!v.actions.includes(action))
    throw new DomainError('payout.invalid_transition', { action, status: v.payout.status })
  return v
}

/** Approve: decided at once, no modal. */
const approve = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(deps, args, FINANCE_ACTIONS.approve, 'payouts.decide', async ({ value, user, t, language }) => {
    const { payout } = await deps.core.payouts.decide({ ...value, action: 'approve', actor: actor(user) })
    const said = { amount: amountOf(language, payout), program: programOf(deps, payout.program, language) }
    // what will be transferred, when fee or tax withheld take from the gross (a redeem's credit is on its card)
    if (payout.credit !== null || payout.net === payout.gross) return t('finance.done.approve', said)
    return t('finance.done.approve_net', { ...said, net: amountText(language, payout.net, payout.currency) })
  })

/** Hold or reject: the modal asking for the reason the partner will read. */
const openDecision = (deps: ListenerDeps, args: ButtonArgs, action: 'hold' | 'reject') =>
  pressed(deps, args, FINANCE_ACTIONS[action], 'payouts.decide', async (p) => {
    const v = await current(deps, p.value, action)
    // the form carries the status it was opened on (the one shown): submitted, it decides only that payout
    await args.client.views.open({
      trigger_id: p.triggerId,
      view: decisionModal(p.t, p.language, v, action, p.channel ?? ''),
    })
    return undefined
  })

/** Paid: the modal asking for the payment's reference. */
const openPaid = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(deps, args, FINANCE_ACTIONS.paid, 'payouts.decide', async (p) => {
    const v = await current(deps, { payoutId: p.value }, 'pay')
    await args.client.views.open({ trigger_id: p.triggerId, view: paidModal(p.t, p.language, v, p.channel ?? '') })
    return undefined
  })

/** A batch paid: the modal asking for the reference, if the batch may still be marked paid. */
const openBatchPaid = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(deps, args, FINANCE_ACTIONS.batchPaid, 'payouts.decide', async (p) => {
    const view = await deps.core.batches.deskView(p.value)
    if (!view) throw new DomainError('batch.not_found', { batch: p.value })
    if (!view.payable) throw new DomainError('batch.not_payable', { batch: p.value, status: view.batch.status })
    await args.client.views.open({
      trigger_id: p.triggerId,
      view: batchPaidModal(p.t, p.language, view.batch, programName(view.programNames, p.language), p.channel ?? ''),
    })
    return undefined
  })

/** Core's refusals of a decision's note: shown on the note field, the modal stays open. */
const NOTE_REFUSALS = new Set(['payout.note_required', 'payout.note_too_long'])

/** The hold or reject modal submitted: the decision with its reason and note. */
const submitDecision = (deps: ListenerDeps, args: SubmitArgs) =>
  submitted<{ payoutId: string; action: string; channel: string; status?: string }>(
    deps,
    args,
    ['payoutId', 'action', 'channel'],
    () => 'payouts.decide',
    async (meta, t, language): Promise<string | { errors: Record<string, string> }> => {
      const action = meta.action === 'hold' ? 'hold' : meta.action === 'reject' ? 'reject' : undefined
      const values = args.view.state.values
      const reason = values.reason?.reason?.selected_option?.value ?? ''
      const reasons: readonly string[] = action === 'hold' ? HOLD_REASONS : REJECT_REASONS
      if (!action || !UUID.test(meta.payoutId)) return t('unhandled.button')
      if (!reasons.includes(reason)) return { errors: { reason: t('finance.modal.reason_missing') } }
      try {
        const { payout } = await deps.core.payouts.decide({
          payoutId: meta.payoutId,
          action,
          reason,
          note: values.note?.note?.value ?? undefined,
          actor: actor(args.body.user.id),
          seenStatus: PAYOUT_STATUSES.find((st) => st === meta.status),
        })
        return t(`finance.done.${action}`, {
          amount: amountOf(language, payout),
          program: programOf(deps, payout.program, language),
        })
      } catch (e) {
        if (!isDomainError(e) || !NOTE_REFUSALS.has(e.code)) throw e
        return { errors: { note: deskErrorText(deps, t, language, e, { view: FINANCE_VIEWS.decision }) } }
      }
    },
  )

/** The paid modal submitted: the payout paid under its reference. */
const submitPaid = (deps: ListenerDeps, args: SubmitArgs) =>
  submitted<{ payoutId: string; channel: string }>(
    deps,
    args,
    ['payoutId', 'channel'],
    () => 'payouts.decide',
    async (meta, t, language) => {
      const reference = (args.view.state.values.reference?.reference?.value ?? '').trim()
      if (!reference || reference.length > 128) return { errors: { reference: t('finance.modal.reference_missing') } }
      if (!UUID.test(meta.payoutId)) return t('unhandled.button')
      const { payout } = await deps.core.payouts.decide({
        payoutId: meta.payoutId,
        action: 'pay',
        reference,
        actor: actor(args.body.user.id),
      })
      // what was transferred (net of fee and tax withheld), or what a redeem credits: not the gross
      return t('finance.done.pay', {
        amount: amountText(language, payout.credit ?? payout.net, payout.currency),
        program: programOf(deps, payout.program, language),
        reference: reference.replaceAll('`', "'"),
      })
    },
  )

/** The batch paid modal submitted: every payout of the batch paid under one reference. */
const submitBatchPaid = (deps: ListenerDeps, args: SubmitArgs) =>
  submitted<{ batchId: string; channel: string }>(
    deps,
    args,
    ['batchId', 'channel'],
    () => 'payouts.decide',
    async (meta, t, language) => {
      const reference = (args.view.state.values.reference?.reference?.value ?? '').trim()
      if (!reference || reference.length > 128) return { errors: { reference: t('finance.modal.reference_missing') } }
      if (!UUID.test(meta.batchId)) return t('unhandled.button')
      const batch = await deps.core.batches.markPaid({
        batchId: meta.batchId,
        reference,
        actor: actor(args.body.user.id),
      })
      return t('finance.done.batch_paid', {
        count: batch.totals.reduce((n, x) => n + x.count, 0),
        program: programOf(deps, batch.program, language),
        reference: reference.replaceAll('`', "'"),
      })
    },
  )

/** Registers the finance actions and views; returns the action ids it handles. */
export function registerFinanceDesk(app: App, deps: ListenerDeps): string[] {
  app.action<BlockAction<ButtonAction>>(FINANCE_ACTIONS.approve.id, (args) => approve(deps, args))
  for (const action of ['hold', 'reject'] as const)
    app.action<BlockAction<ButtonAction>>(FINANCE_ACTIONS[action].id, (args) => openDecision(deps, args, action))
  app.action<BlockAction<ButtonAction>>(FINANCE_ACTIONS.paid.id, (args) => openPaid(deps, args))
  app.action<BlockAction<ButtonAction>>(FINANCE_ACTIONS.batchPaid.id, (args) => openBatchPaid(deps, args))
  app.view<ViewSubmitAction>(FINANCE_VIEWS.decision, (args) => submitDecision(deps, args))
  app.view<ViewSubmitAction>(FINANCE_VIEWS.paid, (args) => submitPaid(deps, args))
  app.view<ViewSubmitAction>(FINANCE_VIEWS.batchPaid, (args) => submitBatchPaid(deps, args))
  return actionIds(FINANCE_ACTIONS)
}
