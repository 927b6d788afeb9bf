import { createRequire } from 'node:module'
import { pino } from 'pino'
import type { PrettyOptions } from 'pino-pretty'
import type { Config } from './config.ts'

/** Paths that must never reach a log line, wherever they appear. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'req.headers["x-slack-signature"]',
  '*.token',
  '*.secret',
  '*.password',
  '*.details',
  '*.iban',
  '*.card',
  // what a failed API call carries: its request (grammY's GrammyError.payload: a message's text) and the answer's
  // body (the Slack Web API's WebAPIHTTPError.body); neither belongs in a log line
  'payload',
  '*.payload',
  'body',
  '*.body',
]

type LoggerConfig = Pick<Config, 'logLevel'> & Partial<Pick<Config, 'logFormat' | 'env'>>

/**
 * Whether log lines are for a person: LOG_FORMAT=pretty, or (unset) stdout is a terminal outside production.
 * A log collector, a container runtime or a pipe gets JSON lines.
 */
export function prettyLogs(config: LoggerConfig, isTTY = process.stdout.isTTY === true): boolean {
  const format = config.logFormat ?? 'auto'
  if (format !== 'auto') return format === 'pretty'
  return isTTY && config.env !== 'production'
}

/**
 * pino-pretty as a stream in this thread (not a transport: that would be a worker thread, with a V8 heap of its own,
 * for a developer's terminal), loaded only when used.
 */
export function prettyStream(out?: NodeJS.WritableStream): pino.DestinationStream {
  const pretty = createRequire(import.meta.url)('pino-pretty') as (opts: PrettyOptions) => pino.DestinationStream
  return pretty({
    colorize: !out,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service',
    sync: true,
    destination: out ?? 1,
  })
}

/** The service's logger: JSON lines, or pretty ones for a person (prettyLogs); `destination` (tests) gets JSON. */
export function createLogger(config: LoggerConfig, destination?: pino.DestinationStream) {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'partner-assistant', pid: process.pid },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? (prettyLogs(config) ? prettyStream() : undefined),
  )
}
