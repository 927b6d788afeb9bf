import type { AddressInfo } from 'node:net'
import { createHttpServer, type HttpDeps } from '../../bots/http/server.ts'
import { createI18n } from '../../bots/i18n/index.ts'
import { createLogger } from '../../bots/logger.ts'
import { createMetrics } from '../../bots/metrics.ts'
import { createTelegramBot } from '../../bots/telegram/bot.ts'
import { type TelegramSurface, telegramSurface } from '../../bots/telegram/lifecycle.ts'
import type { Core } from '../../core/index.ts'
import type { FakeTelegram } from './fake-telegram.ts'

export const TEST_TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1'
export const silentPino = () => createLogger({ logLevel: 'silent' })

/** The real partner bot, built as main.ts builds it, pointed at a fake Bot API. */
export function telegramAgainst(
  fake: FakeTelegram,
  core: Core,
  mode: { mode: 'polling' } | { mode: 'webhook'; webhookUrl: string; secret: string } = { mode: 'polling' },
): { surface: TelegramSurface; metrics: ReturnType<typeof createMetrics> } {
  const i18n = createI18n()
  const logger = silentPino()
  const metrics = createMetrics()
  const bot = createTelegramBot({
    token: TEST_TOKEN,
    apiRoot: fake.url,
    core,
    i18n,
    logger,
    metrics,
    linkBase: () => 'https://partners.example.com',
  })
  const config = { ...mode, token: TEST_TOKEN, apiRoot: fake.url } as Parameters<typeof telegramSurface>[1]
  return { surface: telegramSurface(bot, config, i18n, logger), metrics }
}

/** The service's express app (createHttpServer) on a free loopback port; `close()` drops every connection. */
export async function serveHttp(deps: Pick<HttpDeps, 'core'> & Partial<HttpDeps>) {
  const app = createHttpServer({ logger: silentPino(), metrics: createMetrics(), accepting: () => true, ...deps })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((r) => server.once('listening', r))
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    },
  }
}
