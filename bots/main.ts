// Entry point: `npm start`. Parses the configuration once, starts the service, and owns graceful shutdown.
import './heap.ts'
import { ConfigError, loadConfig } from './config.ts'
import { type Service, StartupError, startService } from './service.ts'

/** One line on stderr, no stack trace: what to fix, then exit 1. */
function fail(message: string): never {
  process.stderr.write(`partner-assistant: cannot start: ${message}\n`)
  process.exit(1)
}

async function main() {
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig(process.env)
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message)
    throw e
  }

  let service: Service | undefined
  let stopping = false
  let firstSignalAt = 0
  /** The graceful shutdown, bounded by SHUTDOWN_TIMEOUT_MS, then exit with `code`. */
  const stop = (code: number) => {
    stopping = true
    const timer = setTimeout(() => {
      process.stderr.write(`partner-assistant: shutdown took longer than ${config.shutdownTimeoutMs} ms, exiting\n`)
      process.exit(1)
    }, config.shutdownTimeoutMs)
    timer.unref()
    // During start-up there is nothing to close yet: main() closes the service once it is up.
    if (service) void service.close().then(() => process.exit(code))
  }
  const onSignal = (signal: NodeJS.Signals) => {
    // Ctrl-C in a terminal reaches this process twice: from the terminal and relayed by npm. A repeat within
    // a second is that echo; a later one is the operator insisting.
    if (stopping && performance.now() - firstSignalAt < 1000) return
    if (stopping) {
      process.stderr.write(`partner-assistant: ${signal} again, exiting at once\n`)
      process.exit(1)
    }
    firstSignalAt = performance.now()
    stop(0)
  }
  process.on('SIGTERM', onSignal)
  process.on('SIGINT', onSignal)
  // A defect that escapes every handler still ends the process (its state is unknown), but through the same
  // shutdown as a signal: intake stops, the click buffer and the workers' jobs are flushed, then exit 1.
  const onCrash = (e: unknown) => {
    const what = e instanceof Error ? (e.stack ?? e.message) : String(e)
    process.stderr.write(`partner-assistant: uncaught error, stopping: ${what}\n`)
    process.exitCode = 1
    if (stopping) return
    if (!service) process.exit(1)
    stop(1)
  }
  process.on('uncaughtException', onCrash)
  process.on('unhandledRejection', onCrash)

  try {
    service = await startService(config)
  } catch (e) {
    if (e instanceof StartupError) fail(e.message)
    fail(e instanceof Error ? e.message : String(e))
  }
  if (stopping) await service.close().then(() => process.exit(0)) // a signal arrived during start-up
}

void main()
