import type { KnownBlock, ModalView } from '@slack/types'
import { objectionDeadline, TERMS_LANGUAGES } from '../../../core/domain/terms.ts'
import type { ProgramDefinition } from '../../../core/programs/definition.ts'
import { programName } from '../../../core/programs/names.ts'
import { type Language, languageName, type Translate } from '../../i18n/index.ts'
import { deskDay } from '../../shared/dates.ts'
import { termsChangeText } from '../../shared/terms-text.ts'
import { modal, plain } from '../views.ts'
import type { ListenerDeps } from './index.ts'

export const TERMS_VIEWS = { compose: 'terms_compose', preview: 'terms_preview' } as const

/** A terms modal's private_metadata, parsed; null when it is not ours or `check` refuses it. */
export function readMeta<T>(raw: string, check: (m: Record<string, unknown>) => boolean): T | null {
  try {
    const m = JSON.parse(raw) as Record<string, unknown>
    return check(m) ? (m as T) : null
  } catch {
    return null
  }
}

/**
 * The form of a term change: the notice the program gives, the effective date (the earliest allowed first), whether
 * it changes rates only or is paid, and the text per language (required where the program's partners read it, and
 * in English, which a partner reads whose language has no text).
 */
export function composeModal(
  t: Translate,
  language: string,
  program: ProgramDefinition,
  a: { needed: ReadonlySet<string>; earliestDay: string; channel: string; commission: KnownBlock[] },
): ModalView {
  const { needed, earliestDay } = a
  const notice = t(program.terms.noticeDays ? 'desk.publish.notice' : 'desk.publish.no_notice', {
    program: programName(program, language),
    count: program.terms.noticeDays,
    earliest: deskDay(language, earliestDay, program.timeZone),
  })
  // what the notice means for rates: on publication only where the terms say so (worksection-partner)
  const rates = program.terms.noticeDays
    ? ` ${t(program.terms.rateChangesImmediate ? 'desk.publish.rates_immediate' : 'desk.publish.rates_notice')}`
    : ''
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: notice + rates } },
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
          { value: 'rates_only', text: plain(t('desk.publish.rates_only')) },
          { value: 'paid', text: plain(t('desk.publish.paid')) },
        ],
      },
    },
    ...a.commission,
    ...TERMS_LANGUAGES.map((lang): KnownBlock => {
      // English is always required: a partner whose language has no text reads it (contract section 3)
      const label = needed.has(lang)
        ? 'desk.publish.text_needed'
        : lang === 'en'
          ? 'desk.publish.text_english'
          : 'desk.publish.text_optional'
      return {
        type: 'input',
        block_id: `text_${lang}`,
        optional: lang !== 'en' && !needed.has(lang),
        label: plain(t(label, { language: languageName(lang) }), 2000),
        element: { type: 'plain_text_input', action_id: 'text', multiline: true, max_length: 3000 },
      }
    }),
  ]
  return modal({
    callbackId: TERMS_VIEWS.compose,
    metadata: { program: program.key, channel: a.channel },
    title: t('desk.publish.title'),
    submit: t('desk.publish.next'),
    close: t('desk.modal.cancel'),
    blocks,
  })
}

/**
 * The preview of a drafted version: the Telegram message in each language it has, with the names of the buttons under
 * it (an applicant reads it without them: the intro says so), then Publish.
 */
export function previewModal(
  deps: ListenerDeps,
  t: Translate,
  draft: Awaited<ReturnType<ListenerDeps['core']['terms']['draft']>>,
  record: NonNullable<Awaited<ReturnType<ListenerDeps['core']['terms']['record']>>>,
  program: ProgramDefinition,
  meta: { channel: string; paid: boolean; commission: KnownBlock[] },
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
    ...meta.commission,
  ]
  // the partners' deadline to object as it would read if published now (each partner's runs from their delivery)
  const now = deps.core.clock.now()
  const deadline = objectionDeadline(program, now)
  for (const lang of TERMS_LANGUAGES.filter((l) => draft.texts[l])) {
    const text = termsChangeText(
      deps.i18n.t(lang as Language),
      lang,
      record,
      programName(program, lang),
      program.timeZone,
      now,
      program.terms.objection,
      deadline,
    )
    // the buttons partners answer with, in their language, named in the desk's: a preview shows all they read
    const tl = deps.i18n.t(lang as Language)
    preview.push(
      { type: 'header', text: plain(languageName(lang), 150) },
      { type: 'section', text: { type: 'plain_text', text: text.slice(0, 2900) } },
      {
        type: 'context',
        elements: [
          plain(
            t('desk.publish.preview_buttons', {
              acknowledge: tl('terms.change.acknowledge'),
              object: tl('terms.change.object'),
            }),
            2000,
          ),
        ],
      },
    )
  }
  return modal({
    callbackId: TERMS_VIEWS.preview,
    metadata: { versionId: draft.id, channel: meta.channel, paid: meta.paid },
    title: t('desk.publish.preview_title'),
    submit: t('desk.publish.publish'),
    close: t('desk.modal.cancel'),
    blocks: preview.slice(0, 100),
  })
}
