import { Composer, InputFile } from 'grammy'
import QRCode from 'qrcode'
import { codeTermLines } from '../../shared/code-terms.ts'
import { campaignLine } from '../campaign-choice.ts'
import type { BotContext } from '../context.ts'
import { offerMoreCampaigns } from './campaigns.ts'

/**
 * /link: every program's referral links (one per campaign in networks) and promo codes, each with a QR code the
 * partner can print or share. Suspended codes are listed as such, so the partner knows why they do not earn; a
 * program whose application is pending (or was declined) says so instead of showing a link.
 */
export function linkFeature(linkBase: () => string) {
  const feature = new Composer<BotContext>()
  feature.chatType('private').command('link', async (ctx) => {
    if (!ctx.partner) return ctx.reply(ctx.t('start.not_partner'))
    // an application the company has not approved has no link that counts yet (contract section 7)
    const waiting = new Map<string, string>()
    for (const e of ctx.partner.enrolments) {
      const name = ctx.core.programs.get(e.programKey)?.name ?? e.programKey
      if (e.status === 'applied') waiting.set(e.programKey, ctx.t('applications.pending', { program: name }))
      if (e.status === 'declined') waiting.set(e.programKey, ctx.t('applications.declined', { program: name }))
    }
    for (const text of waiting.values()) await ctx.reply(text)
    const codes = (await ctx.core.partners.codes(ctx.partner.partnerId)).filter((c) => !waiting.has(c.programKey))
    if (!codes.length) return waiting.size ? undefined : ctx.reply(ctx.t('link.none'))
    for (const c of codes) {
      const program = ctx.core.programs.get(c.programKey)
      const name = program?.name ?? c.programKey
      // a campaign's link shows what that campaign pays
      const found =
        c.campaignKey && program?.commission.type === 'campaigns'
          ? program.commission.campaigns.find((x) => x.key === c.campaignKey)
          : undefined
      const campaign = found && program ? campaignLine(ctx.t, ctx.lang, found, program.currencies[0]!) : undefined
      const target = c.kind === 'link' ? `${linkBase()}/r/${c.code}` : c.code
      const caption = [
        ctx.t(c.kind === 'link' ? 'link.link' : 'link.promo', { program: name }),
        ...(campaign ? [ctx.t('link.campaign', { campaign })] : []),
        target,
        // an extra code's own rate and validity
        ...codeTermLines(ctx.t, ctx.lang, c, program?.timeZone ?? 'UTC'),
        ...(c.status === 'suspended' ? [ctx.t('link.suspended')] : []),
      ].join('\n')
      const png = await QRCode.toBuffer(target, { type: 'png', width: 480, margin: 2, errorCorrectionLevel: 'M' })
      await ctx.replyWithPhoto(new InputFile(png, `${c.code}.png`), { caption })
    }
    // a network partner may join campaigns not joined yet, including ones the program added later
    await offerMoreCampaigns(ctx, codes)
  })
  return feature
}
