/** Prisma 7 with a driver adapter: a unique violation is P2002 (the constraint is in the adapter's cause). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as {
    code?: string
    meta?: { driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } }
  }
  if (err?.code === 'P2002') return true
  const cause = err?.meta?.driverAdapterError?.cause
  return cause?.kind === 'UniqueConstraintViolation' || cause?.originalCode === '23505'
}
