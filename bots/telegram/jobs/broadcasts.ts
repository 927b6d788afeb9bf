import { Api, GrammyError, HttpError } from 'grammy'
import type { Logger } from 'pino'
import { objectionDeadline } from '../../../core/domain/terms.ts'
import type { Core } from '../../../core/index.ts'
import type { ClaimedDelivery, TermsVersionRecord } from '../../../core/ports/terms-store.ts'
import type { ProgramDefinition } from '../../../core/programs/definition.ts'
import { programName } from '../../../core/programs/names.ts'
import { type I18n, resolveLanguage, type Translate } from '../../i18n/index.ts'
import { type JobHandlers, PermanentJobFailure } from '../../shared/jobs.ts'
import { canStillObject, type TermsAnswerNote, termsChangeText } from '../../shared/terms-text.ts'
import { objectKeyboard, termsKeyboard } from '../callbacks.ts'
import { localPacers, type Pacers, type SendPacer } from './pacer.ts'

export interface BroadcastDeps {
  core: Core
  i18n: I18n
  logger: Logger
  telegram?: Api
  /** Shows the broadcast's progress where it was published from (the Slack desk), if anywhere. */
  progress?: (broadcastId: string) => Promise<void>
  /** How often the progress is refreshed. */
  progressEveryMs?: number
  /**
   * The sends' pace: shared through Redis by every instance (so all broadcasts together keep BROADCAST_RATE), or
   * this process's own.
   */
  pacers?: Pacers
}

/**
 * A term change as a partner reads it, with Acknowledge and Object under it; an applicant (no agreement yet to
 * acknowledge or object to) reads it without them. A partner who answered it already (in /terms, before it reached
 * them) reads their answer instead, without the buttons of an answer they cannot give: only Object, after an
 * acknowledgement while the program's window to object is open (the core takes that objection), else none.
 */
function termsMessage(
  t: Translate,
  language: string,
  v: TermsVersionRecord,
  programName: string,
  timeZone: string,
  at: Date,
  objection: { windowDays: number; endsAgreement: boolean } | undefined,
  deadline: Date | undefined,
  applicant: boolean,
  answer?: TermsAnswerNote,
) {
  return {
    text: termsChangeText(t, language, v, programName, timeZone, at, objection, deadline, applicant, answer),
    keyboard: applicant
      ? undefined
      : !answer
        ? termsKeyboard(t, v.id)
        : canStillObject(answer, deadline)
          ? objectKeyboard(t, v.id)
          : undefined,
  }
}

/**
 * The message of each language, at the moment it is sent: the window to object runs from when each partner is told
 * (recorded after this moment, so never ending earlier than the message says), so it names its own send's deadline,
 * to the minute it is written in; and once the change's date has come (a rate change applying on publication, a
 * broadcast resumed after it), that it is in force since then. A partner who answered before it reached them gets
 * a message of their own, with their answer and its date.
 */
function messagesOf(deps: BroadcastDeps, version: TermsVersionRecord, program: ProgramDefinition) {
  const messages = new Map<string, { minute: number; inForce: boolean; m: ReturnType<typeof termsMessage> }>()
  return (language: string, applicant = false, answer?: ClaimedDelivery['answer']) => {
    const lang = resolveLanguage(language)
    const now = deps.core.clock.now()
    const deadline = objectionDeadline(program, now)
    const render = (given?: Parameters<typeof termsMessage>[9]) =>
      termsMessage(
        deps.i18n.t(lang),
        lang,
        version,
        programName(program, lang),
        program.timeZone,
        now,
        program.terms.objection,
        deadline,
        applicant,
        given,
      )
    if (answer) {
      // the window of an answer given before the message ran from publication (core/use-cases/terms.ts)
      const closed = objectionDeadline(program, version.publishedAt ?? answer.at)
      return render({ ...answer, late: answer.kind === 'objected' && !!closed && answer.at > closed })
    }
    const minute = deadline ? Math.floor(deadline.getTime() / 60_000) : 0
    const inForce = version.effectiveAt <= now
    const key = applicant ? `${lang}:applicant` : lang
    let cached = messages.get(key)
    if (!cached || cached.minute !== minute || cached.inForce !== inForce) {
      cached = { minute, inForce, m: render() }
      messages.set(key, cached)
    }
    return cached.m
  }
}

/** A delivery that keeps failing for transient reasons (5xx, network) is given up after this many tries. */
const MAX_ATTEMPTS = 20
const TRANSIENT_PAUSE_MS = 5000

/**
 * The `broadcasts` queue: one pump per running broadcast (one at a time, so the rate is global). It claims
 * pending deliveries from the database (SKIP LOCKED), sends them a few in parallel at the broadcast's rate,
 * and records each outcome; pause and cancel are seen before every batch. After a crash, deliveries left
 * `sending` go back to pending: at most those in flight can reach a partner twice.
 */
export function telegramBroadcasts(deps: BroadcastDeps): JobHandlers<'broadcasts'> {
  // the plain Bot API, without the bot's auto-retry: a 429 here pauses the whole pump (see Pacer)
  const api = deps.telegram && new Api(deps.telegram.token, deps.telegram.options)
  const pacers = deps.pacers ?? localPacers()
  return {
    async broadcast({ data }) {
      if (!api) {
        deps.logger.warn({ broadcast: data.broadcastId }, 'broadcast waits: Telegram is off')
        return 'telegram_off'
      }
      return pump(deps, api, pacers, data.broadcastId)
    },
  }
}

/** How often a running pump reads its broadcast's status besides its claims (see watchStatus). */
const STATUS_EVERY_MS = 500

/** What stops a pump: a pause, a cancel or a failure, seen by any of its workers. */
interface PumpState {
  stopped?: string
  failure?: unknown
}

/**
 * A pause or a cancel is seen within STATUS_EVERY_MS even while no batch is being claimed (a 429's wait, the
 * broadcast's last batch): the deliveries held then go back instead of being sent. It is read beside the sends,
 * never between a send's rate slot and the send (a statement there would bunch several instances' sends past the
 * ceiling).
 */
function watchStatus(deps: BroadcastDeps, id: string, state: PumpState) {
  const timer = setInterval(() => {
    void deps.core.terms.pump
      .broadcast(id)
      .then((b) => {
        if (b?.status !== 'running') state.stopped ??= b?.status ?? 'gone'
      })
      .catch(() => {}) // an unreachable database is reported by the claims' own reads
  }, STATUS_EVERY_MS)
  return () => clearInterval(timer)
}

async function pump(deps: BroadcastDeps, api: Api, pacers: Pacers, id: string) {
  const { core } = deps
  const b = await core.terms.pump.broadcast(id)
  if (!b) return 'gone'
  if (b.status !== 'running') {
    await progress(deps, id)
    return b.status
  }
  const requeued = await core.terms.pump.requeueSending(id)
  if (requeued) deps.logger.warn({ broadcast: id, requeued }, 'broadcast resumed after a stop: in-flight sends retried')
  const version = b.termsVersionId ? await core.terms.record(b.termsVersionId) : null
  const program = core.programs.get(b.programKey)
  if (!version || !program) throw new PermanentJobFailure(`broadcast ${id} has no terms version or program`)
  const state: PumpState = {}
  const unwatch = watchStatus(deps, id, state)
  try {
    return await sendAll(
      deps,
      api,
      pacers(b.ratePerSecond, b.paid ? 'paid' : 'free'),
      b,
      state,
      messagesOf(deps, version, program),
    )
  } finally {
    unwatch()
  }
}

/** Sends every pending delivery of a running broadcast; returns how it ended. */
async function sendAll(
  deps: BroadcastDeps,
  api: Api,
  pacer: SendPacer,
  b: { id: string; ratePerSecond: number; paid: boolean },
  state: PumpState,
  messageFor: ReturnType<typeof messagesOf>,
) {
  const { core } = deps
  const id = b.id
  // enough in flight to keep the rate with a slow API (up to ~250 ms a call), never a flood
  const parallel = Math.max(4, Math.ceil(b.ratePerSecond / 4))
  // the progress message is posted at the first batch, then refreshed
  let lastProgress = 0
  const every = deps.progressEveryMs ?? 3000
  // Rounds: a round sends until the claims come back empty; deliveries put back meanwhile (a 429, a network
  // error) are left pending, so another round follows until none is left.
  for (;;) {
    // claimed deliveries wait here; the next batch is claimed while this one is still being sent, so the
    // rate never dips between batches
    const queue: ClaimedDelivery[] = []
    let exhausted = false
    let refilling: Promise<void> | undefined
    const refill = async () => {
      const status = (await core.terms.pump.broadcast(id))?.status ?? 'gone'
      if (status !== 'running') {
        state.stopped ??= status
        return
      }
      const batch = await core.terms.pump.claim(id, parallel * 2)
      if (!batch.length) exhausted = true
      queue.push(...batch)
      if (Date.now() - lastProgress >= every) {
        lastProgress = Date.now()
        await progress(deps, id)
      }
    }
    const worker = async () => {
      for (;;) {
        if (!state.stopped && !exhausted && queue.length < parallel * 2)
          refilling ??= refill()
            .catch((e) => {
              // the database is unreachable: stop this pump; BullMQ retries the job with backoff
              state.failure ??= e
              state.stopped ??= 'error'
            })
            .finally(() => {
              refilling = undefined
            })
        const d = queue.shift()
        if (!d) {
          if (refilling) {
            await refilling
            continue
          }
          return
        }
        await pacer.take()
        try {
          // paused, cancelled or failing meanwhile: what was claimed and not sent goes back
          if (state.stopped) await core.terms.pump.finish(d.id, 'pending')
          else await sendOne(deps, api, pacer, d, messageFor(d.language, d.applicant, d.answer), b.paid)
        } catch (e) {
          state.failure ??= e
          state.stopped ??= 'error'
        }
      }
    }
    // every worker finishes its send before the pump returns or throws: nothing is left half-recorded
    await Promise.all(Array.from({ length: parallel }, worker))
    if (state.failure) throw state.failure
    if (state.stopped) {
      await progress(deps, id)
      return state.stopped
    }
    if (await core.terms.pump.complete(id)) break
    // put-back deliveries remain: wait for any pause Telegram imposed, then another round
    await pacer.take()
  }
  await progress(deps, id)
  return 'completed'
}

async function sendOne(
  deps: BroadcastDeps,
  api: Api,
  pacer: SendPacer,
  d: ClaimedDelivery,
  m: ReturnType<typeof termsMessage>,
  paid: boolean,
) {
  const broadcastPump = deps.core.terms.pump
  if (!d.telegramId) return broadcastPump.finish(d.id, 'failed', { error: 'no_telegram' })
  try {
    const sent = await api.sendMessage(Number(d.telegramId), m.text, {
      reply_markup: m.keyboard,
      ...(paid ? { allow_paid_broadcast: true } : {}),
    })
    await broadcastPump.finish(d.id, 'sent', { messageId: sent.message_id })
  } catch (e) {
    if (e instanceof GrammyError && e.error_code === 429) {
      await pacer.pause((e.parameters.retry_after ?? 1) * 1000)
      return broadcastPump.finish(d.id, 'pending', { error: 'rate_limited' })
    }
    if (e instanceof GrammyError && (e.error_code === 403 || (e.error_code === 400 && GONE.test(e.description)))) {
      // blocked the bot, deactivated, or the chat is gone: nothing will reach them
      await broadcastPump.markUnreachable(d.partnerId)
      return broadcastPump.finish(d.id, 'blocked', { error: e.description })
    }
    if (e instanceof GrammyError && e.error_code >= 400 && e.error_code < 500) {
      // Telegram refuses this message for another reason: recorded, the partner is not marked unreachable
      return broadcastPump.finish(d.id, 'failed', { error: e.description })
    }
    if (e instanceof GrammyError || e instanceof HttpError) {
      // Telegram or the network is down: everyone waits a little, and the delivery is tried again later
      await pacer.pause(TRANSIENT_PAUSE_MS)
      return broadcastPump.finish(d.id, d.attempts >= MAX_ATTEMPTS ? 'failed' : 'pending', { error: e.message })
    }
    throw e
  }
}

/** Bot API descriptions that mean the chat cannot be reached any more. */
const GONE = /chat not found|user is deactivated|bot was blocked|bot was kicked|PEER_ID_INVALID|have no rights/i

/** Shows the broadcast's progress where it was published from (it says nothing when that surface does not answer). */
async function progress(deps: BroadcastDeps, id: string) {
  if (deps.progress) await deps.progress(id)
}
