import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createInstance, type Resource, type TFunction } from 'i18next'
import type enCommon from '../../locales/en/common.json'

export const LANGUAGES = ['en', 'ru', 'kk', 'ka', 'lv'] as const
export type Language = (typeof LANGUAGES)[number]
export const DEFAULT_LANGUAGE: Language = 'en'

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common'
    resources: { common: typeof enCommon }
  }
}

const LOCALES_DIR = fileURLToPath(new URL('../../locales', import.meta.url))

/** Reads locales/<lng>/<namespace>.json for every language. */
function readResources(dir: string): Resource {
  const resources: Resource = {}
  for (const lng of LANGUAGES) {
    resources[lng] = {}
    for (const file of fs.readdirSync(path.join(dir, lng)).filter((f) => f.endsWith('.json'))) {
      resources[lng][file.replace(/\.json$/, '')] = JSON.parse(fs.readFileSync(path.join(dir, lng, file), 'utf8'))
    }
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
    ns: ['common'],
    defaultNS: 'common',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  })
  return {
    t: (lng: Language): Translate => i18n.getFixedT(lng, 'common') as Translate,
    resolveLanguage,
  }
}

export type I18n = ReturnType<typeof createI18n>
