import { Composer, InlineKeyboard, InputFile } from 'grammy'
import type { MessageEntity } from 'grammy/types'
import QRCode from 'qrcode'
import type { PartnerCode } from '../../../core/ports/partner-directory.ts'
import { campaignName, programName } from '../../../core/programs/names.ts'
import { longDate } from '../../i18n/format.ts'
import { campaignCommission, codeTermLines } from '../../shared/code-terms.ts'
import { endedLinkKey } from '../../shared/ending-text.ts'
import { reasonText } from '../../shared/reasons.ts'
import { codeSuspension, type SanctionFacts } from '../../shared/suspension.ts'
import { CALLBACKS, onCallback } from '../callbacks.ts'
import { campaignLine } from '../campaign-choice.ts'
import type { BotContext } from '../context.ts'
import { withDashboardButton } from '../mini-app.ts'
import { offerMoreCampaigns } from './campaigns.ts'

/** Room a message leaves for one program's list (Telegram takes 4096 characters and about 100 buttons). */
const MAX_TEXT = 3800
const MAX_BUTTONS = 40

/**
 * /link: every program's referral links (one per campaign in networks) and promo codes, one line each with its
 * campaign, the link or code in a `code` entity so that a tap copies it; a "QR code" button per link or code sends
 * its QR image when asked. Suspended codes are listed as such, so the partner knows why they do not earn; a program
 * whose application is pending (or was declined) says so instead of showing a link.
 */
export function linkFeature(linkBase: () => string) {
  const feature = new Composer<BotContext>()
  const target = (c: PartnerCode) => (c.kind === 'link' ? `${linkBase()}/r/${c.code}` : c.code)

  feature.chatType('private').command('link', async (ctx) => {
    if (!ctx.partner) return ctx.reply(ctx.t('start.not_partner'))
    const waiting = waitingPrograms(ctx)
    for (const text of waiting.values()) await ctx.reply(text)
    const codes = await codesOf(ctx, waiting)
    if (!codes.length) return waiting.size ? undefined : ctx.reply(ctx.t('link.none'))
    const programs = [...new Set(codes.map((c) => c.programKey))]
    for (const [i, key] of programs.entries()) {
      const name = programName(ctx.core.programs.get(key), ctx.lang, key)
      const own = codes.filter((x) => x.programKey === key)
      const title = ctx.t(titleKey(own), { program: name })
      let message = newMessage(title)
      const why = await suspensionOf(ctx, own)
      const entries = own.map((c) => ({ c, entry: listEntry(ctx, c, target(c), why) }))
      // several codes of one kind (jqsee's extra and vanity codes): each QR button names its code
      const repeated = (n: string) => entries.filter((x) => x.entry.name === n).length > 1
      for (const { c, entry } of entries) {
        if (message.text.length + entry.text.length > MAX_TEXT || message.buttons >= MAX_BUTTONS) {
          await send(ctx, message)
          message = newMessage(title)
        }
        append(message, entry)
        message.keyboard
          .text(
            ctx.t('linklist.qr_button', { name: repeated(entry.name) ? c.code : entry.name }),
            CALLBACKS.qr.encode({ code: c.code }),
          )
          .row()
        message.buttons++
      }
      // under the last list: the dashboard (the Mini App) on its links tab, with the sub-id builder
      if (i === programs.length - 1) withDashboardButton(ctx, message.keyboard, 'links')
      await send(ctx, message)
    }
    // a network partner may join campaigns not joined yet, including ones the program added later
    await offerMoreCampaigns(ctx, codes)
  })

  // the QR image of one of the partner's own links or codes, with the caption it had before
  onCallback(feature, CALLBACKS.qr, async (ctx, { code }) => {
    if (!ctx.partner) return ctx.answerCallbackQuery({ text: ctx.t('start.not_partner'), show_alert: true })
    const c = (await codesOf(ctx, waitingPrograms(ctx))).find((x) => x.code === code)
    if (!c) {
      ctx.log.warn('telegram: QR of a code not the partner’s')
      return ctx.answerCallbackQuery({ text: ctx.t('linklist.qr_gone'), show_alert: true })
    }
    await ctx.answerCallbackQuery()
    const program = ctx.core.programs.get(c.programKey)
    const campaign = campaignOf(c, program)
    const caption = [
      ctx.t(c.kind === 'link' ? 'link.link' : 'link.promo', { program: programName(program, ctx.lang, c.programKey) }),
      ...(campaign && program
        ? [ctx.t('link.campaign', { campaign: campaignLine(ctx.t, ctx.lang, campaign, program.currencies[0]!) })]
        : []),
      target(c),
      ...codeTermLines(ctx.t, ctx.lang, c, program?.timeZone ?? 'UTC'),
      ...(c.status === 'suspended'
        ? suspendedLines(ctx, bySanction(c, await suspensionOf(ctx, [c])), program?.timeZone)
        : []),
    ].join('\n')
    const png = await QRCode.toBuffer(target(c), { type: 'png', width: 480, margin: 2, errorCorrectionLevel: 'M' })
    await ctx.replyWithPhoto(new InputFile(png, `${c.code}.png`), { caption })
  })
  return feature
}

/**
 * Programs where no link counts: an application the company has not approved (contract section 7), or an agreement
 * that has ended.
 */
function waitingPrograms(ctx: BotContext) {
  const waiting = new Map<string, string>()
  for (const e of ctx.partner?.enrolments ?? []) {
    const name = programName(ctx.core.programs.get(e.programKey), ctx.lang, e.programKey)
    if (e.status === 'applied') waiting.set(e.programKey, ctx.t('applications.pending', { program: name }))
    if (e.status === 'declined') waiting.set(e.programKey, ctx.t('applications.declined', { program: name }))
    // an ended agreement's links and codes no longer earn: they are not shown as if they did
    if (e.status === 'terminated') waiting.set(e.programKey, ctx.t(endedLinkKey(e), { program: name }))
  }
  return waiting
}

const codesOf = async (ctx: BotContext, waiting: Map<string, string>) =>
  (await ctx.core.partners.codes(ctx.partner!.partnerId)).filter((c) => !waiting.has(c.programKey))

/** A program's list is headed by what it holds: promo codes only (jqsee), links only, or both. */
function titleKey(codes: PartnerCode[]) {
  const links = codes.some((c) => c.kind === 'link')
  const promo = codes.some((c) => c.kind !== 'link')
  if (links && promo) return 'linklist.title_both' as const
  return links ? ('linklist.title_links' as const) : ('linklist.title_codes' as const)
}

type Program = NonNullable<ReturnType<BotContext['core']['programs']['get']>>

/** The campaign a network's link belongs to. */
function campaignOf(c: PartnerCode, program: Program | undefined) {
  return c.campaignKey && program?.commission.type === 'campaigns'
    ? program.commission.campaigns.find((x) => x.key === c.campaignKey)
    : undefined
}

interface Message {
  text: string
  entities: MessageEntity[]
  keyboard: InlineKeyboard
  buttons: number
}

const newMessage = (title: string): Message => ({
  text: title,
  entities: [],
  keyboard: new InlineKeyboard(),
  buttons: 0,
})

/**
 * One line of the list: the campaign and what it pays (or "link" / "promo code") and the link or code as code, so that a tap copies
 * it; the code's own rate and validity and a suspension on lines of their own beneath.
 */
function listEntry(ctx: BotContext, c: PartnerCode, copy: string, why: SanctionFacts | null) {
  const program = ctx.core.programs.get(c.programKey)
  const campaign = campaignOf(c, program)
  const name = campaign
    ? campaignName(campaign, ctx.lang)
    : ctx.t(c.kind === 'link' ? 'linklist.link' : 'linklist.promo')
  // a campaign's link shows what that campaign pays
  const pays = campaign && program ? ` (${campaignCommission(ctx.t, ctx.lang, campaign, program.currencies[0]!)})` : ''
  const head = `\n• ${name}${pays}: `
  const rest = [
    ...codeTermLines(ctx.t, ctx.lang, c, program?.timeZone ?? 'UTC'),
    ...(c.status === 'suspended' ? suspendedLines(ctx, bySanction(c, why), program?.timeZone) : []),
  ].map((l) => `\n   ${l}`)
  return { name, head, copy, text: head + copy + rest.join(''), rest: rest.join('') }
}

/** Why a program's codes a sanction suspended are suspended (none of them: nothing to ask). */
async function suspensionOf(ctx: BotContext, codes: PartnerCode[]) {
  const suspended = codes.find((c) => c.status === 'suspended' && c.suspendedBy === 'sanction')
  if (!suspended) return null
  return codeSuspension(await ctx.core.sanctions.active(ctx.partner!.partnerId, suspended.programKey))
}

/** The sanction's facts for a code it suspended; none for one the desk suspended on its own (it stays after). */
const bySanction = (c: PartnerCode, why: SanctionFacts | null) => (c.suspendedBy === 'sanction' ? why : null)

/**
 * A suspended code's lines: until the sanction's end (the program's zone) and its reason as the notice named it;
 * suspended from the desk on its own (no sanction), until the program reinstates it.
 */
function suspendedLines(ctx: BotContext, why: SanctionFacts | null, timeZone = 'UTC'): string[] {
  if (!why) return [ctx.t('link.suspended')]
  return [
    why.endsAt
      ? ctx.t('link.suspended_until', { date: longDate(why.endsAt, ctx.lang, timeZone) })
      : ctx.t('link.suspended'),
    ctx.t('link.suspended_reason', { reason: reasonText(ctx.t, why.reason) }),
  ]
}

function append(m: Message, e: ReturnType<typeof listEntry>) {
  m.text += e.head
  m.entities.push({ type: 'code', offset: m.text.length, length: e.copy.length })
  m.text += e.copy + e.rest
}

const send = (ctx: BotContext, m: Message) =>
  ctx.reply(m.text, { entities: m.entities, reply_markup: m.keyboard, link_preview_options: { is_disabled: true } })
