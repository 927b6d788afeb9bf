import { type Logger as BoltLogger, LogLevel } from '@slack/bolt'
import { ErrorCode, type FetchFunction, WebClient, type WebClientOptions } from '@slack/web-api'
import type { Logger } from 'pino'
import { fitSlackBody } from './limits.ts'

/**
 * How long the Slack Web API may take. The client's defaults (no timeout, ten retries over about 30 minutes)
 * held a request, a modal or the desk queue for as long as Slack was down. A rate limit is never slept out
 * inside a call: the caller gets WebAPIRateLimitedError with Slack's retry-after.
 *
 * - `listener`: calls made while someone waits in Slack (their language, a modal to open, an ephemeral answer).
 *   Each try at most 2 s, one more try after a 5xx or a timeout.
 * - `job`: the desk worker's posts and card updates. One try of at most 5 s: a job that fails because Slack is
 *   down waits and runs again (slack/jobs/desk.ts), so the queue is never held by a dead connection.
 * - `upload`: a file into a dispute's thread, one request for the whole file: a minute.
 */
const WEB_API = {
  listener: { timeout: 2_000, retries: 1 },
  job: { timeout: 5_000, retries: 0 },
  upload: { timeout: 60_000, retries: 0 },
} as const

/** response_url answers (Bolt's `respond`) go through plain fetch: bounded the same way. */
const RESPOND_TIMEOUT_MS = 2_500

/**
 * fetch with a deadline when the caller gave no signal of its own (the Web API client gives one per try), every
 * text in the body fitted to Slack's limits on the way out (limits.ts): each Web API call and response_url answer
 * of the app passes here, so an over-long text is cut with an ellipsis and logged instead of Slack refusing it all.
 */
const boundedFetch =
  (ms: number, logger: Logger): FetchFunction =>
  (url, init) => {
    let body = init?.body
    if (typeof body === 'string') {
      const fitted = fitSlackBody(body)
      if (fitted.cuts.length) {
        // a Web API method by its name; a response_url is a secret and is never logged
        const api = /\/api\/([\w.]+)$/.exec(String(url))
        const method = api ? api[1] : 'response_url'
        for (const cut of fitted.cuts) logger.warn({ method, ...cut }, 'slack: text over its limit was cut')
        body = fitted.body
      }
    }
    return fetch(url, { ...init, body, signal: init?.signal ?? AbortSignal.timeout(ms) } as RequestInit)
  }

export function webClientOptions(
  kind: keyof typeof WEB_API,
  apiUrl: string,
  logger: Logger,
): WebClientOptions & { fetch: FetchFunction } {
  const p = WEB_API[kind]
  return {
    slackApiUrl: apiUrl,
    timeout: p.timeout,
    retryConfig: { retries: p.retries, factor: 2, minTimeout: 250, maxTimeout: 1_000 },
    rejectRateLimitedCalls: true,
    fetch: boundedFetch(RESPOND_TIMEOUT_MS, logger),
    logger: boltLogger(logger),
  }
}

export const jobClient = (token: string, apiUrl: string, logger: Logger) =>
  new WebClient(token, webClientOptions('job', apiUrl, logger))

const uploaders = new WeakMap<WebClient, WebClient>()
/** The workspace of `client`, with the deadline of an upload. */
export function uploadClientFor(client: WebClient, logger: Logger): WebClient {
  let uploader = uploaders.get(client)
  if (!uploader) {
    uploader = new WebClient(client.token, webClientOptions('upload', client.slackApiUrl, logger))
    uploaders.set(client, uploader)
  }
  return uploader
}

/**
 * True when Slack did not answer or answered with a server error or a rate limit: the action may work in a
 * minute. A refusal (`ok: false`, e.g. `channel_not_found`) is not: trying again changes nothing.
 */
export function isSlackUnavailable(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false
  const { code, name, statusCode } = e as { code?: unknown; name?: unknown; statusCode?: unknown }
  if (code === ErrorCode.RequestError || code === ErrorCode.HTTPError || code === ErrorCode.RateLimitedError)
    return true
  // Bolt's respond(): a response_url that answered 5xx or 429, or fetch that timed out or could not connect
  if (code === 'slack_bolt_respond_error')
    return typeof statusCode === 'number' && (statusCode >= 500 || statusCode === 429)
  return name === 'TimeoutError' || name === 'AbortError' || (e instanceof TypeError && e.message === 'fetch failed')
}

/** An error as a log field: its kind and Slack's code, never a request or response body. */
export function slackErrorSummary(e: unknown) {
  if (!e || typeof e !== 'object') return { error: String(e).slice(0, 100) }
  const x = e as { name?: string; code?: string; statusCode?: number; data?: { error?: string }; retryAfter?: number }
  return { error: x.name, code: x.code, status: x.statusCode, slackError: x.data?.error, retryAfter: x.retryAfter }
}

/**
 * A Bolt or Web API client log line reduced to what happened. Their debug lines carry request bodies (message
 * texts, a dispute's words, a modal's state) after a colon or in parentheses: everything from there is cut.
 */
function gist(parts: unknown[]): string {
  return parts
    .map((p) => (typeof p === 'string' ? p.split(/\s[({[]|:\s|:$/, 1)[0]!.trim() : p instanceof Error ? p.name : ''))
    .filter(Boolean)
    .join(' ')
    .slice(0, 200)
}

/** Bolt's logger interface, backed by the service's structured logger, every line reduced to its gist. */
export function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.DEBUG
  return {
    debug: (...m) => logger.debug({ bolt: gist(m) }, 'slack'),
    info: (...m) => logger.info({ bolt: gist(m) }, 'slack'),
    warn: (...m) => logger.warn({ bolt: gist(m) }, 'slack'),
    error: (...m) => logger.error({ bolt: gist(m) }, 'slack'),
    setLevel: (l) => {
      level = l
    },
    getLevel: () => level,
    setName: () => {},
  }
}
