import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt'
import { addDays, type LocalDate, startOfLocalDate } from '../../../core/domain/calendar.ts'
import { DomainError, isDomainError } from '../../../core/domain/errors.ts'
import { UUID } from '../../../core/domain/ids.ts'
import type { ProgramDefinition } from '../../../core/programs/definition.ts'
import { programName } from '../../../core/programs/names.ts'
import type { Language, Translate } from '../../i18n/index.ts'
import { actionIds, CODE_ACTIONS } from '../actions.ts'
import { CODE_VIEW, codeModal } from '../desk/codes.ts'
import { deskErrorText } from '../errors.ts'
import { can } from '../roles.ts'
import { type ButtonArgs, pressed, type SubmitArgs, submitted } from './finance-kit.ts'
import type { ListenerDeps } from './index.ts'
import { whoOf } from './partners-view.ts'

const RATE = /^\d{1,3}([.,]\d{1,2})?$/
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** A datepicker's day as a LocalDate; undefined when empty or malformed. */
export function dayOf(value: string | null | undefined): LocalDate | undefined {
  const m = DAY.exec(value ?? '')
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined
}

/** "Add code" on the card: the form, if the partner may still get a code (active, under the program's limit). */
const openAdd = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(
    deps,
    args,
    CODE_ACTIONS.add,
    'partners.codes',
    async ({ value: at, t, language, user, channel, triggerId, formKey }) => {
      const program = deps.core.programs.get(at.programKey)
      if (!program) throw new DomainError('program.not_found', { program: at.programKey })
      const p = await deps.core.partners.profile(at.partnerId)
      const e = p.enrolments.find((x) => x.programKey === at.programKey)
      if (!e) throw new DomainError('enrolment.not_found', { partner: at.partnerId, program: at.programKey })
      // the card may be old: the partner may have been blocked, or got codes up to the limit meanwhile
      if (e.status !== 'active')
        throw new DomainError('code.partner_not_active', { program: program.key, status: e.status })
      const n = (await deps.core.codes.ofPartner(at.partnerId, program.key)).length
      const max = program.attribution.maxCodesPerPartner
      if (n >= max) throw new DomainError('code.limit_reached', { program: program.key, max })
      await args.client.views.open({
        trigger_id: triggerId,
        view: codeModal(t, language, {
          partnerId: at.partnerId,
          program,
          who: whoOf(t, p),
          n,
          mayRate: can(deps.desk, user, 'deals.manage'),
          channel: channel ?? '',
          key: await formKey(),
        }),
      })
      return undefined
    },
  )

type AddMeta = { partnerId: string; programKey: string; channel: string; key: string }

/**
 * The form's fields as the use-case takes them, or the field to fix. A rate is money: without `mayRate`
 * ('deals.manage') a rate given (a form opened before the role was taken away, a forged one) is refused.
 */
function readForm(
  t: Translate,
  program: ProgramDefinition,
  values: SubmitArgs['view']['state']['values'],
  mayRate: boolean,
) {
  const code = values.code?.code?.value?.trim() || undefined
  const rateText = values.rate?.rate?.value?.trim()
  let rateBps: number | undefined
  if (rateText && !mayRate) return { errors: { rate: t('codes.desk.modal.rate_refused') } } as const
  if (rateText) {
    const n = Number(rateText.replace(',', '.'))
    if (!RATE.test(rateText) || !(n > 0 && n <= 100))
      return { errors: { rate: t('codes.desk.modal.rate_invalid') } } as const
    rateBps = Math.round(n * 100)
  }
  // the days are the program's: from its first moment, until the end of the last day chosen
  const fromDay = dayOf(values.from?.date?.selected_date)
  const untilDay = dayOf(values.until?.date?.selected_date)
  return {
    code,
    rateBps,
    from: fromDay && startOfLocalDate(fromDay, program.timeZone),
    until: untilDay && startOfLocalDate(addDays(untilDay, 1), program.timeZone),
  }
}

/** Where a refusal belongs in the form: the code's field, the dates, or (anything else) the answer. */
const FIELD_OF: Record<string, string> = {
  'code.taken': 'code',
  'code.malformed': 'code',
  'code.invalid_window': 'until',
  'code.invalid_rate': 'rate',
}

/** The form submitted: the code issued once per form (its key), audited; the partner is told in Telegram. */
const submitAdd = (deps: ListenerDeps, args: SubmitArgs) =>
  submitted<AddMeta>(
    deps,
    args,
    ['partnerId', 'programKey', 'channel', 'key'],
    () => 'partners.codes',
    async (meta, t, language: Language) => {
      const program = deps.core.programs.get(meta.programKey)
      if (!program || !UUID.test(meta.partnerId) || !UUID.test(meta.key)) return t('unhandled.button')
      const mayRate = can(deps.desk, args.body.user.id, 'deals.manage')
      const form = readForm(t, program, args.view.state.values, mayRate)
      if ('errors' in form) return { errors: { ...form.errors } }
      try {
        const r = await deps.core.codes.issue({
          partnerId: meta.partnerId,
          programKey: program.key,
          ...form,
          actor: `slack:${args.body.user.id}`,
          requestKey: `slack:${meta.key}`,
        })
        // done: the next Add code opens a new form (another code), not this one again
        await deps.pressKey.release(meta.key)
        const who = whoOf(t, await deps.core.partners.profile(meta.partnerId))
        return t(r.issued ? 'codes.desk.done.issued' : 'codes.desk.done.replayed', {
          code: r.code.code,
          who,
          program: programName(program, language),
        })
      } catch (e) {
        const field = isDomainError(e) ? FIELD_OF[e.code] : undefined
        if (!field) throw e
        return { errors: { [field]: deskErrorText(deps, t, language, e, { view: CODE_VIEW }) } }
      }
    },
  )

/** Suspend or Reinstate on one code: done at once; a second click changes nothing and says so. */
const setStatus = (deps: ListenerDeps, args: ButtonArgs, status: 'active' | 'suspended') =>
  pressed(
    deps,
    args,
    status === 'active' ? CODE_ACTIONS.reinstate : CODE_ACTIONS.suspend,
    'partners.codes',
    async ({ value: id, t, language, user }) => {
      const c = await deps.core.codes.get(id)
      if (!c) return t('unhandled.button')
      const r = await deps.core.codes.setStatus({
        programKey: c.programKey,
        code: c.code,
        status,
        actor: `slack:${user}`,
      })
      const program = programName(deps.core.programs.get(c.programKey), language, c.programKey)
      const done = status === 'active' ? 'reinstated' : 'suspended'
      const already = status === 'active' ? 'already_active' : 'already_suspended'
      return t(`codes.desk.done.${r.changed ? done : already}`, { code: c.code, program })
    },
  )

/** Registers the Codes section's buttons and form; returns the action ids it handles. */
export function registerCodeDesk(app: App, deps: ListenerDeps): string[] {
  app.action<BlockAction<ButtonAction>>(CODE_ACTIONS.add.id, (args) => openAdd(deps, args))
  app.view<ViewSubmitAction>(CODE_VIEW, (args) => submitAdd(deps, args))
  app.action<BlockAction<ButtonAction>>(CODE_ACTIONS.suspend.id, (args) => setStatus(deps, args, 'suspended'))
  app.action<BlockAction<ButtonAction>>(CODE_ACTIONS.reinstate.id, (args) => setStatus(deps, args, 'active'))
  return actionIds(CODE_ACTIONS)
}
