import type { Clock } from '../ports/clock.ts'
import type { TermsStore } from '../ports/terms-store.ts'
import { startPump } from './broadcasts.ts'
import type { TermsDeps } from './terms.ts'

/** The broadcast pump's side of a broadcast: claim deliveries, finish them, recover, complete. */
export interface BroadcastPump {
  broadcast: TermsStore['broadcast']
  claim(broadcastId: string, n: number): ReturnType<TermsStore['claim']>
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
    claim: (broadcastId, n) => store.claim(broadcastId, n, deps.clock.now()),
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
