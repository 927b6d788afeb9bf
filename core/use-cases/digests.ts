import type { JobQueue } from '../ports/jobs.ts'
import type { PartnerDirectory } from '../ports/partner-directory.ts'
import type { ProgramDefinition } from '../programs/definition.ts'
import { namesOr } from '../programs/names.ts'

export interface DigestDeps {
  jobs: JobQueue
  directory: PartnerDirectory
  program: (key: string) => ProgramDefinition | undefined
}

/** Most partners one run of the digest job queues; the next run picks up the rest. */
const DIGESTS_PER_RUN = 5000

/**
 * Earnings digests: one message per partner with news (not one per click). The system job queues them; each
 * notification job reads the news, and once it is sent the cursor moves, so nothing is told twice.
 */
export async function queueDigests(deps: DigestDeps): Promise<number> {
  const due = await deps.directory.digestDue(DIGESTS_PER_RUN)
  await deps.jobs.enqueueMany(
    'notifications',
    due.map((d) => ({
      name: 'earnings_digest',
      data: { partnerId: d.partnerId, upTo: d.upTo.toString() },
      opts: { jobId: `digest-${d.partnerId}-${d.upTo}` },
    })),
  )
  return due.length
}

/** The news of one digest, with each line's program name: null when the partner is gone or has nothing new. */
export async function earningsDigest(deps: DigestDeps, partnerId: string, upTo: bigint) {
  const contact = await deps.directory.contact(partnerId)
  const d = await deps.directory.digest(partnerId, upTo)
  if (!contact || !d) return null
  const lines = d.lines.map((l) => {
    const program = deps.program(l.programKey)
    return { ...l, programNames: namesOr(program, l.programKey), timeZone: program?.timeZone ?? 'UTC' }
  })
  return { contact, cursor: d.cursor, lines }
}

/** Moves the partner's digest cursor once the digest is sent (compare-and-set on `from`). */
export const markDigested = (deps: DigestDeps, partnerId: string, from: bigint, upTo: bigint) =>
  deps.directory.markDigested(partnerId, from, upTo)
