import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt'
import type { KnownBlock } from '@slack/types'
import { localDate } from '../../../core/domain/calendar.ts'
import { DEAL_TYPES, dayStart, dealStanding } from '../../../core/domain/deals.ts'
import { isRefusal } from '../../../core/domain/errors.ts'
import { UUID } from '../../../core/domain/ids.ts'
import { programName } from '../../../core/programs/names.ts'
import type { PartnerProfile } from '../../../core/use-cases/partner-lookup.ts'
import type { Language, Translate } from '../../i18n/index.ts'
import { deskDate } from '../../shared/dates.ts'
import { actionIds, DEAL_ACTIONS } from '../actions.ts'
import {
  DEAL_CONFIRM_VIEW,
  DEAL_VIEW,
  dealBlocks,
  dealConfirmModal,
  dealModal,
  fractionRefused,
  parseLevels,
} from '../desk/deals.ts'
import { deskErrorText } from '../errors.ts'
import { can } from '../roles.ts'
import { type ButtonArgs, pressed, type SubmitArgs, submitted, tellUser } from './finance-kit.ts'
import type { ListenerDeps } from './index.ts'
import { whoOf } from './partners-view.ts'

type Meta = { partnerId: string; programKey: string; channel: string }
type ConfirmMeta = Meta & { commission: string; from: string; until: string; note: string }

const iso = (d: { year: number; month: number; day: number }) =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`

/** The programs of the card whose commission a deal can revise, with what the deal section needs. */
function dealPrograms(deps: ListenerDeps, p: PartnerProfile, language: string) {
  return p.enrolments.flatMap((e) => {
    const program = deps.core.programs.get(e.programKey)
    if (!program || !(DEAL_TYPES as readonly string[]).includes(program.commission.type)) return []
    if (e.status === 'declined' || e.status === 'terminated') return []
    return [
      {
        key: e.programKey,
        // a deal is set only for an active partner (core dealStanding): the others' section has no "Set deal"
        active: e.status === 'active',
        label: programName(program, language),
        currency: program.currencies[0]!,
        timeZone: program.timeZone,
      },
    ]
  })
}

/** The partner card's deal sections (after the rest of the card), with the buttons when `user` may manage deals. */
export async function dealCardBlocks(
  deps: ListenerDeps,
  r: { t: Translate; language: Language },
  p: PartnerProfile,
  user: string,
): Promise<KnownBlock[]> {
  const may = can(deps.desk, user, 'deals.manage')
  const out: KnownBlock[] = []
  for (const prog of dealPrograms(deps, p, r.language)) {
    const d = await deps.core.deals.list(p.id, prog.key)
    out.push(
      { type: 'divider' },
      ...dealBlocks(r, d, {
        partnerId: p.id,
        programName: prog.label,
        currency: prog.currency,
        timeZone: prog.timeZone,
        may,
        settable: prog.active,
      }),
    )
  }
  return out
}

/** "Set deal": step one of the modal, with the rule in force now to edit. */
const openSet = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(deps, args, DEAL_ACTIONS.set, 'deals.manage', async ({ value, t, language, channel, triggerId }) => {
    const program = deps.core.programs.get(value.programKey)
    if (!program) return t('unhandled.button')
    const [p, d] = await Promise.all([
      deps.core.partners.profile(value.partnerId),
      deps.core.deals.list(value.partnerId, value.programKey),
    ])
    // the card may be old: the partner may have been declined, blocked or ended meanwhile
    const status = p.enrolments.find((e) => e.programKey === program.key)?.status
    if (status) dealStanding(program.key, status)
    const view = dealModal(
      { t, language },
      {
        metadata: { ...value, channel: channel ?? '' },
        who: whoOf(t, p),
        programName: programName(program, language),
        rule: d.current?.commission ?? d.programCommission,
        currency: program.currencies[0]!,
        today: iso(localDate(deps.core.clock.now(), program.timeZone)),
      },
    )
    await args.client.views.open({ trigger_id: triggerId, view })
    return undefined
  })

/** The modal's fields read: the deal's commission fields, dates and note, or what to fix. */
function readStepOne(
  args: SubmitArgs,
  t: Translate,
  rule: Parameters<typeof parseLevels>[0],
  a: { timeZone: string; today: string; currency: string },
) {
  const { timeZone, currency } = a
  const v = args.view.state.values
  const typed = v.levels?.levels?.value ?? ''
  const commission = parseLevels(rule, typed, currency)
  const from = v.from?.date?.selected_date ?? ''
  const until = v.until?.date?.selected_date ?? ''
  const note = v.note?.note?.value?.trim() ?? ''
  const errors: Record<string, string> = {}
  if (!commission)
    errors.levels = fractionRefused(rule, typed, currency)
      ? t('deals.desk.modal.amount_whole', { currency })
      : t('deals.desk.modal.levels_invalid')
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from)) errors.from = t('deals.desk.modal.from_missing')
  else if (from < a.today) errors.from = t('deals.desk.modal.from_past')
  if (until && until < from) errors.until = t('deals.desk.modal.until_before')
  if (!note) errors.note = t('deals.desk.modal.note_missing')
  if (Object.keys(errors).length) return { errors, deal: undefined }
  return {
    errors: undefined,
    deal: {
      commission: commission!,
      from: dayStart(from, timeZone),
      until: until ? dayStart(until, timeZone, 1) : undefined,
      note,
    },
  }
}

/** Step one submitted: the preview replaces the form (step two), or the fields to fix are marked. */
async function submitStepOne(deps: ListenerDeps, args: SubmitArgs) {
  const { ack, body, view, client } = args
  const user = body.user.id
  const language = await deps.language(client, user)
  const t = deps.i18n.t(language)
  let meta: Meta | undefined
  try {
    meta = JSON.parse(view.private_metadata) as Meta
  } catch {}
  const program = meta && UUID.test(meta.partnerId) ? deps.core.programs.get(meta.programKey) : undefined
  if (!meta || !program) {
    await ack()
    await tellUser(client, deps.logger, { user }, t('unhandled.button'))
    return
  }
  if (!can(deps.desk, user, 'deals.manage')) {
    await ack()
    await deps.allowed(user, 'deals.manage', { client, channel: meta.channel })
    return
  }
  const { errors, deal: read } = readStepOne(args, t, program.commission, {
    timeZone: program.timeZone,
    today: iso(localDate(deps.core.clock.now(), program.timeZone)),
    currency: program.currencies[0]!,
  })
  if (errors) return void (await ack({ response_action: 'errors', errors }))
  try {
    const preview = await deps.core.deals.preview({ ...meta, commission: read.commission, from: read.from })
    const metadata: ConfirmMeta = {
      partnerId: meta.partnerId,
      programKey: meta.programKey,
      channel: meta.channel,
      commission: JSON.stringify(read.commission),
      from: read.from.toISOString(),
      until: read.until?.toISOString() ?? '',
      note: read.note,
    }
    const next = dealConfirmModal(
      { t, language },
      { metadata, preview, currency: program.currencies[0]!, timeZone: program.timeZone },
    )
    await ack({ response_action: 'update', view: next })
  } catch (e) {
    const text = deskErrorText(deps, t, language, e, { view: DEAL_VIEW })
    if (isRefusal(e, 'deal.invalid')) return void (await ack({ response_action: 'errors', errors: { levels: text } }))
    await ack()
    await tellUser(client, deps.logger, { channel: meta.channel, user }, text)
  }
}

/** Step two: the deal saved (a second submission of the same deal changes nothing and says so). */
const submitConfirm = (deps: ListenerDeps, args: SubmitArgs) =>
  submitted<ConfirmMeta>(
    deps,
    args,
    ['partnerId', 'programKey', 'channel', 'commission', 'from', 'until', 'note'],
    () => 'deals.manage',
    async (meta, t, language) => {
      const r = await deps.core.deals.set({
        partnerId: meta.partnerId,
        programKey: meta.programKey,
        commission: JSON.parse(meta.commission),
        from: new Date(meta.from),
        until: meta.until ? new Date(meta.until) : undefined,
        note: meta.note,
        actor: `slack:${args.body.user.id}`,
      })
      if (!r.changed) return t('deals.desk.done.same')
      const program = deps.core.programs.get(meta.programKey)
      const saved = t('deals.desk.done.set', {
        program: programName(program, language, meta.programKey),
        from: deskDate(meta.from, language, program?.timeZone ?? 'UTC'),
      })
      return r.replaced.length ? `${saved}\n${t('deals.desk.done.others')}` : saved
    },
  )

/** "End deal": the deal in force ends now; pressed again, nothing changes and it says so. */
const end = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(deps, args, DEAL_ACTIONS.end, 'deals.manage', async ({ value, t, language, user }) => {
    await deps.core.deals.end({ ...value, actor: `slack:${user}` })
    return t('deals.desk.done.ended', {
      program: programName(deps.core.programs.get(value.programKey), language, value.programKey),
    })
  })

/** Registers the deal buttons and the deal modal's two steps; returns the action ids it handles. */
export function registerDealDesk(app: App, deps: ListenerDeps): string[] {
  app.action<BlockAction<ButtonAction>>(DEAL_ACTIONS.set.id, (args) => openSet(deps, args))
  app.action<BlockAction<ButtonAction>>(DEAL_ACTIONS.end.id, (args) => end(deps, args))
  app.view<ViewSubmitAction>(DEAL_VIEW, (args) => submitStepOne(deps, args))
  app.view<ViewSubmitAction>(DEAL_CONFIRM_VIEW, (args) => submitConfirm(deps, args))
  return actionIds(DEAL_ACTIONS)
}
