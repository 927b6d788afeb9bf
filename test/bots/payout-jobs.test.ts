import type { Job } from 'bullmq'
import { DelayedError } from 'bullmq'
import pino from 'pino'
import { describe, expect, it, vi } from 'vitest'
import { dispatch } from '../../bots/workers/dispatch.ts'
import { PAY_DAY_RETRY_MS, payoutJobs } from '../../bots/workers/payouts.ts'
import type { Core } from '../../core/index.ts'

/** A pay-day job as BullMQ hands it to the worker, with the one call a delayed retry makes. */
const payDayJob = () => {
  const moveToDelayed = vi.fn(async (_at: number, _token?: string) => {})
  const job = {
    id: '1',
    name: 'pay_day',
    data: { program: 'chetup' },
    timestamp: Date.now(),
    token: 't',
    moveToDelayed,
  }
  return { job: job as unknown as Job, moveToDelayed }
}

const withRunPayDay = (runPayDay: () => Promise<unknown>) =>
  payoutJobs({ core: { batches: { runPayDay } } as unknown as Pick<Core, 'batches'> })

describe('the pay-day job', () => {
  const log = pino({ level: 'silent' })

  it('meeting an unreachable database, it waits for it without using up an attempt (not a day late)', async () => {
    const lost = Object.assign(new Error('Connection terminated unexpectedly'), {})
    const { job, moveToDelayed } = payDayJob()
    const before = Date.now()
    await expect(
      dispatch(
        'payouts',
        withRunPayDay(() => Promise.reject(lost)),
        job,
        log,
      ),
    ).rejects.toBeInstanceOf(DelayedError)
    expect(moveToDelayed).toHaveBeenCalledTimes(1)
    const at = moveToDelayed.mock.calls[0]![0]
    expect(at - before).toBeGreaterThanOrEqual(PAY_DAY_RETRY_MS)
    expect(at - Date.now()).toBeLessThanOrEqual(PAY_DAY_RETRY_MS)
  })

  it('any other failure fails the attempt as before', async () => {
    const { job, moveToDelayed } = payDayJob()
    const bug = new TypeError('x is undefined')
    await expect(
      dispatch(
        'payouts',
        withRunPayDay(() => Promise.reject(bug)),
        job,
        log,
      ),
    ).rejects.toBe(bug)
    expect(moveToDelayed).not.toHaveBeenCalled()
  })
})
