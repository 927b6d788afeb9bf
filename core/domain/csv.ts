/**
 * CSV as the service writes it (RFC 4180, CRLF line ends), for every export: the Mini App statement, finance's
 * payout batch and the broadcast report. Each file starts with a UTF-8 byte-order mark: without it Excel reads the
 * file in the system's ANSI code page, and a name in Georgian, Kazakh or Russian (or a masked id "•••0102") comes
 * out garbled. Scripts reading UTF-8 skip it (Python: encoding='utf-8-sig').
 */
export const UTF8_BOM = '\ufeff'

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/

/**
 * One cell: quoted when it holds a comma, quote or line break. A text a spreadsheet would run as a formula
 * (starting with = + - @, a tab or a carriage return) is prefixed with ' so it stays text; a plain number such as
 * -12.50 is not a formula and stays as it is.
 */
export function csvCell(value: string | null | undefined): string {
  let v = value ?? ''
  if (/^[=+\-@\t\r]/.test(v) && !PLAIN_NUMBER.test(v)) v = `'${v}`
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v
}

/** One row, its line end included. */
export const csvLine = (cells: readonly (string | null | undefined)[]) => `${cells.map(csvCell).join(',')}\r\n`

/** A whole file: the byte-order mark, the header row, then the rows. */
export const csvDocument = (header: readonly string[], rows: readonly (readonly (string | null | undefined)[])[]) =>
  UTF8_BOM + csvLine(header) + rows.map(csvLine).join('')
