import type { MiddlewareFn } from 'grammy'
import { type DomainError, isDomainError } from '../../core/domain/errors.ts'
import type { DetailsProblem } from '../../core/domain/payment-details.ts'
import type { PayoutMethod } from '../../core/domain/payouts.ts'
import { NO_PROGRAMS } from '../i18n/errors.ts'
import type { Translate } from '../i18n/index.ts'
import type { BotContext } from './context.ts'
import type { ConversationStore } from './conversation-store.ts'
import { activeFlow, dropQuestionButtons } from './flows.ts'
import { partnerErrorText } from './format.ts'

/** Saved, or refused and why (which check failed: at most the IBAN's country code, which the mask shows too). */
export type DetailsOutcome = 'saved' | { refused: DetailsProblem }

/**
 * The text a conversation receives in place of a message that carried payment details: the request's nonce (never
 * shown to the partner, so it cannot be typed) and whether core saved them, or which check refused them. Nothing of
 * the details themselves.
 */
export const detailsStandIn = (nonce: string, outcome: DetailsOutcome) =>
  `${standInPrefix(nonce)}${outcome === 'saved' ? 'saved' : `invalid:${JSON.stringify(outcome.refused)}`}`

const standInPrefix = (nonce: string) => `\u2063payment-details:${nonce}:`

/** The outcome a stand-in for this nonce carries; undefined for any other text. */
export function standInOutcome(nonce: string, text: string | undefined): DetailsOutcome | undefined {
  if (!text?.startsWith(standInPrefix(nonce))) return undefined
  const rest = text.slice(standInPrefix(nonce).length)
  if (rest === 'saved') return 'saved'
  // a flow stored before refusals said why replays its stand-in as it was written then
  if (rest === 'invalid') return { refused: { problem: 'other' } }
  if (!rest.startsWith('invalid:')) return undefined
  try {
    return { refused: JSON.parse(rest.slice('invalid:'.length)) as DetailsProblem }
  } catch {
    return { refused: { problem: 'other' } }
  }
}

/**
 * Why the partner's payment details were refused, in their words: which check failed (an IBAN's country, its
 * length for that country, its check digits; an e-mail address), or, for anything else, that they are not valid.
 */
export function detailsRefusalText(t: Translate, lang: string, method: PayoutMethod, p: DetailsProblem): string {
  const words = (key: 'iban_country' | 'iban_short' | 'iban_long', values: { country: string; count?: number }) =>
    t(`payout.flow.details_invalid.${key}`, values)
  switch (p.problem) {
    case 'iban_format':
      return t('payout.flow.details_invalid.iban_format')
    case 'iban_checksum':
      return t('payout.flow.details_invalid.iban_checksum')
    case 'email':
      return t('payout.flow.details_invalid.email')
    case 'iban_country':
      return words('iban_country', { country: p.country })
    case 'iban_length':
      return words(p.given < p.expected ? 'iban_short' : 'iban_long', { country: p.country, count: p.expected })
    default:
      return partnerErrorText(
        t,
        lang,
        { code: 'payout.details_invalid', data: { method, issues: [] } },
        { programs: NO_PROGRAMS },
      )
  }
}

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
      outcome = { refused: refusedFor(e) }
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
          : `${detailsRefusalText(ctx.t, ctx.lang, request.method, outcome === 'saved' ? { problem: 'other' } : outcome.refused)}\n${ctx.t('payout.flow.resume')}`,
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

/** Which check refused the details, from core's refusal: only its reason fields, never anything the partner typed. */
function refusedFor(e: DomainError): DetailsProblem {
  if (e.code !== 'payout.details_invalid') return { problem: 'other' }
  const d = e.data as Partial<Record<'problem' | 'country' | 'expected' | 'given', unknown>>
  const country = typeof d.country === 'string' && /^[A-Z]{2}$/.test(d.country) ? d.country : ''
  if (d.problem === 'iban_length' && country && typeof d.expected === 'number' && typeof d.given === 'number')
    return { problem: 'iban_length', country, expected: d.expected, given: d.given }
  if (d.problem === 'iban_country' && country) return { problem: 'iban_country', country }
  if (d.problem === 'iban_format' || d.problem === 'iban_checksum' || d.problem === 'email')
    return { problem: d.problem }
  return { problem: 'other' }
}
