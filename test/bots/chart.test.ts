import { describe, expect, it } from 'vitest'
import { barChartSvg, roundStep } from '../../bots/telegram/chart.ts'

/** The axis labels of a chart, top to bottom. */
const axis = (minors: bigint[]) => {
  const svg = barChartSvg(
    't',
    minors.map((minor, i) => ({ label: `w${i}`, minor })),
    (v) => `<${v}>`,
  )
  return [...svg.matchAll(/&lt;(-?\d+)&gt;/g)].map((m) => Number(m[1]))
}

describe('the earnings chart’s axis', () => {
  it('runs between round amounts a whole step apart, covering every bar', () => {
    // 39.10 USD at most: 0, 10.00 ... 40.00 (not 9.78, 19.55, 29.33, 39.10)
    expect(axis([3910n, 1200n])).toEqual([4000, 3000, 2000, 1000, 0])
    // a losing week below zero (melbet): the steps go on below the line
    expect(axis([6000n, -1500n])).toEqual([6000, 4000, 2000, 0, -2000])
    // nothing earned yet: one step above zero
    expect(axis([0n])).toEqual([1, 0])
  })

  it('steps are 1, 2 or 5 times a power of ten', () => {
    expect([1n, 3n, 7n, 978n, 1000n, 1001n, 2600n].map(roundStep)).toEqual([1n, 5n, 10n, 1000n, 1000n, 2000n, 5000n])
  })
})
