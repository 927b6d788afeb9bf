import { describe, expect, it } from 'vitest'
import { csvCell, csvDocument } from '../../core/domain/csv.ts'

describe('CSV exports', () => {
  it('keeps a formula as text, a negative amount as a number, and quotes what needs quoting', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvCell('@SUM(A1)')).toBe(`'@SUM(A1)`)
    expect(csvCell('-12.50')).toBe('-12.50')
    expect(csvCell('-1-1')).toBe(`'-1-1`)
    expect(csvCell('Name, Ltd')).toBe('"Name, Ltd"')
    expect(csvCell(undefined)).toBe('')
  })

  it('starts with the byte-order mark and ends every row with CRLF', () => {
    expect(csvDocument(['a', 'b'], [['ქართული', null]])).toBe('\ufeffa,b\r\nქართული,\r\n')
  })
})
