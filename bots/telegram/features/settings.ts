import { createHash } from 'node:crypto'
import { Composer, InlineKeyboard } from 'grammy'
import { formatMoney } from '../../../core/domain/money.ts'
import { programName } from '../../../core/programs/names.ts'
import { CALLBACKS, onCallback } from '../callbacks.ts'
import type { BotContext } from '../context.ts'
import type { ConversationStore } from '../conversation-store.ts'
import { amount } from '../format.ts'
import { askLanguage } from './language.ts'
import { askWhichProgram } from './leave.ts'

/**
 * /settings: the language, the payment details on file (masked; new ones entered from here or in /payout), leaving a
 * program (./leave.ts), and "delete my personal data" behind a confirmation. Erasure keeps the ledger's totals under a pseudonymous id; the chat is no
 * longer linked to them, and what the bot kept of the chat (its flows, with the updates they received, and a
 * pending details request) is deleted too. Mounted before the flows, so it answers in the middle of one.
 */
export function settingsFeature(store: ConversationStore) {
  const feature = new Composer<BotContext>()

  const menu = (ctx: BotContext) =>
    new InlineKeyboard()
      .text(ctx.t('settings.language'), CALLBACKS.settings.encode({ item: 'language' }))
      .row()
      .text(ctx.t('settings.details'), CALLBACKS.settings.encode({ item: 'details' }))
      .row()
      .text(ctx.t('endings.leave.button'), CALLBACKS.settings.encode({ item: 'leave' }))
      .row()
      .text(ctx.t('settings.erase'), CALLBACKS.settings.encode({ item: 'erase' }))

  feature.chatType('private').command('settings', async (ctx) => {
    if (!ctx.partner) return ctx.reply(ctx.t('start.not_partner'))
    await ctx.reply(ctx.t('settings.title'), { reply_markup: menu(ctx) })
  })

  onCallback(feature, CALLBACKS.settings, async (ctx, { item, seen }) => {
    await ctx.answerCallbackQuery()
    const partner = ctx.partner
    if (!partner) {
      await ctx.reply(ctx.t('start.not_partner'))
      return
    }
    switch (item) {
      case 'language':
        await askLanguage(ctx)
        return
      case 'details': {
        const programs = partner.enrolments.map((e) => e.programKey)
        const lines = (await ctx.core.payouts.detailsOnFile(partner.partnerId, programs)).map(
          (d) => `${ctx.t(`payout.method.${d.method}`)}: ${d.mask}`,
        )
        // a button per method the partner's programs pay to details with: new ones are entered at once
        const methods = new Set(
          ctx.core.payouts
            .choices(partner.enrolments)
            .flatMap((p) => p.methods.filter((m) => m.needsDetails).map((m) => m.method)),
        )
        const keyboard = new InlineKeyboard()
        for (const method of methods)
          keyboard
            .text(
              ctx.t('settings.details_change', { method: ctx.t(`payout.method.${method}`) }),
              CALLBACKS.newDetails.encode({ method }),
            )
            .row()
        await ctx.reply(
          lines.length ? `${ctx.t('settings.details_on_file')}\n${lines.join('\n')}` : ctx.t('settings.no_details'),
          methods.size ? { reply_markup: keyboard } : {},
        )
        return
      }
      case 'leave':
        await askWhichProgram(ctx, partner)
        return
      case 'erase': {
        const warning = await eraseWarning(ctx, partner.partnerId)
        await ctx.reply(warning.text, { reply_markup: eraseKeyboard(ctx, warning.seen) })
        return
      }
      case 'erase_no':
        await ctx.editMessageText(ctx.t('settings.erase_kept')).catch(() => {})
        return
      case 'erase_yes': {
        // the money shown when the question was asked is what the partner agreed to give up: if it changed since
        // (or an older button carries no fingerprint), the question is asked again with the money as it is now
        const warning = await eraseWarning(ctx, partner.partnerId)
        if (seen !== warning.seen) {
          const text = `${ctx.t('settings.erase_changed')}\n\n${warning.text}`
          const reply_markup = eraseKeyboard(ctx, warning.seen)
          await ctx.editMessageText(text, { reply_markup }).catch(() => ctx.reply(text, { reply_markup }))
          return
        }
        await ctx.core.partners.erase(partner.partnerId)
        // the flows end here (the plugin then has nothing to write back), and their stored state goes
        await ctx.conversation.exitAll()
        if (ctx.chatId !== undefined) await store.forget(String(ctx.chatId))
        ctx.log.info({ partner: partner.partnerId }, 'partner data erased at their request')
        await ctx.editMessageText(ctx.t('settings.erased')).catch(() => ctx.reply(ctx.t('settings.erased')))
      }
    }
  })
  return feature
}

const eraseKeyboard = (ctx: BotContext, seen: string) =>
  new InlineKeyboard()
    .text(ctx.t('settings.erase_yes'), CALLBACKS.settings.encode({ item: 'erase_yes', seen }))
    .row()
    .text(ctx.t('settings.erase_no'), CALLBACKS.settings.encode({ item: 'erase_no' }))

/**
 * What deleting the data costs, before the partner confirms: per program and currency, the money not yet paid out
 * (available, on hold, in review, and requests not yet paid), which nobody can pay them once the data is gone.
 * `seen` fingerprints those amounts (a hash, 8 characters, for the "Yes" button's data); no money is a fingerprint
 * too.
 */
async function eraseWarning(ctx: BotContext, partnerId: string): Promise<{ text: string; seen: string }> {
  const lines: string[] = []
  const amounts: string[] = []
  for (const v of await ctx.core.reports.earnings(partnerId)) {
    const unpaid = v.availableMinor + v.pendingMinor + v.heldMinor + v.inPayoutMinor
    if (unpaid > 0n) {
      amounts.push(`${v.program}:${v.currency}:${unpaid}`)
      lines.push(
        ctx.t('settings.erase_money_line', {
          program: programName(v.programNames, ctx.lang),
          amount: amount(ctx.lang, formatMoney({ minor: unpaid, currency: v.currency }), v.currency),
        }),
      )
    }
  }
  const seen = createHash('sha256').update(amounts.sort().join('\n')).digest('base64url').slice(0, 8)
  const confirm = ctx.t('settings.erase_confirm')
  return { text: lines.length ? [ctx.t('settings.erase_money'), ...lines, '', confirm].join('\n') : confirm, seen }
}
