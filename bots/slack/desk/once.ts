import type { ChatPostMessageArguments, WebClient } from '@slack/web-api'
import type { StepLog } from '../../shared/jobs.ts'

type Posted = { channel: string; ts: string }

/** Not a failure: something the job needs is not there yet (a thread before its card). The job waits. */
export class NotYet extends Error {
  override name = 'NotYet'
}

/**
 * A step of a desk job done at most once: what it did is kept with the job (ids only), so a job run again
 * (Slack went down after the card was posted, before its files were) skips it instead of posting it twice.
 */
export async function once<T extends Posted | true>(steps: StepLog, key: string, step: () => Promise<T>): Promise<T> {
  const done = steps.get(key) as T | undefined
  if (done !== undefined) return done
  const result = await step()
  await steps.record(key, result)
  return result
}

/** chat.postMessage once per job and key: the channel and ts of the message. */
export const postOnce = (steps: StepLog, slack: WebClient, key: string, args: ChatPostMessageArguments) =>
  once<Posted>(steps, key, async () => {
    const posted = await slack.chat.postMessage(args)
    if (!posted.ts) throw new Error('chat.postMessage returned no ts')
    return { channel: posted.channel ?? args.channel, ts: posted.ts }
  })
