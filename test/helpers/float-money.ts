/**
 * Finds money handled as a JavaScript number in TypeScript source: Number()/parseFloat()/Math.round() of an
 * amount, `toFixed` on one, an amount multiplied or divided by a number literal, `+amount`. An amount is an
 * expression naming a money word (amount, gross, fee, balance, sums...; see MONEY_WORDS) in one of its identifiers,
 * camelCase and snake_case split. Comments and string contents are ignored. Bigint arithmetic (`minor * 2n`) and
 * numbers that are not money (`Number(payload.chat_id)`, pixel geometry) are not findings.
 */

const MONEY_WORDS = new Set(
  (
    'amount amounts minor major gross net fee fees tax taxes withheld balance balances available pending held paid ' +
    'price prices money total totals sum sums commission commissions credit reversed carried payout payouts earned ' +
    'earnings cost costs revenue basis cents'
  ).split(' '),
)

export interface Finding {
  line: number
  rule: 'number-of-amount' | 'to-fixed' | 'float-arithmetic' | 'unary-plus'
  text: string
}

/** The source with comments blanked and string contents (not template expressions) blanked; lines kept. */
export function codeOnly(src: string): string {
  let out = ''
  let i = 0
  const templates: number[] = [] // brace depth at which each open template's `${` began
  let depth = 0
  const blank = (s: string) => s.replace(/[^\n]/g, ' ')
  const lastCode = () => out.trimEnd().slice(-1)
  const regexMayStart = () => {
    const prev = lastCode()
    return prev === '' || '(,=:[!&|?{};+-*%<>~^'.includes(prev) || /\b(return|typeof|case|of|in)$/.test(out.trimEnd())
  }
  while (i < src.length) {
    const c = src[i]!
    const next = src[i + 1]
    if (c === '/' && next === '/') {
      const end = src.indexOf('\n', i)
      const stop = end < 0 ? src.length : end
      out += blank(src.slice(i, stop))
      i = stop
    } else if (c === '/' && next === '*') {
      const stop = src.indexOf('*/', i + 2) + 2 || src.length
      out += blank(src.slice(i, stop))
      i = stop
    } else if (c === "'" || c === '"' || (c === '/' && regexMayStart())) {
      let j = i + 1
      let inClass = false
      while (j < src.length && (src[j] !== c || inClass) && src[j] !== '\n') {
        if (src[j] === '\\') j++
        else if (c === '/' && src[j] === '[') inClass = true
        else if (c === '/' && src[j] === ']') inClass = false
        j++
      }
      out += `${c}${blank(src.slice(i + 1, j))}${c}`
      i = j + 1
    } else if (c === '`' || (c === '}' && templates.at(-1) === depth)) {
      if (c === '}') templates.pop()
      let j = i + 1
      while (j < src.length && src[j] !== '`' && !(src[j] === '$' && src[j + 1] === '{')) j += src[j] === '\\' ? 2 : 1
      const opens = src[j] === '$'
      out += `${c}${blank(src.slice(i + 1, j))}${opens ? '${' : '`'}`
      if (opens) templates.push(depth)
      i = j + (opens ? 2 : 1)
    } else {
      if (c === '{') depth++
      if (c === '}') depth--
      out += c
      i++
    }
  }
  return out
}

const isMoney = (expr: string) =>
  (expr.match(/[A-Za-z_$][\w$]*/g) ?? []).some((id) =>
    id
      .replace(/([a-z\d])([A-Z])/g, '$1_$2')
      .toLowerCase()
      .split(/[_$]+/)
      .some((w) => MONEY_WORDS.has(w)),
  )

/** The text inside the parenthesis that opens at `open`. */
function argument(code: string, open: number): string {
  let level = 0
  for (let j = open; j < code.length; j++) {
    if (code[j] === '(') level++
    else if (code[j] === ')' && --level === 0) return code.slice(open + 1, j)
  }
  return code.slice(open + 1)
}

/** The expression that ends just before `end`: an identifier chain with calls, indexes and `!`/`?.`. */
function receiver(code: string, end: number): string {
  let j = end
  let level = 0
  while (j > 0) {
    const c = code[j - 1]!
    if (c === ')' || c === ']') level++
    else if (c === '(' || c === '[') {
      if (level === 0) break
      level--
    } else if (level === 0 && !/[\w$.!?]/.test(c)) break
    j--
  }
  return code.slice(j, end)
}

const CHAIN = String.raw`[A-Za-z_$][\w$]*(?:[.!?]+[\w$]+|\([^()]*\)|!)*`
const NUMBER = String.raw`\d[\d_]*(?:\.\d+)?(?![\w.])`

export function floatMoneyFindings(src: string): Finding[] {
  const code = codeOnly(src)
  const found: Finding[] = []
  const add = (at: number, rule: Finding['rule'], text: string) =>
    found.push({ line: code.slice(0, at).split('\n').length, rule, text: text.trim().slice(0, 120) })
  for (const m of code.matchAll(/\b(?:Number(?:\.parseFloat)?|parseFloat|Math\.(?:round|floor|ceil|trunc))\s*\(/g)) {
    const arg = argument(code, m.index + m[0].length - 1)
    if (isMoney(arg)) add(m.index, 'number-of-amount', `${m[0]}${arg})`)
  }
  for (const m of code.matchAll(/\.toFixed\s*\(/g)) {
    const target = receiver(code, m.index)
    if (isMoney(target)) add(m.index, 'to-fixed', `${target}.toFixed(…)`)
  }
  const arithmetic = new RegExp(`(${CHAIN})\\s*[*/]\\s*${NUMBER}|${NUMBER}\\s*\\*\\s*(${CHAIN})`, 'g')
  for (const m of code.matchAll(arithmetic)) if (isMoney(m[1] ?? m[2] ?? '')) add(m.index, 'float-arithmetic', m[0])
  for (const m of code.matchAll(new RegExp(`(?:^|[=(,:?]|return)\\s*\\+\\s*(${CHAIN})`, 'gm')))
    if (isMoney(m[1]!)) add(m.index, 'unary-plus', m[0])
  return found
}
