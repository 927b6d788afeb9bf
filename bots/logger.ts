import { pino } from 'pino'
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

export function createLogger(config: Pick<Config, 'logLevel'>, destination?: pino.DestinationStream) {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'partner-assistant', pid: process.pid },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  )
}
