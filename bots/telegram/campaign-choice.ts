import type { Conversation } from '@grammyjs/conversations'
import { type Context, InlineKeyboard } from 'grammy'
import type { ProgramDefinition } from '../../core/programs/definition.ts'
import { campaignName, programName } from '../../core/programs/names.ts'
import type { Translate } from '../i18n/index.ts'
import { campaignCommission } from '../shared/code-terms.ts'
import { answerStaleButton, markChosen } from './ask.ts'
import { QUESTIONS, questionAnswer, questionData } from './callbacks.ts'
import type { BotContext } from './context.ts'
import { rememberQuestion } from './flows.ts'

type Campaign = Extract<ProgramDefinition['commission'], { type: 'campaigns' }>['campaigns'][number]

/** A campaign as the partner chooses it: its name and its commission. */
export const campaignLine = (t: Translate, language: string, campaign: Campaign, currency: string) =>
  `${campaignName(campaign, language)} — ${campaignCommission(t, language, campaign, currency)}`

/**
 * Asks the partner which of `offered` campaigns to join: one toggle button per campaign (its name and
 * commission), and "Join" that accepts only a choice of at least one. Each press edits the same message's
 * buttons; a press on an older question's buttons is answered as expired. Returns the chosen keys, in the
 * definition's order.
 */
export async function chooseCampaigns(
  conversation: Conversation<BotContext, Context>,
  ctx: Context,
  t: Translate,
  language: string,
  program: ProgramDefinition,
  offered: Campaign[],
): Promise<string[]> {
  const currency = program.currencies[0]!
  const nonce = Math.floor((await conversation.random()) * 36 ** 6).toString(36)
  const values = [...offered.map((_, i) => `t${i}`), 'ok']
  const chosen = new Set<number>()
  const keyboard = () => {
    const k = new InlineKeyboard()
    offered.forEach((c, i) => {
      const mark = chosen.has(i) ? '✅' : '▫️'
      k.text(`${mark} ${campaignLine(t, language, c, currency)}`, questionData(QUESTIONS.campaigns, nonce, `t${i}`))
      k.row()
    })
    return k.text(t('campaigns.join_chosen'), questionData(QUESTIONS.campaigns, nonce, 'ok'))
  }
  const list = offered.map((c) => `• ${campaignLine(t, language, c, currency)}`).join('\n')
  const text = `${t('campaigns.choose', { program: programName(program, language) })}\n\n${list}`
  const asked = await ctx.reply(text, { reply_markup: keyboard() })
  await rememberQuestion(conversation, asked.message_id)
  for (;;) {
    const press = await conversation
      .waitFor('callback_query:data', { otherwise: (c) => c.reply(t('payout.flow.use_buttons')) })
      .and((c) => questionAnswer(QUESTIONS.campaigns, nonce, c.callbackQuery.data, values) !== 'other_question', {
        otherwise: (c) => answerStaleButton(c, t('flows.expired')),
      })
      .and((c) => questionAnswer(QUESTIONS.campaigns, nonce, c.callbackQuery.data, values) !== undefined, {
        otherwise: (c) => answerStaleButton(c, t('unhandled.button')),
      })
    const value = questionAnswer(QUESTIONS.campaigns, nonce, press.callbackQuery.data, values) as string
    if (value === 'ok') {
      if (!chosen.size) {
        await press.answerCallbackQuery({ text: t('campaigns.choose_one'), show_alert: true })
        continue
      }
      await press.answerCallbackQuery()
      const picked = offered.filter((_, i) => chosen.has(i))
      await markChosen(press, text, picked.map((c) => campaignName(c, language)).join(', '))
      return picked.map((c) => c.key)
    }
    const i = Number(value.slice(1))
    if (chosen.has(i)) chosen.delete(i)
    else chosen.add(i)
    await press.answerCallbackQuery()
    await press.editMessageReplyMarkup({ reply_markup: keyboard() }).catch(() => {})
  }
}

/** At join: a network program's partner chooses among all its campaigns; other programs have none to choose. */
export async function campaignsAtJoin(
  conversation: Conversation<BotContext, Context>,
  ctx: Context,
  t: Translate,
  language: string,
  program: ProgramDefinition,
): Promise<string[] | undefined> {
  if (program.commission.type !== 'campaigns') return undefined
  return chooseCampaigns(conversation, ctx, t, language, program, program.commission.campaigns)
}
