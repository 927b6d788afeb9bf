import type { MiddlewareFn } from 'grammy'
import { isDomainError } from '../../core/domain/errors.ts'
import type { BotContext } from './context.ts'
import type { ConversationStore } from './conversation-store.ts'
import { activeFlow, dropQuestionButtons } from './flows.ts'
import { partnerErrorText } from './format.ts'

export type DetailsOutcome = 'saved' | 'invalid'

/**
 * The text a conversation receives in place of a message that carried payment details: the request's nonce (never
 * shown to the partner, so it cannot be typed) and whether core saved them. Nothing of the details themselves.
 */
export const detailsStandIn = (nonce: string, outcome: DetailsOutcome) => `\u2063payment-details:${nonce}:${outcome}`

/**
 * Takes payment details out of the chat before any conversation sees them. The conversations plugin stores every
 * update a flow receives (to replay it), so a message with an IBAN that a flow waited for would sit in Redis with
 * the flow. While the chat has a details request (the /payout flow set it and waits), its next text message goes
 * straight to core, encrypted there, and is deleted from the chat; the flow then receives a stand-in with the
 * outcome only. A command passes through (/cancel still cancels). Mount after conversations() and before the flows.
 */
export function detailsIntake(requests: ConversationStore['detailsRequests']): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const message = ctx.update.message
    const text = message?.text
    if (!message || text === undefined || text.startsWith('/') || message.chat.type !== 'private') return next()
    const request = await requests.get(String(message.chat.id))
    if (!request || request.partnerId !== ctx.partner?.partnerId) return next()
    // another flow took the chat over: the request was the payout flow's, and this text is the other flow's
    const other = activeFlow(ctx)
    if (other !== undefined && other !== 'payout') {
      await requests.clear(String(message.chat.id))
      return next()
    }
    // the flow that asked is gone (its state lost while its request was kept): the details are still taken out of
    // the chat and saved, and the partner is told how to go on
    const orphan = !ctx.conversation.active('payout')

    let outcome: DetailsOutcome
    try {
      const details = request.method === 'bank' ? { iban: text.trim() } : { email: text.trim() }
      await ctx.core.payouts.saveDetails({
        partnerId: request.partnerId,
        method: request.method,
        details,
        actor: 'telegram',
      })
      outcome = 'saved'
    } catch (e) {
      // an outage: the flow keeps waiting and the partner is told to try again (the error boundary)
      if (!isDomainError(e) || e.code === 'service.unavailable') throw e
      outcome = 'invalid'
    } finally {
      // the message held the details: take it out of the chat history whatever core said
      await ctx.api.deleteMessage(message.chat.id, message.message_id).catch((err) => {
        ctx.log.warn({ err }, 'could not delete the message with payment details')
      })
    }
    if (orphan) {
      await requests.clear(String(message.chat.id))
      await dropQuestionButtons(ctx)
      const saved = outcome === 'saved' ? await ctx.core.payouts.savedDetails(request.partnerId, request.method) : null
      await ctx.reply(
        saved
          ? `${ctx.t('payout.flow.details_saved', { details: saved.mask })}\n${ctx.t('payout.flow.resume')}`
          : `${partnerErrorText(ctx.t, ctx.lang, { code: 'payout.details_invalid', data: { method: request.method, issues: [] } }, { programs: ctx.core.programs })}\n${ctx.t('payout.flow.resume')}`,
      )
      return
    }
    ctx.update.message = {
      message_id: message.message_id,
      date: message.date,
      chat: message.chat,
      from: message.from,
      text: detailsStandIn(request.nonce, outcome),
    }
    await next()
  }
}
