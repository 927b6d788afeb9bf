// A fake of Slack's Web API (+ response_url sink) for Bolt tests (adapted from shared/reference/harness).
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { CallLog } from './call-log.ts'

export interface SlackCall {
  method: string
  payload: Record<string, any>
  auth?: string
}
export class FakeSlack {
  private readonly log = new CallLog<SlackCall>()
  get calls(): SlackCall[] {
    return this.log.all
  }
  readonly responses: { id: string; body: any }[] = [] // POSTs to response_url
  /** Waits (up to 5 s) for the POST to the response_url `id` names, and returns what was posted. */
  async response(id: string): Promise<{ text: string; blocks?: unknown[] }> {
    for (let i = 0; i < 100; i++) {
      const r = this.responses.find((x) => x.id === id)
      if (r) return r.body
      await new Promise((res) => setTimeout(res, 50))
    }
    throw new Error(`no response for ${id}`)
  }
  /** Slack locale of each user id (users.info include_locale). */
  readonly locales = new Map<string, string>()
  private failures: { method: string; status: number; body: any; headers?: Record<string, string>; times: number }[] =
    []
  private ts = 1700000000
  /** While set, Slack is down: the Web API (and, with `responseUrls`, response_url) fails this way. */
  private down: { mode: 'error' | 'hang'; responseUrls: boolean } | undefined
  private hung = new Set<http.ServerResponse>()
  /** Calls made while Slack was down: not processed, so not in `calls`. */
  readonly unanswered: SlackCall[] = []
  /** Files in the fake workspace: uploaded by the app (files.uploadV2) or attached by a user (addUserFile). */
  readonly files = new Map<string, { name: string; data: Buffer; channel?: string; threadTs?: string }>()
  private nextFile = 1
  /** Files the app deleted (files.delete). */
  readonly deletedFiles: string[] = []
  /** Files someone in the workspace deleted: files.delete answers `file_deleted` for them, as Slack does. */
  private readonly deletedByUsers = new Set<string>()
  /** Someone in the workspace deletes a file (by hand, in Slack). */
  userDeletesFile(id: string) {
    this.files.delete(id)
    this.deletedByUsers.add(id)
  }
  /** The app's messages as the workspace shows them now: as last posted or updated (chat.update), unless deleted. */
  readonly messages = new Map<
    string,
    { channel: string; ts: string; threadTs?: string; text: string; blocks?: unknown }
  >()
  /** A file a Slack user attached to a message (its id goes in the message event's `files`). */
  addUserFile(name: string, data: Buffer) {
    const id = `FUSER${this.nextFile++}`
    this.files.set(id, { name, data })
    return id
  }
  private server = http.createServer((req, res) => void this.handle(req, res))
  url = ''
  get apiUrl() {
    return `${this.url}/api/`
  }
  responseUrl(id = 'r1') {
    return `${this.url}/response/${id}`
  }

  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }
  async stop() {
    this.recover()
    this.server.closeAllConnections()
    await new Promise((r) => this.server.close(r))
  }

  /**
   * Slack goes down: every Web API method answers HTTP 500 (`error`) or never answers (`hang`); response_url too
   * with `responseUrls`. Nothing asked meanwhile is processed (it lands in `unanswered`, not `calls`).
   */
  outage(mode: 'error' | 'hang', opts: { responseUrls?: boolean } = {}) {
    this.down = { mode, responseUrls: opts.responseUrls ?? false }
  }
  /** Slack is back; requests left hanging are cut off (their callers gave up long ago). */
  recover() {
    this.down = undefined
    for (const res of this.hung) res.destroy()
    this.hung.clear()
  }

  rateLimitNext(method: string, retryAfter = 1, times = 1) {
    this.failures.push({
      method,
      status: 429,
      body: { ok: false, error: 'ratelimited' },
      headers: { 'retry-after': String(retryAfter) },
      times,
    })
  }
  /** The next `times` calls of `method` answer HTTP 500 (Slack's side failing, not a refusal). */
  serverErrorNext(method: string, times = 1) {
    this.failures.push({ method, status: 500, body: { ok: false, error: 'internal_error' }, times })
  }
  errorNext(method: string, error: string, times = 1) {
    this.failures.push({ method, status: 200, body: { ok: false, error }, times })
  }

  /** Resolve when `method` is called (optionally matching `pred`); looks at past calls first. */
  waitForCall(method: string, pred?: (c: SlackCall) => boolean, timeoutMs = 10_000, since = 0): Promise<SlackCall> {
    return this.log.waitFor(method, pred, timeoutMs, since)
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const raw = Buffer.concat(chunks).toString()
    const type = req.headers['content-type'] ?? ''
    const payload: Record<string, any> = type.includes('json')
      ? JSON.parse(raw || '{}')
      : Object.fromEntries(new URLSearchParams(raw))
    for (const k of ['blocks', 'view', 'attachments'])
      if (typeof payload[k] === 'string') payload[k] = JSON.parse(payload[k])
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(JSON.stringify(body))
    }
    const upload = /^\/upload\/(\w+)$/.exec(req.url ?? '')
    if (upload) {
      const f = this.files.get(upload[1]!)
      if (!f) return send(404, { ok: false })
      f.data = Buffer.concat(chunks)
      return send(200, { ok: true })
    }
    const download = /^\/download\/(\w+)$/.exec(req.url ?? '')
    if (download) {
      const f = this.files.get(download[1]!)
      if (!f || req.headers.authorization !== 'Bearer xoxb-test-desk') return send(404, { ok: false })
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      return res.end(f.data)
    }
    const resp = /^\/response\/(.+)$/.exec(req.url ?? '')
    const api = /^\/api\/([\w.]+)/.exec(req.url ?? '')
    if (this.down && (api || (resp && this.down.responseUrls))) {
      this.unanswered.push({ method: api ? api[1]! : 'response_url', payload })
      if (this.down.mode === 'error') return send(500, { ok: false, error: 'internal_error' })
      this.hung.add(res)
      return
    }
    if (resp) {
      this.responses.push({ id: resp[1]!, body: payload })
      return send(200, { ok: true })
    }
    const m = /^\/api\/([\w.]+)/.exec(req.url ?? '')
    if (!m) return send(404, { ok: false, error: 'unknown_method' })
    const method = m[1]!
    const call = { method, payload, auth: req.headers.authorization }
    this.log.record(call)
    const f = this.failures.find((x) => x.method === method && x.times > 0)
    if (f) {
      f.times--
      return send(f.status, f.body, f.headers)
    }
    const ts = () => `${this.ts++}.000100`
    switch (method) {
      case 'auth.test':
        return send(200, {
          ok: true,
          url: 'https://fake.slack/',
          team: 'T',
          user: 'bot',
          team_id: 'T1',
          user_id: 'UBOT',
          bot_id: 'BBOT',
          is_enterprise_install: false,
        })
      case 'chat.postMessage': {
        const t = ts()
        const { channel, thread_ts: threadTs, text, blocks } = payload
        this.messages.set(t, { channel, ts: t, threadTs, text, blocks })
        return send(200, {
          ok: true,
          channel: payload.channel,
          ts: t,
          message: { type: 'message', text: payload.text, ts: t, thread_ts: payload.thread_ts, bot_id: 'BBOT' },
        })
      }
      case 'users.info':
        return send(200, {
          ok: true,
          user: {
            id: payload.user,
            name: String(payload.user).toLowerCase(),
            locale: this.locales.get(payload.user) ?? 'en-US',
          },
        })
      case 'files.getUploadURLExternal': {
        const id = `FAPP${this.nextFile++}`
        this.files.set(id, { name: String(payload.filename), data: Buffer.alloc(0) })
        return send(200, { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id })
      }
      case 'files.completeUploadExternal': {
        const list = typeof payload.files === 'string' ? JSON.parse(payload.files) : payload.files
        for (const f of list as { id: string }[]) {
          const file = this.files.get(f.id)
          if (file) Object.assign(file, { channel: payload.channel_id, threadTs: payload.thread_ts })
        }
        return send(200, { ok: true, files: list })
      }
      case 'files.delete': {
        const id = String(payload.file)
        if (this.deletedByUsers.has(id)) return send(200, { ok: false, error: 'file_deleted' })
        if (!this.files.delete(id)) return send(200, { ok: false, error: 'file_not_found' })
        this.deletedFiles.push(String(payload.file))
        return send(200, { ok: true })
      }
      case 'files.info': {
        const f = this.files.get(String(payload.file))
        if (!f) return send(200, { ok: false, error: 'file_not_found' })
        return send(200, {
          ok: true,
          file: { id: payload.file, name: f.name, url_private_download: `${this.url}/download/${payload.file}` },
        })
      }
      case 'conversations.open':
        // the app's direct messages with a user
        return send(200, { ok: true, channel: { id: `D${String(payload.users).split(',')[0]}` } })
      case 'chat.postEphemeral':
        return send(200, { ok: true, message_ts: ts() })
      case 'chat.update': {
        const m = this.messages.get(String(payload.ts))
        if (m) Object.assign(m, { text: payload.text, blocks: payload.blocks })
        return send(200, { ok: true, channel: payload.channel, ts: payload.ts, text: payload.text })
      }
      case 'chat.delete':
        this.messages.delete(String(payload.ts))
        return send(200, { ok: true, channel: payload.channel, ts: payload.ts })
      case 'views.open':
      case 'views.update':
      case 'views.push':
      case 'views.publish':
        return send(200, { ok: true, view: { id: 'V1', ...(payload.view ?? {}) } })
      default:
        return send(200, { ok: false, error: 'unknown_method' })
    }
  }
}
