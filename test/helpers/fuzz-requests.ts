import fc from 'fast-check'
import { ADMIN_TOKEN, PROGRAM_KEYS } from './api.ts'

/**
 * The requests of test/integration/fuzz.test.ts: fast-check arbitraries for each HTTP surface (hostile variants of
 * valid requests, garbage, odd encodings) and a systematic sweep of every field and path parameter. Placeholders
 * (`@ref:<program>`, `@click:<program>`, `@session<n>`, `@response`) are filled in by the runner with what exists at
 * run time; the runner also signs what is to be signed.
 */

export const SLACK_SECRET = 'fuzz-slack-signing-secret'
export const WEBHOOK_SECRET = 'fuzz_webhook_secret-1'
const USERS = ['UADMIN', 'USUPPORT', 'UFINANCE', 'USTRANGER']

export interface Req {
  target: 'main' | 'sandbox'
  method: string
  path: string
  headers: Record<string, string>
  body?: string | Buffer
  /** Signs the body just before sending (signatures carry a timestamp). */
  signWith?: 'postback' | 'slack'
  program?: string
}

// ---------------------------------------------------------------------------------------------- values

/** Strings meant to hurt: NUL, unpaired surrogates, control and bidi characters, injections, look-alike numbers. */
const NASTY = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ud83d',
  '\u202e\u0007\u001b[31m',
  '\uffff\ufffe',
  '',
  ' ',
  '%00',
  '%ED%A0%80',
  '../../etc/passwd',
  "'; DROP TABLE partners;--",
  '<script>alert(1)</script>',
  '\n\r\t',
  '𝕏𝕏𝕏',
  'null',
  'true',
  '0',
  '-1',
  '1e309',
  'NaN',
  'Infinity',
  '__proto__',
  'constructor',
  'toString',
  '9999999999999999999',
  '-9223372036854775809',
  '{{name}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a placeholder is the hostile text here
  '${process.exit()}',
]
const nasty = fc.constantFrom(...NASTY)
const text = fc.oneof(
  { weight: 4, arbitrary: nasty },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 1, arbitrary: fc.constantFrom(300, 4000, 70_000).map((n) => 'x'.repeat(n)) },
)
const numberish = fc.oneof(
  fc.constantFrom(0, -0, -1, 1.5, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, 2 ** 63, -(2 ** 63), 1e21, 0.1, 4294967296),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
)
const DATES = [
  '2001-01-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59+14:00',
  'yesterday',
  '2026-02-30T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '2026-03-10',
  '2026-03-10T12:00:00',
  '1970-01-01T00:00:00.000Z',
  '2026-03-10T11:00:00Z',
  '2026-03-10T11:59:00+00:00',
  '2026-03-11T12:00:00Z',
  '2026-04-01T00:00:00Z',
]
const date = fc.constantFrom(...DATES)
const scalar = fc.oneof(text, numberish, date, fc.boolean(), fc.constant(null))
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.oneof(nasty, fc.string({ maxLength: 8 })), scalar, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
)

/** JSON text nested far deeper than any body the service accepts. */
const deepJson = fc
  .tuple(fc.constantFrom(40, 1000, 20_000), fc.boolean())
  .map(([n, arr]) => (arr ? `${'['.repeat(n)}1${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`))
const garbage = fc.oneof(
  fc.constantFrom('', '{', '{"a":', 'nul', '[1,]', '{"a":1}{', '\u0000', '\ufeff{}', '"str"', '123', 'true', 'null'),
  deepJson,
  fc.string({ unit: 'binary', maxLength: 200 }),
)

/** A template body with 0-3 of its fields replaced by hostile values, removed, or joined by unknown ones. */
function mutated(template: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = [...Object.keys(template), 'extra', '__proto__']
  // a field keeps its type more often than not, so that type checks alone do not stop the request
  const change = fc
    .tuple(fc.constantFrom(...keys), fc.nat(9))
    .chain(([k, how]) =>
      (typeof template[k] === 'string'
        ? fc.oneof({ weight: 3, arbitrary: text }, { weight: 1, arbitrary: value })
        : typeof template[k] === 'number'
          ? fc.oneof({ weight: 2, arbitrary: numberish }, { weight: 1, arbitrary: value })
          : value
      ).map((v): [string, unknown, number] => [k, v, how]),
    )
  // mostly one hostile field among valid ones: the request gets past the others to where that field is used
  return fc
    .oneof(
      { weight: 1, arbitrary: fc.constant([] as [string, unknown, number][]) },
      { weight: 5, arbitrary: change.map((c) => [c]) },
      { weight: 2, arbitrary: fc.array(change, { minLength: 2, maxLength: 3 }) },
    )
    .map((changes) => {
      const out: Record<string, unknown> = { ...template }
      for (const [k, v, how] of changes) {
        if (how === 0) delete out[k]
        else Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true })
      }
      return out
    })
}

/** A JSON body: mostly a hostile variant of a valid one, sometimes garbage or a value of another type. */
const jsonBody = (template: Record<string, unknown>) =>
  fc.oneof(
    { weight: 6, arbitrary: mutated(template).map((o) => JSON.stringify(o)) },
    { weight: 1, arbitrary: garbage },
    { weight: 1, arbitrary: value.map((v) => JSON.stringify(v) ?? 'undefined') },
  )

/** UTF-8 percent-encoding that never throws (an unpaired surrogate becomes U+FFFD, as a browser would send it). */
const enc = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16)}`))
    .join('')
const ODD = [
  '%00',
  '%ED%A0%80',
  '%C0%80',
  '%E0%A4%A',
  '%',
  '%zz',
  '%2F',
  '%2e%2e',
  '..',
  '%u0000',
  '%25',
  '%FF',
  '%0a',
  '%7f',
  '%20',
]
const segment = (known: () => string[]) =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .constant(null)
        .map(() => known())
        .chain((k) => (k.length ? fc.constantFrom(...k) : fc.uuid())),
    },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 3, arbitrary: text.map((s) => enc(s.slice(0, 3000)) || 'x') },
    { weight: 2, arbitrary: fc.constantFrom(...ODD) },
  )
const query = fc
  .array(
    fc.tuple(
      fc.constantFrom('program', 'from', 'to', 'open', 'limit', 'details', 'sub1', 'chat', 'after', 'x'),
      fc.oneof(text, date, numberish.map(String)),
    ),
    { maxLength: 3 },
  )
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${enc(String(v))}`).join('&')}` : ''))
/** A header value Node will send: printable latin-1. */
const headerText = fc.string({ maxLength: 60 }).map((s) => s.replace(/[^\x20-\x7e\xa0-\xff]/g, '?'))

// ---------------------------------------------------------------------------------------------- requests

/** What the requests aim at, seeded by the runner before they are generated. */
export const seeds = {
  partners: [] as string[],
  codes: [] as string[],
  ids: [] as string[],
  /** Sandbox sessions (their tokens), for requests that act for a sandbox chat. */
  sessions: [] as string[],
  /** Per program: its seeded partner's first code and a click on it. */
  byProgram: {} as Record<string, { code: string; click: string }>,
}

const OPERATOR: [string, string, Record<string, unknown>][] = [
  ['GET', '/v1/programs', {}],
  ['GET', '/v1/openapi.json', {}],
  [
    'POST',
    '/v1/programs/:program/partners',
    {
      name: 'Fuzz',
      language: 'en',
      legalType: 'individual',
      country: 'GE',
      telegramId: 5001,
      registeredAt: '2026-03-01T00:00:00Z',
      campaigns: ['app-lead'],
      ownAccountId: 'own-1',
    },
  ],
  ['GET', '/v1/partners/:id/statement', {}],
  ['POST', '/v1/partners/:id/sanctions', { program: 'jqsee', kind: 'warning', reason: 'bot_traffic', note: 'n' }],
  ['POST', '/v1/sanctions/:id/lift', { reason: 'appeal_upheld' }],
  ['POST', '/v1/commissions/:id/review', { action: 'hold', reason: 'bot_traffic' }],
  ['GET', '/v1/review-flags', {}],
  ['POST', '/v1/review-flags/:id/resolve', { resolution: 'dismissed_checked_genuine' }],
  [
    'POST',
    '/v1/partners/:id/payouts/preview',
    { program: 'jqsee', currency: 'USD', method: 'paypal', amount: '10.00', details: { email: 'a@example.com' } },
  ],
  [
    'POST',
    '/v1/partners/:id/payouts',
    { program: 'jqsee', currency: 'USD', method: 'paypal', amount: '10.00', details: { email: 'a@example.com' } },
  ],
  ['GET', '/v1/partners/:id/payouts', {}],
  ['GET', '/v1/payouts/:id', {}],
  ['POST', '/v1/payouts/:id/:action', { reason: 'review', reference: 'wire-1' }],
  ['POST', '/v1/partners/:id/payment-details', { method: 'bank', details: { iban: 'GE29NB0000000101904917' } }],
  [
    'POST',
    '/v1/partners/:id/payout-settings',
    { program: 'melbet', detailsAgreed: true, hold: { until: '2026-04-01T00:00:00Z', reason: 'traffic_check' } },
  ],
  ['POST', '/v1/programs/:program/payouts/pause', { reason: 'bank_issue' }],
  ['POST', '/v1/programs/:program/payouts/resume', { reason: 'resolved' }],
  ['POST', '/v1/programs/:program/payout-dates', { scheduled: '2026-03-25', movedTo: '2026-03-26', reason: 'holiday' }],
  ['POST', '/v1/programs/:program/payout-batches', { day: '2026-03-25' }],
  ['GET', '/v1/programs/:program/payouts/schedule', {}],
  ['GET', '/v1/payouts/:id/payment-details', {}],
  ['GET', '/v1/payout-batches', {}],
  ['GET', '/v1/payout-batches/:id', {}],
  ['GET', '/v1/payout-batches/:id/export.csv', {}],
  ['POST', '/v1/payout-batches/:id/paid', { reference: 'wire-2' }],
  ['GET', '/v1/programs/:program/terms', {}],
  [
    'POST',
    '/v1/programs/:program/terms',
    {
      effectiveAt: '2026-04-01T00:00:00Z',
      ratesOnly: false,
      texts: { en: 'New terms' },
      commission: { type: 'payment_share', levels: [{ name: 'x', after: 0, rateBps: 100 }], holdDays: 0 },
    },
  ],
  ['POST', '/v1/terms/:id/publish', { paid: false, ratePerSecond: 10 }],
  ['GET', '/v1/broadcasts', {}],
  ['GET', '/v1/broadcasts/:id', {}],
  ['POST', '/v1/broadcasts/:id/:action', {}],
  ['GET', '/v1/broadcasts/:id/report.csv', {}],
  ['POST', '/v1/partners/:id/terms-answers', { versionId: '00000000-0000-4000-8000-000000000000', answer: 'objected' }],
  ['POST', '/v1/payment-details/rewrap', {}],
  [
    'POST',
    '/v1/programs/:program/partners/:id/codes',
    { code: 'Fuzz2026', commission: { rateBps: 1500 }, from: '2026-03-01T00:00:00Z', until: '2026-04-01T00:00:00Z' },
  ],
  ['GET', '/v1/programs/:program/partners/:id/codes', {}],
  ['POST', '/v1/programs/:program/codes/:id/suspend', { reason: 'bot_traffic' }],
  ['POST', '/v1/programs/:program/codes/:id/reinstate', {}],
]
const programKey = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PROGRAM_KEYS) },
  { weight: 1, arbitrary: fc.constantFrom('nope', 'JQSEE', 'jqsee ', 'a'.repeat(80)).map(enc) },
  { weight: 1, arbitrary: segment(() => []) },
)
const ids = segment(() => [...seeds.partners, ...seeds.ids])
const auth = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ authorization: `Bearer ${ADMIN_TOKEN}` }) },
  { weight: 1, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: headerText.map((t) => ({ authorization: `Bearer ${t}` })) },
  { weight: 1, arbitrary: fc.constant({ authorization: `Basic ${ADMIN_TOKEN}` }) },
)
const contentType = fc.constantFrom(
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-16',
)

const operatorRequest: fc.Arbitrary<Req> = fc
  .tuple(
    // the routes that write take a body: three times as many of those
    fc.constantFrom(...OPERATOR.flatMap((r) => (r[0] === 'POST' ? [r, r, r] : [r]))),
    programKey,
    ids,
    fc.constantFrom('approve', 'hold', 'reject', 'cancel', 'paid', 'pause', 'resume', 'nope'),
    query,
    auth,
    contentType,
    headerText,
  )
  .chain(([[method, path, template], program, id, action, q, authHeader, type, key]) =>
    jsonBody(template).map(
      (body): Req => ({
        target: 'main',
        method,
        path: `${path.replace(':program', program).replace(':id', id).replace(':action', action)}${method === 'GET' ? q : ''}`,
        headers: { ...authHeader, 'content-type': type, 'idempotency-key': key || 'k' },
        body: method === 'GET' ? undefined : body,
      }),
    ),
  )

/** A valid postback of each program; `@ref:` and `@click:` become its seeded partner's code and click. */
const POSTBACKS: Record<string, Record<string, unknown>> = {
  jqsee: { type: 'payment', amount: '120.00', currency: 'USD' },
  quantower: { type: 'signup', amount: '75.00', listAmount: '100.00', currency: 'USD' },
  chetup: { type: 'lead', campaign: 'app-lead', country: 'GE', ip: '203.0.113.7' },
  melbet: { type: 'revenue', amount: '-50.00', currency: 'EUR', settled: false },
  'worksection-partner': { type: 'payment', amount: '90.00', currency: 'USD', monthsPaid: 1, ip: '2001:db8::7' },
}
const postbackRequest: fc.Arbitrary<Req> = fc
  .tuple(
    fc.constantFrom(...Object.keys(POSTBACKS)),
    fc.option(programKey, { freq: 6, nil: undefined }),
    fc.nat(),
    fc.constantFrom('signed', 'signed', 'signed', 'signed', 'unsigned', 'wrong', 'stale'),
    fc.boolean(),
  )
  .chain(([program, other, n, how, withClick]) => {
    const valid = {
      id: `fz-${n}`,
      // the service clock's time: after the seeded clicks
      occurredAt: '2026-03-10T12:00:00Z',
      customer: `fz-${program}-${n % 40}`,
      ref: `@ref:${program}`,
      order: `fz-o${n % 200}`,
      ...POSTBACKS[program],
      ...(withClick ? { click: `@click:${program}` } : {}),
    }
    // a third as sent by an honest system (they must be recorded between the hostile ones), the rest hostile
    return fc
      .oneof(
        { weight: 6, arbitrary: fc.constant(JSON.stringify(valid)) },
        { weight: 12, arbitrary: jsonBody(valid) },
        { weight: 1, arbitrary: fc.constant('x'.repeat(70_000)) },
      )
      .map(
        (body): Req => ({
          target: 'main',
          method: 'POST',
          path: `/v1/programs/${other ?? program}/events`,
          headers: { 'content-type': 'application/json', 'webhook-id': `msg_${n}`, 'x-how': how },
          body,
          signWith: 'postback',
          program: other === undefined ? program : PROGRAM_KEYS.includes(other) ? other : 'nope',
        }),
      )
  })

const clickRequest: fc.Arbitrary<Req> = fc
  .tuple(
    segment(() => seeds.codes),
    query,
    fc.oneof(fc.ipV4(), fc.ipV6(), headerText, fc.constant('1.2.3.4, 5.6.7.8, unknown')),
    headerText,
    fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'POST'),
    fc.constantFrom('GE', 'XX', 'ge', '', 'T1', 'GEORGIA'),
  )
  .map(
    ([code, q, ip, ua, method, country]): Req => ({
      target: 'main',
      method,
      path: `/r/${code}${q}`,
      headers: { 'x-forwarded-for': ip, 'user-agent': ua, 'cf-ipcountry': country },
    }),
  )

const slackPayload = fc.oneof(
  // a slash command
  fc
    .tuple(
      fc.constantFrom('/pa', '/pa', '/other'),
      fc.oneof(
        text,
        fc.constantFrom(
          ...['status', 'help', 'disputes', 'payouts', 'batches', 'partner', 'terms jqsee', 'terms nope'],
          ...['payouts chetup', 'payouts melbet', 'payouts jqsee'],
        ),
      ),
      text,
      fc.constantFrom(...USERS),
    )
    .map(([command, verb, arg, user]) => ({
      type: 'form' as const,
      fields: {
        command,
        text: `${verb} ${arg}`.slice(0, 4000),
        user_id: user,
        channel_id: 'CANY',
        team_id: 'T1',
        trigger_id: 'trigger-fuzz',
        response_url: '@response',
      },
    })),
  // a button or a modal
  fc
    .tuple(
      fc.constantFrom('block_actions', 'view_submission', 'view_closed', 'shortcut', 'message_action', 'nope'),
      fc.constantFrom(
        ...[
          'dispute_claim',
          'dispute_reply',
          'dispute_evidence',
          'dispute_uphold',
          'dispute_reject',
          'dispute_escalate',
        ],
        ...['payout_approve', 'payout_hold', 'payout_reject', 'payout_paid', 'batch_paid'],
        ...['broadcast_pause', 'broadcast_resume', 'broadcast_cancel', 'partner_warn', 'partner_block', 'partner_lift'],
        ...['partner_suspend_codes', 'partner_disqualify', 'terms_publish', 'unknown_action'],
        ...['payouts_pause', 'payouts_resume', 'payouts_move_date', 'payouts_run_pay_day', 'batch_csv'],
        ...['batch_csv_full', 'broadcast_report', 'payout_reveal'],
      ),
      fc.constantFrom(
        ...[
          'dispute_reply_modal',
          'dispute_resolve_modal',
          'payout_decision_modal',
          'payout_paid_modal',
          'batch_paid_modal',
          'payouts_pause_modal',
          'payouts_move_modal',
        ],
        ...['partner_sanction_modal', 'partner_lift_modal', 'terms_compose', 'terms_preview', 'nope'],
      ),
      fc.oneof(
        text,
        fc.uuid(),
        fc.constant(null).map(() => (seeds.ids.length ? seeds.ids[0]! : 'x')),
      ),
      value,
      fc.constantFrom(...USERS),
    )
    .chain(([type, actionId, callbackId, actionValue, stateValue, user]) =>
      mutated({
        type,
        user: { id: user, username: 'fuzz', team_id: 'T1' },
        api_app_id: 'A1',
        team: { id: 'T1', domain: 'fuzz' },
        trigger_id: 'trigger-fuzz',
        token: 'legacy',
        container: { type: 'message', channel_id: 'CANY', message_ts: '1.1' },
        channel: { id: 'CANY', name: 'desk' },
        message: { ts: '1.1', text: '' },
        response_url: '@response',
        actions: [{ type: 'button', action_id: actionId, block_id: 'b', value: actionValue, action_ts: '1.2' }],
        view: {
          id: 'V1',
          type: 'modal',
          callback_id: callbackId,
          private_metadata: typeof actionValue === 'string' ? actionValue : JSON.stringify(actionValue),
          state: {
            values: {
              reason: { input: { type: 'static_select', selected_option: { value: stateValue } } },
              note: { input: { type: 'plain_text_input', value: stateValue } },
            },
          },
        },
      }).map((payload) => ({ type: 'form' as const, fields: { payload: JSON.stringify(payload) } })),
    ),
  // an event
  fc
    .tuple(
      fc.constantFrom('app_home_opened', 'message', 'app_mention', 'nope'),
      text,
      fc.constantFrom(...USERS),
      fc.nat(),
    )
    .chain(([type, t, user, n]) =>
      mutated({
        token: 'legacy',
        team_id: 'T1',
        api_app_id: 'A1',
        type: 'event_callback',
        event_id: `Ev${n}`,
        event_time: 1700000000,
        event: {
          type,
          user,
          channel: 'CDISPUTES',
          text: t,
          ts: '1.2',
          thread_ts: '1.1',
          tab: 'home',
          files: [{ id: 'F1' }],
        },
      }).map((o) => ({ type: 'json' as const, raw: JSON.stringify(o) })),
    ),
  fc.constant({ type: 'json' as const, raw: JSON.stringify({ type: 'url_verification', challenge: 'c' }) }),
  garbage.map((raw) => ({ type: 'json' as const, raw })),
  garbage.map((raw) => ({ type: 'form-raw' as const, raw })),
)
const slackRequest: fc.Arbitrary<Req> = fc
  .tuple(slackPayload, fc.constantFrom('signed', 'signed', 'signed', 'unsigned', 'wrong'), contentType)
  .map(([p, how, odd]): Req => {
    const body =
      p.type === 'form'
        ? new URLSearchParams(p.fields as Record<string, string>).toString()
        : (p as { raw: string }).raw
    const type = p.type === 'json' ? 'application/json' : p.type === 'form' ? 'application/x-www-form-urlencoded' : odd
    return {
      target: 'main',
      method: 'POST',
      path: '/slack/events',
      headers: { 'content-type': type, 'x-how': how },
      body,
      signWith: 'slack',
    }
  })

const telegramUser = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 9001, max: 9008 }) },
  { weight: 1, arbitrary: numberish },
  { weight: 1, arbitrary: text },
)
const telegramText = fc.oneof(
  fc.constantFrom(
    '/start',
    '/start jqsee',
    '/start melbet',
    '/start chetup',
    '/link',
    '/earnings',
    '/payout',
    '/dispute',
    '/terms',
    '/language',
    '/help',
    '/settings',
    '/cancel',
    'ru',
    'GE',
    'individual',
    'yes',
  ),
  text.map((t) => `/start ${t}`),
  text,
)
const telegramUpdate = fc
  .tuple(
    fc.oneof(fc.nat(), numberish, text),
    telegramUser,
    telegramText,
    fc.oneof(text, fc.constantFrom('lang:ru', 'x', 'menu', 'pay:jqsee', 'ack:1')),
    fc.nat(3),
  )
  .chain(([updateId, user, t, data, kind]) => {
    const from = { id: user, is_bot: false, first_name: 'Fuzz', username: 'fuzz', language_code: 'en' }
    const message = { message_id: 7, date: 1773140000, chat: { id: user, type: 'private' }, from, text: t }
    const template =
      kind === 0
        ? { update_id: updateId, callback_query: { id: 'cb1', from, chat_instance: 'ci', data, message } }
        : { update_id: updateId, message }
    return fc.oneof(
      { weight: 5, arbitrary: mutated(template).map((o) => JSON.stringify(o)) },
      { weight: 1, arbitrary: garbage },
    )
  })
const telegramRequest: fc.Arbitrary<Req> = fc
  .tuple(telegramUpdate, fc.constantFrom('right', 'right', 'right', 'right', 'none', 'wrong'))
  .map(
    ([body, how]): Req => ({
      target: 'main',
      method: 'POST',
      path: '/telegram/webhook',
      headers: {
        'content-type': 'application/json',
        ...(how === 'right'
          ? { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }
          : how === 'wrong'
            ? { 'x-telegram-bot-api-secret-token': 'nope' }
            : {}),
      },
      body,
    }),
  )

/** The sandbox acts only for a chat it issued (POST /sandbox/api/session): mostly a session of ours, sometimes not. */
const session = fc.oneof(
  { weight: 6, arbitrary: fc.nat(3).map((n) => ({ 'x-sandbox-session': `@session${n}` })) },
  { weight: 1, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: headerText.map((t) => ({ 'x-sandbox-session': t || 'x' })) },
)
const sandboxRequest: fc.Arbitrary<Req> = fc
  .tuple(
    fc.constantFrom('state', 'send', 'send', 'press', 'photo', 'simulate-sale', 'session', 'page', 'nope'),
    session,
    query,
    telegramText,
    fc.oneof(fc.nat(2000), numberish),
    text,
    segment(() => []),
  )
  .chain(([what, auth, q, t, message, data, seg]) => {
    const get = (path: string): fc.Arbitrary<Req> =>
      fc.constant({ target: 'sandbox', method: 'GET', path, headers: auth })
    const post = (path: string, template: Record<string, unknown>) =>
      jsonBody(template).map(
        (body): Req => ({
          target: 'sandbox',
          method: 'POST',
          path,
          headers: { ...auth, 'content-type': 'application/json' },
          body,
        }),
      )
    switch (what) {
      case 'state':
        return get(`/sandbox/api/state${q}`)
      case 'send':
        return post('/sandbox/api/send', { text: t, language: 'en' })
      case 'press':
        return post('/sandbox/api/press', { message, data, language: 'ru' })
      case 'photo':
        return get(`/sandbox/api/photo/${seg}`)
      case 'simulate-sale':
        return post('/sandbox/api/simulate-sale', {})
      case 'session':
        return post('/sandbox/api/session', {})
      case 'page':
        return get(`/sandbox${q}`)
      default:
        return post(`/sandbox/api/${seg}`, {})
    }
  })

const healthRequest: fc.Arbitrary<Req> = fc
  .tuple(
    fc.constantFrom('/healthz', '/readyz', '/metrics'),
    query,
    fc.constantFrom('GET', 'GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS'),
    fc.constantFrom('main', 'sandbox'),
  )
  .map(
    ([path, q, method, target]): Req => ({
      target: target as Req['target'],
      method,
      path: `${path}${q}`,
      headers: { 'x-request-id': 'fz' },
    }),
  )

const randomRequest: fc.Arbitrary<Req> = fc
  .tuple(
    fc.array(
      segment(() => []),
      { minLength: 1, maxLength: 5 },
    ),
    fc.constantFrom('', '/', '//', '/v1/', '/r/', '/slack/', '/sandbox/api/', '/app/api/', '/telegram/'),
    query,
    fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
    fc.option(garbage, { nil: undefined }),
    fc.constantFrom('main', 'sandbox'),
  )
  .map(
    ([segs, prefix, q, method, body, target]): Req => ({
      target: target as Req['target'],
      method,
      path: `${prefix.startsWith('/') ? prefix : `/${prefix}`}${segs.join('/')}${q}`.replace(/^\/\/+/, '/'),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: method === 'GET' || method === 'HEAD' ? undefined : body,
    }),
  )

/** How many of each, in the order they are generated (then interleaved with the sweep below). */
export const PLAN: [fc.Arbitrary<Req>, number][] = [
  [operatorRequest, 2300],
  [postbackRequest, 1800],
  [clickRequest, 1100],
  [slackRequest, 900],
  [telegramRequest, 800],
  [sandboxRequest, 500],
  [healthRequest, 200],
  [randomRequest, 400],
]

/** Values every field and path parameter is tried with, one at a time, the rest of the request valid. */
let deep: unknown = 1
for (let i = 0; i < 40; i++) deep = { a: deep }
const SWEEP: unknown[] = [
  'a\u0000b',
  '\ud800',
  'x\udc00',
  '\u0007',
  '',
  'x'.repeat(5000),
  '9999999999999999999',
  '-9223372036854775809',
  2 ** 63,
  1e308,
  -1,
  1.5,
  0,
  true,
  null,
  [],
  {},
  deep,
  '0000-01-01T00:00:00Z',
  '2026-02-30',
]
const SWEEP_PATH = [
  '%00',
  'a%00',
  '%ED%A0%80',
  '%C0%80',
  '%E0%A4%A',
  '%25',
  '..',
  'x'.repeat(3000),
  '%F0%9F%98%80',
  '-1',
  '0',
  'null',
  enc('\ud800'),
  '00000000-0000-4000-8000-000000000000',
]

/**
 * The systematic part: each field of each operator body and of each program's postback, then each path parameter,
 * given each hostile value in turn while everything else is valid, so no field is left to chance.
 */
export function sweep(): Req[] {
  const out: Req[] = []
  const partner = seeds.partners[0]!
  const idFor = (path: string) =>
    path.includes('/partners/:id') ? partner : path.includes('/payouts/:id') ? seeds.ids[1]! : seeds.ids[0]!
  const operator = (method: string, path: string, body?: unknown): Req => ({
    target: 'main',
    method,
    path,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      'content-type': 'application/json',
      'idempotency-key': `sw-${out.length}`,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  for (const [method, path, template] of OPERATOR) {
    const real = path.replace(':program', 'jqsee').replace(':id', idFor(path)).replace(':action', 'hold')
    if (method === 'POST')
      for (const key of [...Object.keys(template), 'extra'])
        for (const v of SWEEP) out.push(operator(method, real, { ...template, [key]: v }))
    else
      for (const key of ['program', 'from', 'to', 'limit', 'open', 'details'])
        for (const v of SWEEP)
          out.push(operator(method, `${real}?${key}=${enc(typeof v === 'string' ? v : JSON.stringify(v))}`))
    for (const param of [':program', ':id', ':action'].filter((p) => path.includes(p)))
      for (const v of SWEEP_PATH) {
        const p = path
          .replace(param, v)
          .replace(':program', 'jqsee')
          .replace(':id', idFor(path))
          .replace(':action', 'hold')
        out.push(operator(method, p, method === 'POST' ? template : undefined))
      }
  }
  for (const [program, fields] of Object.entries(POSTBACKS)) {
    const valid = {
      id: 'sw',
      occurredAt: '2026-03-10T12:00:00Z',
      customer: 'sw-c',
      ref: `@ref:${program}`,
      order: 'sw-o',
      click: `@click:${program}`,
      ip: '203.0.113.9',
      ...fields,
    }
    for (const key of [...Object.keys(valid), 'extra'])
      for (const v of SWEEP)
        out.push({
          target: 'main',
          method: 'POST',
          path: `/v1/programs/${program}/events`,
          headers: { 'content-type': 'application/json', 'webhook-id': `sw-${out.length}`, 'x-how': 'signed' },
          body: JSON.stringify({ ...valid, id: `sw-${out.length}`, [key]: v }),
          signWith: 'postback',
          program,
        })
  }
  for (const v of SWEEP_PATH) {
    out.push({ target: 'main', method: 'GET', path: `/r/${v}`, headers: {} })
    out.push({ target: 'main', method: 'GET', path: `/r/${seeds.byProgram.jqsee!.code}?sub1=${v}`, headers: {} })
  }
  return out
}
