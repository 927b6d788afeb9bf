import type { RepeatOptions } from 'bullmq'
import type { Logger } from 'pino'
import type { Core } from '../../core/index.ts'
import type { Queues } from '../../core/infra/queue/bullmq.ts'
import type { JobName, JobOf, JobQueue, QueueName } from '../../core/ports/jobs.ts'
import { DIGEST_EVERY_MS, HEARTBEAT_EVERY_MS } from './system.ts'

/** A repeatable job: its queue, its scheduler id, when it repeats and the job it makes. */
type Schedule = {
  [Q in QueueName]: { queue: Q; id: string; repeat: Omit<RepeatOptions, 'key'>; job: JobOf<Q> }
}[QueueName]
type PayDaySchedule = Extract<Schedule, { queue: 'payouts' }>
const isPayDay = (s: Schedule): s is PayDaySchedule => s.queue === 'payouts' && s.job.name === 'pay_day'

/** Every repeatable job the service runs; pay days per scheduled program, at 06:00 in its own time zone. */
function schedulesOf(core: Core): Schedule[] {
  const system = (
    id: string,
    repeat: Schedule['repeat'],
    name: Exclude<JobName<'system'>, 'agreement_end' | 'sanction_end'>,
  ): Schedule => ({
    queue: 'system',
    id,
    repeat,
    job: { name, data: {} },
  })
  return [
    system('heartbeat', { every: HEARTBEAT_EVERY_MS }, 'heartbeat'),
    // hourly: each program's month turns in its own time zone
    system('low-activity', { pattern: '5 * * * *' }, 'low_activity'),
    // earnings news goes out as one digest per partner, every 15 minutes, instead of a message per click
    system('earnings-digests', { every: DIGEST_EVERY_MS }, 'earnings_digests'),
    system('agreements', { every: 60_000 }, 'agreements'),
    // every minute a running broadcast without a pump (its job lost with Redis, a resume that raced a stopping
    // pump) gets one
    system('broadcast-pumps', { every: 60_000 }, 'broadcast_pumps'),
    system('dispute-deadlines', { every: 60_000 }, 'dispute_deadlines'),
    system('ad-warning-deadlines', { every: 60_000 }, 'ad_warning_deadlines'),
    system('sanction-ends', { every: 60_000 }, 'sanction_ends'),
    ...core.programs
      .list()
      .filter((p) => p.payout.schedule.type !== 'on_request')
      .map(
        (p): Schedule => ({
          queue: 'payouts',
          id: `pay-day:${p.key}`,
          repeat: { pattern: '0 6 * * *', tz: p.timeZone },
          job: { name: 'pay_day', data: { program: p.key } },
        }),
      ),
  ]
}

/**
 * Keeps the repeatable jobs in Redis. BullMQ keeps schedules in Redis only: a Redis that comes back without its
 * data (a restart without persistence, a failover, a flush) silently stops every one of them. They are asserted at
 * start, again every `everyMs` and whenever the queue connection comes back; `missing()` feeds /readyz. A pay-day
 * schedule that had to be restored also runs its program's pay day at once: the pay-day job builds every past pay
 * day of the period that has no batch yet, so a pay day that fell in the gap is paid now, not a day late.
 */
export function scheduleKeeper(deps: { core: Core; queues: Queues; jobs: JobQueue; logger: Logger }) {
  const schedules = schedulesOf(deps.core)
  const log = deps.logger.child({ surface: 'schedules' })

  async function missing(): Promise<Schedule[]> {
    const found = await Promise.all(schedules.map((s) => deps.queues.queue(s.queue).getJobScheduler(s.id)))
    return schedules.filter((_, i) => !found[i])
  }

  let asserting: Promise<string[]> | undefined
  /**
   * Restores what is missing (all of it on an empty Redis); the ids restored. `all` writes every schedule (at
   * start: a program's time zone may have changed). One run at a time.
   */
  function assert(all = false): Promise<string[]> {
    asserting ??= (async () => {
      const gone = await missing()
      for (const s of all ? schedules : gone) await deps.queues.queue(s.queue).upsertJobScheduler(s.id, s.repeat, s.job)
      const payDays = gone.filter(isPayDay)
      for (const s of payDays) {
        // one catch-up per program and minute, however many processes restore the schedule at once
        const minute = Math.floor(Date.now() / 60_000)
        await deps.jobs.enqueue('payouts', 'pay_day', s.job.data, {
          jobId: `pay-day-catch-up-${s.job.data.program}-${minute}`,
        })
      }
      if (gone.length) {
        // broadcasts whose pump was lost with Redis go on at once
        await deps.core.terms.pump.ensurePumps()
      }
      return gone.map((s) => s.id)
    })().finally(() => {
      asserting = undefined
    })
    return asserting
  }

  async function check(): Promise<void> {
    const gone = await missing()
    if (gone.length) throw new Error(`missing: ${gone.map((s) => s.id).join(', ')}`)
  }

  /** Asserts again every `everyMs` and when Redis comes back; a failure (Redis down) is retried at the next turn. */
  function start(everyMs = 30_000) {
    const run = (why: string) =>
      assert().then(
        (restored) => {
          if (restored.length) log.warn({ restored, why }, 'schedules were missing: restored')
        },
        (err) => log.debug({ err, why }, 'schedules not asserted yet'),
      )
    const timer = setInterval(() => void run('interval'), everyMs)
    timer.unref()
    const off = deps.queues.onReconnect(() => void run('reconnect'))
    return () => {
      clearInterval(timer)
      off()
    }
  }

  return { schedules, missing, assert, check, start }
}
