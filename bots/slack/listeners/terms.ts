import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt'
import type { ModalView } from '@slack/types'
import { addDays, isoDate, localDate, startOfLocalDate } from '../../../core/domain/calendar.ts'
import { DomainError, isDomainError } from '../../../core/domain/errors.ts'
import { UUID } from '../../../core/domain/ids.ts'
import { earliestEffective, TERMS_LANGUAGES } from '../../../core/domain/terms.ts'
import type { CommissionRule, ProgramDefinition } from '../../../core/programs/definition.ts'
import { resolveLanguage, type Translate } from '../../i18n/index.ts'
import { termsDeskDate } from '../../shared/dates.ts'
import { actionIds, BROADCAST_ACTIONS } from '../actions.ts'
import { commissionChangeBlocks, commissionInput, readCommission } from '../desk/terms-commission.ts'
import { deskErrorText } from '../errors.ts'
import { can } from '../roles.ts'
import type { Subcommand } from './commands/pa.ts'
import { type ButtonArgs, type SubmitArgs, tellUser } from './finance-kit.ts'
import { noticeView, stillWorking, withinBudget } from './in-time.ts'
import type { ListenerDeps } from './index.ts'
import { composeModal, previewModal, readMeta, TERMS_VIEWS } from './terms-modals.ts'

/** `/pa terms <program>`: the admin writes a term change per language, previews it, and publishes it. */
export function termsSubcommands(deps: ListenerDeps): Record<string, Subcommand> {
  return {
    terms: async ({ args, command, respond, client, t, language }) => {
      if (!(await deps.allowed(command.user_id, 'terms.publish', { respond, client }))) return
      const key = args.trim().toLowerCase()
      const program = deps.core.programs.get(key)
      if (!program) {
        const programs = deps.core.programs
          .list()
          .map((p) => `\`${p.key}\``)
          .join(', ')
        await respond({ response_type: 'ephemeral', text: t('desk.publish.usage', { programs }) })
        return
      }
      const needed = new Set(
        (await deps.core.terms.neededLanguages(program.key)).map((l) => resolveLanguage(l) as string),
      )
      const earliest = earliestEffective(program, deps.core.clock.now(), false)
      const earliestDay = isoDate(localDate(earliest, program.timeZone))
      // the rule as the published changes leave it (a pending one included, as the database has them): what a new
      // change starts from
      await deps.core.terms.loadAmendments()
      const rule = deps.core.programs.at(program.key, LATEST)!.commission
      const commission = commissionInput(t, rule, program.currencies[0]!)
      await client.views.open({
        trigger_id: command.trigger_id,
        view: composeModal(t, language, program, { needed, earliestDay, channel: command.channel_id, commission }),
      })
    },
  }
}

type ComposeAnswer =
  | { response_action: 'errors'; errors: Record<string, string> }
  | { response_action: 'update'; view: ModalView }

/** The chosen day from its start in the program's zone, or from the earliest moment the notice allows. */
/** Later than any change's date: the rule as every published change leaves it. */
const LATEST = new Date(8.64e15)

function effectiveAt(program: ProgramDefinition, day: string, ratesOnly: boolean, now: Date): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const start = startOfLocalDate({ year: y, month: m, day: d }, program.timeZone)
  const earliest = earliestEffective(program, now, ratesOnly)
  const nextDay = startOfLocalDate(addDays({ year: y, month: m, day: d }, 1), program.timeZone)
  return start < earliest && earliest < nextDay ? earliest : start
}

interface ComposedChange {
  program: ProgramDefinition
  user: string
  language: string
  channel: string
  effectiveAt: Date
  ratesOnly: boolean
  paid: boolean
  texts: Record<string, string>
  /** The new commission rule from the effective date, and the rule it replaces. */
  commission?: { before: CommissionRule; after: CommissionRule }
}

/** The change drafted as a new version (core) and answered with its preview; or the texts still missing. */
async function draftPreview(deps: ListenerDeps, t: Translate, c: ComposedChange): Promise<ComposeAnswer> {
  // every language the program's partners read needs its text before a version is drafted
  const missing = (await deps.core.terms.neededLanguages(c.program.key))
    .map((l) => resolveLanguage(l) as string)
    .filter((l) => !String(c.texts[l] ?? '').trim())
  if (missing.length)
    return {
      response_action: 'errors',
      errors: Object.fromEntries(missing.map((l) => [`text_${l}`, t('desk.publish.needed_here')])),
    }
  const drafted = await deps.core.terms.draft({
    programKey: c.program.key,
    effectiveAt: c.effectiveAt,
    ratesOnly: c.ratesOnly,
    texts: c.texts,
    commission: c.commission?.after,
    actor: `slack:${c.user}`,
  })
  const record = await deps.core.terms.record(drafted.id)
  const commission = c.commission
    ? commissionChangeBlocks(
        { t, language: c.language },
        {
          ...c.commission,
          currency: c.program.currencies[0]!,
          from: termsDeskDate(drafted.effectiveAt, c.language, c.program.timeZone),
          partners: await deps.core.terms.activePartners(c.program.key),
        },
      )
    : []
  return {
    response_action: 'update',
    view: previewModal(deps, t, drafted, record!, c.program, { channel: c.channel, paid: c.paid, commission }),
  }
}

/** The form's fields a refusal of the drafted change is about; any other refusal (the date, the notice) is the date's. */
const REFUSAL_FIELDS: Record<string, 'text' | 'english' | 'commission'> = {
  'terms.no_text': 'text',
  'terms.english_required': 'english',
  'terms.bad_commission': 'commission',
  'terms.rates_need_commission': 'commission',
}

/**
 * The block a refusal stands under: a missing text under the text field of the admin's language (else the first), a
 * missing English text under English's, a
 * commission refusal under the commission field (the form has one where the rule has levels), the rest under the date.
 */
function refusalField(e: unknown, language: string, blocks: readonly { block_id?: string }[]): string {
  const field = isDomainError(e) ? REFUSAL_FIELDS[e.code] : undefined
  const has = (id: string) => blocks.some((b) => b.block_id === id)
  if (field === 'english') return 'text_en'
  if (field === 'text') {
    const own = `text_${language}`
    return has(own) ? own : `text_${TERMS_LANGUAGES[0]}`
  }
  return field === 'commission' && has('commission') ? 'commission' : 'effective'
}

/**
 * The texts and date submitted: checked, drafted as a new version (core), and answered with the preview of what
 * each partner will read. If drafting outlives the answer budget, the modal says it is still working and the
 * preview replaces it when it is ready.
 */
async function submitCompose(deps: ListenerDeps, { ack, body, view, client, context }: SubmitArgs) {
  const user = body.user.id
  const language = await deps.language(client, user)
  const t = deps.i18n.t(language)
  const meta = readMeta<{ program: string; channel: string }>(
    view.private_metadata,
    (m) => typeof m.program === 'string' && typeof m.channel === 'string',
  )
  const program = meta && deps.core.programs.get(meta.program)
  if (!meta || !program || !can(deps.desk, user, 'terms.publish')) {
    await ack({ response_action: 'errors', errors: { effective: t('desk.refused_short') } })
    return
  }
  const values = view.state.values
  const day = values.effective?.date?.selected_date ?? ''
  const options = new Set((values.options?.options?.selected_options ?? []).map((o) => o.value))
  const texts = Object.fromEntries(TERMS_LANGUAGES.map((l) => [l, values[`text_${l}`]?.text?.value ?? '']))
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) {
    const refusal = new DomainError('terms.bad_date')
    await ack({
      response_action: 'errors',
      errors: { effective: deskErrorText(deps, t, language, refusal, {}) },
    })
    return
  }
  const ratesOnly = options.has('rates_only')
  const now = deps.core.clock.now()
  const from = effectiveAt(program, day, ratesOnly, now)
  await deps.core.terms.loadAmendments()
  // compared with the rule in force on the change's own date (a pending change before it included); left as the form
  // showed it, the commission is not part of the change
  const before = deps.core.programs.at(program.key, from)!.commission
  const shown = deps.core.programs.at(program.key, LATEST)!.commission
  const text = values.commission?.levels?.value ?? ''
  const read = readCommission(t, { rule: before, text, currency: program.currencies[0]!, shown }, ratesOnly)
  if (read.error) {
    await ack({ response_action: 'errors', errors: { commission: read.error.slice(0, 300) } })
    return
  }
  const change: ComposedChange = {
    program,
    user,
    channel: meta.channel,
    effectiveAt: from,
    ratesOnly,
    paid: options.has('paid'),
    texts,
    language,
    commission: read.rule && { before, after: read.rule },
  }
  const answer = await withinBudget(
    context,
    draftPreview(deps, t, change).catch(
      (e): ComposeAnswer => ({
        response_action: 'errors',
        errors: {
          [refusalField(e, language, view.blocks)]: deskErrorText(deps, t, language, e, {
            view: view.callback_id,
          }).slice(0, 300),
        },
      }),
    ),
  )
  if (answer.inTime) {
    await ack(answer.value)
    return
  }
  await ack({ response_action: 'update', view: stillWorking(t) })
  const late = await answer.later
  const next = late.response_action === 'update' ? late.view : noticeView(t, Object.values(late.errors).join('\n'))
  try {
    await client.views.update({ view_id: view.id, view: next })
  } catch (e) {
    const text = deskErrorText(deps, t, language, e, { view: view.callback_id })
    await tellUser(client, deps.logger, { channel: meta.channel, user }, text)
  }
}

/** Publish: one core call; the modal closes and the user is told how many partners will get it. */
async function submitPublish(deps: ListenerDeps, { ack, body, view, client, context }: SubmitArgs) {
  const user = body.user.id
  const language = await deps.language(client, user)
  const t = deps.i18n.t(language)
  const meta = readMeta<{ versionId: string; channel: string; paid: boolean }>(
    view.private_metadata,
    (m) => typeof m.versionId === 'string' && UUID.test(m.versionId) && typeof m.channel === 'string',
  )
  const fail = (text: string) => ack({ response_action: 'update', view: noticeView(t, text) })
  if (!meta || !can(deps.desk, user, 'terms.publish')) {
    await fail(t('desk.refused_short'))
    return
  }
  const published = deps.core.terms
    .publish({
      versionId: meta.versionId,
      actor: `slack:${user}`,
      paid: meta.paid === true,
      slackChannel: meta.channel,
    })
    .then(
      (r) => ({ text: t('desk.publish.published', { version: r.version.version, count: r.recipients }) }),
      (e) => ({ error: deskErrorText(deps, t, language, e, { view: view.callback_id }) }),
    )
  const answer = await withinBudget(context, published)
  if (answer.inTime && 'error' in answer.value) {
    await fail(answer.value.error)
    return
  }
  await ack(answer.inTime ? undefined : { response_action: 'update', view: stillWorking(t) })
  const outcome = answer.inTime ? answer.value : await answer.later
  await tellUser(
    client,
    deps.logger,
    { channel: meta.channel, user },
    'error' in outcome ? outcome.error : outcome.text,
  )
}

/** A broadcast's progress message: pause, resume or cancel it; the answer goes to the user alone. */
async function controlBroadcast(
  deps: ListenerDeps,
  action: 'pause' | 'resume' | 'cancel',
  { ack, body, action: a, client, respond }: ButtonArgs,
) {
  await ack()
  const user = body.user.id
  if (!(await deps.allowed(user, 'terms.publish', { respond, client }))) return
  const language = await deps.language(client, user)
  const t: Translate = deps.i18n.t(language)
  const broadcastId = BROADCAST_ACTIONS[action].parse(a.value)
  if (!broadcastId) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: t('unhandled.button') })
    return
  }
  try {
    await deps.core.terms.controlBroadcast({ broadcastId, action, actor: `slack:${user}` })
    await respond({ response_type: 'ephemeral', replace_original: false, text: t(`desk.broadcast.done.${action}`) })
  } catch (e) {
    const text = deskErrorText(deps, t, language, e, { action: a.action_id })
    await respond({ response_type: 'ephemeral', replace_original: false, text })
  }
}

/** Registers the term change modals and the broadcast controls; returns the action ids it handles. */
export function registerTermsDesk(app: App, deps: ListenerDeps): string[] {
  app.view<ViewSubmitAction>(TERMS_VIEWS.compose, (args) => submitCompose(deps, args))
  app.view<ViewSubmitAction>(TERMS_VIEWS.preview, (args) => submitPublish(deps, args))
  for (const action of ['pause', 'resume', 'cancel'] as const)
    app.action<BlockAction<ButtonAction>>(BROADCAST_ACTIONS[action].id, (args) => controlBroadcast(deps, action, args))
  return actionIds(BROADCAST_ACTIONS)
}
