import { autoRetry } from '@grammyjs/auto-retry'
import { conversations, createConversation } from '@grammyjs/conversations'
import { sequentialize } from '@grammyjs/runner'
import { Bot, type BotError, Composer, type Context, GrammyError, HttpError } from 'grammy'
import type { Logger } from 'pino'
import { isDomainError } from '../../core/domain/errors.ts'
import type { Core } from '../../core/index.ts'
import { type I18n, LANGUAGES } from '../i18n/index.ts'
import type { Metrics } from '../metrics.ts'
import { memorySeenUpdates, type SeenUpdates } from '../seen-updates.ts'
import { CALLBACKS } from './callbacks.ts'
import type { BotContext } from './context.ts'
import { type ConversationStore, memoryConversationStore } from './conversation-store.ts'
import { detailsIntake } from './details-intake.ts'
import { campaignsConversation, moreCampaignsFeature } from './features/campaigns.ts'
import { disputeFeature } from './features/dispute.ts'
import { earningsFeature } from './features/earnings.ts'
import { joinConversation } from './features/join.ts'
import { languageFeature } from './features/language.ts'
import { leaveFeature } from './features/leave.ts'
import { linkFeature } from './features/link.ts'
import { newDetailsFeature, payoutConversation } from './features/payout.ts'
import { settingsFeature } from './features/settings.ts'
import { startFeature } from './features/start.ts'
import { statsFeature } from './features/stats.ts'
import { termsFeature } from './features/terms.ts'
import { unhandledFeature } from './features/unhandled.ts'
import { commandsInFlow, editsInFlow, endFlow, enterFlow } from './flows.ts'
import { commandsInLowercase, dropDuplicates, rateLimit } from './guards.ts'
import { dashboardMenuButton } from './mini-app.ts'

export interface TelegramDeps {
  token: string
  apiRoot: string
  core: Core
  i18n: I18n
  logger: Logger
  metrics: Metrics
  /** Base URL of referral links (PUBLIC_URL, else the service's own address). */
  linkBase: () => string
  /**
   * Where the Mini App is served (PUBLIC_URL when https, the sandbox's own address); undefined: no Mini App buttons
   * (Telegram opens Mini Apps only over https).
   */
  miniAppBase?: () => string | undefined
  /** Update ids already handled (Redis in the service; memory when omitted). */
  seenUpdates?: SeenUpdates
  /** Where conversations wait between updates, and details requests (Redis in the service; memory when omitted). */
  conversationStore?: ConversationStore
}

/** The commands each language's menu shows (setMyCommands per language_code). */
const COMMANDS = [
  'start',
  'link',
  'earnings',
  'stats',
  'payout',
  'dispute',
  'terms',
  'settings',
  'language',
  'cancel',
  'help',
] as const

/**
 * The partners' bot: grammY with auto-retry (429 retry_after honoured, 5xx retried), a context carrying
 * core, logger and translations, one Composer per feature inside an error boundary, the catch-all last.
 */
export function createTelegramBot(deps: TelegramDeps): Bot<BotContext> {
  const bot = new Bot<BotContext>(deps.token, { client: { apiRoot: deps.apiRoot } })
  bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60 }))
  const log = deps.logger.child({ surface: 'telegram' })
  const store = deps.conversationStore ?? memoryConversationStore()

  // One update at a time per chat (the runner fetches concurrently); other chats run in parallel.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()))
  bot.use(async (ctx, next) => {
    ctx.core = deps.core
    ctx.log = log.child({ updateId: ctx.update.update_id })
    ctx.store = store
    ctx.miniAppBase = deps.miniAppBase
    // the Telegram app's language until the partner's own is read: a failure reading it is said in that one
    ctx.lang = deps.i18n.resolveLanguage(ctx.from?.language_code)
    ctx.t = deps.i18n.t(ctx.lang)
    try {
      await knowThePartner(ctx, deps, store)
    } catch (err) {
      // the database (or Redis) is out of reach: the partner is told, not left without an answer
      deps.metrics.updates.inc({ surface: 'telegram', outcome: 'error' })
      ctx.log.error({ err }, 'partner not read: the service is unavailable')
      await tellFailure(ctx, ctx.t('errors.unavailable'))
      return
    }
    await next()
    deps.metrics.updates.inc({ surface: 'telegram', outcome: 'ok' })
  })

  bot.use(dropDuplicates(deps.seenUpdates ?? memorySeenUpdates()))
  // a partner's chat gets the Mini App as its menu button, in the partner's language
  bot.use(dashboardMenuButton())
  bot.use(rateLimit({ burst: 20, perSecond: 1 }))
  bot.use(commandsInLowercase)

  const features = bot.errorBoundary(async (err) => {
    deps.metrics.updates.inc({ surface: 'telegram', outcome: 'error' })
    await replyWithError(err)
  })
  // multi-step flows: the place in each chat's flow is kept in the store, so a restart does not lose it
  features.use(
    conversations<BotContext, Context>({
      storage: store.conversations,
      // inside a conversation the API is a fresh one: give it the same 429/5xx handling
      plugins: [
        async (ctx, next) => {
          ctx.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60 }))
          await next()
        },
      ],
    }),
  )
  // /cancel ends any flow the same way: its buttons taken away, and what was not done said in the flow's own words
  features.command('cancel', async (ctx) => {
    if (!(await endFlow(ctx))) await ctx.reply(ctx.t('cancel.nothing'))
  })
  // what answers at once, in a flow too (/settings among them, so "delete my personal data" is always at hand)
  const answers = new Composer<BotContext>()
  // new payment details from /settings start a flow of their own: one under way ends first (visibly), then the
  // press goes on to the flow's entry below the conversations
  answers.callbackQuery(CALLBACKS.newDetails.trigger, async (ctx, next) => {
    await endFlow(ctx)
    return next()
  })
  answers.use(settingsFeature(store))
  answers.use(leaveFeature())
  answers.use(startFeature)
  answers.use(linkFeature(deps.linkBase))
  answers.use(earningsFeature)
  answers.use(statsFeature)
  answers.use(languageFeature(deps.i18n))
  answers.use(termsFeature)
  features.use(commandsInFlow(answers))
  // an edited message is kept out of every flow (and of its state in Redis), payment details in it taken out
  features.use(editsInFlow)
  features.use(answers)
  // payment details are taken out before any flow (and its stored state) sees them
  features.use(detailsIntake(store.detailsRequests))
  features.use(createConversation(payoutConversation(deps.i18n, store.detailsRequests), 'payout'))
  features.use(createConversation(joinConversation(deps.i18n), 'join'))
  features.use(createConversation(campaignsConversation(deps.i18n, deps.linkBase), 'campaigns'))
  features.use(moreCampaignsFeature)
  // a deep link t.me/<bot>?start=<program> joins that program (a plain /start is answered above)
  features.chatType('private').command('start', (ctx) => enterFlow(ctx, 'join'))
  features.chatType('private').command('payout', (ctx) => enterFlow(ctx, 'payout'))
  features.use(newDetailsFeature)
  features.use(disputeFeature(deps.i18n))
  features.use(unhandledFeature)

  bot.catch((err) => {
    log.error({ err: err.error, updateId: err.ctx.update.update_id }, 'telegram update failed')
  })
  return bot
}

/** Who writes (the partner, if any), with the Telegram username support looks them up by, and their language. */
async function knowThePartner(ctx: BotContext, deps: TelegramDeps, store: ConversationStore) {
  ctx.partner = ctx.from && !ctx.from.is_bot ? await deps.core.partners.byTelegram(BigInt(ctx.from.id)) : null
  // support finds partners by @username: keep it as Telegram last showed it (a write only when it changed)
  if (ctx.partner && ctx.from && (ctx.from.username ?? undefined) !== ctx.partner.telegramUsername) {
    await deps.core.partners.setTelegramUsername(ctx.partner.partnerId, ctx.from.username ?? null)
    ctx.partner.telegramUsername = ctx.from.username
  }
  // the language the partner chose (before joining: with /language, kept for the chat), else the Telegram app's
  const chosen = ctx.partner || ctx.chatId === undefined ? undefined : await store.languages.get(String(ctx.chatId))
  ctx.lang = deps.i18n.resolveLanguage(ctx.partner?.language ?? chosen ?? ctx.from?.language_code)
  ctx.t = deps.i18n.t(ctx.lang)
}

/** Tells the user a failure in an alert for a button, else in the chat; a chat that cannot be reached is logged. */
async function tellFailure(ctx: BotContext, text: string) {
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true })
    else if (ctx.chat) await ctx.reply(text)
  } catch (e) {
    if (!(e instanceof GrammyError || e instanceof HttpError)) throw e
    ctx.log.warn({ err: e }, 'could not tell the user about the failure')
  }
}

/** Tells the user in their language that the request failed, without internals; logs what happened. */
async function replyWithError(err: BotError<BotContext>) {
  const ctx = err.ctx
  if (err.error instanceof GrammyError && err.error.error_code === 403) {
    // The partner blocked the bot or left: nothing can reach them, and that is not a fault of ours.
    ctx.log.info({ description: err.error.description }, 'chat unreachable')
    return
  }
  const unavailable = isDomainError(err.error) && err.error.code === 'service.unavailable'
  ctx.log.error({ err: err.error }, 'update handler failed')
  await tellFailure(ctx, ctx.t(unavailable ? 'errors.unavailable' : 'errors.internal'))
}

/** Registers the command menu in every supported language, and English as the default. */
export async function registerCommands(bot: Bot<BotContext>, i18n: I18n) {
  for (const lng of LANGUAGES) {
    const t = i18n.t(lng)
    const commands = COMMANDS.map((command) => ({ command, description: t(`commands.${command}`) }))
    await bot.api.setMyCommands(commands, { language_code: lng })
    if (lng === 'en') await bot.api.setMyCommands(commands)
  }
}
