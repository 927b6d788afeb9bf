import { SUB_KEYS } from '../../core/domain/tracking.ts'
import type { StatementLine } from './views.ts'

/**
 * The statement CSV's columns, in English and stable (spreadsheets and scripts read them by name); columns added
 * later go at the end.
 */
export const CSV_COLUMNS = [
  'date',
  'kind',
  'status',
  'amount',
  'currency',
  'customer',
  'order',
  'hold_until',
  'campaign',
  ...SUB_KEYS,
  'reversed',
  'net',
  'reason',
] as const

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. A text a spreadsheet would run as a
 * formula (starting with = + - @, a tab or a carriage return) is prefixed with ' so it stays text; a plain number
 * such as -12.50 is not a formula and stays as it is.
 */
export function csvCell(value: string | null | undefined): string {
  let v = value ?? ''
  if (/^[=+\-@\t\r]/.test(v) && !PLAIN_NUMBER.test(v)) v = `'${v}`
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v
}

const line = (cells: (string | null | undefined)[]) => `${cells.map(csvCell).join(',')}\r\n`

/**
 * The UTF-8 byte-order mark: without it Excel reads the file in the system's ANSI code page, and every masked id
 * ("•••0102") and a campaign named in Georgian or Russian comes out garbled. Scripts reading UTF-8 skip it.
 */
export const UTF8_BOM = '\ufeff'

/** The start of the file: the byte-order mark, then the header row. */
export const csvHeader = () => `${UTF8_BOM}${line([...CSV_COLUMNS])}`

/**
 * A statement line as a CSV row: amounts in plain "12.50" form, the hold date as the program's local date; at the
 * end what was taken back (empty when nothing was), the net (amount less reversed) and the reason code.
 */
export function csvRow(l: StatementLine, holdUntilDate: string | null): string {
  return line([
    l.date,
    l.kind,
    l.status,
    l.amount,
    l.currency,
    l.customer,
    l.order,
    holdUntilDate,
    l.campaign,
    ...SUB_KEYS.map((k) => l.subIds[k]),
    l.reversed?.amount,
    l.net.amount,
    l.reason,
  ])
}
