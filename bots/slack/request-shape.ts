/**
 * The shapes of what Slack posts to /slack/events, checked as far as Bolt's router and the desk's listeners read
 * them, so a hostile or broken body gets a 4xx here instead of a 500 (or a timeout) inside Bolt.
 */

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isString = (v: unknown) => typeof v === 'string'
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v)
const hasId = (v: unknown) => isObject(v) && isString(v.id)

/**
 * The interactive payloads Bolt routes (to a listener or to the catch-all that acknowledges them). Bolt ignores
 * any other kind without answering, which Slack would see as a timeout.
 */
const INTERACTIVE = new Set([
  'block_actions',
  'block_suggestion',
  'view_submission',
  'view_closed',
  'shortcut',
  'message_action',
  'interactive_message',
  'dialog_submission',
])

/** Interactive payloads the desk handles, checked as far as Bolt and the listeners read them. */
function interactiveProblem(p: Record<string, unknown>): string | undefined {
  if (!isString(p.type) || !INTERACTIVE.has(p.type)) return 'payload.type'
  if (p.type === 'interactive_message' && !Array.isArray(p.actions)) return 'payload.actions'
  if (!optional(p.user, hasId)) return 'payload.user'
  if (!optional(p.response_url, isString) || !optional(p.trigger_id, isString)) return 'payload.urls'
  if (!optional(p.channel, hasId) || !optional(p.container, isObject) || !optional(p.team, isObject))
    return 'payload.where'
  if (p.type === 'block_actions') {
    if (!hasId(p.user)) return 'payload.user'
    const actions = p.actions
    if (!Array.isArray(actions) || actions.length === 0 || actions.length > 25) return 'payload.actions'
    for (const a of actions)
      if (!isObject(a) || !isString(a.action_id) || !optional(a.value, isString) || !optional(a.block_id, isString))
        return 'payload.actions'
    if (!optional(p.view, isObject)) return 'payload.view'
  }
  if (p.type === 'view_submission' || p.type === 'view_closed') {
    if (!hasId(p.user)) return 'payload.user'
    const v = p.view
    if (!isObject(v) || !isString(v.callback_id) || !optional(v.id, isString)) return 'payload.view'
    if (!optional(v.private_metadata, isString)) return 'payload.view'
    if (p.type === 'view_submission') {
      if (!isObject(v.state) || !isObject(v.state.values)) return 'payload.view.state'
      for (const block of Object.values(v.state.values)) {
        if (!isObject(block)) return 'payload.view.state'
        for (const element of Object.values(block)) if (!isObject(element)) return 'payload.view.state'
      }
    }
  }
  return undefined
}

/** An Events API delivery: an object with an event object, shaped as Bolt's router reads it. */
function eventProblem(b: Record<string, unknown>): string | undefined {
  const e = b.event
  if (!isObject(e) || !isString(e.type)) return 'event'
  if (!optional(b.event_id, isString) || !optional(b.team_id, isString)) return 'event_id'
  if (!optional(e.channel, (c) => isString(c) || hasId(c)) || !optional(e.item, isObject)) return 'event.channel'
  if (!optional(e.user, isString) || !optional(e.text, isString) || !optional(e.thread_ts, isString)) return 'event'
  if (!optional(e.files, (f) => Array.isArray(f) && f.every(hasId))) return 'event.files'
  if (b.authorizations !== undefined && !(Array.isArray(b.authorizations) && b.authorizations.every(isObject)))
    return 'authorizations'
  return undefined
}

export type Parsed =
  | { pass: true; contentType: 'application/json' | 'application/x-www-form-urlencoded' }
  | { pass: false; status: number; reason: string }

/**
 * What Bolt may see: a signed body of a kind the desk handles, parsed the way Bolt parses it and shaped the way
 * its router and the listeners read it. Anything else is refused here with a 4xx, before Bolt, whose parse
 * errors would log part of the body and whose router throws (500) on some shapes.
 */
export function classify(contentType: string | undefined, raw: string): Parsed {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  const bad = (reason: string): Parsed => ({ pass: false, status: 400, reason })
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(raw)
    const keys = [...form.keys()]
    // a repeated key would reach Bolt as an array where a string is read
    if (new Set(keys).size !== keys.length) return bad('form.repeated')
    const ok: Parsed = { pass: true, contentType: type }
    const payload = form.get('payload')
    if (payload !== null) {
      let p: unknown
      try {
        p = JSON.parse(payload)
      } catch {
        return bad('payload.json')
      }
      if (!isObject(p)) return bad('payload')
      const problem = interactiveProblem(p)
      return problem ? bad(problem) : ok
    }
    // Slack checking the certificate (`ssl_check=1`): Bolt answers it
    if (form.get('ssl_check')) return ok
    if (form.has('command')) {
      for (const k of ['command', 'user_id', 'text']) if (!form.has(k)) return bad(`command.${k}`)
      return ok
    }
    return bad('form.kind')
  }
  if (type === 'application/json') {
    let b: unknown
    try {
      b = JSON.parse(raw)
    } catch {
      return bad('json')
    }
    if (!isObject(b)) return bad('json.root')
    if (b.type === 'url_verification')
      return isString(b.challenge) ? { pass: true, contentType: type } : bad('challenge')
    if (b.type === 'event_callback') {
      const problem = eventProblem(b)
      return problem ? bad(problem) : { pass: true, contentType: type }
    }
    // Slack tells the app it is over its event rate limit; nothing to dispatch
    if (b.type === 'app_rate_limited') return { pass: false, status: 200, reason: 'app_rate_limited' }
    return bad('json.type')
  }
  return { pass: false, status: 415, reason: 'content_type' }
}
