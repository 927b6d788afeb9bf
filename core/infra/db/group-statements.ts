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
