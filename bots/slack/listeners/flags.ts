import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt'
import type { KnownBlock, ModalView } from '@slack/types'
import { isDomainError } from '../../../core/domain/errors.ts'
import { UUID } from '../../../core/domain/ids.ts'
import { FLAG_DISMISS_REASONS } from '../../../core/domain/reason-codes.ts'
import { programName } from '../../../core/programs/names.ts'
import type { PartnerProfile } from '../../../core/use-cases/partner-lookup.ts'
import type { SanctionKind } from '../../../core/use-cases/sanctions.ts'
import type { Translate } from '../../i18n/index.ts'
import { deskReasonText } from '../../shared/reasons.ts'
import type { SlackAction } from '../actions.ts'
import { mrkdwnEscape } from '../desk/finance-cards.ts'
import { can } from '../roles.ts'
import { modal, plain } from '../views.ts'
import { type ButtonArgs, pressed, type SubmitArgs, submitted } from './finance-kit.ts'
import { reasonSelect } from './finance-modals.ts'
import type { ListenerDeps } from './index.ts'
import { SANCTION_PERMISSION, SANCTION_REASONS, whoOf } from './partners-view.ts'

/** Why a flag is dismissed (words: `reasons.<code>`); the flag is resolved `dismissed_<reason>`. */
export { FLAG_DISMISS_REASONS }

const KINDS: SanctionKind[] = ['warning', 'suspend_codes', 'block', 'disqualify']
const isKind = (k: string): k is SanctionKind => (KINDS as string[]).includes(k)

type FlagChoice = { decision: 'dismiss' | 'act'; flagId: string; partnerId: string }
/** A flag's button on the partner card: dismiss it, or act on it (a sanction), for one flag of one partner. */
export const FLAG_ACTION: SlackAction<FlagChoice> = {
  id: 'flag_decide',
  encode: (v) => `${v.decision}:${v.flagId}:${v.partnerId}`,
  parse: (value) => {
    const [decision, flagId, partnerId] = (value ?? '').split(':')
    if ((decision !== 'dismiss' && decision !== 'act') || !UUID.test(flagId ?? '') || !UUID.test(partnerId ?? ''))
      return undefined
    return { decision, flagId: flagId!, partnerId: partnerId! }
  },
}
export const FLAG_VIEW = 'flag_decide_modal'
type Flag = PartnerProfile['openFlags'][number]

const kindWords = (t: Translate, kind: string) =>
  t(`partner_desk.flag_kind.${kind}` as 'partner_desk.flag_kind.self_referral', { defaultValue: kind })

/** Under the card's review flags: Dismiss and Act for each open flag, for those who may (support, admins). */
export function flagDecisionBlocks(t: Translate, language: string, p: PartnerProfile, allowed: boolean): KnownBlock[] {
  if (!allowed || p.erased) return []
  return p.openFlags.flatMap((f): KnownBlock[] => [
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: t('held.flags.subject', {
            kind: kindWords(t, f.kind),
            program: mrkdwnEscape(programName(p.programNames[f.programKey], language, f.programKey)),
          }),
        },
      ],
    },
    {
      type: 'actions',
      block_id: `flag:${f.id}`,
      elements: (['dismiss', 'act'] as const).map((decision) => ({
        type: 'button' as const,
        action_id: `${FLAG_ACTION.id}:${decision}`,
        text: plain(t(`held.flags.${decision}`)),
        value: FLAG_ACTION.encode({ decision, flagId: f.id, partnerId: p.id }),
      })),
    },
  ])
}

/** Dismiss: a reason and a note. Act: the sanctions the viewer may apply, a reason the partner reads, a note. */
export function flagModal(
  t: Translate,
  language: string,
  a: { decision: 'dismiss' | 'act'; f: Flag; p: PartnerProfile; kinds: SanctionKind[]; channel: string },
): ModalView {
  const blocks: ModalView['blocks'] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: t(`held.flags.modal.${a.decision}_effect`, {
          who: whoOf(t, a.p),
          program: mrkdwnEscape(programName(a.p.programNames[a.f.programKey], language, a.f.programKey)),
          kind: kindWords(t, a.f.kind),
        }),
      },
    },
  ]
  if (a.decision === 'act')
    blocks.push({
      type: 'input',
      block_id: 'kind',
      label: plain(t('held.flags.modal.what'), 2000),
      element: {
        type: 'static_select',
        action_id: 'kind',
        options: a.kinds.map((k) => ({ value: k, text: plain(t(`partner_desk.modal.title.${k}`)) })),
      },
    })
  blocks.push(reasonSelect(t, a.decision === 'act' ? SANCTION_REASONS : FLAG_DISMISS_REASONS), {
    type: 'input',
    block_id: 'note',
    optional: true,
    label: plain(t('held.desk.modal.note'), 2000),
    element: { type: 'plain_text_input', action_id: 'note', multiline: true, max_length: 500 },
  })
  return modal({
    callbackId: FLAG_VIEW,
    metadata: {
      flagId: a.f.id,
      partnerId: a.p.id,
      programKey: a.f.programKey,
      decision: a.decision,
      channel: a.channel,
    },
    title: t(`held.flags.modal.${a.decision}_title`),
    submit: t(`held.flags.modal.${a.decision}_submit`),
    close: t('finance.modal.cancel'),
    blocks,
  })
}

const openFlag = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(deps, args, FLAG_ACTION, 'flags.decide', async ({ value, user, t, language, channel, triggerId }) => {
    const p = await deps.core.partners.profile(value.partnerId)
    const f = p.openFlags.find((x) => x.id === value.flagId)
    if (!f) return t('held.flags.already')
    const standing = p.enrolments.find((e) => e.programKey === f.programKey)?.sanctions ?? []
    const kinds = KINDS.filter((k) => standing.includes(k) && can(deps.desk, user, SANCTION_PERMISSION[k]))
    await args.client.views.open({
      trigger_id: triggerId,
      view: flagModal(t, language, { decision: value.decision, f, p, kinds, channel: channel ?? '' }),
    })
    return undefined
  })

type FlagMeta = { flagId: string; partnerId: string; programKey: string; decision: string; channel: string }

async function runFlag(
  deps: ListenerDeps,
  args: SubmitArgs,
  meta: FlagMeta,
  t: Translate,
): Promise<string | { errors: Record<string, string> }> {
  const values = args.view.state.values
  const reason = values.reason?.reason?.selected_option?.value ?? ''
  const note = values.note?.note?.value?.trim() || undefined
  const actor = `slack:${args.body.user.id}`
  if (!UUID.test(meta.flagId) || !UUID.test(meta.partnerId)) return t('unhandled.button')
  // the flag as it is now: its own program, never one the modal's metadata names (a forged submission)
  const flag = (await deps.core.partners.profile(meta.partnerId)).openFlags.find((f) => f.id === meta.flagId)
  if (!flag) return { errors: { reason: t('held.flags.already') } }
  if (meta.decision === 'dismiss') {
    if (!(FLAG_DISMISS_REASONS as readonly string[]).includes(reason))
      return { errors: { reason: t('finance.modal.reason_missing') } }
    await deps.core.earnings.resolveFlag({ flagId: meta.flagId, resolution: `dismissed_${reason}`, actor, note })
    return t('held.flags.done.dismissed', { reason: deskReasonText(t, reason) })
  }
  const kind = values.kind?.kind?.selected_option?.value ?? ''
  if (!isKind(kind)) return { errors: { kind: t('finance.modal.reason_missing') } }
  if (!can(deps.desk, args.body.user.id, SANCTION_PERMISSION[kind]))
    return { errors: { kind: t('held.flags.kind_not_allowed') } }
  if (!(SANCTION_REASONS as readonly string[]).includes(reason))
    return { errors: { reason: t('finance.modal.reason_missing') } }
  // the sanction and the flag's decision in one transaction: two agents acting at once warn the partner once
  await deps.core.sanctions.apply({
    partnerId: meta.partnerId,
    programKey: flag.programKey,
    kind,
    reason,
    note,
    actor,
    flagId: meta.flagId,
  })
  return t('held.flags.done.acted', { what: t(`partner_desk.modal.title.${kind}`), reason: deskReasonText(t, reason) })
}

const submitFlag = (deps: ListenerDeps, args: SubmitArgs) =>
  submitted<FlagMeta>(
    deps,
    args,
    ['flagId', 'partnerId', 'programKey', 'decision', 'channel'],
    () => 'flags.decide',
    async (meta, t) => {
      try {
        return await runFlag(deps, args, meta, t)
      } catch (e) {
        if (isDomainError(e) && e.code === 'flag.already_resolved')
          return { errors: { reason: t('held.flags.already') } }
        throw e
      }
    },
  )

/** Registers the review flags' Dismiss and Act buttons and their modal; returns the action ids it handles. */
export function registerFlagDesk(app: App, deps: ListenerDeps): string[] {
  const ids = ['dismiss', 'act'].map((d) => `${FLAG_ACTION.id}:${d}`)
  for (const id of ids) app.action<BlockAction<ButtonAction>>(id, (args) => openFlag(deps, args))
  app.view<ViewSubmitAction>(FLAG_VIEW, (args) => submitFlag(deps, args))
  return ids
}
