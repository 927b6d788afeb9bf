import { type Composer, InlineKeyboard } from 'grammy'
import { z } from 'zod'
import { PAYOUT_METHODS } from '../../core/domain/payouts.ts'
import { MAX_PROGRAM_KEY } from '../../core/programs/definition.ts'
import { LANGUAGES, type Translate } from '../i18n/index.ts'
import type { BotContext } from './context.ts'

/**
 * Every button's callback data, declared once: `encode` for the keyboard that shows it, `parse` (zod) for the
 * handler that reads it. The strings are the ones already in partners' chats (`tv:ack:<uuid>`, `dsp:add:12`): a
 * button sent months ago still works. Data a handler cannot parse (forged, or from a removed feature) is answered
 * like any button nobody handles, and changes nothing.
 */
export interface Callback<T> {
  /** Matches every data of this callback's prefix (valid or not), so a bad one is answered here. */
  readonly trigger: RegExp
  encode(value: T): string
  parse(data: string): T | undefined
}

/** A callback `prefix:<field>:<field>…`; the fields in `shape` order, each validated by its schema. */
function callback<S extends Record<string, z.ZodType<string | number>>>(prefix: string, shape: S) {
  type Value = { [K in keyof S]: z.output<S[K]> }
  const keys = Object.keys(shape)
  const schema = z.object(shape).strict()
  return {
    trigger: new RegExp(`^${prefix}(:|$)`),
    encode: (value: Value) => [prefix, ...keys.map((k) => String(value[k]))].join(':'),
    parse(data: string): Value | undefined {
      const [head, ...parts] = data.split(':')
      if (head !== prefix || parts.length !== keys.length) return undefined
      const r = schema.safeParse(Object.fromEntries(keys.map((k, i) => [k, parts[i]])))
      return r.success ? (r.data as Value) : undefined
    },
  } satisfies Callback<Value>
}

/** A button without a value: its data is fixed. */
function fixed(data: string): Callback<true> {
  return {
    trigger: new RegExp(`^${data}$`),
    encode: () => data,
    parse: (d) => (d === data ? true : undefined),
  }
}

/** A dispute's number as it is shown: 1 to 9 digits. */
const disputeNumber = z
  .string()
  .regex(/^[1-9]\d{0,8}$/)
  .transform(Number)

/** A program's key, as long as a definition allows it (which every button carrying it has room for). */
const programKey = z
  .string()
  .regex(/^[a-z][a-z0-9-]+$/)
  .max(MAX_PROGRAM_KEY)

const SETTINGS_ITEMS = ['language', 'details', 'erase', 'erase_yes', 'erase_no', 'leave'] as const

/**
 * `st:<item>`, and `st:erase_yes:<seen>` with the fingerprint of the unpaid money the confirmation showed (8
 * base64url characters), so a "Yes" pressed after that money changed is told apart. A `st:erase_yes` sent before the
 * fingerprint was carried still parses, without one (its handler asks again).
 */
function settingsCallback(): Callback<{ item: (typeof SETTINGS_ITEMS)[number]; seen?: string }> {
  const plain = callback('st', { item: z.enum(SETTINGS_ITEMS) })
  const seen = callback('st', { item: z.literal('erase_yes'), seen: z.string().regex(/^[A-Za-z0-9_-]{8}$/) })
  return {
    trigger: plain.trigger,
    encode: (v) =>
      v.item === 'erase_yes' && v.seen !== undefined ? seen.encode({ item: v.item, seen: v.seen }) : plain.encode(v),
    parse: (data) => plain.parse(data) ?? seen.parse(data),
  }
}

export const CALLBACKS = {
  /**
   * Acknowledge or object to a term change (the broadcast message, /terms); an objection that ends the agreement is
   * confirmed first (`obj` asks, `obj_yes` objects, `obj_no` goes back).
   */
  terms: callback('tv', { answer: z.enum(['ack', 'obj', 'obj_yes', 'obj_no']), versionId: z.uuid() }),
  /** A dispute of the partner's: view it, or add a message to it. */
  dispute: callback('dsp', { action: z.enum(['view', 'add']), number: disputeNumber }),
  /** /dispute's button for a new case: registered before `dispute`, whose prefix it shares. */
  newDispute: fixed('dsp:new'),
  /** /settings' menu; "Yes, delete my data" carries the fingerprint of the money its confirmation showed. */
  settings: settingsCallback(),
  /** /settings -> payment details: enter new ones for a method (the /payout flow, for its details only). */
  newDetails: callback('dt', { method: z.enum(PAYOUT_METHODS) }),
  /** /link's "join more campaigns" of a network program. */
  moreCampaigns: callback('cmp', { program: programKey }),
  /** /settings -> leave a program: ask (the confirmation with the date and the money), yes, no. */
  leave: callback('lp', {
    step: z.enum(['ask', 'yes', 'no']),
    program: programKey,
  }),
  /** /language's choices. */
  language: callback('lang', { language: z.enum(LANGUAGES) }),
  /** /stats' program picker: one program's performance. */
  stats: callback('sts', { program: programKey }),
  /** The "Performance" button under /earnings: what /stats answers. */
  performance: fixed('perf'),
  /** /link's "QR code" button of one link or promo code (a code's shape, short enough for 64 bytes of data). */
  qr: callback('qr', { code: z.string().regex(/^[A-Za-z0-9_-]{4,61}$/) }),
}

/**
 * The buttons of a question asked inside a conversation: `prefix:<nonce>:<value>`. The nonce is drawn per question,
 * so a press on an older question's button is told apart (answered as expired); the value must be one of the
 * options that question offered. Each conversation's prefix is declared here, next to the other callbacks.
 */
export const QUESTIONS = {
  join: 'jn',
  dispute: 'dq',
  disputeFiles: 'dsc',
  payout: 'po',
  /** The campaigns a network partner joins (toggles and "Join"). */
  campaigns: 'cq',
} as const
export type Question = (typeof QUESTIONS)[keyof typeof QUESTIONS]

export const questionData = (question: Question, nonce: string, value: string) => `${question}:${nonce}:${value}`

/** The value of a press on this question's buttons: undefined for another question's (or forged) data. */
export function questionAnswer<V extends string>(
  question: Question,
  nonce: string,
  data: string,
  values: readonly V[],
): V | 'other_question' | undefined {
  const tag = `${question}:${nonce}:`
  if (!data.startsWith(tag)) return 'other_question'
  const value = data.slice(tag.length)
  return (values as readonly string[]).includes(value) ? (value as V) : undefined
}

/**
 * Registers `handler` for a callback's data: valid data reaches it parsed; invalid data is answered with "this
 * button is no longer active" (as unhandled buttons are) and logged, and nothing else happens.
 */
export function onCallback<T>(
  composer: Composer<BotContext>,
  cb: Callback<T>,
  handler: (ctx: BotContext & { callbackQuery: { data: string } }, value: T) => Promise<unknown>,
) {
  composer.callbackQuery(cb.trigger, async (ctx) => {
    const data = ctx.callbackQuery.data
    const value = cb.parse(data)
    if (value === undefined) {
      ctx.log.warn({ data: data.slice(0, 64) }, 'telegram: callback data refused')
      await ctx.answerCallbackQuery({ text: ctx.t('unhandled.button') })
      return
    }
    await handler(ctx, value)
  })
}

/** Acknowledge and Object under a term change (the broadcast and /terms show the same two). */
export const termsKeyboard = (t: Translate, versionId: string) =>
  new InlineKeyboard()
    .text(t('terms.change.acknowledge'), CALLBACKS.terms.encode({ answer: 'ack', versionId }))
    .text(t('terms.change.object'), CALLBACKS.terms.encode({ answer: 'obj', versionId }))

/** Only the acknowledgement, for a change whose window to object has closed (an objection would come too late). */
export const acknowledgeKeyboard = (t: Translate, versionId: string) =>
  new InlineKeyboard().text(t('terms.change.acknowledge'), CALLBACKS.terms.encode({ answer: 'ack', versionId }))

/** Only the objection, for a change acknowledged while its window to object is open (worksection: 3 days). */
export const objectKeyboard = (t: Translate, versionId: string) =>
  new InlineKeyboard().text(t('terms.change.object'), CALLBACKS.terms.encode({ answer: 'obj', versionId }))

/**
 * The button under a dispute's news or view that lets the partner write in it: an answer to support's message, or
 * (`add`: support has not written last, nothing to answer) an addition to the dispute.
 */
export const answerDisputeKeyboard = (t: Translate, number: number, kind: 'answer' | 'add' = 'answer') =>
  new InlineKeyboard().text(
    t(kind === 'add' ? 'disputes.add_button' : 'disputes.answer_button'),
    CALLBACKS.dispute.encode({ action: 'add', number }),
  )
