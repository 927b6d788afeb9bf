import type { KnownBlock, ModalView } from '@slack/types'
import type { ManagedCode } from '../../../core/ports/code-store.ts'
import type { ProgramDefinition } from '../../../core/programs/definition.ts'
import { programName } from '../../../core/programs/names.ts'
import { allowsCodeRate } from '../../../core/use-cases/promo-codes.ts'
import type { Translate } from '../../i18n/index.ts'
import { codeTermLines, percentOf } from '../../shared/code-terms.ts'
import { CODE_ACTIONS } from '../actions.ts'
import { modal, plain } from '../views.ts'
import { mrkdwnEscape } from './finance-cards.ts'

export const CODE_VIEW = 'code_add_modal'

/** Slack allows 25 elements in an actions block: the add button and up to 24 codes. */
const MAX_BUTTONS = 24

interface Enrolled {
  programKey: string
  status: string
}

/** One code: its status, rate (its own, or the program's) and validity. */
function codeLine(t: Translate, language: string, c: ManagedCode, program: ProgramDefinition | undefined) {
  const terms = codeTermLines(t, language, c, program?.timeZone ?? 'UTC', true)
  return [
    t('codes.desk.line', { code: mrkdwnEscape(c.code), status: t(`codes.desk.status.${c.status}`) }),
    ...(c.rateOverrideBps === undefined ? [t('codes.desk.rate_default')] : []),
    ...terms,
  ].join(' · ')
}

/**
 * The partner card's *Codes* section, one per program: each code with status, rate and validity; for a viewer who
 * may manage codes, *Add code* (while under the program's limit and the partner is active) and Suspend / Reinstate.
 */
export function codeBlocks(
  t: Translate,
  language: string,
  a: {
    partnerId: string
    enrolments: Enrolled[]
    codes: ManagedCode[]
    program: (key: string) => ProgramDefinition | undefined
    programName: (key: string) => string
    mayManage: boolean
  },
): KnownBlock[] {
  const blocks: KnownBlock[] = []
  for (const e of a.enrolments) {
    const program = a.program(e.programKey)
    const codes = a.codes.filter((c) => c.programKey === e.programKey)
    const max = program?.attribution.maxCodesPerPartner ?? codes.length
    const name = mrkdwnEscape(a.programName(e.programKey))
    // a network's links are one per campaign joined: no limit of extra codes applies to them
    const campaigns = program?.attribution.codes === 'campaign_link'
    const lines = [
      campaigns
        ? t('codes.desk.title_campaigns', { program: name, n: codes.length })
        : t('codes.desk.title', { program: name, n: codes.length, max }),
      ...(codes.length ? codes.map((c) => codeLine(t, language, c, program)) : [t('codes.desk.none')]),
    ]
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 2900) } })
    if (!a.mayManage) continue
    const ref = { partnerId: a.partnerId, programKey: e.programKey }
    const elements = [
      ...(e.status === 'active' && !campaigns && codes.length < max
        ? [
            {
              type: 'button' as const,
              action_id: CODE_ACTIONS.add.id,
              text: plain(t('codes.desk.add')),
              value: CODE_ACTIONS.add.encode(ref),
              style: 'primary' as const,
            },
          ]
        : []),
      ...codes.slice(0, MAX_BUTTONS).map((c) => {
        const action = c.status === 'active' ? CODE_ACTIONS.suspend : CODE_ACTIONS.reinstate
        return {
          type: 'button' as const,
          action_id: action.id,
          text: plain(t(c.status === 'active' ? 'codes.desk.suspend' : 'codes.desk.reinstate', { code: c.code })),
          value: action.encode(c.id),
        }
      }),
    ]
    if (elements.length) blocks.push({ type: 'actions', block_id: `codes:${e.programKey}`, elements })
  }
  return blocks
}

/**
 * The "Add code" form: a vanity code or none (generated), the code's own rate where the program allows one and the
 * user may set it (a rate is money: 'deals.manage'; without it the form says the code gets the usual rate), its
 * validity.
 */
export function codeModal(
  t: Translate,
  language: string,
  a: {
    partnerId: string
    program: ProgramDefinition
    who: string
    n: number
    /** The user may give the code its own rate ('deals.manage'). */
    mayRate: boolean
    channel: string
    /** The form's own key: submitted twice, it issues one code. */
    key: string
  },
): ModalView {
  const rate = allowsCodeRate(a.program)
  const date = (id: 'from' | 'until', label: string): KnownBlock => ({
    type: 'input',
    block_id: id,
    optional: true,
    label: plain(label, 2000),
    element: { type: 'datepicker', action_id: 'date' },
  })
  const base = a.program.commission.type === 'payment_share' ? a.program.commission.levels[0]?.rateBps : undefined
  return modal({
    callbackId: CODE_VIEW,
    metadata: { partnerId: a.partnerId, programKey: a.program.key, channel: a.channel, key: a.key },
    title: t('codes.desk.modal.title'),
    submit: t('codes.desk.modal.submit'),
    close: t('finance.modal.cancel'),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: t('codes.desk.modal.intro', {
            who: a.who,
            program: mrkdwnEscape(programName(a.program, language)),
            n: a.n,
            max: a.program.attribution.maxCodesPerPartner,
          }),
        },
      },
      {
        type: 'input',
        block_id: 'code',
        optional: true,
        label: plain(t('codes.desk.modal.code_label'), 2000),
        hint: plain(t('codes.desk.modal.code_hint'), 2000),
        element: { type: 'plain_text_input', action_id: 'code', max_length: 64 },
      },
      rate && a.mayRate
        ? {
            type: 'input',
            block_id: 'rate',
            optional: true,
            label: plain(t('codes.desk.modal.rate_label'), 2000),
            hint: plain(
              [t('codes.desk.modal.rate_hint'), base === undefined ? '' : `(${percentOf(base, language)})`]
                .filter(Boolean)
                .join(' '),
              2000,
            ),
            element: { type: 'plain_text_input', action_id: 'rate', max_length: 8 },
          }
        : {
            type: 'context',
            elements: [
              { type: 'mrkdwn', text: t(rate ? 'codes.desk.modal.rate_finance' : 'codes.desk.modal.rate_not_allowed') },
            ],
          },
      date('from', t('codes.desk.modal.from_label')),
      date('until', t('codes.desk.modal.until_label')),
    ],
  })
}
