import http from 'node:http'
import type { AddressInfo } from 'node:net'

/** The sandbox bot's token: any well-formed token works against the local Bot API. */
export const SANDBOX_TOKEN = '100000001:sandbox-local-bot-api-token'

export interface ChatMessage {
  id: number
  from: 'bot' | 'user'
  text?: string
  /** An image the bot sent (a QR code, a chart): served at /sandbox/api/photo/<id>. */
  photo?: string
  /** Inline buttons: callback data, or (a web_app button) the Mini App URL it opens (POST /sandbox/api/app). */
  buttons?: { text: string; data: string; webApp?: string }[][]
  deleted?: boolean
  date: number
}

/** What the bot answered a button press with (answerCallbackQuery's text): Telegram shows it over the chat. */
export interface Toast {
  text: string
  /** show_alert: a box the partner closes, not a passing notice. */
  alert: boolean
}

type Waiter = { offset: number; resolve: (u: unknown[]) => void; timer: NodeJS.Timeout }

/**
 * A small Telegram Bot API on loopback, for trying the partner bot without Telegram: the real grammY bot polls it,
 * and the /sandbox web chat plays the partners. Keeps chats in memory (a restart forgets them; the database
 * does not). Implements what the bot uses: getMe, getUpdates, sendMessage, sendPhoto, editMessageText,
 * editMessageReplyMarkup, answerCallbackQuery, deleteMessage, setMyCommands, setChatMenuButton, deleteWebhook,
 * sendChatAction.
 */
export class SandboxBotApi {
  url = ''
  private readonly server = http.createServer((req, res) => void this.handle(req, res))
  private readonly chats = new Map<number, ChatMessage[]>()
  /** Photo id -> the chat it was sent to and its bytes (a chat sees only its own). */
  private readonly photos = new Map<string, { chat: number; png: Buffer }>()
  private readonly languages = new Map<number, string>()
  /** Callback query id -> its chat, until the bot answers it. */
  private readonly pressed = new Map<string, number>()
  /** Each chat's menu button as the bot set it: the Mini App it opens (setChatMenuButton). */
  private readonly menus = new Map<number, MenuButton>()
  /** Answers to button presses that the chat has not shown yet. */
  private readonly toasts = new Map<number, Toast[]>()
  private updates: { update_id: number; [k: string]: unknown }[] = []
  private waiters: Waiter[] = []
  private nextUpdateId = 1
  private nextMessageId = 1
  readonly me = {
    id: 100000001,
    is_bot: true,
    first_name: 'Partner Assistant',
    username: 'partner_assistant_sandbox_bot',
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  async stop() {
    for (const w of this.waiters) {
      clearTimeout(w.timer)
      w.resolve([])
    }
    this.server.closeAllConnections()
    await new Promise((r) => this.server.close(r))
  }

  // ---- the partner's side (the web chat) ----

  messages(chat: number, after = 0): ChatMessage[] {
    return (this.chats.get(chat) ?? []).filter((m) => m.id > after)
  }

  photo(chat: number, id: string): Buffer | undefined {
    const p = this.photos.get(id)
    return p?.chat === chat ? p.png : undefined
  }

  /** The toasts the bot answered this chat's presses with since the last call (each is shown once). */
  takeToasts(chat: number): Toast[] {
    const list = this.toasts.get(chat) ?? []
    this.toasts.delete(chat)
    return list
  }

  /** The chat's menu button when the bot made it open the Mini App; undefined: the usual command menu. */
  menuButton(chat: number): MenuButton | undefined {
    return this.menus.get(chat)
  }

  /** The language the chat's partner last wrote in (the page's choice); undefined before they wrote. */
  languageOf(chat: number): string | undefined {
    return this.languages.get(chat)
  }

  /** Drops what the sandbox keeps of a chat (its session is gone). */
  forget(chat: number) {
    for (const m of this.chats.get(chat) ?? []) if (m.photo) this.photos.delete(m.photo)
    this.chats.delete(chat)
    this.languages.delete(chat)
    this.toasts.delete(chat)
    this.menus.delete(chat)
    for (const [id, c] of this.pressed) if (c === chat) this.pressed.delete(id)
  }

  sendText(chat: number, text: string, language: string) {
    this.languages.set(chat, language)
    const message = {
      message_id: this.nextMessageId++,
      date: now(),
      chat: this.chat(chat),
      from: this.user(chat),
      text,
    }
    this.record(chat, { id: message.message_id, from: 'user', text, date: message.date })
    const entities = text.startsWith('/')
      ? [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }]
      : undefined
    this.push({ message: { ...message, ...(entities ? { entities } : {}) } })
  }

  press(chat: number, messageId: number, data: string, language: string): boolean {
    this.languages.set(chat, language)
    const m = this.chats.get(chat)?.find((x) => x.id === messageId && x.from === 'bot')
    if (!m) return false
    const message = { message_id: m.id, date: m.date, chat: this.chat(chat), from: this.me, text: m.text }
    const id = String(this.nextUpdateId)
    this.pressed.set(id, chat)
    // a bot that never answers leaves its presses here: keep the newest thousand
    if (this.pressed.size > 1000) this.pressed.delete(this.pressed.keys().next().value!)
    this.push({
      callback_query: {
        id,
        from: this.user(chat),
        chat_instance: `c${chat}`,
        message,
        data,
      },
    })
    return true
  }

  // ---- the bot's side ----

  private user(id: number) {
    return { id, is_bot: false, first_name: `Partner ${id}`, language_code: this.languages.get(id) ?? 'en' }
  }
  private chat(id: number) {
    return { id, type: 'private', first_name: `Partner ${id}` }
  }
  private record(chat: number, m: ChatMessage) {
    const list = this.chats.get(chat) ?? []
    list.push(m)
    if (list.length > 500) {
      for (const old of list.splice(0, list.length - 500)) if (old.photo) this.photos.delete(old.photo)
    }
    this.chats.set(chat, list)
  }
  private push(u: Record<string, unknown>) {
    this.updates.push({ update_id: this.nextUpdateId++, ...u })
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer)
      w.resolve(this.updates.filter((x) => x.update_id >= w.offset))
    }
  }
  private find(chat: number, id: number) {
    return this.chats.get(chat)?.find((m) => m.id === id && m.from === 'bot')
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    const m = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '')
    if (!m) return send(404, { ok: false, error_code: 404, description: 'Not Found' })
    let body: Awaited<ReturnType<typeof readBotApiBody>>
    try {
      body = await readBotApiBody(req)
    } catch {
      return send(400, { ok: false, error_code: 400, description: 'Bad Request: unreadable body' })
    }
    const answer = await this.call(m[2]!, body.payload, body.files, req)
    if ('error' in answer) send(answer.error, { ok: false, error_code: answer.error, description: answer.description })
    else send(200, { ok: true, result: answer.result })
  }

  /** One Bot API method, as the sandbox plays it. */
  private call(
    method: string,
    payload: Record<string, unknown>,
    files: Record<string, UploadedFile>,
    req: http.IncomingMessage,
  ): BotApiAnswer | Promise<BotApiAnswer> {
    const chat = Number(payload.chat_id)
    switch (method) {
      case 'getMe':
        return { result: this.me }
      case 'deleteWebhook':
      case 'setMyCommands':
      case 'sendChatAction':
        return { result: true }
      case 'answerCallbackQuery':
        return this.answerCallbackQuery(payload)
      case 'setChatMenuButton':
        return this.setChatMenuButton(chat, payload)
      case 'getUpdates':
        return this.getUpdates(Number(payload.offset ?? 0), Number(payload.timeout), req)
      case 'sendMessage':
        return { result: this.sendMessage(chat, payload) }
      case 'sendPhoto':
        return { result: this.sendPhoto(chat, payload, files) }
      case 'editMessageText':
      case 'editMessageReplyMarkup': {
        const msg = this.find(chat, Number(payload.message_id))
        if (!msg) return { error: 400, description: 'Bad Request: message to edit not found' }
        if (method === 'editMessageText') msg.text = String(payload.text)
        msg.buttons = buttonsOf(payload.reply_markup)
        return { result: { message_id: msg.id, date: msg.date, chat: this.chat(chat), from: this.me, text: msg.text } }
      }
      case 'deleteMessage': {
        const msg = this.chats.get(chat)?.find((x) => x.id === Number(payload.message_id))
        if (msg) {
          msg.deleted = true
          msg.text = undefined
        }
        return { result: true }
      }
      default:
        return { error: 404, description: `Not Found: ${method} is not in the sandbox` }
    }
  }

  /** A chat's menu button: a web_app one is kept for the page; the default (commands) forgets it. */
  private setChatMenuButton(chat: number, payload: Record<string, unknown>): BotApiAnswer {
    const raw = payload.menu_button
    const b = (typeof raw === 'string' ? JSON.parse(raw) : raw) as
      | { type?: string; text?: string; web_app?: { url?: string } }
      | undefined
    if (!Number.isSafeInteger(chat)) return { error: 400, description: 'Bad Request: chat_id is required here' }
    if (b?.type === 'web_app' && b.text && b.web_app?.url) this.menus.set(chat, { text: b.text, webApp: b.web_app.url })
    else this.menus.delete(chat)
    return { result: true }
  }

  /** Telegram shows the answer's text over the chat (an alert box with show_alert); the page does the same. */
  private answerCallbackQuery(payload: Record<string, unknown>): BotApiAnswer {
    const id = String(payload.callback_query_id ?? '')
    const chat = this.pressed.get(id)
    if (chat === undefined) return { error: 400, description: 'Bad Request: query is too old or query ID is invalid' }
    this.pressed.delete(id)
    const text = typeof payload.text === 'string' ? payload.text : ''
    if (text) {
      const alert = payload.show_alert === true || payload.show_alert === 'true'
      const list = this.toasts.get(chat) ?? []
      list.push({ text, alert })
      this.toasts.set(chat, list.slice(-20))
    }
    return { result: true }
  }

  /** Long polling: the updates from `offset` on, at once if there are any, else when one comes or time is up. */
  private getUpdates(offset: number, timeout: number, req: http.IncomingMessage): Promise<BotApiAnswer> | BotApiAnswer {
    this.updates = this.updates.filter((u) => u.update_id >= offset)
    if (this.updates.length || !timeout) return { result: this.updates }
    return new Promise((resolve) => {
      const w: Waiter = {
        offset,
        resolve: (u) => resolve({ result: u }),
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((x) => x !== w)
          resolve({ result: [] })
        }, timeout * 1000),
      }
      this.waiters.push(w)
      req.on('close', () => {
        clearTimeout(w.timer)
        this.waiters = this.waiters.filter((x) => x !== w)
      })
    })
  }

  private sendMessage(chat: number, payload: Record<string, unknown>) {
    const msg: ChatMessage = {
      id: this.nextMessageId++,
      from: 'bot',
      text: String(payload.text),
      buttons: buttonsOf(payload.reply_markup),
      date: now(),
    }
    this.record(chat, msg)
    return { message_id: msg.id, date: msg.date, chat: this.chat(chat), from: this.me, text: msg.text }
  }

  private sendPhoto(chat: number, payload: Record<string, unknown>, files: Record<string, UploadedFile>) {
    const ref = String(payload.photo ?? '').replace('attach://', '')
    const file = files[ref]
    const id = `p${this.nextMessageId}`
    if (file) this.photos.set(id, { chat, png: file.bytes })
    const msg: ChatMessage = {
      id: this.nextMessageId++,
      from: 'bot',
      photo: id,
      text: payload.caption === undefined ? undefined : String(payload.caption),
      buttons: buttonsOf(payload.reply_markup),
      date: now(),
    }
    this.record(chat, msg)
    return {
      message_id: msg.id,
      date: msg.date,
      chat: this.chat(chat),
      from: this.me,
      photo: [{ file_id: id, file_unique_id: id, width: 1, height: 1 }],
      caption: msg.text,
    }
  }
}

type BotApiAnswer = { result: unknown } | { error: number; description: string }

/** A chat's menu button that opens the Mini App: its label and URL. */
export interface MenuButton {
  text: string
  webApp: string
}

/** An inline keyboard as the page shows it: rows of buttons with their callback data or Mini App URL. */
function buttonsOf(markup: unknown) {
  const k = (typeof markup === 'string' ? JSON.parse(markup) : markup) as
    | { inline_keyboard?: { text: string; callback_data?: string; web_app?: { url: string } }[][] }
    | undefined
  return k?.inline_keyboard?.map((row) =>
    row.map((b) => ({ text: b.text, data: b.callback_data ?? '', ...(b.web_app ? { webApp: b.web_app.url } : {}) })),
  )
}

const now = () => Math.floor(Date.now() / 1000)

/** A file part of a multipart Bot API call. */
export interface UploadedFile {
  name: string
  type: string
  bytes: Buffer
}

/**
 * The body of a Bot API call: JSON, urlencoded or multipart (grammY uploads photos as multipart; hand-parsed,
 * because undici's FormData parser rejects grammY's unquoted filename=). Query parameters count too; JSON-looking
 * multipart fields (reply_markup, chat_id) are parsed.
 */
export async function readBotApiBody(req: http.IncomingMessage) {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  const buf = Buffer.concat(chunks)
  const type = req.headers['content-type'] ?? ''
  const payload: Record<string, unknown> = Object.fromEntries(new URL(req.url ?? '', 'http://x').searchParams)
  const files: Record<string, UploadedFile> = {}
  if (!buf.length) return { payload, files }
  if (type.includes('application/json')) return { payload: { ...payload, ...JSON.parse(buf.toString()) }, files }
  if (type.includes('urlencoded')) {
    return { payload: { ...payload, ...Object.fromEntries(new URLSearchParams(buf.toString())) }, files }
  }
  const boundary = /boundary=(.+)$/.exec(type)?.[1]
  if (!boundary) return { payload, files }
  const raw = buf.toString('latin1')
  for (const part of raw.split(`--${boundary}`).slice(1, -1)) {
    const sep = part.indexOf('\r\n\r\n')
    const head = part.slice(0, sep)
    const body = part.slice(sep + 4, part.length - 2) // strip the trailing CRLF
    const name = /name="([^"]+)"/i.exec(head)?.[1] ?? ''
    const filename = /filename="?([^";\r\n]+)"?/i.exec(head)?.[1]
    if (filename) {
      files[name] = {
        name: filename,
        type: /content-type:\s*(\S+)/i.exec(head)?.[1] ?? '',
        bytes: Buffer.from(body, 'latin1'),
      }
    } else payload[name] = Buffer.from(body, 'latin1').toString('utf8')
  }
  for (const k of ['reply_markup', 'chat_id']) {
    const v = payload[k]
    if (typeof v === 'string' && /^[[{\d-]/.test(v)) payload[k] = JSON.parse(v)
  }
  return { payload, files }
}
