import type { App, BlockAction, ButtonAction, StaticSelectAction, ViewSubmitAction } from '@slack/bolt'
import { startOfLocalDate } from '../../../core/domain/calendar.ts'
import { DomainError, isRefusal } from '../../../core/domain/errors.ts'
import { UUID } from '../../../core/domain/ids.ts'
import { cutText } from '../../../core/domain/text.ts'
import { programName } from '../../../core/programs/names.ts'
import type { PartnerProfile } from '../../../core/use-cases/partner-lookup.ts'
import type { SanctionKind } from '../../../core/use-cases/sanctions.ts'
import { amountText } from '../../i18n/format.ts'
import type { Language, Translate } from '../../i18n/index.ts'
import { deskDate } from '../../shared/dates.ts'
import { actionIds, LIFT_ACTION, LIFT_MORE_ACTION, PARTNER_ACTIONS } from '../actions.ts'
import { codeBlocks } from '../desk/codes.ts'
import { partnerWho } from '../desk/partner-ref.ts'
import { deskErrorText } from '../errors.ts'
import { can, rolesFor } from '../roles.ts'
import { adjustBlocks } from './adjustments.ts'
import { dayOf } from './codes.ts'
import type { Subcommand } from './commands/pa.ts'
import { dealCardBlocks } from './deals.ts'
import { type ButtonArgs, pressed, type SubmitArgs, submitted } from './finance-kit.ts'
import { flagDecisionBlocks } from './flags.ts'
import { heldBlocks } from './held.ts'
import type { ListenerDeps } from './index.ts'
import { liftModal, SANCTION_END_BLOCK, sanctionModal } from './partner-modals.ts'
import {
  activityLine,
  candidatesText,
  inForceName,
  LIFT_VIEW,
  PARTNER_VIEW,
  profileBlocks,
  SANCTION_PERMISSION,
  SANCTION_REASONS,
  whoOf,
} from './partners-view.ts'

const KINDS = Object.keys(PARTNER_ACTIONS) as SanctionKind[]
const isKind = (k: string): k is SanctionKind => (KINDS as string[]).includes(k)

/** `/pa partner <id|@username|code>`: the partner card, with the sanctions the viewer may apply. */
export function partnerSubcommands(deps: ListenerDeps): Record<string, Subcommand> {
  return {
    partner: async ({ args, command, respond, client, t }) => {
      const user = command.user_id
      if (!(await deps.allowed(user, 'partners.view', { respond, client }))) return
      const query = args.trim()
      if (!query) {
        await respond({ response_type: 'ephemeral', text: t('partner_desk.usage') })
        return
      }
      const language = await deps.language(client, user)
      try {
        const found = await deps.core.partners.find(query)
        if ('candidates' in found) {
          await respond({ response_type: 'ephemeral', text: candidatesText(t, query.slice(0, 64), found.candidates) })
          return
        }
        await respond({ response_type: 'ephemeral', ...(await partnerCard(deps, user, language, t, found.profile)) })
      } catch (e) {
        await respond({
          response_type: 'ephemeral',
          text: deskErrorText(deps, t, language, e, { query: 'partner' }),
        })
      }
    },
  }
}

/** The `/pa partner` card as the viewer's roles show it (also opened from the App Home's queues). */
export async function partnerCard(
  deps: ListenerDeps,
  user: string,
  language: Language,
  t: Translate,
  p: PartnerProfile,
) {
  const card = profileBlocks(
    t,
    language,
    p,
    (k) => can(deps.desk, user, SANCTION_PERMISSION[k]),
    can(deps.desk, user, 'partners.terminate'),
    await activityOf(deps, t, language, p),
  )
  // the Codes section ends the card (bots/slack/desk/codes.ts)
  const codes = codeBlocks(t, language, {
    partnerId: p.id,
    enrolments: p.enrolments,
    codes: await deps.core.codes.ofPartner(p.id),
    program: (key) => deps.core.programs.get(key),
    programName: (key) => programName(p.programNames[key], language, key),
    mayManage: can(deps.desk, user, 'partners.codes'),
  })
  return {
    text: t('partner_desk.title', { who: whoOf(t, p), id: p.id }),
    blocks: [
      ...card,
      ...heldBlocks(t, language, p, {
        allowed: can(deps.desk, user, 'commissions.review'),
        timeZone: (key) => deps.core.programs.get(key)?.timeZone ?? 'UTC',
      }),
      ...flagDecisionBlocks(t, language, p, can(deps.desk, user, 'flags.decide')),
      ...adjustBlocks(t, p, can(deps.desk, user, 'ledger.adjust')),
      ...(await dealCardBlocks(deps, { t, language }, p, user)),
      { type: 'divider' as const },
      ...codes,
    ],
  }
}

/**
 * Each program's activity over the performance report's own period (the last 30 days), as the card's line: what
 * support needs to answer "my clicks do not match". An application has none yet; a report that cannot be read
 * leaves its line out, not the card.
 */
async function activityOf(deps: ListenerDeps, t: Translate, language: Language, p: PartnerProfile) {
  const lines = new Map<string, string>()
  const read = p.enrolments.filter((e) => e.status !== 'applied' && e.status !== 'declined')
  await Promise.all(
    read.map(async (e) => {
      try {
        const r = await deps.core.reports.performance(p.id, { program: e.programKey })
        const days = (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 + 1
        const promoOnly = deps.core.programs.get(e.programKey)?.attribution.codes === 'promo'
        lines.set(e.programKey, activityLine(t, language, r.totals, days, promoOnly))
      } catch (err) {
        deps.logger.warn({ err, partner: p.id, program: e.programKey }, 'slack: partner activity not read')
      }
    }),
  )
  return lines
}

/** A sanction button on the card: the confirmation modal, if the enrolment still allows that sanction. */
const openSanction = (deps: ListenerDeps, args: ButtonArgs, kind: SanctionKind) =>
  pressed(
    deps,
    args,
    PARTNER_ACTIONS[kind],
    SANCTION_PERMISSION[kind],
    async ({ value: at, t, language, channel, triggerId, formKey }) => {
      const p = await deps.core.partners.profile(at.partnerId)
      const e = p.enrolments.find((x) => x.programKey === at.programKey)
      if (!e) throw new DomainError('enrolment.not_found', { partner: at.partnerId, program: at.programKey })
      // the card may be old: a partner blocked meanwhile cannot be blocked again
      if (!e.sanctions.includes(kind))
        throw new DomainError('enrolment.transition_not_allowed', { action: kind, status: e.status })
      await args.client.views.open({
        trigger_id: triggerId,
        view: sanctionModal(t, {
          ...at,
          programName: programName(p.programNames[at.programKey], language, at.programKey),
          who: whoOf(t, p),
          kind,
          paysRewards: p.paysRewards[at.programKey],
          channel: channel ?? '',
          // a double click's two forms share it: submitting both applies one sanction
          key: await formKey(),
        }),
      })
      return undefined
    },
  )

/** The sanction confirmed: applied with its reason and note; the answer says what was annulled. */
const submitSanction = (deps: ListenerDeps, args: SubmitArgs) =>
  submitted<{ partnerId: string; programKey: string; kind: string; channel: string; key: string }>(
    deps,
    args,
    ['partnerId', 'programKey', 'kind', 'channel', 'key'],
    // an unknown kind asks for the strictest permission; the run below refuses it anyway
    (meta) => (isKind(meta.kind) ? SANCTION_PERMISSION[meta.kind] : 'partners.disqualify'),
    async (meta, t, language) => {
      const values = args.view.state.values
      const reason = values.reason?.reason?.selected_option?.value ?? ''
      const note = values.note?.note?.value?.trim() || undefined
      if (!isKind(meta.kind) || !UUID.test(meta.partnerId) || !UUID.test(meta.key)) return t('unhandled.button')
      if (!(SANCTION_REASONS as readonly string[]).includes(reason))
        return { errors: { reason: t('finance.modal.reason_missing') } }
      // the day it ends on is the program's: lifted by itself from that day's first moment
      const endDay = dayOf(values[SANCTION_END_BLOCK]?.date?.selected_date)
      const zone = deps.core.programs.get(meta.programKey)?.timeZone
      const endsAt = endDay && zone ? startOfLocalDate(endDay, zone) : undefined
      let r: Awaited<ReturnType<typeof deps.core.sanctions.apply>>
      try {
        r = await deps.core.sanctions.apply({
          partnerId: meta.partnerId,
          programKey: meta.programKey,
          kind: meta.kind,
          reason,
          note,
          ...(endsAt ? { endsAt } : {}),
          actor: `slack:${args.body.user.id}`,
          requestKey: `slack:${meta.key}`,
        })
      } catch (e) {
        // a day that has begun already: the form says so at its field, to pick a later one
        if (!isRefusal(e, 'sanction.end_passed')) throw e
        const errors: Record<string, string> = {
          [SANCTION_END_BLOCK]: deskErrorText(deps, t, language, e, { view: PARTNER_VIEW }),
        }
        return { errors }
      }
      await deps.pressKey.release(meta.key)
      // the second form of a double click: the first one's answer said what was done
      if (r.replayed) return t('desk.late.done')
      const program = programName(deps.core.programs.get(meta.programKey), language, meta.programKey)
      const annulled = r.annulled.map((a) => amountText(language, a.amount, a.currency)).join(', ') || '0'
      const who = await partnerWho(deps.core, t, meta.partnerId)
      // a sanction with an end says until when, on the program's day as the card and the partner read it
      if (endsAt && zone && (meta.kind === 'suspend_codes' || meta.kind === 'block'))
        return t(`partner_desk.done.${meta.kind}_until`, {
          program,
          who,
          until: deskDate(endsAt, language, zone),
        })
      return t(`partner_desk.done.${meta.kind}`, { program, annulled, who })
    },
  )

/** Lifting a sanction needs the role that may apply it; a disqualification is final (core refuses it). */
const openLift = (deps: ListenerDeps, args: ButtonArgs) =>
  pressed(deps, args, LIFT_ACTION, 'partners.view', async ({ value: id, t, language, user, channel, triggerId }) => {
    const s = await deps.core.sanctions.record(id)
    if (!s || !isKind(s.kind)) return t('unhandled.button')
    if (!can(deps.desk, user, SANCTION_PERMISSION[s.kind]))
      return t('desk.refused', {
        roles: rolesFor(SANCTION_PERMISSION[s.kind])
          .map((r) => t(`desk.roles.${r}`))
          .join(', '),
      })
    const p = await deps.core.partners.profile(s.partnerId)
    await args.client.views.open({
      trigger_id: triggerId,
      view: liftModal(t, {
        sanctionId: s.id,
        kind: s.kind,
        programName: programName(p.programNames[s.programKey], language, s.programKey),
        who: whoOf(t, p),
        channel: channel ?? '',
        // a sanction that ends by itself says until when, as its lift button did
        ...(s.endsAt ? { inForce: inForceName(t, language, s, p.programZones[s.programKey] ?? 'UTC') } : {}),
      }),
    })
    return undefined
  })

/** The lift confirmed: the sanction lifted, with the reason kept for the audit log. */
const submitLift = (deps: ListenerDeps, args: SubmitArgs) =>
  submitted<{ sanctionId: string; channel: string }>(
    deps,
    args,
    ['sanctionId', 'channel'],
    () => 'partners.view',
    async (meta, t, language) => {
      const s = UUID.test(meta.sanctionId) ? await deps.core.sanctions.record(meta.sanctionId) : null
      if (!s || !isKind(s.kind)) return t('unhandled.button')
      // the role is checked against the sanction itself, not against what the modal says
      if (!can(deps.desk, args.body.user.id, SANCTION_PERMISSION[s.kind])) return t('desk.refused_short')
      const reason = args.view.state.values.reason?.reason?.value?.trim() ?? ''
      if (!reason) return { errors: { reason: t('finance.modal.reason_missing') } }
      await deps.core.sanctions.lift({
        sanctionId: s.id,
        reason: cutText(reason, 500),
        actor: `slack:${args.body.user.id}`,
      })
      const program = programName(deps.core.programs.get(s.programKey), language, s.programKey)
      // a sentence per kind: "the codes are active again", not "lifted: codes suspended"
      return t(`partner_desk.done.lift.${s.kind}`, { program })
    },
  )

/** Registers the partner actions and views; returns the action ids it handles. */
export function registerPartnerDesk(app: App, deps: ListenerDeps): string[] {
  for (const kind of KINDS)
    app.action<BlockAction<ButtonAction>>(PARTNER_ACTIONS[kind].id, (args) => openSanction(deps, args, kind))
  app.view<ViewSubmitAction>(PARTNER_VIEW, (args) => submitSanction(deps, args))
  app.action<BlockAction<ButtonAction>>(LIFT_ACTION.id, (args) => openLift(deps, args))
  // a sanction chosen in the select is pressed as its lift button would be
  app.action<BlockAction<StaticSelectAction>>(LIFT_MORE_ACTION.id, (args) =>
    openLift(deps, { ...args, action: { ...args.action, value: args.action.selected_option?.value } } as never),
  )
  app.view<ViewSubmitAction>(LIFT_VIEW, (args) => submitLift(deps, args))
  return [...actionIds(PARTNER_ACTIONS), LIFT_ACTION.id, LIFT_MORE_ACTION.id]
}
