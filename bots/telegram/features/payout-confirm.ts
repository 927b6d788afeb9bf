import { programName } from '../../../core/programs/names.ts'
import type { PayoutPreview } from '../../../core/use-cases/payouts.ts'
import { amount, longDate } from '../format.ts'
import type { Base, Flow } from './payout.ts'
import { attempt, type Program, previewText, refusal } from './payout-preview.ts'

/**
 * The preview to confirm, then the request, and what the partner will receive when. The Idempotency-Key is the
 * Confirm message's (chat, program, message id), not one drawn at the press: a second tap on the same Confirm that
 * another instance handles at the same time (it replays the same flow from Redis, at the same question) requests
 * under the same key, so core answers it as a replay of the first instead of making a second payout; that tap is
 * told the request was already received, and no second confirmation is written.
 */
export async function confirmAndRequest(
  { conversation, ctx, t, lang, ask }: Flow,
  prog: Program,
  base: Base,
  chosen: { preview: PayoutPreview; amount: string },
  telegramId: number,
) {
  const confirmed = await ask.pressed(previewText(t, lang, prog, chosen.preview), [
    [t('payout.flow.confirm'), 'confirm'],
    [t('payout.flow.cancel'), 'cancel'],
  ])
  if (confirmed.value !== 'confirm') {
    await confirmed.settle()
    await ctx.reply(t('payout.flow.cancelled'))
    return
  }
  const key = `tg-${telegramId}-${prog.key}-${confirmed.messageId}`
  const done = await conversation.external(async (o) =>
    attempt(async () => {
      const r = await o.core.payouts.request({
        ...base,
        amount: chosen.amount,
        idempotencyKey: key,
        actor: 'telegram',
        answeredInChat: true,
      })
      return { payout: r.body.payout, replayed: r.replayed }
    }),
  )
  if (done.preview?.replayed) {
    await confirmed.settle(t('payout.flow.already_requested'))
    return
  }
  await confirmed.settle()
  if (done.refusal) {
    await ctx.reply(refusal(t, lang, prog, done.refusal))
    return
  }
  const p = done.preview!.payout
  const text = t(p.credit ? 'payout.flow.done_credit' : 'payout.flow.done', {
    net: amount(lang, p.credit ?? p.net, p.currency),
    date: p.expectedAt ? longDate(p.expectedAt, lang, prog.timeZone) : '',
  })
  // paused by the program's team: the date holds only if they resume by then
  await ctx.reply(
    chosen.preview.payoutsPaused ? `${text}\n${t('payout.flow.paused', { program: programName(prog, lang) })}` : text,
  )
}
