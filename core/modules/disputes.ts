import type { DisputeStore } from '../ports/dispute-store.ts'
import type { LedgerStore } from '../ports/ledger-store.ts'
import type { PartnerDirectory } from '../ports/partner-directory.ts'
import {
  claimDispute,
  deskView,
  disputeTimer,
  escalateDispute,
  replyToDispute,
  reportUndelivered,
  setDisputeThread,
  sweepDisputeDeadlines,
} from '../use-cases/dispute-desk.ts'
import { resolveDisputeAndCommission } from '../use-cases/dispute-resolution.ts'
import {
  addPartnerMessage,
  disputeSubjects,
  openDispute,
  partnerDispute,
  partnerDisputes,
} from '../use-cases/disputes.ts'
import { disputeNotice } from '../use-cases/notices.ts'
import type { BaseDeps } from './deps.ts'
import type { UseCase } from './use-case.ts'

/** Disputes: a partner opens and follows one in Telegram; the desk claims, answers and resolves it in Slack. */
export interface DisputesModule {
  subjects: UseCase<typeof disputeSubjects>
  open: UseCase<typeof openDispute>
  ofPartner: UseCase<typeof partnerDisputes>
  /** One of the partner's own disputes, by its number. */
  partnerDispute: UseCase<typeof partnerDispute>
  addPartnerMessage: UseCase<typeof addPartnerMessage>
  claim: UseCase<typeof claimDispute>
  escalate: UseCase<typeof escalateDispute>
  reply: UseCase<typeof replyToDispute>
  resolve(input: Parameters<typeof resolveDisputeAndCommission>[1]): ReturnType<typeof resolveDisputeAndCommission>
  timer: UseCase<typeof disputeTimer>
  sweepDeadlines: UseCase<typeof sweepDisputeDeadlines>
  setThread: UseCase<typeof setDisputeThread>
  deskView: UseCase<typeof deskView>
  byThread: DisputeStore['byThread']
  byNumber: DisputeStore['byNumber']
  queue(limit?: number): ReturnType<DisputeStore['queue']>
  openCount: DisputeStore['openCount']
  message: DisputeStore['message']
  /** Where the desk copied a partner's message into Slack (what an erasure then edits and deletes there). */
  deskCopied: DisputeStore['recordDeskCopy']
  /** What a partner is told about their dispute: null when the partner or the dispute is gone. */
  notice: UseCase<typeof disputeNotice>
  /** A notice of support's could not reach the partner: the desk is told in the dispute's thread. */
  undelivered: UseCase<typeof reportUndelivered>
}

export function createDisputes(
  deps: BaseDeps & { disputes: DisputeStore; ledger: LedgerStore; directory: PartnerDirectory },
): DisputesModule {
  const store = deps.disputes
  return {
    subjects: (partnerId, programKey) => disputeSubjects(deps, partnerId, programKey),
    open: (input) => openDispute(deps, input),
    ofPartner: (partnerId) => partnerDisputes(deps, partnerId),
    partnerDispute: (partnerId, number) => partnerDispute(deps, partnerId, number),
    addPartnerMessage: (input) => addPartnerMessage(deps, input),
    claim: (input) => claimDispute(deps, input),
    escalate: (input) => escalateDispute(deps, input),
    reply: (input) => replyToDispute(deps, input),
    resolve: (input) => resolveDisputeAndCommission({ disputes: deps, review: deps }, input),
    timer: (disputeId, kind) => disputeTimer(deps, disputeId, kind),
    sweepDeadlines: () => sweepDisputeDeadlines(deps),
    setThread: (disputeId, channel, ts) => setDisputeThread(deps, disputeId, channel, ts),
    deskView: (disputeId) => deskView(deps, disputeId),
    byThread: (channel, ts) => store.byThread(channel, ts),
    byNumber: (number) => store.byNumber(number),
    queue: (limit = 50) => store.queue(limit),
    openCount: () => store.openCount(),
    message: (id) => store.message(id),
    deskCopied: (messageId, copy) => store.recordDeskCopy(messageId, copy),
    notice: (disputeId, messageId) => disputeNotice(deps, disputeId, messageId),
    undelivered: (input) => reportUndelivered(deps, input),
  }
}
