/**
 * Slack's Block Kit length limits, in one place. Slack refuses a whole view or message (`invalid_arguments`,
 * `invalid_blocks`) when one text is longer than its field allows: a modal whose submit button has 25 characters
 * does not open at all. Every payload the app sends passes through `fitSlackPayload` (web-client.ts applies it to
 * every Web API call and response_url answer), which cuts an over-long text to its limit with an ellipsis and
 * reports what it cut; the locale test (test/bots/slack-limits.test.ts) holds every language's strings for the
 * short fields to these numbers, so a cut is a bug to fix in the locale, never the normal case.
 *
 * Numbers from Slack's reference (docs.slack.dev/reference/block-kit, /reference/views/modal-views).
 */
export const SLACK_LIMITS = {
  /** A modal's title, submit and close buttons. */
  modalTitle: 24,
  modalSubmit: 24,
  modalClose: 24,
  header: 150,
  /** Any text object (a section's text, a context element). */
  text: 3000,
  sectionField: 2000,
  buttonText: 75,
  optionText: 75,
  optionDescription: 75,
  optionGroupLabel: 75,
  placeholder: 150,
  inputLabel: 2000,
  inputHint: 2000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  altText: 2000,
} as const

export type SlackField = keyof typeof SLACK_LIMITS

export interface SlackCut {
  /** Where in the payload, e.g. `view.submit` or `blocks[3].elements[0].text`. */
  path: string
  field: SlackField
  limit: number
  length: number
}

const ELLIPSIS = '…'

/** The length Slack counts: characters (code points), not UTF-16 units. */
export const slackLength = (text: string) => [...text].length

/** `text` cut to `max` characters, the last one an ellipsis; a text that fits as it is. */
export function clipText(text: string, max: number): string {
  const chars = [...text]
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}${ELLIPSIS}`
}

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])

/** Walks a payload, fitting each text to its field; collects the cuts. */
class Fitter {
  readonly cuts: SlackCut[] = []

  /** A text object `{ type, text }` at `path` (its `.text` is what is counted). */
  textObject(o: unknown, path: string, field: SlackField) {
    if (!isObject(o) || typeof o.text !== 'string') return
    const limit = SLACK_LIMITS[field]
    const length = slackLength(o.text)
    if (length <= limit) return
    o.text = clipText(o.text, limit)
    this.cuts.push({ path: `${path}.text`, field, limit, length })
  }

  view(v: unknown, path: string) {
    if (!isObject(v)) return
    if (v.type === 'modal') {
      this.textObject(v.title, `${path}.title`, 'modalTitle')
      this.textObject(v.submit, `${path}.submit`, 'modalSubmit')
      this.textObject(v.close, `${path}.close`, 'modalClose')
    }
    this.blocks(v.blocks, `${path}.blocks`)
  }

  blocks(blocks: unknown, path: string) {
    for (const [i, b] of list(blocks).entries()) this.block(b, `${path}[${i}]`)
  }

  block(b: unknown, path: string) {
    if (!isObject(b)) return
    switch (b.type) {
      case 'header':
        return this.textObject(b.text, `${path}.text`, 'header')
      case 'section':
        this.textObject(b.text, `${path}.text`, 'text')
        for (const [i, f] of list(b.fields).entries()) this.textObject(f, `${path}.fields[${i}]`, 'sectionField')
        return this.element(b.accessory, `${path}.accessory`)
      case 'context':
        for (const [i, e] of list(b.elements).entries()) {
          if (isObject(e) && e.type === 'image') this.plain(e, 'alt_text', `${path}.elements[${i}]`, 'altText')
          else this.textObject(e, `${path}.elements[${i}]`, 'text')
        }
        return
      case 'actions':
        for (const [i, e] of list(b.elements).entries()) this.element(e, `${path}.elements[${i}]`)
        return
      case 'input':
        this.textObject(b.label, `${path}.label`, 'inputLabel')
        this.textObject(b.hint, `${path}.hint`, 'inputHint')
        return this.element(b.element, `${path}.element`)
      case 'image':
        this.plain(b, 'alt_text', path, 'altText')
        return this.textObject(b.title, `${path}.title`, 'altText')
    }
  }

  /** A plain string property (not a text object), e.g. an image's alt_text. */
  plain(o: Json, key: string, path: string, field: SlackField) {
    const v = o[key]
    if (typeof v !== 'string') return
    const limit = SLACK_LIMITS[field]
    const length = slackLength(v)
    if (length <= limit) return
    o[key] = clipText(v, limit)
    this.cuts.push({ path: `${path}.${key}`, field, limit, length })
  }

  element(e: unknown, path: string) {
    if (!isObject(e)) return
    if (e.type === 'button') this.textObject(e.text, `${path}.text`, 'buttonText')
    if (e.type === 'image') this.plain(e, 'alt_text', path, 'altText')
    this.textObject(e.placeholder, `${path}.placeholder`, 'placeholder')
    this.confirm(e.confirm, `${path}.confirm`)
    this.options(e.options, `${path}.options`)
    for (const [i, g] of list(e.option_groups).entries()) {
      if (!isObject(g)) continue
      this.textObject(g.label, `${path}.option_groups[${i}].label`, 'optionGroupLabel')
      this.options(g.options, `${path}.option_groups[${i}].options`)
    }
    // a selected option must equal one of the options: it is cut the same way
    if (isObject(e.initial_option)) this.option(e.initial_option, `${path}.initial_option`)
    this.options(e.initial_options, `${path}.initial_options`)
  }

  options(options: unknown, path: string) {
    for (const [i, o] of list(options).entries()) this.option(o, `${path}[${i}]`)
  }

  option(o: unknown, path: string) {
    if (!isObject(o)) return
    this.textObject(o.text, `${path}.text`, 'optionText')
    this.textObject(o.description, `${path}.description`, 'optionDescription')
  }

  confirm(c: unknown, path: string) {
    if (!isObject(c)) return
    this.textObject(c.title, `${path}.title`, 'confirmTitle')
    this.textObject(c.text, `${path}.text`, 'confirmText')
    this.textObject(c.confirm, `${path}.confirm`, 'confirmButton')
    this.textObject(c.deny, `${path}.deny`, 'confirmButton')
  }
}

/**
 * Fits, in place, every text of a Web API or response_url payload (`view`, `blocks`, `attachments[].blocks`) to
 * Slack's limit for its field, and returns what was cut (empty when everything fits).
 */
export function fitSlackPayload(payload: Json): SlackCut[] {
  const f = new Fitter()
  f.view(payload.view, 'view')
  f.blocks(payload.blocks, 'blocks')
  for (const [i, a] of list(payload.attachments).entries())
    if (isObject(a)) f.blocks(a.blocks, `attachments[${i}].blocks`)
  return f.cuts
}

/** What `fitSlackPayload` would cut from a payload, leaving it as it is (for tests). */
export const slackLimitViolations = (payload: Json): SlackCut[] => fitSlackPayload(structuredClone(payload))

/** Payload keys that hold JSON in a form-encoded Web API call. */
const JSON_PARAMS = ['view', 'blocks', 'attachments'] as const

/**
 * A request body as the Web API client or Bolt's respond() serialised it, fitted to Slack's limits: JSON (a
 * response_url answer) or form-encoded with JSON values (a Web API call). The body comes back as it was when
 * nothing needed cutting or it is not one of those shapes (a file upload).
 */
export function fitSlackBody(body: string): { body: string; cuts: SlackCut[] } {
  if (body.startsWith('{')) {
    let payload: unknown
    try {
      payload = JSON.parse(body)
    } catch {
      return { body, cuts: [] }
    }
    if (!isObject(payload)) return { body, cuts: [] }
    const cuts = fitSlackPayload(payload)
    return { body: cuts.length ? JSON.stringify(payload) : body, cuts }
  }
  const params = new URLSearchParams(body)
  const payload: Json = {}
  for (const k of JSON_PARAMS) {
    const raw = params.get(k)
    if (raw === null) continue
    try {
      payload[k] = JSON.parse(raw)
    } catch {
      // not JSON: not ours to fit
    }
  }
  const cuts = fitSlackPayload(payload)
  if (!cuts.length) return { body, cuts }
  for (const k of JSON_PARAMS) if (k in payload) params.set(k, JSON.stringify(payload[k]))
  return { body: params.toString(), cuts }
}
