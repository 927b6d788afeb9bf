/**
 * Names of programs, campaigns and levels in the reader's language. A definition's `name` is its default; `names`
 * gives it per language (definition.ts validates both). Every text a person reads names a program, campaign or
 * level through these helpers, never through `.name`, so a translated name is never shown in English by mistake.
 */

/** The languages a definition may name things in (the languages partners and agents read). */
export const NAME_LANGUAGES = ['en', 'ru', 'kk', 'ka', 'lv'] as const
export type NameLanguage = (typeof NAME_LANGUAGES)[number]
export type LocalizedNames = Partial<Record<NameLanguage, string>>

/** Something with a default name and, optionally, its name per language. */
export interface Named {
  name: string
  names?: LocalizedNames | undefined
}

/** A name in `language`; its default where the definition gives none (or the language is unknown). */
export function nameIn(item: Named, language: string): string {
  return item.names?.[language as NameLanguage] ?? item.name
}

/** Just the naming part of a definition: what a view carries to be named later in its reader's language. */
export const namesOf = (item: Named): Named =>
  item.names ? { name: item.name, names: item.names } : { name: item.name }

/** A program's name in `language`; `key` when the program is unknown (a definition removed since). */
export const programName = (program: Named | undefined, language: string, key = ''): string =>
  program ? nameIn(program, language) : key

/** A campaign's name in `language`; `key` when the campaign is unknown. */
export const campaignName = (campaign: Named | undefined, language: string, key = ''): string =>
  campaign ? nameIn(campaign, language) : key

/** A commission level's name in `language`; `fallback` (its number) when the level is unknown. */
export const levelName = (level: Named | undefined, language: string, fallback = ''): string =>
  level ? nameIn(level, language) : fallback

/** The naming part of `item`, or `key` as its only name when the item is unknown. */
export const namesOr = (item: Named | undefined, key: string): Named => (item ? namesOf(item) : { name: key })
