import type { Conversation } from '@grammyjs/conversations'
import type { Context } from 'grammy'
import { heldKinds } from '../../../core/domain/code-kinds.ts'
import { isCountryCode } from '../../../core/domain/country.ts'
import { exclusiveConflict } from '../../../core/domain/enrolment-status.ts'
import { isDomainError } from '../../../core/domain/errors.ts'
import { cutText } from '../../../core/domain/text.ts'
import type { ProgramDefinition } from '../../../core/programs/definition.ts'
import { type Named, namesOf, programName } from '../../../core/programs/names.ts'
import type { Refusal } from '../../i18n/errors.ts'
import type { I18n, Translate } from '../../i18n/index.ts'
import { termsDate } from '../../shared/dates.ts'
import { programTermsText, splitForTelegram } from '../../shared/program-terms.ts'
import { askWithButtons } from '../ask.ts'
import { QUESTIONS } from '../callbacks.ts'
import { campaignsAtJoin } from '../campaign-choice.ts'
import type { BotContext } from '../context.ts'
import { partnerErrorText } from '../format.ts'
import { askProgramQuestions, typedText } from './join-questions.ts'

type Convo = Conversation<BotContext, Context>

/** Countries offered as buttons first, by the partner's language; any other is typed as a code. */
const COUNTRY_BY_LANGUAGE: Record<string, string> = { ka: 'GE', kk: 'KZ', lv: 'LV', ru: 'RU', en: 'GB' }

/**
 * Joining a program from a deep link (`t.me/<bot>?start=<program>`): every material rule of the terms, accepted with a button
 * (the definition's revision and the time are recorded), legal type and country (a new partner only), and what the program asks
 * (melbet: 18+ and traffic sources; worksection: 18+ and the partner's own account). Programs that approve applications get an application.
 */
export function joinConversation(i18n: I18n) {
  return async function join(conversation: Convo, ctx: Context) {
    const from = ctx.from
    if (!from) return
    // program keys are lowercase; a link written by hand may not be (Telegram keeps the payload's case)
    const key = String(ctx.message?.text?.split(/\s+/)[1] ?? '').toLowerCase()
    const me = await conversation.external((o) => ({ lang: o.lang, partner: o.partner ?? null }))
    const t = i18n.t(me.lang)
    // the terms to accept are those in force today: a published change that took effect included
    const program = await conversation.external(async (o) => {
      await o.core.terms.loadAmendments() // another instance may have published a change
      return o.core.programs.at(key, o.core.clock.now()) ?? null
    })
    if (!program) {
      await ctx.reply(t('join.unknown_program'))
      return
    }
    if (await refusedBeforeTerms(conversation, ctx, t, me, program)) return
    const ask = askWithButtons(conversation, ctx, t, QUESTIONS.join)
    const accepted = await termsToAccept(conversation, ctx, t, me.lang, program, ask)
    if (accepted !== 'accept') {
      await ctx.reply(t('join.declined'))
      return
    }
    // the service's clock, as every rule reads it (contract 5), not the machine's
    const acceptedAt = await conversation.external((o) => o.core.clock.now().getTime())
    // chetup: the partner chooses the campaigns to join, each shown with its commission (campaign-choice.ts)
    const campaigns = await campaignsAtJoin(conversation, ctx, t, me.lang, program)
    // a partner already known joined as who they are: another program does not ask (or change) it again
    const { legalType, country } = me.partner
      ? { legalType: me.partner.legalType, country: undefined }
      : await whoJoins(conversation, ctx, t, me.lang, ask)
    const asked = await askProgramQuestions(conversation, ctx, t, me.lang, program)
    if (!asked) return
    const { answers, ownAccountId } = asked
    const partnerName = [from.first_name, from.last_name].filter(Boolean).join(' ')
    type Outcome = { status: string } | { refused: Refusal; named: [string, Named][] }
    const result = await conversation.external(async (o): Promise<Outcome> => {
      try {
        const r = await o.core.partners.enrol({
          programKey: program.key,
          name: partnerName,
          language: o.lang,
          legalType,
          country,
          telegramId: BigInt(from.id),
          approved: false,
          acceptedTermsAt: new Date(acceptedAt),
          answers,
          campaigns,
          ownAccountId,
          actor: 'telegram',
        })
        if (r.created && from.username) await o.core.partners.setTelegramUsername(r.partner.id, from.username)
        return { status: r.enrolment.status }
      } catch (e) {
        if (!isDomainError(e) || e.code === 'service.unavailable') throw e
        // the refusal may name another program: the partner knows it by its name
        return {
          refused: { code: e.code, data: e.data },
          named: o.core.programs.list().map((p) => [p.key, namesOf(p)]),
        }
      }
    })
    if ('refused' in result) {
      const programs = new Map(result.named)
      await ctx.reply(partnerErrorText(t, me.lang, result.refused, { timeZone: program.timeZone, programs }))
      return
    }
    await ctx.reply(
      t(result.status === 'applied' ? 'join.applied' : 'join.welcome', { program: programName(program, me.lang) }),
    )
  }
}

/** A new partner's legal type and country: buttons, the country suggested by the language, any other typed. */
async function whoJoins(
  conversation: Convo,
  ctx: Context,
  t: Translate,
  lang: string,
  ask: ReturnType<typeof askWithButtons>,
): Promise<{ legalType: 'individual' | 'company'; country: string }> {
  const legalType = (await ask(t('join.legal_type'), [
    [t('join.individual'), 'individual'],
    [t('join.company'), 'company'],
  ])) as 'individual' | 'company'
  const suggested = COUNTRY_BY_LANGUAGE[lang] ?? 'GB'
  const country = await ask(t('join.country'), [
    [new Intl.DisplayNames([lang], { type: 'region' }).of(suggested) ?? suggested, suggested],
    [t('join.other_country'), 'other'],
  ])
  if (country !== 'other') return { legalType, country }
  await ctx.reply(t('join.country_code'))
  for (;;) {
    const typed = (await typedText(conversation, t)).message.text.trim().toUpperCase()
    if (isCountryCode(typed)) return { legalType, country: typed }
    // what was wrong with it, and what a code looks like
    await ctx.reply(t('join.country_code_invalid', { code: cutText(typed, 20) }))
  }
}

/**
 * Every material rule of the program before "Accept", in as many messages as Telegram needs, the buttons under
 * the last; the partner's answer (`accept` or `decline`).
 */
async function termsToAccept(
  conversation: Convo,
  ctx: Context,
  t: Translate,
  language: string,
  program: ProgramDefinition,
  ask: ReturnType<typeof askWithButtons>,
): Promise<string> {
  const names = await conversation.external((o) => programNames(o.core.programs.list(), language))
  const reader = { t, language, programName: (k: string) => names[k] ?? k }
  // changes already published and not yet in force are part of what the partner accepts: they were not among the
  // partners the change was broadcast to
  const coming = await conversation.external((o) => o.core.terms.coming(program.key, language))
  const changes = coming.map((c) =>
    [
      t('terms.pending', { version: c.version, date: termsDate(c.effectiveAt, language, program.timeZone) }),
      c.text,
    ].join('\n'),
  )
  const parts = splitForTelegram(
    [
      `${t('join.intro', { program: programName(program, language) })}\n\n${programTermsText(reader, program)}`,
      ...changes,
    ].join('\n\n'),
  )
  for (const part of parts.slice(0, -1)) await ctx.reply(part)
  return ask(parts.at(-1)!, [
    [t('join.accept'), 'accept'],
    [t('join.decline'), 'decline'],
  ])
}

/** Every program's name in `language` by its key: a refusal or an exclusivity rule may name another program. */
export const programNames = (programs: ProgramDefinition[], language: string): Record<string, string> =>
  Object.fromEntries(programs.map((p) => [p.key, programName(p, language)]))

/** What the partner holds in the program (as /link heads its list): promo codes only, referral links only, or both. */
const heldThere = async (conversation: Convo, program: ProgramDefinition) =>
  heldKinds(
    await conversation.external(async (o) =>
      (await o.core.partners.codes(o.partner!.partnerId))
        .filter((c) => c.programKey === program.key)
        .map((c) => c.kind),
    ),
    program.attribution.codes,
  )

/**
 * What stops a join before its terms are read, said at once: the program joined already, applied to (an application
 * waiting for the company, or declined, is no membership) or left (an ended agreement), or a program it excludes
 * that the partner is in.
 */
async function refusedBeforeTerms(
  conversation: Convo,
  ctx: Context,
  t: Translate,
  me: {
    lang: string
    partner: { enrolments: { programKey: string; status: string; endReason?: string | null }[] } | null
  },
  program: ProgramDefinition,
): Promise<boolean> {
  const name = programName(program, me.lang)
  const mine = me.partner?.enrolments.find((e) => e.programKey === program.key)
  if (mine) {
    if (mine.status === 'applied') await ctx.reply(t('applications.pending', { program: name }))
    else if (mine.status === 'declined') await ctx.reply(t('applications.declined', { program: name }))
    // an application taken back is not reopened by the link (one enrolment per program): support reopens it
    else if (mine.status === 'terminated' && mine.endReason === 'application_withdrawn')
      await ctx.reply(t('join.withdrawn', { program: name }))
    // an ended agreement is no membership to return to: the link cannot start it again
    else if (mine.status === 'terminated') await ctx.reply(t('join.ended', { program: name }))
    else await ctx.reply(t(`join.already_${await heldThere(conversation, program)}`, { program: name }))
    return true
  }
  const conflict = exclusiveConflict(program.enrolment.exclusiveWith, me.partner?.enrolments ?? [])
  if (!conflict) return false
  const named = await conversation.external((o) =>
    o.core.programs.list().map((p): [string, Named] => [p.key, namesOf(p)]),
  )
  const refused: Refusal = {
    code: 'enrolment.exclusive',
    data: { program: program.key, conflictsWith: conflict.programKey },
  }
  await ctx.reply(partnerErrorText(t, me.lang, refused, { timeZone: program.timeZone, programs: new Map(named) }))
  return true
}
