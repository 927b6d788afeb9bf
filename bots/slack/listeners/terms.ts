import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt'
import type { KnownBlock, ModalView } from '@slack/types'
import { addDays, isoDate, localDate, startOfLocalDate } from '../../../core/domain/calendar.ts'
import { DomainError } from '../../../core/domain/errors.ts'
import { UUID } from '../../../core/domain/ids.ts'
import { earliestEffective, TERMS_LANGUAGES } from '../../../core/domain/terms.ts'
import { type Language, languageName, resolveLanguage, type Translate } from '../../i18n/index.ts'
import { termsChangeText } from '../../shared/terms-text.ts'
import { actionIds, BROADCAST_ACTIONS } from '../actions.ts'
import { deskErrorText } from '../errors.ts'
import { can } from '../roles.ts'
import { modal, plain } from '../views.ts'
import type { Subcommand } from './commands/pa.ts'
import { tellUser } from './finance-kit.ts'
import { noticeView, stillWorking, withinBudget } from './in-time.ts'
import type { ListenerDeps } from './index.ts'

const VIEWS = { compose: 'terms_compose', preview: 'terms_preview' } as const

function readMeta<T>(raw: string, check: (m: Record<string, unknown>) => boolean): T | null {
  try {
    const m = JSON.parse(raw) as Record<string, unknown>
    return check(m) ? (m as T) : null
  } catch {
    return null
  }
}

/** `/pa terms <program>`: the admin writes a term change per language, previews it, and publishes it. */
export function termsSubcommands(deps: ListenerDeps): Record<string, Subcommand> {
  return {
    terms: async ({ args, command, respond, client, t }) => {
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
      const blocks: KnownBlock[] = [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: t(program.terms.noticeDays ? 'desk.publish.notice' : 'desk.publish.no_notice', {
              program: program.name,
              days: program.terms.noticeDays,
              earliest: earliestDay,
            }),
          },
        },
        {
          type: 'input',
          block_id: 'effective',
          label: plain(t('desk.publish.date_label'), 2000),
          element: { type: 'datepicker', action_id: 'date', initial_date: earliestDay },
        },
        {
          type: 'input',
          block_id: 'options',
          optional: true,
          label: plain(t('desk.publish.options_label'), 2000),
          element: {
            type: 'checkboxes',
            action_id: 'options',
            options: [
              { value: 'rates_only', text: plain(t('desk.publish.rates_only'), 150) },
              { value: 'paid', text: plain(t('desk.publish.paid'), 150) },
            ],
          },
        },
        ...TERMS_LANGUAGES.map(
          (lang): KnownBlock => ({
            type: 'input',
            block_id: `text_${lang}`,
            optional: !needed.has(lang),
            label: plain(
              t(needed.has(lang) ? 'desk.publish.text_needed' : 'desk.publish.text_optional', {
                language: languageName(lang),
              }),
              2000,
            ),
            element: { type: 'plain_text_input', action_id: 'text', multiline: true, max_length: 3000 },
          }),
        ),
      ]
      await client.views.open({
        trigger_id: command.trigger_id,
        view: modal({
          callbackId: VIEWS.compose,
          metadata: { program: program.key, channel: command.channel_id },
          title: t('desk.publish.title'),
          submit: t('desk.publish.next'),
          close: t('desk.modal.cancel'),
          blocks,
        }),
      })
    },
  }
}

type ComposeAnswer =
  | { response_action: 'errors'; errors: Record<string, string> }
  | { response_action: 'update'; view: ModalView }

/** The preview of a drafted version: the exact Telegram message in each language it has, then Publish. */
function previewModal(
  deps: ListenerDeps,
  t: Translate,
  draft: Awaited<ReturnType<ListenerDeps['core']['terms']['draft']>>,
  record: NonNullable<Awaited<ReturnType<ListenerDeps['core']['terms']['record']>>>,
  program: NonNullable<ReturnType<ListenerDeps['core']['programs']['get']>>,
  meta: { channel: string; paid: boolean },
): ModalView {
  const preview: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: t('desk.publish.preview_intro', {
          version: draft.version,
          partners: draft.neededLanguages.map((l) => languageName(l)).join(', ') || '—',
        }),
      },
    },
  ]
  for (const lang of TERMS_LANGUAGES.filter((l) => draft.texts[l])) {
    const text = termsChangeText(
      deps.i18n.t(lang as Language),
      lang,
      record,
      program.name,
      program.timeZone,
      program.terms.objection,
    )
    preview.push(
      { type: 'header', text: plain(languageName(lang), 150) },
      { type: 'section', text: { type: 'plain_text', text: text.slice(0, 2900) } },
    )
  }
  return modal({
    callbackId: VIEWS.preview,
    metadata: { versionId: draft.id, channel: meta.channel, paid: meta.paid },
    title: t('desk.publish.preview_title'),
    submit: t('desk.publish.publish'),
    close: t('desk.modal.cancel'),
    blocks: preview.slice(0, 100),
  })
}

export function registerTermsDesk(app: App, deps: ListenerDeps): string[] {
  /**
   * The texts and date submitted: checked, drafted as a new version (core), and answered with the preview of what
   * each partner will read. If drafting outlives the answer budget, the modal says it is still working and the
   * preview replaces it when it is ready.
   */
  app.view<ViewSubmitAction>(VIEWS.compose, async ({ ack, body, view, client, context }) => {
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
        errors: { effective: deskErrorText(deps.logger, t, language, refusal, {}) },
      })
      return
    }
    // the chosen day from its start in the program's zone, or from the earliest moment the notice allows
    const ratesOnly = options.has('rates_only')
    const [y, m, d] = day.split('-').map(Number) as [number, number, number]
    const start = startOfLocalDate({ year: y, month: m, day: d }, program.timeZone)
    const earliest = earliestEffective(program, deps.core.clock.now(), ratesOnly)
    const nextDay = startOfLocalDate(addDays({ year: y, month: m, day: d }, 1), program.timeZone)
    const effectiveAt = start < earliest && earliest < nextDay ? earliest : start
    const draft = async (): Promise<ComposeAnswer> => {
      // every language the program's partners read needs its text before a version is drafted
      const missing = (await deps.core.terms.neededLanguages(program.key))
        .map((l) => resolveLanguage(l) as string)
        .filter((l) => !String(texts[l] ?? '').trim())
      if (missing.length)
        return {
          response_action: 'errors',
          errors: Object.fromEntries(missing.map((l) => [`text_${l}`, t('desk.publish.needed_here')])),
        }
      const drafted = await deps.core.terms.draft({
        programKey: program.key,
        effectiveAt,
        ratesOnly,
        texts,
        actor: `slack:${user}`,
      })
      const record = await deps.core.terms.record(drafted.id)
      return {
        response_action: 'update',
        view: previewModal(deps, t, drafted, record!, program, { channel: meta.channel, paid: options.has('paid') }),
      }
    }
    const answer = await withinBudget(
      context,
      draft().catch(
        (e): ComposeAnswer => ({
          response_action: 'errors',
          errors: { effective: deskErrorText(deps.logger, t, language, e, { view: view.callback_id }).slice(0, 300) },
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
      const text = deskErrorText(deps.logger, t, language, e, { view: view.callback_id })
      await tellUser(client, deps.logger, { channel: meta.channel, user }, text)
    }
  })

  /** Publish: one core call; the modal closes and the user is told how many partners will get it. */
  app.view<ViewSubmitAction>(VIEWS.preview, async ({ ack, body, view, client, context }) => {
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
        (r) => ({ text: t('desk.publish.published', { version: r.version.version, recipients: r.recipients }) }),
        (e) => ({ error: deskErrorText(deps.logger, t, language, e, { view: view.callback_id }) }),
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
  })

  const control = (action: 'pause' | 'resume' | 'cancel') =>
    app.action<BlockAction<ButtonAction>>(
      BROADCAST_ACTIONS[action].id,
      async ({ ack, body, action: a, client, respond }) => {
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
          await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: t(`desk.broadcast.done.${action}`),
          })
        } catch (e) {
          const text = deskErrorText(deps.logger, t, language, e, { action: a.action_id })
          await respond({ response_type: 'ephemeral', replace_original: false, text })
        }
      },
    )
  control('pause')
  control('resume')
  control('cancel')
  return actionIds(BROADCAST_ACTIONS)
}
