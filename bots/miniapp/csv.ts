import { csvLine as line, UTF8_BOM } from '../../core/domain/csv.ts'
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
