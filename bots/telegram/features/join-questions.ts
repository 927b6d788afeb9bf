import type { Conversation } from '@grammyjs/conversations'
import type { Context } from 'grammy'
import { cutText, UNSTORABLE } from '../../../core/domain/text.ts'
import type { ProgramDefinition } from '../../../core/programs/definition.ts'
import { programName } from '../../../core/programs/names.ts'
import type { Translate } from '../../i18n/index.ts'
import { askWithButtons, pressedOr } from '../ask.ts'
import { QUESTIONS } from '../callbacks.ts'
import type { BotContext } from '../context.ts'
import { refuseDetails, withoutDetails } from '../flows.ts'

type Convo = Conversation<BotContext, Context>

/** The longest account id an enrolment keeps (enrolments.own_account_id). */
const MAX_ACCOUNT_ID = 256
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const CONTROL = /[\u0000-\u001f\u007f]/

/** One line of storable text, no longer than an enrolment keeps. */
const usableAccountId = (s: string) =>
  s.length > 0 && s.length <= MAX_ACCOUNT_ID && !CONTROL.test(s) && !UNSTORABLE.test(s)

/** What a program asks when joining, from its definition (enrolment.*); null when the partner may not join. */
export interface JoinAnswers {
  answers: Record<string, string | boolean>
  ownAccountId?: string
}

/**
 * The program's own questions at join: the minimum age (melbet, worksection: 18+), traffic sources (melbet) and the
 * partner's own account in the program's product (worksection). Null: the partner is under the age and was told.
 */
export async function askProgramQuestions(
  conversation: Convo,
  ctx: Context,
  t: Translate,
  language: string,
  program: ProgramDefinition,
): Promise<JoinAnswers | null> {
  const answers: Record<string, string | boolean> = {}
  const age = program.enrolment.minimumAge
  if (age) {
    const ask = askWithButtons(conversation, ctx, t, QUESTIONS.join)
    const adult = await ask(t('join.age', { count: age }), [
      [t('join.age_yes', { count: age }), 'yes'],
      [t('join.age_no'), 'no'],
    ])
    if (adult !== 'yes') {
      await ctx.reply(t('join.age_refused', { program: programName(program, language) }))
      return null
    }
    answers.ageConfirmed = true
  }
  if (program.enrolment.askTrafficSources) {
    await ctx.reply(t('join.traffic'))
    const text = (await typedText(conversation, t)).message.text.trim()
    answers.trafficSources = cutText(text, 2000)
  }
  if (!program.enrolment.askOwnAccount) return { answers }
  const ownAccountId = await askOwnAccount(conversation, ctx, t, programName(program, language))
  // also among the answers, so that whoever reviews an application sees it
  answers.ownAccount = ownAccountId
  return { answers, ownAccountId }
}

/**
 * Asks the partner for its own account in the program's product (enrolment.askOwnAccount): events whose customer is
 * that account are self-referral (worksection-referral 3.3.5). Anything that cannot be an account id is asked again.
 */
async function askOwnAccount(conversation: Convo, ctx: Context, t: Translate, program: string): Promise<string> {
  await ctx.reply(t('join.own_account', { program }))
  for (;;) {
    const typed = (await typedText(conversation, t)).message.text.trim()
    if (usableAccountId(typed)) return typed
    await ctx.reply(t('join.own_account_invalid'))
  }
}

/**
 * The partner's next typed message, for a question answered in words: a photo, a sticker or a voice message is told
 * that a text is wanted, an old button that it belongs to an earlier question; the question keeps waiting.
 */
export const typedText = (conversation: Convo, t: Translate) =>
  conversation
    .waitFor('message:text', {
      otherwise: pressedOr(t, t('join.type_answer')),
    })
    .and(withoutDetails, { otherwise: (c) => refuseDetails(c, t) })
