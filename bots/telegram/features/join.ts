import type { Conversation } from '@grammyjs/conversations'
import type { Context } from 'grammy'
import { isDomainError } from '../../../core/domain/errors.ts'
import type { ProgramDefinition } from '../../../core/programs/definition.ts'
import type { Refusal } from '../../i18n/errors.ts'
import type { I18n, Translate } from '../../i18n/index.ts'
import { askWithButtons } from '../ask.ts'
import { QUESTIONS } from '../callbacks.ts'
import type { BotContext } from '../context.ts'
import { amount, partnerErrorText } from '../format.ts'
import { askProgramQuestions } from './join-questions.ts'

type Convo = Conversation<BotContext, Context>

const REGIONS = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })
/** An ISO 3166-1 alpha-2 code of a real country (not user-assigned: AA, QM-QZ, XA-XZ, ZZ). */
const isCountry = (code: string) =>
  /^[A-Z]{2}$/.test(code) && !/^(AA|Q[M-Z]|X[A-Z]|ZZ)$/.test(code) && REGIONS.of(code) !== undefined

/** Countries offered as buttons first, by the partner's language; any other is typed as a code. */
const COUNTRY_BY_LANGUAGE: Record<string, string> = { ka: 'GE', kk: 'KZ', lv: 'LV', ru: 'RU', en: 'GB' }

/**
 * Joining a program from a deep link (`t.me/<bot>?start=<program>`): the terms in short, accepted with a button
 * (the definition's revision and the time are recorded), legal type and country, and what the program asks
 * (melbet: 18+ and traffic sources; worksection: 18+ and the partner's own account). Programs that approve applications get an application.
 */
export function joinConversation(i18n: I18n) {
  return async function join(conversation: Convo, ctx: Context) {
    const from = ctx.from
    if (!from) return
    const key = String(ctx.message?.text?.split(/\s+/)[1] ?? '')
    const me = await conversation.external((o) => ({ lang: o.lang, partner: o.partner ?? null }))
    const t = i18n.t(me.lang)
    const program = await conversation.external((o) => o.core.programs.get(key) ?? null)
    if (!program) {
      await ctx.reply(t('join.unknown_program'))
      return
    }
    if (me.partner?.enrolments.some((e) => e.programKey === program.key)) {
      await ctx.reply(t('join.already', { program: program.name }))
      return
    }
    const ask = askWithButtons(conversation, ctx, t, QUESTIONS.join)
    const accepted = await ask(`${t('join.intro', { program: program.name })}\n\n${termsSummary(t, program)}`, [
      [t('join.accept'), 'accept'],
      [t('join.decline'), 'decline'],
    ])
    if (accepted !== 'accept') {
      await ctx.reply(t('join.declined'))
      return
    }
    const acceptedAt = await conversation.now()
    const legalType = (await ask(t('join.legal_type'), [
      [t('join.individual'), 'individual'],
      [t('join.company'), 'company'],
    ])) as 'individual' | 'company'
    const suggested = COUNTRY_BY_LANGUAGE[me.lang] ?? 'GB'
    let country = await ask(t('join.country'), [
      [new Intl.DisplayNames([me.lang], { type: 'region' }).of(suggested) ?? suggested, suggested],
      [t('join.other_country'), 'other'],
    ])
    if (country === 'other') {
      for (;;) {
        await ctx.reply(t('join.country_code'))
        const typed = (await conversation.waitFor('message:text')).message.text.trim().toUpperCase()
        if (isCountry(typed)) {
          country = typed
          break
        }
      }
    }
    const asked = await askProgramQuestions(conversation, ctx, t, program)
    if (!asked) return
    const { answers, ownAccountId } = asked
    const name = [from.first_name, from.last_name].filter(Boolean).join(' ')
    type Outcome = { status: string } | { refused: Refusal; names: Record<string, string> }
    const result = await conversation.external(async (o): Promise<Outcome> => {
      try {
        const r = await o.core.partners.enrol({
          programKey: program.key,
          name,
          language: o.lang,
          legalType,
          country,
          telegramId: BigInt(from.id),
          approved: false,
          acceptedTermsAt: new Date(acceptedAt),
          answers,
          ownAccountId,
          actor: 'telegram',
        })
        if (r.created && from.username) await o.core.partners.setTelegramUsername(r.partner.id, from.username)
        return { status: r.enrolment.status }
      } catch (e) {
        if (!isDomainError(e) || e.code === 'service.unavailable') throw e
        // the refusal may name another program: the partner knows it by its name
        const names = Object.fromEntries(o.core.programs.list().map((p) => [p.key, p.name]))
        return { refused: { code: e.code, data: e.data }, names }
      }
    })
    if ('refused' in result) {
      const programName = (key: string) => result.names[key] ?? key
      await ctx.reply(partnerErrorText(t, me.lang, result.refused, { timeZone: program.timeZone, programName }))
      return
    }
    await ctx.reply(t(result.status === 'applied' ? 'join.applied' : 'join.welcome', { program: program.name }))
  }
}

/** The terms in a few lines, from the definition the engine runs (so the summary cannot drift from the rules). */
export function termsSummary(t: Translate, p: ProgramDefinition): string {
  const c = p.commission
  const cur = p.currencies[0]!
  const lines: string[] = []
  const pct = (bps: number) => `${bps / 100}%`
  if (c.type === 'payment_share') {
    lines.push(t('join.terms.payment_share', { rate: pct(c.levels[0]!.rateBps) }))
    for (const l of c.levels.slice(1)) lines.push(t('join.terms.level', { rate: pct(l.rateBps), after: l.after }))
  } else if (c.type === 'one_time_reward') {
    lines.push(t('join.terms.one_time', { amount: amount(c.levels[0]!.amount, cur) }))
    for (const l of c.levels.slice(1)) {
      lines.push(t('join.terms.reward_level', { amount: amount(l.amount, cur), after: l.after }))
    }
  } else if (c.type === 'campaigns') {
    lines.push(t('join.terms.campaigns', { count: c.campaigns.length }))
  } else {
    lines.push(t('join.terms.revenue_share', { rate: pct((c.intro ?? { rateBps: c.tiers[0]!.rateBps }).rateBps) }))
  }
  const hold = c.type === 'campaigns' ? c.verificationDays : 'holdDays' in c ? c.holdDays : 0
  if (hold) lines.push(t('join.terms.hold', { days: hold }))
  const s = p.payout.schedule
  lines.push(
    s.type === 'on_request'
      ? t('join.terms.on_request', { days: s.dueBusinessDays })
      : s.type === 'weekly'
        ? t('join.terms.weekly')
        : t('join.terms.monthly', { day: s.day }),
  )
  lines.push(
    t('join.terms.minimum', {
      minimum: Object.entries(p.payout.minimum)
        .map(([currency, m]) => amount(m, currency))
        .join(', '),
    }),
  )
  if (p.payout.taxBps.individual) lines.push(t('join.terms.tax', { rate: pct(p.payout.taxBps.individual) }))
  return lines.map((l) => `• ${l}`).join('\n')
}
