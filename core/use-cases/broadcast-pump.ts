import type { Clock } from '../ports/clock.ts'
import type { TermsStore } from '../ports/terms-store.ts'
import { announceWithdrawal, startPump } from './broadcasts.ts'
import type { TermsDeps } from './terms.ts'

/** The broadcast pump's side of a broadcast: claim deliveries, start them, finish them, recover, complete. */
export interface BroadcastPump {
  broadcast: TermsStore['broadcast']
  /** Up to `n` pending deliveries not in `held`; each is sent only once `start` says so. */
  claim(broadcastId: string, n: number, held?: bigint[]): ReturnType<TermsStore['claim']>
  /** Right before its message is sent: the delivery's tries, or null when it must not be sent (see TermsStore). */
  start(broadcastId: string, deliveryId: bigint): ReturnType<TermsStore['start']>
  /**
   * The delivery reached its partner. Should the broadcast have been cancelled while it was in flight (its change
   * withdrawn), the partner hears of the withdrawal now, after the change and never before it.
   */
  sent(broadcastId: string, d: { id: bigint; partnerId: string }, messageId: number): Promise<void>
  finish(
    id: bigint,
    status: 'sent' | 'failed' | 'blocked' | 'pending',
    info?: { messageId?: number; error?: string },
  ): ReturnType<TermsStore['finish']>
  requeueSending: TermsStore['requeueSending']
  /** A partner Telegram says is gone (blocked the bot, deleted the account). */
  markUnreachable(partnerId: string): ReturnType<TermsStore['markUnreachable']>
  running: TermsStore['running']
  setMessage: TermsStore['setBroadcastMessage']
  /** Completes a running broadcast once no delivery is pending or sending (compare-and-set). */
  complete(id: string): Promise<boolean>
  /** The minute sweep: every running broadcast has its pump queued (a no-op while one is queued or running). */
  ensurePumps(): Promise<number>
}

export function broadcastPump(deps: TermsDeps & { clock: Clock }): BroadcastPump {
  const store = deps.terms
  return {
    broadcast: (id) => store.broadcast(id),
    claim: (broadcastId, n, held) => store.claim(broadcastId, n, deps.clock.now(), held),
    start: (broadcastId, deliveryId) => store.start(broadcastId, deliveryId, deps.clock.now()),
    sent: async (broadcastId, d, messageId) => {
      await store.finish(d.id, 'sent', deps.clock.now(), { messageId })
      // read after the cancel under way, if any: it either saw this delivery sent (and told the partner) or is
      // seen here
      if ((await store.settledStatus(broadcastId)) !== 'cancelled') return
      await store.transaction(async (tx) => {
        const b = await tx.lockBroadcast(broadcastId)
        const v = b?.termsVersionId ? await tx.lockVersion(b.termsVersionId) : null
        if (v?.withdrawnAt) await announceWithdrawal(tx, v.id, d.partnerId)
      })
    },
    finish: (id, status, info) => store.finish(id, status, deps.clock.now(), info),
    requeueSending: (broadcastId) => store.requeueSending(broadcastId),
    markUnreachable: (partnerId) => store.markUnreachable(partnerId, deps.clock.now()),
    running: () => store.running(),
    setMessage: (id, channel, ts) => store.setBroadcastMessage(id, channel, ts),
    complete: (id) =>
      store.transaction(async (tx) => {
        const b = await tx.lockBroadcast(id)
        if (b?.status !== 'running') return false
        if ((await tx.unfinished(id)) > 0) return false
        await tx.setBroadcastStatus(id, 'completed', deps.clock.now())
        return true
      }),
    ensurePumps: async () => {
      const running = await store.running()
      for (const b of running) await startPump(deps, b.id)
      return running.length
    },
  }
}
