import type { Conversation } from '@grammyjs/conversations'
import { Composer, type Context, InlineKeyboard } from 'grammy'
import { isDomainError } from '../../../core/domain/errors.ts'
import type { ProgramDefinition } from '../../../core/programs/definition.ts'
import { campaignName, programName } from '../../../core/programs/names.ts'
import type { Refusal } from '../../i18n/errors.ts'
import type { I18n, Translate } from '../../i18n/index.ts'
import { CALLBACKS, onCallback } from '../callbacks.ts'
import { chooseCampaigns } from '../campaign-choice.ts'
import type { BotContext } from '../context.ts'
import { enterFlow } from '../flows.ts'
import { partnerErrorText } from '../format.ts'

type Convo = Conversation<BotContext, Context>
type Campaign = Extract<ProgramDefinition['commission'], { type: 'campaigns' }>['campaigns'][number]

/** The campaigns of a network program the partner has not joined (campaigns added to it later among them). */
export function campaignsNotJoined(program: ProgramDefinition | undefined, joined: (string | undefined)[]): Campaign[] {
  if (program?.commission.type !== 'campaigns') return []
  return program.commission.campaigns.filter((c) => !joined.includes(c.key))
}

/** Under /link: a "Join more campaigns" button for each network program with campaigns not joined yet. */
export async function offerMoreCampaigns(ctx: BotContext, codes: { programKey: string; campaignKey?: string }[]) {
  for (const e of ctx.partner?.enrolments ?? []) {
    if (e.status !== 'active') continue
    const program = ctx.core.programs.get(e.programKey)
    const joined = codes.filter((c) => c.programKey === e.programKey).map((c) => c.campaignKey)
    const more = campaignsNotJoined(program, joined)
    if (!program || !more.length) continue
    const button = CALLBACKS.moreCampaigns.encode({ program: program.key })
    await ctx.reply(ctx.t('campaigns.more_available', { program: programName(program, ctx.lang) }), {
      reply_markup: new InlineKeyboard().text(ctx.t('campaigns.join_more'), button),
    })
  }
}

/** The "Join more campaigns" button starts the choice of the campaigns not joined yet. */
export const moreCampaignsFeature = new Composer<BotContext>()
onCallback(moreCampaignsFeature, CALLBACKS.moreCampaigns, async (ctx, { program }) => {
  await ctx.answerCallbackQuery()
  await enterFlow(ctx, 'campaigns', program)
})

/**
 * Joining more campaigns of a network program (chetup): the ones not joined yet, each with its commission, as
 * toggles; at least one; each joined campaign gets its link, shown at once.
 */
export function campaignsConversation(i18n: I18n, linkBase: () => string) {
  return async function campaigns(conversation: Convo, ctx: Context, programKey: string) {
    const me = await conversation.external(async (o) => ({
      lang: o.lang,
      partnerId: o.partner?.partnerId ?? null,
      active: o.partner?.enrolments.some((e) => e.programKey === programKey && e.status === 'active') ?? false,
      joined: o.partner
        ? (await o.core.partners.codes(o.partner.partnerId))
            .filter((c) => c.programKey === programKey)
            .map((c) => c.campaignKey ?? null)
        : [],
    }))
    const t = i18n.t(me.lang)
    const program = await conversation.external((o) => o.core.programs.get(programKey) ?? null)
    if (!program || !me.partnerId || !me.active) {
      await ctx.reply(t('campaigns.not_active'))
      return
    }
    const offered = campaignsNotJoined(
      program,
      me.joined.map((k) => k ?? undefined),
    )
    if (!offered.length) {
      await ctx.reply(t('campaigns.all_joined', { program: programName(program, me.lang) }))
      return
    }
    const chosen = await chooseCampaigns(conversation, ctx, t, me.lang, program, offered)
    const partnerId = me.partnerId
    type Outcome = { codes: { campaignKey: string; code: string }[] } | { refused: Refusal }
    const result = await conversation.external(async (o): Promise<Outcome> => {
      try {
        const added = await o.core.partners.joinCampaigns({
          partnerId,
          programKey: program.key,
          campaigns: chosen,
          actor: 'telegram',
        })
        return { codes: added.map((c) => ({ campaignKey: c.campaignKey ?? '', code: c.code })) }
      } catch (e) {
        if (!isDomainError(e) || e.code === 'service.unavailable') throw e
        return { refused: { code: e.code, data: e.data } }
      }
    })
    if ('refused' in result) {
      const programs = new Map([[program.key, program]])
      await ctx.reply(partnerErrorText(t, me.lang, result.refused, { timeZone: program.timeZone, programs }))
      return
    }
    await ctx.reply(joinedText(t, me.lang, program, result.codes, linkBase()), {
      link_preview_options: { is_disabled: true },
    })
  }
}

/** "You joined: …" with each new campaign's link (the QR codes are in /link). */
export function joinedText(
  t: Translate,
  language: string,
  program: ProgramDefinition,
  codes: { campaignKey: string; code: string }[],
  base: string,
): string {
  const name = (key: string) =>
    program.commission.type === 'campaigns'
      ? campaignName(
          program.commission.campaigns.find((c) => c.key === key),
          language,
          key,
        )
      : key
  const lines = codes.map((c) => `• ${name(c.campaignKey)}: ${base}/r/${c.code}`)
  return [t('campaigns.joined', { program: programName(program, language) }), ...lines, t('campaigns.see_link')].join(
    '\n',
  )
}
