import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { codeOnly, floatMoneyFindings } from '../helpers/float-money.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )
}

const rules = (src: string) => floatMoneyFindings(src).map((f) => f.rule)

describe('no floating-point money in core/ and bots/', () => {
  it('catches what /earnings once did: decimal strings summed as floats and rounded by hand', () => {
    const old = `
      if (slot && d < isoDate(addDays(today, 1)) && sums.has(slot)) sums.set(slot, sums.get(slot)! + Number(e.amount))
      return starts.map((s) => ({ label: label(s), value: Math.round(sums.get(s)! * 100) / 100 }))`
    expect(rules(old)).toEqual(['number-of-amount', 'number-of-amount', 'float-arithmetic'])
  })

  it.each([
    ['const v = parseFloat(balance.available)', 'number-of-amount'],
    ['const cents = Number.parseFloat(p.gross)', 'number-of-amount'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source under test
    ['text(`${p.netAmount.toFixed(2)} USD`)', 'to-fixed'],
    ['const fee = payout.amount * 0.02', 'float-arithmetic'],
    ['const taxWithheld = 100 * grossMajor', 'float-arithmetic'],
    ['const x = +b.available', 'unary-plus'],
    ['return Math.floor(totals.sum)', 'number-of-amount'],
  ])('finds %s', (src, rule) => {
    expect(rules(src)).toEqual([rule])
  })

  it.each([
    'await api.sendMessage(Number(payload.chat_id), text)',
    'const y = (v: bigint) => pad.t + (Number(top - v) / Number(span)) * ih',
    "logger.info({ ms: Math.round(performance.now() - begun) }, 'stopped')",
    'const credit = grossMinor + (grossMinor * bonusBps) / 10_000n',
    'const feeMinor = applyRateBps(grossMinor, program.payout.feeBps)',
    "// sums.get(s)! * 100 in a comment, and 'Number(e.amount)' in a string",
    'const re = /amount * 100/g; const n = Number(m[1])',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source under test
    'const label = `${Number(offset)} of ${total}`',
    'const w = step * 0.6',
  ])('leaves alone %s', (src) => {
    expect(rules(src)).toEqual([])
  })

  it('keeps lines when it blanks comments, strings and template texts', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source under test
    const src = "a // x\n'b\\'c' /* d\ne */ `f${g}h\n${'i'}` / 2"
    const code = codeOnly(src)
    expect(code.split('\n')).toHaveLength(src.split('\n').length)
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source under test
    expect(code).toContain('${g}')
    expect(code).not.toMatch(/[xcdfhi]/)
  })

  it('finds none in core/ and bots/', () => {
    const findings = [...sources('core'), ...sources('bots')].flatMap((file) =>
      floatMoneyFindings(readFileSync(join(ROOT, file), 'utf8')).map(
        (f) => `${relative(ROOT, join(ROOT, file))}:${f.line} ${f.rule}: ${f.text}`,
      ),
    )
    expect(findings).toEqual([])
  })
})
