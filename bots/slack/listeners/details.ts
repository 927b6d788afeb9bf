import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt'
import { DomainError } from '../../../core/domain/errors.ts'
import { UUID } from '../../../core/domain/ids.ts'
import { programName } from '../../../core/programs/names.ts'
import {
  DETAILS_CHANGE_REASONS,
  type DetailsChangeReason,
  type DetailsDeskView,
} from '../../../core/use-cases/details-agreement.ts'
import type { Translate } from '../../i18n/index.ts'
import { actionIds, DETAILS_ACTIONS } from '../actions.ts'
import { partnerLabel } from '../desk/details.ts'
import { type DetailsOutcome, detailsCard } from '../desk/details-cards.ts'
import { mrkdwnEscape } from '../desk/finance-cards.ts'
import { modal, plain } from '../views.ts'
import { type ButtonArgs, pressed, type SubmitArgs, submitted } from './finance-kit.ts'
import type { ListenerDeps } from './index.ts'

const VIEW = 'details_changes_modal'
const actor = (user: string) => `slack:${user}`

/** The card in the finance channel shows the decision in place of its buttons (a card elsewhere stays as it is). */
async function showOutcome(
  deps: ListenerDeps,
  client: ButtonArgs['client'],
  where: { channel?: string; ts?: string },
  v: DetailsDeskView,
  outcome: DetailsOutcome,
) {
  if (!where.channel || !where.ts) return
  const t = deps.i18n.t(deps.desk.language)
  const card = detailsCard(t, deps.desk.language, v, await partnerLabel(deps.core, t, v.partnerId), outcome)
  await client.chat.update({ channel: where.channel, ts: where.ts, ...card }).catch((e) => {
    deps.logger.warn({ err: e, partner: v.partnerId }, 'slack: details card not updated')
  })
}

const cardOf = (args: ButtonArgs) => ({
  channel: args.body.channel?.id ?? (args.body.container as { channel_id?: string } | undefined)?.channel_id,
  ts: args.body.message?.ts,
})

/** Agree: decided at once; the partner is told (core announces it). */
const agree = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(deps, args, DETAILS_ACTIONS.agree, 'payouts.decide', async ({ value, user, t, language }) => {
    const v = await deps.core.payouts.decideDetails({ ...value, decision: 'agree', actor: actor(user) })
    await showOutcome(deps, args.client, cardOf(args), v, { decision: 'agree', actor: actor(user) })
    return t('details.done.agree', { program: mrkdwnEscape(programName(v.programNames, language)) })
  })

function changesModal(t: Translate, language: string, v: DetailsDeskView, card: { channel?: string; ts?: string }) {
  return modal({
    callbackId: VIEW,
    metadata: {
      partnerId: v.partnerId,
      programKey: v.programKey,
      detailsId: v.details.id,
      channel: card.channel ?? '',
      ts: card.ts ?? '',
    },
    title: t('details.modal.title'),
    submit: t('details.modal.submit'),
    close: t('finance.modal.cancel'),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: t('details.modal.summary', { program: programName(v.programNames, language), mask: v.details.mask }),
        },
      },
      {
        type: 'input',
        block_id: 'reason',
        label: plain(t('details.modal.reason_label'), 2000),
        element: {
          type: 'static_select',
          action_id: 'reason',
          options: DETAILS_CHANGE_REASONS.map((r) => ({ value: r, text: plain(t(`details.reason.${r}`)) })),
        },
      },
    ],
  })
}

/** Ask for changes: the modal asking for the reason the partner will read. */
const openChanges = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(deps, args, DETAILS_ACTIONS.askChanges, 'payouts.decide', async ({ value, t, language, triggerId }) => {
    const v = await deps.core.payouts.detailsView(value)
    if (!v) throw new DomainError('details.changed', {})
    await args.client.views.open({ trigger_id: triggerId, view: changesModal(t, language, v, cardOf(args)) })
    return undefined
  })

/** Reveal: the full details, to the finance user alone (ephemeral); core audits the reading. */
const reveal = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(deps, args, DETAILS_ACTIONS.reveal, 'payment_details.reveal', async ({ value, user, t }) => {
    const d = await deps.core.payouts.revealDetails({ ...value, actor: actor(user) })
    const fields = Object.entries(d.fields).map(([k, v]) => `${k}: \`${v.replaceAll('`', "'")}\``)
    return [t('details.reveal', { method: t(`finance.method.${d.method}` as 'finance.method.bank') }), ...fields].join(
      '\n',
    )
  })

type ChangesMeta = { partnerId: string; programKey: string; detailsId: string; channel: string; ts: string }

/** The modal submitted: the partner is asked for other details, with the reason. */
const submitChanges = (deps: ListenerDeps, args: SubmitArgs) =>
  submitted<ChangesMeta>(
    deps,
    args,
    ['partnerId', 'programKey', 'detailsId', 'channel', 'ts'],
    () => 'payouts.decide',
    async (meta, t, language) => {
      const reason = args.view.state.values.reason?.reason?.selected_option?.value ?? ''
      if (!UUID.test(meta.partnerId) || !UUID.test(meta.detailsId)) return t('unhandled.button')
      if (!(DETAILS_CHANGE_REASONS as readonly string[]).includes(reason))
        return { errors: { reason: t('finance.modal.reason_missing') } }
      const by = actor(args.body.user.id)
      const v = await deps.core.payouts.decideDetails({
        partnerId: meta.partnerId,
        programKey: meta.programKey,
        detailsId: meta.detailsId,
        decision: 'ask_changes',
        reason: reason as DetailsChangeReason,
        actor: by,
      })
      await showOutcome(deps, args.client, meta, v, { decision: 'ask_changes', actor: by, reason })
      return t('details.done.ask_changes', { program: mrkdwnEscape(programName(v.programNames, language)) })
    },
  )

/** Registers the payment details card's actions and modal; returns the action ids it handles. */
export function registerDetailsDesk(app: App, deps: ListenerDeps): string[] {
  app.action<BlockAction<ButtonAction>>(DETAILS_ACTIONS.agree.id, (args) => agree(deps, args))
  app.action<BlockAction<ButtonAction>>(DETAILS_ACTIONS.askChanges.id, (args) => openChanges(deps, args))
  app.action<BlockAction<ButtonAction>>(DETAILS_ACTIONS.reveal.id, (args) => reveal(deps, args))
  app.view<ViewSubmitAction>(VIEW, (args) => submitChanges(deps, args))
  return actionIds(DETAILS_ACTIONS)
}
