import type { Conversation } from '@grammyjs/conversations'
import { Composer, type Context } from 'grammy'
import type { PayoutMethod } from '../../../core/domain/payouts.ts'
import { cutText } from '../../../core/domain/text.ts'
import { programName } from '../../../core/programs/names.ts'
import type { PayoutInput } from '../../../core/use-cases/payouts.ts'
import type { I18n, Translate } from '../../i18n/index.ts'
import { readTypedAmount } from '../../i18n/typed-amount.ts'
import { reasonText } from '../../shared/reasons.ts'
import { accountBlock, blockLines } from '../../shared/suspension.ts'
import { answerStaleButton, askWithButtons, pressedOr } from '../ask.ts'
import { CALLBACKS, onCallback, QUESTIONS } from '../callbacks.ts'
import type { BotContext } from '../context.ts'
import type { ConversationStore } from '../conversation-store.ts'
import { detailsRefusalText, standInOutcome } from '../details-intake.ts'
import { enterFlow, refuseDetails, withoutDetails } from '../flows.ts'
import { amount, longDate } from '../format.ts'
import { confirmAndRequest } from './payout-confirm.ts'
import { attempt, notPayableText, type Option, type Program, payableNow, refusal } from './payout-preview.ts'

type Convo = Conversation<BotContext, Context>
type Requests = ConversationStore['detailsRequests']
/** The payout being put together: program, currency and method; the amount is added once chosen. */
export type Base = Required<Pick<PayoutInput, 'partnerId' | 'programKey' | 'currency' | 'method'>>

/** What every step of one /payout conversation works with. */
export interface Flow {
  conversation: Convo
  ctx: Context
  t: Translate
  lang: string
  ask: ReturnType<typeof askWithButtons>
  partnerId: string
}

/**
 * /payout: program, currency and method, payment details (saved ones or new), amount, then the preview with fee,
 * tax, net and the date, and only on confirmation the request. Every core call is a `conversation.external`, so
 * a replay never calls core twice; the Idempotency-Key is the Confirm message's (payout-confirm.ts). New payment details are
 * taken by details-intake.ts before this conversation sees them, so they are never part of its state.
 */
export function payoutConversation(i18n: I18n, requests: Requests) {
  /** `detailsFor`: only new payment details for this method (/settings), nothing requested. */
  return async function payout(conversation: Convo, ctx: Context, detailsFor?: PayoutMethod) {
    const telegramId = ctx.from?.id
    if (!telegramId || !ctx.chat) return
    const chat = String(ctx.chat.id)
    const me = await conversation.external(async (o) => {
      // a request an earlier flow left behind (it failed half-way) must not take this flow's texts
      await requests.clear(chat)
      return { lang: o.lang, partner: o.partner ?? null }
    })
    const t = i18n.t(me.lang)
    if (!me.partner) {
      await ctx.reply(t('payout.flow.not_partner'))
      return
    }
    const partnerId = me.partner.partnerId
    const enrolments = me.partner.enrolments
    const programs = await conversation.external((o) => o.core.payouts.choices(enrolments))
    if (!programs.length) {
      // an application the company has not decided yet, or a blocked account (with the block's end and reason, the
      // notice's words), is why, not "none can pay you"
      const why = await elsewhereTexts(conversation, t, me.lang, partnerId, enrolments)
      await ctx.reply(why.length ? why.join('\n\n') : t('payout.flow.no_programs'))
      return
    }
    const ask = askWithButtons(conversation, ctx, t, QUESTIONS.payout)
    const flow: Flow = { conversation, ctx, t, lang: me.lang, ask, partnerId }
    if (detailsFor) {
      // entered from /settings: the programs that cannot pay now (an application awaiting approval, a blocked account
      // with the block's end and reason) are named as /payout names them, before the details are asked for
      const elsewhere = await elsewhereTexts(conversation, t, me.lang, partnerId, enrolments)
      if (elsewhere.length) await ctx.reply(elsewhere.join('\n\n'))
      // saving them puts them before finance where a program pays only to agreed details (melbet 8.1)
      await enterDetails(flow, requests, detailsFor)
      return
    }

    if (await offerCancel(flow, programs)) return
    // what can be paid now, before anything is asked: minimum, holds, blocks and the balance, per method
    const options = await conversation.external((o) => payableNow(o.core, partnerId, programs))
    const payable = options.filter((x) => x.methods.some((m) => m.ok))
    // a program with the application still awaiting approval, or blocking the account (with the block's end and
    // reason), is named, not silently left out of the choice
    const elsewhere = await elsewhereTexts(conversation, t, me.lang, partnerId, enrolments)
    if (!payable.length) {
      const named = programs.length > 1 || elsewhere.length > 0
      await ctx.reply([notPayableText(t, me.lang, programs, options, undefined, named), ...elsewhere].join('\n\n'))
      await offerDetailsAhead(flow, requests, programs, options)
      return
    }
    const { prog, currency, method, needsDetails, refused } = await choose(flow, programs, options, elsewhere)
    if (needsDetails && !(await ensureDetails(flow, requests, method, refused))) return
    const base: Base = { partnerId, programKey: prog.key, currency, method }
    const chosen = await chooseAmount(flow, prog, base)
    if (!chosen) return
    await confirmAndRequest(flow, prog, base, chosen, telegramId)
  }
}

/** /settings -> payment details -> new ones for a method: the /payout flow, for the details only (after it is registered). */
export const newDetailsFeature = new Composer<BotContext>()
onCallback(newDetailsFeature, CALLBACKS.newDetails, async (ctx, { method }) => {
  await ctx.answerCallbackQuery()
  if (ctx.chat?.type !== 'private') return
  if (!ctx.partner) return ctx.reply(ctx.t('start.not_partner'))
  // only a method one of the partner's programs pays to details with (a forged button is answered as stale)
  const offered = ctx.core.payouts
    .choices(ctx.partner.enrolments)
    .some((p) => p.methods.some((m) => m.method === method && m.needsDetails))
  if (!offered) return ctx.reply(ctx.t('unhandled.button'))
  await enterFlow(ctx, 'payout', method)
})

/**
 * Nothing is payable yet, and a method pays only to details the manager has agreed, none saved: the partner may
 * enter them now (saving them puts them before finance), so that they are agreed by the time there is money.
 */
async function offerDetailsAhead(flow: Flow, requests: Requests, programs: Program[], options: Option[]) {
  const { ctx, t, lang, ask } = flow
  const option = options.find((o) => o.methods.some((m) => m.ahead))
  const method = option?.methods.find((m) => m.ahead)?.method
  if (!option || !method) return
  const prog = programs.find((p) => p.key === option.program)!
  const choice = await ask(
    t('payout.flow.agree_ahead', {
      method: t(`payout.method.${method}` as 'payout.method.bank'),
      program: programName(prog, lang),
    }),
    [
      [t('payout.flow.agree_ahead_enter'), 'enter'],
      [t('payout.flow.agree_ahead_later'), 'later'],
    ],
  )
  if (choice !== 'enter') {
    await ctx.reply(t('payout.flow.cancelled'))
    return
  }
  if (await enterDetails(flow, requests, method)) await ctx.reply(t('payout.flow.agree_ahead_saved'))
}

/**
 * A request still waiting can be cancelled here (its money goes back to the balance): each is offered in turn.
 * True when one was cancelled (or could not be): the conversation ends there.
 */
async function offerCancel({ conversation, ctx, t, lang, ask, partnerId }: Flow, programs: Program[]) {
  const open = await conversation.external((o) => o.core.payouts.cancellable(partnerId))
  for (const p of open) {
    const zone = programs.find((x) => x.key === p.program)?.timeZone ?? 'UTC'
    // a request under review has no date to promise and cannot be cancelled: the review decides it, and the partner
    // reads why
    if (p.status === 'needs_review') {
      const reason = reasonText(t, p.reason ?? 'review')
      await ctx.reply(t('payout.flow.under_review_kept', { amount: amount(lang, p.gross, p.currency), reason }))
      continue
    }
    const question = t('payout.flow.open_request', {
      amount: amount(lang, p.gross, p.currency),
      date: p.expectedAt ? longDate(p.expectedAt, lang, zone) : '—',
    })
    const choice = await ask(question, [
      [t('payout.flow.cancel_request'), 'cancel'],
      [t('payout.flow.keep_request'), 'keep'],
    ])
    if (choice !== 'cancel') continue
    const done = await conversation.external(async (o) =>
      attempt(() =>
        o.core.payouts.decide({
          payoutId: p.id,
          action: 'cancel',
          reason: 'partner_request',
          actor: 'telegram',
          partnerId,
          answeredInChat: true,
        }),
      ),
    )
    await ctx.reply(done.refusal ? t('payout.flow.cannot_cancel') : t('payout.flow.request_cancelled'))
    return true
  }
  return false
}

/**
 * Program, currency and method among those that pay now, each asked only when there is more than one to choose from;
 * a method of the chosen program that does not pay now is named with the reason (quantower: money below the minimum
 * can still be spent on licences, which have none).
 */
async function choose({ ctx, t, lang, ask }: Flow, programs: Program[], options: Option[], elsewhere: string[]) {
  const payable = options.filter((o) => o.methods.some((m) => m.ok))
  const keys = programs.filter((p) => payable.some((o) => o.program === p.key))
  const chosenKey =
    keys.length === 1
      ? keys[0]!.key
      : await ask(
          [...elsewhere, t('payout.flow.choose_program')].join('\n\n'),
          keys.map((p) => [programName(p, lang), p.key]),
        )
  const prog = programs.find((p) => p.key === chosenKey)!
  // one program of several pays now: it is named, and why the others do not (a blocked one with its block, an
  // application with its approval awaited)
  if (keys.length === 1 && (programs.length > 1 || elsewhere.length)) {
    const others = options.filter((o) => o.program !== prog.key)
    const heading = t('payout.flow.only_program', { program: programName(prog, lang) })
    await ctx.reply([notPayableText(t, lang, programs, others, heading), ...elsewhere].join('\n\n'))
  }
  const currencies = payable.filter((o) => o.program === prog.key).map((o) => o.currency)
  const currency =
    currencies.length === 1
      ? currencies[0]!
      : await ask(
          t('payout.flow.choose_currency'),
          currencies.map((c) => [c, c]),
        )
  const option = payable.find((o) => o.program === prog.key && o.currency === currency)!
  const methods = option.methods.filter((m) => m.ok)
  const notNow = option.methods
    .filter((m) => !m.ok)
    .map((m) =>
      t('payout.flow.method_not_now', {
        method: t(`payout.method.${m.method}` as 'payout.method.bank'),
        reason: refusal(t, lang, prog, m.refusal!),
      }),
    )
  if (notNow.length && methods.length === 1)
    await ctx.reply(
      [
        ...notNow,
        t('payout.flow.method_only', { method: t(`payout.method.${methods[0]!.method}` as 'payout.method.bank') }),
      ].join('\n'),
    )
  const chosenMethod =
    methods.length === 1
      ? methods[0]!.method
      : await ask(
          [...notNow, t('payout.flow.choose_method')].join('\n'),
          methods.map((m) => [t(`payout.method.${m.method}` as 'payout.method.bank'), m.method]),
        )
  const { method, needsDetails, refused } = methods.find((m) => m.method === chosenMethod)!
  return { prog, currency, method, needsDetails, refused }
}

/**
 * The saved payment details for the method, if the partner keeps them, else new ones; details the manager refused
 * (`refused`) are not offered. False when none came.
 */
async function ensureDetails(flow: Flow, requests: Requests, method: PayoutMethod, refused = false) {
  const { conversation, t, ask, partnerId } = flow
  const saved = !refused && (await conversation.external((o) => o.core.payouts.savedDetails(partnerId, method)))
  const useSaved =
    saved &&
    (await ask(t('payout.flow.saved_details', { details: saved.mask }), [
      [t('payout.flow.use_saved'), 'saved'],
      [t('payout.flow.enter_new'), 'new'],
    ])) === 'saved'
  if (useSaved) return true
  return enterDetails(flow, requests, method)
}

/**
 * The amount: everything available, or one the partner types (up to three tries, each previewed by core).
 * Null when the payout cannot go on (refused, or three refused amounts).
 */
async function chooseAmount({ conversation, ctx, t, lang, ask }: Flow, prog: Program, base: Base) {
  const first = await conversation.external(async (o) => attempt(() => o.core.payouts.preview(base)))
  if (first.refusal) {
    await ctx.reply(refusal(t, lang, prog, first.refusal))
    return null
  }
  const preview = first.preview!
  const how = await ask(t('payout.flow.choose_amount', { available: amount(lang, preview.available, base.currency) }), [
    [t('payout.flow.all', { available: amount(lang, preview.available, base.currency) }), 'all'],
    [t('payout.flow.other_amount'), 'other'],
  ])
  // the amount previewed, not whatever is available when Confirm is pressed (a sale or a refund may come between)
  if (how !== 'other') return { preview, amount: preview.gross }
  for (let tries = 0; ; tries++) {
    await ctx.reply(t('payout.flow.ask_amount'))
    const reply = await conversation
      .waitFor('message:text', { otherwise: pressedOr(t, t('payout.flow.ask_amount')) })
      .and(withoutDetails, { otherwise: (c) => refuseDetails(c, t) })
    // read as the partner's language writes numbers ("1 234,50", "1,234.50"), the payout's currency before or after
    // it ("50 USD", "$50", "50 долларов"); what is no number, or an amount in another currency, changes nothing
    const read = readTypedAmount(lang, reply.message.text)
    const typed = read && (read.currency ?? base.currency) === base.currency ? read.amount : undefined
    const next = typed
      ? await conversation.external(async (o) => attempt(() => o.core.payouts.preview({ ...base, amount: typed })))
      : { refusal: { code: 'money.invalid_amount', data: { amount: cutText(reply.message.text.trim(), 40) } } as const }
    if (next.preview && typed) return { preview: next.preview, amount: typed }
    const why =
      read?.currency && !typed
        ? t('payout.flow.amount_other_currency', { currency: base.currency, typed: read.currency })
        : refusal(t, lang, prog, next.refusal!)
    // the third refused amount ends the flow, and says so
    if (tries >= 2) {
      await ctx.reply(`${why}\n\n${t('payout.flow.gave_up')}`)
      return null
    }
    await ctx.reply(why)
  }
}

/**
 * Asks for new payment details, up to three times. The partner's message never reaches this conversation (its state,
 * with every update it received, is kept in Redis): details-intake.ts hands the text to core and deletes it, and
 * this wait receives a stand-in carrying the request's nonce and the outcome.
 */
async function enterDetails(
  { conversation, ctx, t, lang, partnerId }: Flow,
  requests: Requests,
  method: PayoutMethod,
): Promise<boolean> {
  const chat = String(ctx.chat!.id)
  const ask = t(method === 'bank' ? 'payout.flow.ask_iban' : 'payout.flow.ask_email')
  for (let tries = 0; tries < 3; tries++) {
    const nonce = await conversation.external(async () => {
      const request = { partnerId, method, nonce: crypto.randomUUID() }
      await requests.set(chat, request)
      return request.nonce
    })
    await ctx.reply(ask)
    const reply = await conversation.waitUntil((c) => standInOutcome(nonce, c.message?.text) !== undefined, {
      otherwise: async (c) => {
        // a button of an earlier message: answered, so it does not spin; the flow keeps waiting for the details
        if (c.callbackQuery) return answerStaleButton(c, t('flows.expired'))
        const text = c.message?.text
        if (text !== undefined && !text.startsWith('/')) {
          // the intake did not take it (its request was lost): keep it out of the chat, and ask again with the
          // request in place; this update is not kept by the conversation
          await c.deleteMessage().catch(() => {})
          await requests.set(chat, { partnerId, method, nonce })
        }
        await c.reply(text === undefined ? t('payout.flow.use_text') : ask)
      },
    })
    const outcome = standInOutcome(nonce, reply.message?.text)!
    const mask = await conversation.external(async (o) => {
      await requests.clear(chat)
      return outcome === 'saved' ? ((await o.core.payouts.savedDetails(partnerId, method))?.mask ?? '') : null
    })
    if (outcome === 'saved') {
      await ctx.reply(t('payout.flow.details_saved', { details: mask ?? '' }))
      return true
    }
    // which check failed, so the partner knows what to fix; nothing of what they typed
    const why = detailsRefusalText(t, lang, method, outcome.refused)
    // the third refused details end the flow, and say so
    await ctx.reply(tries < 2 ? why : `${why}\n\n${t('payout.flow.gave_up')}`)
  }
  return false
}

/**
 * Each program that is not among the choices though the partner is in it: an application the company has not
 * decided yet (payouts possible once approved), then an account blocked there (payouts on hold until the block is
 * lifted, with the block's end and reason, the notice's words). Every way into the payout flow says them: /payout
 * (beside what can be paid, or alone when nothing can), and /settings' button for new payment details.
 */
async function elsewhereTexts(
  conversation: Convo,
  t: Translate,
  lang: string,
  partnerId: string,
  enrolments: readonly { programKey: string; status: string }[],
) {
  const applied = enrolments.filter((x) => x.status === 'applied')
  const blocked = enrolments.filter((x) => x.status === 'blocked')
  if (!applied.length && !blocked.length) return []
  return conversation.external(async (o) => {
    const out = applied.map((e) =>
      t('applications.pending_payout', { program: programName(o.core.programs.get(e.programKey), lang, e.programKey) }),
    )
    for (const e of blocked) {
      const program = o.core.programs.get(e.programKey)
      const block = accountBlock(await o.core.sanctions.active(partnerId, e.programKey))
      const name = programName(program, lang, e.programKey)
      const lines = blockLines(t, lang, block, program?.timeZone ?? 'UTC')
      out.push([t('payout.flow.blocked', { program: name }), ...lines].join('\n'))
    }
    return out
  })
}
