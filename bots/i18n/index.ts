import fs from 'node:fs'
import path from 'node:path'
import { createInstance, type Resource, type TFunction } from 'i18next'
import { appPath } from '../../core/infra/app-root.ts'
import type enAdjustments from '../../locales/en/adjustments.json'
import type enApp from '../../locales/en/app.json'
import type enApplications from '../../locales/en/applications.json'
import type enBonuses from '../../locales/en/bonuses.json'
import type enCodes from '../../locales/en/codes.json'
import type enCommon from '../../locales/en/common.json'
import type enDeals from '../../locales/en/deals.json'
import type enDesk from '../../locales/en/desk.json'
import type enDetails from '../../locales/en/details.json'
import type enDisputes from '../../locales/en/disputes.json'
import type enEndings from '../../locales/en/endings.json'
import type enErrors from '../../locales/en/errors.json'
import type enFinance from '../../locales/en/finance.json'
import type enHeld from '../../locales/en/held.json'
import type enLedger from '../../locales/en/ledger.json'
import type enMiniApp from '../../locales/en/miniapp.json'
import type enPayops from '../../locales/en/payops.json'
import type enProgramTerms from '../../locales/en/program-terms.json'
import type enSandbox from '../../locales/en/sandbox.json'
import type enStats from '../../locales/en/stats.json'

export const LANGUAGES = ['en', 'ru', 'kk', 'ka', 'lv'] as const
export type Language = (typeof LANGUAGES)[number]
export const DEFAULT_LANGUAGE: Language = 'en'
/** Each language by its own name, as a speaker of it looks for it. */
const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  ru: 'Русский',
  kk: 'Қазақша',
  ka: 'ქართული',
  lv: 'Latviešu',
}
/** A stored language code by its own name; an unknown code as it is. */
export const languageName = (code: string): string => LANGUAGE_NAMES[code as Language] ?? code

const countryNames = new Map<string, Intl.DisplayNames>()
/**
 * A stored country code (ISO 3166-1 alpha-2) as the reader's language names it, for the desk's cards: "Грузия" to
 * a Russian agent, "Georgia" to an English one. A code ICU does not know, as it is. (Languages keep their own
 * names on every card, languageName: that is the language an agent answers in.)
 */
export function countryName(code: string, reader: string): string {
  let names = countryNames.get(reader)
  if (!names) {
    names = new Intl.DisplayNames([reader, DEFAULT_LANGUAGE], { type: 'region', fallback: 'code' })
    countryNames.set(reader, names)
  }
  try {
    return names.of(code.toUpperCase()) ?? code
  } catch {
    return code
  }
}

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common'
    resources: {
      common: typeof enCommon &
        typeof enDisputes &
        typeof enDesk &
        typeof enFinance &
        typeof enLedger &
        typeof enDetails &
        typeof enApplications &
        typeof enBonuses &
        typeof enProgramTerms &
        typeof enEndings &
        typeof enAdjustments &
        typeof enDeals &
        typeof enPayops &
        typeof enCodes &
        typeof enHeld &
        typeof enStats &
        typeof enMiniApp
      errors: typeof enErrors
      sandbox: typeof enSandbox
      app: typeof enApp
    }
  }
}

const LOCALES_DIR = appPath('locales')

/**
 * Files that are a namespace of their own (`errors.json`: the error catalogue's words, `errors:payout.on_hold`;
 * `sandbox.json`: the words of the /sandbox web page, which the page gets whole; `app.json`: the words of the Mini
 * App's page, likewise).
 */
const OWN_NAMESPACES = ['errors', 'sandbox', 'app'] as const

/**
 * Reads locales/<lng>/*.json for every language: the files of OWN_NAMESPACES each into their namespace, the rest
 * into the one `common` namespace. A file per area of the product (common, disputes, desk, finance, ledger, applications) keeps
 * translators' diffs small; the same top-level key in two `common` files is an error.
 */
function readResources(dir: string): Resource {
  const resources: Resource = {}
  for (const lng of LANGUAGES) {
    const merged: Record<string, unknown> = {}
    const namespaces: Record<string, Record<string, unknown>> = { common: merged }
    for (const file of fs.readdirSync(path.join(dir, lng)).filter((f) => f.endsWith('.json'))) {
      const part = JSON.parse(fs.readFileSync(path.join(dir, lng, file), 'utf8')) as Record<string, unknown>
      const ns = file.slice(0, -'.json'.length)
      if ((OWN_NAMESPACES as readonly string[]).includes(ns)) {
        namespaces[ns] = part
        continue
      }
      for (const [key, value] of Object.entries(part)) {
        if (key in merged) throw new Error(`locales/${lng}/${file}: "${key}" is defined in another file too`)
        merged[key] = value
      }
    }
    resources[lng] = namespaces
  }
  return resources
}

/** Maps an IETF tag from Telegram or Slack (`ru`, `kk-KZ`, `pt-br`) to a supported language, else English. */
export function resolveLanguage(tag: string | undefined | null): Language {
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0] ?? ''
  return (LANGUAGES as readonly string[]).includes(base) ? (base as Language) : DEFAULT_LANGUAGE
}

export type Translate = TFunction<'common'>

/**
 * One i18next instance for the process, loaded synchronously at start-up. Transports ask for a fixed `t`
 * per language; core never translates (it throws coded errors).
 */
export function createI18n(dir = LOCALES_DIR) {
  const i18n = createInstance()
  void i18n.init({
    resources: readResources(dir),
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    ns: ['common', ...OWN_NAMESPACES],
    defaultNS: 'common',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  })
  return {
    t: (lng: Language): Translate => i18n.getFixedT(lng, 'common') as Translate,
    /** A whole namespace of one language, as a page that translates itself needs it (the sandbox). */
    bundle: (lng: Language, ns: (typeof OWN_NAMESPACES)[number]): Record<string, unknown> =>
      i18n.getResourceBundle(lng, ns) as Record<string, unknown>,
    resolveLanguage,
  }
}

export type I18n = ReturnType<typeof createI18n>
