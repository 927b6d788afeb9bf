import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { KIND_STATUS } from '../../bots/http/errors.ts'
import { COUNTS, reasonWords } from '../../bots/i18n/errors.ts'
import { createI18n, LANGUAGES } from '../../bots/i18n/index.ts'
import { deskErrorText } from '../../bots/slack/errors.ts'
import { partnerErrorText } from '../../bots/telegram/format.ts'
import { ERROR_CODES, ERRORS, type ErrorCode, messageKeys } from '../../core/domain/error-catalogue.ts'
import { DomainError } from '../../core/domain/errors.ts'
import { PAYOUT_BLOCKERS } from '../../core/domain/payouts.ts'
import { loadProgramDefinitions } from '../../core/infra/programs/load-definitions.ts'
import { ProgramCatalog } from '../../core/programs/catalog.ts'
import {
  BatchStatus,
  BroadcastStatus,
  CommissionStatus,
  DisputeStatus,
  EnrolmentStatus,
  PayoutStatus,
} from '../../generated/prisma/enums.ts'

const DIR = fileURLToPath(new URL('../../locales', import.meta.url))
const words = (lng: string) =>
  JSON.parse(fs.readFileSync(`${DIR}/${lng}/errors.json`, 'utf8')) as Record<string, unknown>
const at = (tree: Record<string, unknown>, key: string): unknown =>
  key.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], tree)
const PLURAL = /_(zero|one|two|few|many|other)$/
/** A message's texts: the one text, or each plural form of a message with a count (`key_one`, `key_other`...). */
const texts = (tree: Record<string, unknown>, key: string): string[] => {
  const one = at(tree, key)
  if (typeof one === 'string') return [one]
  const parent = at(tree, key.split('.').slice(0, -1).join('.')) as Record<string, unknown> | undefined
  const last = key.split('.').at(-1)!
  return Object.entries(parent ?? {})
    .filter(([k, v]) => typeof v === 'string' && k.replace(PLURAL, '') === last && PLURAL.test(k))
    .map(([, v]) => v as string)
}
/** Every message key (plural forms folded into theirs). */
const leaves = (node: unknown, prefix = ''): string[] =>
  typeof node === 'string'
    ? [prefix.replace(PLURAL, '')]
    : Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k))
const variables = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]!)

const programs = new ProgramCatalog(loadProgramDefinitions())
/** Program keys in a refusal's data: each names a program the reader knows by its name (worksection's two). */
const PROGRAM_KEYS: Record<string, string> = { program: 'worksection-partner', conflictsWith: 'worksection-referral' }

/**
 * Data for a code with every variable its messages may use: program keys, ISO moments read as dates, amounts,
 * names alike.
 */
const sample = (code: ErrorCode) => {
  const { vars, partnerVars = [] } = ERRORS[code] as { vars: readonly string[]; partnerVars?: readonly string[] }
  const data = Object.fromEntries(
    [...vars, ...partnerVars].map((v) => [v, COUNTS.has(v) ? 21 : (PROGRAM_KEYS[v] ?? '2026-03-10T12:00:00Z')]),
  )
  return new DomainError(code, { ...data, currency: 'USD' } as never)
}

describe('the error catalogue', () => {
  const i18n = createI18n()
  const silent = pino({ level: 'silent' })
  const desk = { logger: silent, core: { programs } }

  it('gives every kind an HTTP status', () => {
    for (const code of ERROR_CODES) expect(KIND_STATUS[ERRORS[code].kind], code).toBeGreaterThanOrEqual(400)
  })

  for (const lng of LANGUAGES) {
    const tree = words(lng)

    it(`${lng}: has the words of every code, for every reader, using only the data the code carries`, () => {
      for (const code of ERROR_CODES) {
        const keys = messageKeys(code)
        const { vars, partnerVars = [] } = ERRORS[code] as { vars: readonly string[]; partnerVars?: readonly string[] }
        const readers = [
          { key: keys.general, carried: vars },
          { key: keys.partner, carried: [...vars, ...partnerVars] },
        ]
        for (const { key, carried } of readers.filter((r) => r.key !== undefined)) {
          const found = texts(tree, key!)
          expect(found.length, `${lng} ${key}`).toBeGreaterThan(0)
          // a number that meets a noun comes as i18next's count too (bots/i18n/errors.ts)
          const known = [...carried, ...(carried.some((v) => COUNTS.has(v)) ? ['count'] : [])]
          const unknown = found.flatMap(variables).filter((v) => !known.includes(v))
          expect(unknown, `${lng} ${key} interpolates what ${code} does not carry`).toEqual([])
        }
      }
    })

    it(`${lng}: has nothing else than the catalogue's words and the reasons payouts wait for`, () => {
      const expected = new Set([
        ...ERROR_CODES.flatMap((c) => Object.values(messageKeys(c))),
        ...PAYOUT_BLOCKERS.map((b) => `reasons.${b}`),
      ])
      expect(leaves(tree).filter((k) => !expected.has(k))).toEqual([])
    })

    it(`${lng}: every code reads as words in Telegram and in Slack, every placeholder filled`, () => {
      const t = i18n.t(lng)
      for (const code of ERROR_CODES) {
        const partner = partnerErrorText(t, lng, sample(code), { programs })
        for (const text of [partner, deskErrorText(desk, t, lng, sample(code), {})]) {
          expect(text, `${lng} ${code}`).not.toMatch(/\{\{|^to_partner\.|^[a-z]+\.[a-z_]+$/)
          expect(text.trim(), `${lng} ${code}`).not.toBe('')
          // a program is named as the reader knows it, never by its key (program.not_found names a key it lacks)
          if (code === 'program.not_found') continue
          for (const key of Object.values(PROGRAM_KEYS)) expect(text, `${lng} ${code}`).not.toContain(key)
        }
      }
    })

    // English words may spell a status as its code ("paid")
    it.skipIf(lng === 'en')(
      `${lng}: a status a refusal names is worded, for the partner and the desk, never the code`,
      () => {
        const t = i18n.t(lng)
        // what each code group's status is; referee_bonus.bad_status repeats the status a request sent, as sent
        const statuses: Record<string, Record<string, string>> = {
          batch: BatchStatus,
          broadcast: BroadcastStatus,
          commission: CommissionStatus,
          // a deal refused for the partner's standing in the program
          deal: EnrolmentStatus,
          dispute: DisputeStatus,
          enrolment: EnrolmentStatus,
          payout: PayoutStatus,
        }
        const named = ERROR_CODES.filter((c) => (ERRORS[c].vars as readonly string[]).includes('status'))
        for (const code of named.filter((c) => c !== 'referee_bonus.bad_status')) {
          const group = code.slice(0, code.indexOf('.'))
          expect(statuses[group], code).toBeDefined()
          for (const status of Object.values(statuses[group]!)) {
            const e = new DomainError(code, { ...sample(code).data, status } as never)
            for (const text of [partnerErrorText(t, lng, e, { programs }), deskErrorText(desk, t, lng, e, {})])
              expect(text, `${lng} ${code} ${status}`).not.toContain(status)
          }
        }
      },
    )

    it(`${lng}: a payout waiting for a blocker gives its reason in words, never the code`, () => {
      const t = i18n.t(lng)
      for (const b of PAYOUT_BLOCKERS) {
        expect(ERROR_CODES, b).toContain(`payout.${b}`)
        expect(reasonWords(t, b), `${lng} ${b}`).not.toBe(b.replaceAll('_', ' '))
      }
    })
  }

  it('words the data for the reader: amounts with their currency, dates in the language, statuses and reasons', () => {
    const ru = i18n.t('ru')
    const e = new DomainError('payout.below_minimum', { minimum: '10.00', available: '8.00', currency: 'USD' })
    expect(partnerErrorText(ru, 'ru', e, { programs })).toContain('10,00 USD')
    expect(partnerErrorText(i18n.t('en'), 'en', e, { programs })).toContain('10.00 USD')
    // an amount the partner typed below the minimum, with enough on the balance: they are told to ask for more
    const typed = new DomainError('payout.below_minimum', {
      minimum: '10.00',
      available: '123.45',
      requested: '5.00',
      currency: 'USD',
    })
    expect(partnerErrorText(i18n.t('kk'), 'kk', typed, { programs })).toBe(
      'Ең төменгі төлем сомасы — 10,00 USD, сондықтан 5,00 USD жеткіліксіз. Кемінде 10,00 USD енгізіңіз (сізде қолжетімді сома — 123,45 USD).',
    )
    expect(partnerErrorText(i18n.t('en'), 'en', typed, { programs })).toBe(
      'The minimum payout is 10.00 USD, so 5.00 USD is too little. Enter at least 10.00 USD (you have 123.45 USD available).',
    )
    const long = new DomainError('adjustment.note_too_long', { max: 500 })
    expect(deskErrorText(desk, ru, 'ru', long, {})).toContain('не более 500 символов')
    expect(deskErrorText(desk, ru, 'ru', new DomainError('adjustment.note_too_long', { max: 21 }), {})).toContain(
      'не более 21 символа',
    )
    const held = new DomainError('payout.on_hold', { until: '2026-07-15T00:00:00Z', reason: 'traffic_check' })
    expect(partnerErrorText(ru, 'ru', held, { timeZone: 'UTC', programs })).toContain('15 июля 2026')
    expect(partnerErrorText(ru, 'ru', held, { programs })).toContain('проверка ваших источников трафика')
    const paid = new DomainError('payout.invalid_transition', { action: 'approve', status: 'paid' })
    expect(deskErrorText(desk, ru, 'ru', paid, {})).toContain('выплачена')
  })
})
