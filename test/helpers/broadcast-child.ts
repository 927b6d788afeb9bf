// A service process for the broadcast crash test: `node --import tsx test/helpers/broadcast-child.ts` with
// DATABASE_URL, REDIS_URL, REDIS_PREFIX, DATA_DIR, TELEGRAM_API_ROOT and BROADCAST_RATE in the environment.
// PUBLISH=1: drafts and publishes a jqsee term change first. It then prints `{"progress":{...}}` every 100 ms and
// exits with `{"done":...}` once the broadcast is completed. The test SIGKILLs the first one mid-broadcast; the
// second one (without PUBLISH) picks the running broadcast up where it stopped.
import { startService } from '../../bots/service.ts'
import { ManualClock } from '../../core/ports/clock.ts'
import { BROADCAST_AT, broadcastServiceConfig, TEXTS } from './broadcast-seed.ts'

const env = process.env
const service = await startService(
  broadcastServiceConfig({
    DATABASE_URL: env.DATABASE_URL!,
    REDIS_URL: env.REDIS_URL,
    REDIS_PREFIX: env.REDIS_PREFIX,
    DATA_DIR: env.DATA_DIR,
    TELEGRAM_API_ROOT: env.TELEGRAM_API_ROOT!,
    BROADCAST_RATE: env.BROADCAST_RATE ?? '30',
  }),
  { clock: new ManualClock(BROADCAST_AT) },
)
const say = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`)
const core = service.core
if (env.PUBLISH === '1') {
  const draft = await core.terms.draft({
    programKey: 'jqsee',
    effectiveAt: new Date('2026-03-10T00:00:00Z'),
    ratesOnly: false,
    texts: TEXTS,
    actor: 'crash-test',
  })
  const r = await core.terms.publish({ versionId: draft.id, actor: 'crash-test' })
  say({ published: r.broadcast.id, recipients: r.recipients })
}
for (;;) {
  const [b] = await core.terms.broadcasts('jqsee')
  if (b) {
    const p = await core.terms.broadcastProgress(b.id)
    say({ progress: p })
    if (p.status === 'completed') {
      say({ done: p })
      break
    }
  }
  await new Promise((r) => setTimeout(r, 100))
}
await service.close()
process.exit(0)
