// A fake of the Telegram Bot API for tests (adapted from shared/reference/harness). Plain node:http, no deps.
// Understands JSON, urlencoded and multipart bodies (grammY uses multipart for InputFile uploads).
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { readBotApiBody } from '../../bots/sandbox/bot-api.ts'
import { CallLog } from './call-log.ts'
import { waitUntil } from './wait.ts'

export interface ApiCall {
  token: string
  method: string
  payload: Record<string, any>
  files: Record<string, { name: string; size: number; type: string }>
}
type Failure = { error_code: number; description: string; parameters?: Record<string, any> }
type Waiter = { offset: number; resolve: (u: any[]) => void; timer: NodeJS.Timeout }

export class FakeTelegram {
  private readonly log = new CallLog<ApiCall>()
  get calls(): ApiCall[] {
    return this.log.all
  }
  readonly messages = new Map<string, any>() // `${chatId}:${messageId}` -> message
  readonly blocked = new Set<number>() // chat ids that "blocked the bot"
  private failures: { method: string; failure: Failure; times: number }[] = []
  /** Each sendMessage answers after this long (a real Bot API round trip is tens of milliseconds). */
  latencyMs = 0
  /** Decides per sendMessage whether Telegram refuses it (a flood limit, injected 429s); undefined: accepted. */
  inject?: (payload: Record<string, any>) => Failure | undefined
  private updates: any[] = []
  private waiters: Waiter[] = []
  private nextUpdateId = 1
  private nextMessageId = 1000
  private webhook: { url: string; secret?: string } | undefined
  private server = http.createServer((req, res) => void this.handle(req, res))
  url = ''
  me = {
    id: 4242,
    is_bot: true,
    first_name: 'Test Bot',
    username: 'test_bot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }
  async stop(): Promise<void> {
    for (const w of this.waiters) {
      clearTimeout(w.timer)
      w.resolve([])
    }
    this.server.closeAllConnections()
    await new Promise((r) => this.server.close(r))
  }

  /** Make the next `times` calls of `method` fail (e.g. 429 with retry_after). */
  failNext(method: string, failure: Failure, times = 1) {
    this.failures.push({ method, failure, times })
  }
  rateLimitNext(method: string, retryAfter: number, times = 1) {
    this.failNext(
      method,
      {
        error_code: 429,
        description: `Too Many Requests: retry after ${retryAfter}`,
        parameters: { retry_after: retryAfter },
      },
      times,
    )
  }

  // ---- simulated user side ----
  /** Telegram app language of each simulated user (default en). */
  readonly languages = new Map<number, string>()
  private user(id: number) {
    return {
      id,
      is_bot: false,
      first_name: `User${id}`,
      username: `user${id}`,
      language_code: this.languages.get(id) ?? 'en',
    }
  }
  /** Each chat's menu button, as the bot last set it (setChatMenuButton). */
  readonly menuButtons = new Map<number, any>()
  /** The bot's latest message to a chat that carries buttons (a web_app button: its Mini App URL, no data). */
  lastKeyboard(
    chatId: number,
  ): { message_id: number; text: string; buttons: { text: string; data: string; webApp?: string }[] } | undefined {
    const mine = [...this.messages.values()].filter((m) => m.chat.id === chatId && m.reply_markup?.inline_keyboard)
    const m = mine.at(-1)
    if (!m) return undefined
    const buttons = (m.reply_markup.inline_keyboard as any[][])
      .flat()
      .map((b) => ({ text: b.text, data: b.callback_data ?? '', ...(b.web_app ? { webApp: b.web_app.url } : {}) }))
    return { message_id: m.message_id, text: m.text, buttons }
  }
  /** Presses the button of the latest keyboard whose callback data ends with `suffix`. */
  async press(chatId: number, suffix: string) {
    const k = this.lastKeyboard(chatId)
    const b = k?.buttons.find((x) => x.data.endsWith(suffix))
    if (!k || !b) throw new Error(`no button *${suffix} in ${JSON.stringify(k)}`)
    return this.pressButton(chatId, k.message_id, b.data)
  }
  /** Waits for the bot's n-th message (1-based) to a chat and returns its text. */
  nthText(chatId: number, n: number, timeoutMs = 10_000): Promise<string> {
    return waitUntil(() => this.textsTo(chatId)[n - 1], timeoutMs)
  }
  /** Waits until the bot sent at least n messages to a chat, then returns its latest keyboard. */
  keyboardAfter(chatId: number, n: number, timeoutMs = 10_000) {
    return waitUntil(() => (this.textsTo(chatId).length >= n ? this.lastKeyboard(chatId) : undefined), timeoutMs)
  }
  /** The texts the bot sent to a chat, oldest first. */
  textsTo(chatId: number) {
    return this.calls
      .filter((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === chatId)
      .map((c) => String(c.payload.text))
  }
  private chat(id: number) {
    return { id, type: 'private', first_name: `User${id}` }
  }
  async sendText(chatId: number, text: string) {
    const entities = text.startsWith('/')
      ? [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }]
      : undefined
    const message = {
      message_id: this.nextMessageId++,
      date: now(),
      chat: this.chat(chatId),
      from: this.user(chatId),
      text,
      entities,
    }
    await this.pushUpdate({ message })
  }
  /** Files users sent (file_id -> bytes), downloadable through getFile like the real Bot API. */
  readonly userFiles = new Map<string, { path: string; data: Buffer }>()
  /** The user sends a photo or a document, with an optional caption. */
  async sendFile(
    chatId: number,
    kind: 'photo' | 'document',
    data: Buffer,
    opts: { name?: string; caption?: string } = {},
  ) {
    const fileId = `user-${kind}-${this.nextMessageId}`
    this.userFiles.set(fileId, { path: `${kind}s/${fileId}${kind === 'photo' ? '.jpg' : ''}`, data })
    const media =
      kind === 'photo'
        ? {
            photo: [{ file_id: fileId, file_unique_id: `u${fileId}`, width: 800, height: 600, file_size: data.length }],
          }
        : { document: { file_id: fileId, file_unique_id: `u${fileId}`, file_name: opts.name, file_size: data.length } }
    const message = {
      message_id: this.nextMessageId++,
      date: now(),
      chat: this.chat(chatId),
      from: this.user(chatId),
      caption: opts.caption,
      ...media,
    }
    await this.pushUpdate({ message })
  }
  async pressButton(chatId: number, messageId: number, data: string) {
    const message = this.messages.get(`${chatId}:${messageId}`)
    if (!message) throw new Error(`no bot message ${chatId}:${messageId}`)
    const id = String(this.nextUpdateId * 1000 + 7)
    await this.pushUpdate({
      callback_query: { id, from: this.user(chatId), chat_instance: `ci${chatId}`, message, data },
    })
    return id
  }
  async pushUpdate(u: Record<string, any>) {
    const update = { update_id: this.nextUpdateId++, ...u }
    if (this.webhook) {
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      if (this.webhook.secret) headers['x-telegram-bot-api-secret-token'] = this.webhook.secret
      const r = await fetch(this.webhook.url, { method: 'POST', headers, body: JSON.stringify(update) })
      if (!r.ok) throw new Error(`webhook answered ${r.status}`)
      return
    }
    this.updates.push(update)
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer)
      w.resolve(this.pending(w.offset))
    }
  }
  /** Resolve when `method` is called (optionally matching `pred`); looks at past calls first. */
  waitForCall(method: string, pred?: (c: ApiCall) => boolean, timeoutMs = 10_000, since = 0): Promise<ApiCall> {
    return this.log.waitFor(method, pred, timeoutMs, since)
  }

  // ---- bot side ----
  private pending(offset: number) {
    return this.updates.filter((u) => u.update_id >= offset)
  }
  private storeBotMessage(chatId: number, extra: Record<string, any>) {
    const msg = { message_id: this.nextMessageId++, date: now(), chat: this.chat(chatId), from: this.me, ...extra }
    this.messages.set(`${chatId}:${msg.message_id}`, msg)
    return msg
  }
  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const m = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '')
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    const download = /^\/file\/bot[^/]+\/(.+)$/.exec(req.url ?? '')
    if (download) {
      const f = [...this.userFiles.values()].find((x) => x.path === download[1])
      if (!f) return send(404, { ok: false, error_code: 404, description: 'Not Found' })
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      return res.end(f.data)
    }
    if (!m) return send(404, { ok: false, error_code: 404, description: 'Not Found' })
    const [, token, method] = m
    let parsed: Awaited<ReturnType<typeof parseBody>>
    try {
      parsed = await parseBody(req)
    } catch (e) {
      return send(400, { ok: false, error_code: 400, description: `Bad Request: ${e}` })
    }
    const { payload, files } = parsed
    const call: ApiCall = { token: token!, method: method!, payload, files }
    this.log.record(call)
    const fail = (f: Failure) => send(f.error_code, { ok: false, ...f })
    const ok = (result: unknown) => send(200, { ok: true, result })
    if (method === 'sendMessage') {
      if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs))
      const refused = this.inject?.(payload)
      if (refused) return fail(refused)
    }
    const f = this.failures.find((x) => x.method === method && x.times > 0)
    if (f) {
      f.times--
      return fail(f.failure)
    }
    const chatId = Number(payload.chat_id)
    if (chatId && this.blocked.has(chatId))
      return fail({ error_code: 403, description: 'Forbidden: bot was blocked by the user' })
    const markup = (p: any) => (typeof p.reply_markup === 'string' ? JSON.parse(p.reply_markup) : p.reply_markup)
    switch (method) {
      case 'getMe':
        return ok(this.me)
      case 'deleteWebhook':
        this.webhook = undefined
        return ok(true)
      case 'setWebhook':
        this.webhook = { url: payload.url, secret: payload.secret_token }
        return ok(true)
      case 'getUpdates': {
        const offset = Number(payload.offset ?? 0)
        this.updates = this.updates.filter((u) => u.update_id >= offset) // confirm older ones
        const ready = this.pending(offset)
        const timeout = Number(payload.timeout ?? 0)
        if (ready.length || timeout === 0) return ok(ready)
        const w: Waiter = {
          offset,
          resolve: (u) => ok(u),
          timer: setTimeout(() => {
            this.waiters = this.waiters.filter((x) => x !== w)
            ok([])
          }, timeout * 1000),
        }
        this.waiters.push(w)
        req.on('close', () => {
          clearTimeout(w.timer)
          this.waiters = this.waiters.filter((x) => x !== w)
        }) // bot.stop() aborts
        return
      }
      case 'sendMessage':
        return ok(this.storeBotMessage(chatId, { text: payload.text, reply_markup: markup(payload) }))
      case 'sendPhoto':
      case 'sendDocument': {
        const ref = String(payload[method === 'sendPhoto' ? 'photo' : 'document'] ?? '')
        const f = files[ref.replace('attach://', '')] // grammY sends photo=attach://<id> + a file part named <id>
        const media =
          method === 'sendPhoto'
            ? {
                photo: [
                  { file_id: `ph${this.nextMessageId}`, file_unique_id: 'u', width: 1, height: 1, file_size: f?.size },
                ],
              }
            : {
                document: {
                  file_id: `doc${this.nextMessageId}`,
                  file_unique_id: 'u',
                  file_name: f?.name,
                  file_size: f?.size,
                },
              }
        return ok(this.storeBotMessage(chatId, { ...media, caption: payload.caption, reply_markup: markup(payload) }))
      }
      case 'editMessageText': {
        const key = `${chatId}:${payload.message_id}`
        const msg = this.messages.get(key)
        if (!msg) return fail({ error_code: 400, description: 'Bad Request: message to edit not found' })
        Object.assign(msg, { text: payload.text, reply_markup: markup(payload), edit_date: now() })
        return ok(msg)
      }
      case 'editMessageReplyMarkup': {
        const msg = this.messages.get(`${chatId}:${payload.message_id}`)
        if (!msg) return fail({ error_code: 400, description: 'Bad Request: message to edit not found' })
        msg.reply_markup = markup(payload)
        return ok(msg)
      }
      case 'getFile': {
        const f = this.userFiles.get(String(payload.file_id))
        if (!f) return fail({ error_code: 400, description: 'Bad Request: invalid file_id' })
        return ok({
          file_id: payload.file_id,
          file_unique_id: `u${payload.file_id}`,
          file_size: f.data.length,
          file_path: f.path,
        })
      }
      case 'setChatMenuButton':
        this.menuButtons.set(
          chatId,
          typeof payload.menu_button === 'string' ? JSON.parse(payload.menu_button) : payload.menu_button,
        )
        return ok(true)
      case 'answerCallbackQuery':
      case 'sendChatAction':
      case 'setMyCommands':
      case 'deleteMessage':
        return ok(true)
      default:
        return fail({ error_code: 404, description: 'Not Found: method not faked' })
    }
  }
}

const now = () => Math.floor(Date.now() / 1000)

/** The Bot API body as the sandbox reads it, with files reduced to what tests look at. */
async function parseBody(req: http.IncomingMessage) {
  const { payload, files } = await readBotApiBody(req)
  const meta: ApiCall['files'] = {}
  for (const [k, f] of Object.entries(files)) meta[k] = { name: f.name, size: f.bytes.length, type: f.type }
  return { payload: payload as Record<string, any>, files: meta }
}
