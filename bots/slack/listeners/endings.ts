import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt'
import type { ModalView } from '@slack/types'
import { DomainError } from '../../../core/domain/errors.ts'
import { UUID } from '../../../core/domain/ids.ts'
import type { ProgramDefinition } from '../../../core/programs/definition.ts'
import { programName } from '../../../core/programs/names.ts'
import { COMPANY_END_REASONS, type CompanyEndReason } from '../../../core/use-cases/endings.ts'
import type { Translate } from '../../i18n/index.ts'
import { deskEndDate } from '../../shared/dates.ts'
import { END_ACTION } from '../actions.ts'
import { mrkdwnEscape } from '../desk/finance-cards.ts'
import { partnerWho } from '../desk/partner-ref.ts'
import { modal, plain } from '../views.ts'
import { type ButtonArgs, pressed, type SubmitArgs, submitted } from './finance-kit.ts'
import type { ListenerDeps } from './index.ts'
import { whoOf } from './partners-view.ts'

export const END_VIEW = 'partner_end_modal'
const LIVE = ['applied', 'active', 'blocked']
const isReason = (r: string): r is CompanyEndReason => (COMPANY_END_REASONS as readonly string[]).includes(r)

/** What happens to the partner's money after the end, as the program's terms say (the desk's words). */
function deskMoney(t: Translate, program: ProgramDefinition): string {
  const lines = [t(`end_desk.money.${program.termination.unpaid}`)]
  if (program.termination.onBreach === 'forfeited') lines.push(t('end_desk.money.forfeited_on_breach'))
  if (program.termination.lastPaymentDays)
    lines.push(t('end_desk.money.last_payment', { count: program.termination.lastPaymentDays }))
  return lines.join(' ')
}

/**
 * The confirmation of an ending: the end date the program's terms give for each reason (worksection-referral 8.6:
 * 24 hours; worksection-partner 9.2 and 9.1: 10 or 31 days), what happens to the partner's money, the reason to
 * pick and a note for the audit log.
 */
export function endModal(
  t: Translate,
  language: string,
  a: { partnerId: string; programKey: string; who: string; channel: string; program: ProgramDefinition; now: Date },
): ModalView {
  const h = a.program.termination.companyNoticeHours
  const at = (hours: number) => deskEndDate(language, new Date(a.now.getTime() + hours * 3_600_000), a.program.timeZone)
  return modal({
    callbackId: END_VIEW,
    metadata: { partnerId: a.partnerId, programKey: a.programKey, channel: a.channel },
    title: t('end_desk.modal.title'),
    submit: t('end_desk.modal.submit'),
    close: t('finance.modal.cancel'),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `${t('end_desk.modal.effect', {
            who: a.who,
            program: mrkdwnEscape(programName(a.program, language)),
            breach: at(h.breach),
            convenience: at(h.convenience),
          })}\n${deskMoney(t, a.program)}`,
        },
      },
      {
        type: 'input',
        block_id: 'reason',
        label: plain(t('end_desk.modal.reason_label'), 2000),
        element: {
          type: 'static_select',
          action_id: 'reason',
          options: COMPANY_END_REASONS.map((r) => ({ value: r, text: plain(t(`end_desk.reason.${r}`)) })),
        },
      },
      {
        type: 'input',
        block_id: 'note',
        optional: true,
        label: plain(t('end_desk.modal.note_label'), 2000),
        element: { type: 'plain_text_input', action_id: 'note', multiline: true, max_length: 500 },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: t('end_desk.modal.told') }] },
    ],
  })
}

/** "End agreement" on the partner card: the confirmation, if the agreement is still in force. */
const openEnd = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(deps, args, END_ACTION, 'partners.terminate', async ({ value: at, t, language, channel, triggerId }) => {
    const program = deps.core.programs.get(at.programKey)
    const p = await deps.core.partners.profile(at.partnerId)
    const e = p.enrolments.find((x) => x.programKey === at.programKey)
    if (!program || !e) throw new DomainError('enrolment.not_found', { partner: at.partnerId, program: at.programKey })
    // the card may be old: an agreement that has ended cannot be ended again
    if (!LIVE.includes(e.status))
      throw new DomainError('enrolment.transition_not_allowed', { action: 'terminate', status: e.status })
    await args.client.views.open({
      trigger_id: triggerId,
      view: endModal(t, language, {
        ...at,
        who: whoOf(t, p),
        channel: channel ?? '',
        program,
        now: deps.core.clock.now(),
      }),
    })
    return undefined
  })

/** The ending confirmed: the agreement ends with the program's notice for the reason; the partner is told. */
const submitEnd = (deps: ListenerDeps, args: SubmitArgs) =>
  submitted<{ partnerId: string; programKey: string; channel: string }>(
    deps,
    args,
    ['partnerId', 'programKey', 'channel'],
    () => 'partners.terminate',
    async (meta, t, language) => {
      const values = args.view.state.values
      const reason = values.reason?.reason?.selected_option?.value ?? ''
      const note = values.note?.note?.value?.trim() || undefined
      if (!UUID.test(meta.partnerId)) return t('unhandled.button')
      if (!isReason(reason)) return { errors: { reason: t('finance.modal.reason_missing') } }
      const r = await deps.core.endings.terminate({
        partnerId: meta.partnerId,
        programKey: meta.programKey,
        reason,
        note,
        actor: `slack:${args.body.user.id}`,
      })
      const program = deps.core.programs.get(meta.programKey)
      const date = deskEndDate(language, new Date(r.endsAt), program?.timeZone ?? 'UTC')
      const key = r.repeated ? 'repeated' : r.status
      const who = await partnerWho(deps.core, t, meta.partnerId)
      return t(`end_desk.done.${key}`, { who, program: programName(program, language, meta.programKey), date })
    },
  )

/** Registers the ending of agreements from the partner card; returns the action ids it handles. */
export function registerEndingDesk(app: App, deps: ListenerDeps): string[] {
  app.action<BlockAction<ButtonAction>>(END_ACTION.id, (args) => openEnd(deps, args))
  app.view<ViewSubmitAction>(END_VIEW, (args) => submitEnd(deps, args))
  return [END_ACTION.id]
}
