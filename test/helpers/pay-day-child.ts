// A worker process that runs one pay day, for the payout crash test: `node --import tsx test/helpers/pay-day-child.ts`
// with DATABASE_URL, REDIS_URL, REDIS_PREFIX, DATA_DIR (and PAY_DAY_AT) in the environment. It starts the whole
// service as `npm start` does, with the clock on the pay day, then runs core.batches.runPayDay('melbet') and prints
// `{"done":...}`. The test SIGKILLs it in the middle of the batch.
//
// PROGRESS_EVERY_MS=<n>: also print `{"progress":<payouts committed in the batch>}` every n ms, read through the
// child's own connection. The parent cannot read an embedded PGlite directory while this process holds it,
// so with PGlite this is how it learns that the batch is half-way. PGlite serves one connection, so there the
// count runs between two chunk transactions and sees each chunk once it is committed.
import { startService } from '../../bots/service.ts'
import { ManualClock } from '../../core/ports/clock.ts'
import { PAY_DAY_AT, serviceConfig } from './payout-seed.ts'

const env = process.env
const service = await startService(
  serviceConfig({
    DATABASE_URL: env.DATABASE_URL!,
    REDIS_URL: env.REDIS_URL,
    REDIS_PREFIX: env.REDIS_PREFIX,
    DATA_DIR: env.DATA_DIR,
  }),
  { clock: new ManualClock(env.PAY_DAY_AT ?? PAY_DAY_AT) },
)
const say = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`)
say({ ready: true, pid: process.pid })

const every = Number(env.PROGRESS_EVERY_MS ?? 0)
let polling = every > 0
const poll = async () => {
  while (polling) {
    try {
      const [r] = await service.db.prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM payout_requests r JOIN payout_batches b ON b.id = r.batch_id
        WHERE b.program_key = 'melbet'`
      say({ progress: r!.n })
    } catch {
      // PGlite has one connection, held by the batch's chunk transaction: the wait can time out; try again
    }
    await new Promise((resolve) => setTimeout(resolve, every))
  }
}
const poller = poll()
const result = await service.core.batches.runPayDay('melbet')
polling = false
await poller
say({ done: { outcome: result.outcome, status: result.batch?.status, payouts: result.batch?.payouts } })
await service.close()
process.exit(0)
