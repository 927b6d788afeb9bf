/**
 * Set-based statements: what a round of group commit (group-commit.ts) sends. Statements of one kind from several
 * members go as one statement of constant text (prepared once), its parameters built from every member's argument
 * and its rows split back to them.
 */

export type Row = Record<string, unknown>

export type QueryConfig = { name?: string; text: string; values?: unknown[] }

/**
 * Statements of one kind from several members of a round, sent as one set-based statement (constant text, so
 * prepared once): each member's argument in, each member's rows out.
 */
export interface Group<A> {
  name: string
  text: string
  /** It locks rows: it goes ahead of the round's reads, which then see what the lock waited for. */
  locks?: true
  values(args: A[]): unknown[]
  split(rows: Row[], args: A[]): Row[][]
}

/** A column of a set-based statement: its name, its SQL type, and how a member's argument gives its value. */
export type Column<A> = [name: string, type: string, pick: (a: A) => unknown]

/**
 * Rows as parallel arrays, one parameter per column: `names` lists the columns, `unnest` turns the parameters
 * back into rows, `values` builds the parameters. Names, types and values come from one list, in one order.
 */
export function unnested<A>(columns: Column<A>[]) {
  return {
    names: columns.map(([name]) => name).join(', '),
    unnest: `unnest(${columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})`,
    values: (args: A[]) => columns.map(([, , pick]) => args.map(pick)),
  }
}

/** A write: its rows in, nothing back. */
export function writeGroup<A>(
  name: string,
  columns: Column<A>[],
  text: (rows: ReturnType<typeof unnested<A>>) => string,
) {
  const rows = unnested(columns)
  return { name, text: text(rows), values: rows.values, split: () => [] } satisfies Group<A>
}

export const key2 = (a: unknown, b: unknown) => `${String(a)}\u0000${String(b)}`
/** Rows back to their members by a key each member's argument gives (rows keep their order). */
export function splitBy<A>(rows: Row[], args: A[], rowKey: (r: Row) => string, argKey: (a: A) => string): Row[][] {
  const by = new Map<string, Row[]>()
  for (const r of rows) {
    const k = rowKey(r)
    by.set(k, [...(by.get(k) ?? []), r])
  }
  return args.map((a) => by.get(argKey(a)) ?? [])
}

/** An element of an array literal in double quotes, its backslashes and quotes escaped (as pg's escapeElement). */
function quoted(s: string) {
  return s.includes('\\') || s.includes('"') ? `"${s.replace(/[\\"]/g, '\\$&')}"` : `"${s}"`
}

/**
 * A JavaScript array as the PostgreSQL array literal pg itself would send for it (pg/lib/utils.js arrayString),
 * written without pg's two regular-expression passes and local-time date formatting per element: a postback's
 * set-based statements carry a few hundred elements, and pg's way cost it ~35 KB of garbage. Strings, numbers,
 * bigints, booleans, valid Dates (as UTC ISO timestamps, the same instant pg writes in local time) and nested arrays;
 * anything else (Buffers, objects) leaves the array to pg, whose literal is then the same as before.
 */
export function arrayLiteral(values: readonly unknown[]): string | readonly unknown[] {
  let out = '{'
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ','
    const v = values[i]
    if (v == null) out += 'NULL'
    else if (typeof v === 'string') out += quoted(v)
    else if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') out += quoted(String(v))
    else if (v instanceof Date && v.getUTCFullYear() >= 1 && v.getUTCFullYear() <= 9999) out += quoted(v.toISOString())
    else if (Array.isArray(v)) {
      const inner = arrayLiteral(v)
      if (typeof inner !== 'string') return values
      out += inner
    } else return values
  }
  return `${out}}`
}

/** A statement's parameters with its arrays as literals (arrayLiteral); other parameters as they are. */
export function withArrayLiterals(values: readonly unknown[] | undefined) {
  return values?.map((v) => (Array.isArray(v) ? arrayLiteral(v) : v))
}
