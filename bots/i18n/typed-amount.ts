import { readAmount } from './format.ts'

/**
 * How people write the currencies the ledger knows next to an amount: the symbol, and the name's stem in each
 * language (its case and plural endings follow it: "доллар", "долларов", "dolāri", "ლარი", "ლარს"). The ISO code
 * itself is always recognised. A partner may type a name from another language than theirs ("50 dollars" in a
 * Russian chat): what matters is which currency it names.
 */
const CURRENCY_WORDS: Record<string, { symbols: string[]; stems: Record<string, string[]> }> = {
  USD: {
    symbols: ['$', 'us$'],
    stems: {
      en: ['dollar', 'us dollar', 'buck'],
      ru: ['долл', 'бакс'],
      kk: ['долл', 'ақш долл'],
      ka: ['დოლარ', 'აშშ დოლარ'],
      lv: ['dolār', 'dolar', 'asv dolār'],
    },
  },
  EUR: {
    symbols: ['€'],
    stems: { en: ['euro'], ru: ['евро'], kk: ['еуро', 'евро'], ka: ['ევრო'], lv: ['eiro', 'euro'] },
  },
  GEL: {
    symbols: ['₾'],
    stems: { en: ['lari'], ru: ['лари'], kk: ['лари'], ka: ['ლარ'], lv: ['lari'] },
  },
  KZT: {
    symbols: ['₸'],
    stems: { en: ['tenge'], ru: ['тенге', 'теңге'], kk: ['теңге', 'тенге'], ka: ['თენგე'], lv: ['tenge'] },
  },
  RUB: {
    symbols: ['₽'],
    stems: { en: ['ruble', 'rouble'], ru: ['рубл', 'руб'], kk: ['рубл'], ka: ['რუბლ'], lv: ['rubl', 'rubļ'] },
  },
  GBP: {
    symbols: ['£'],
    stems: { en: ['pound', 'quid'], ru: ['фунт'], kk: ['фунт'], ka: ['ფუნტ'], lv: ['mārciņ', 'sterliņ'] },
  },
  UAH: {
    symbols: ['₴'],
    stems: { en: ['hryvn'], ru: ['гривн', 'гривен'], kk: ['гривн'], ka: ['გრივნ'], lv: ['grivn'] },
  },
  JPY: {
    symbols: ['¥', '円'],
    stems: { en: ['yen'], ru: ['иен', 'йен'], kk: ['иен', 'йен'], ka: ['იენ'], lv: ['jen'] },
  },
}

/** The currency a word or symbol written next to an amount names ("usd", "$", "долларов", "eiro"), if any. */
function currencyNamed(unit: string): string | undefined {
  const word = unit.toLocaleLowerCase().replace(/\.$/, '').replace(/\s+/g, ' ').trim()
  if (!word) return undefined
  for (const [code, { symbols, stems }] of Object.entries(CURRENCY_WORDS)) {
    if (word === code.toLowerCase() || symbols.includes(word)) return code
    if (Object.values(stems).some((list) => list.some((stem) => word.startsWith(stem)))) return code
  }
  return undefined
}

/** An amount with a currency before or after it: "50 USD", "$50", "50,5 евро", "USD 1 234,50". */
const WITH_UNIT = /^([^\d+\-−–]*?)\s*([+\-−–]?\s*\d[\d\s.,]*?)\s*([^\d\s][^\d]*)?$/u

/**
 * A typed amount, as readAmount reads it in the reader's language, with the currency the partner wrote next to it
 * (before or after: its ISO code, its symbol or its name, any case), if they wrote one. Undefined when it is no
 * number, or what stands next to it names no currency.
 */
export function readTypedAmount(language: string, text: string): { amount: string; currency?: string } | undefined {
  const bare = readAmount(language, text)
  if (bare !== undefined) return { amount: bare }
  const m = WITH_UNIT.exec(text.replace(/[\s\u00a0\u202f\u2009]+/g, ' ').trim())
  if (!m) return undefined
  const before = m[1]!.trim()
  const after = (m[3] ?? '').trim()
  // one currency, on one side
  if (Boolean(before) === Boolean(after)) return undefined
  const currency = currencyNamed(before || after)
  const amount = currency ? readAmount(language, m[2]!) : undefined
  return amount === undefined ? undefined : { amount, currency }
}
