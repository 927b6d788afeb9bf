/**
 * The key of words for one thing or for several: `${key}_single` for exactly one, else `key`. Words that do not
 * carry the number are no plural key: a plural's `one` form also serves 21, 31, 101… in Russian and Latvian, where
 * "ваш промокод приостановлен" ("your promo code is suspended") would be read by a partner with 21 suspended codes.
 * Shared by the bots and the Mini App's page.
 */
export const singleOr = <K extends string>(key: K, count: number): K | `${K}_single` =>
  count === 1 ? `${key}_single` : key
