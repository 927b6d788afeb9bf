import { Prisma } from '../../../generated/prisma/client.ts'

/**
 * The writes of referral_codes.suspensions (see core/domain/codes.ts suspendedAt): a suspension opens a period at
 * its moment, a reinstatement closes the open one. Each is the new value of the column, for an UPDATE's SET.
 */

/** The periods with one more, open from `at`. */
export const openedSuspension = (at: Date) =>
  Prisma.sql`suspensions || jsonb_build_array(jsonb_build_object('from', ${at.toISOString()}::text))`

/** The periods with the open one (if any) ended at `at`. */
export const closedSuspension = (at: Date) =>
  Prisma.sql`(SELECT coalesce(jsonb_agg(CASE WHEN s ? 'until' THEN s ELSE s || jsonb_build_object('until', ${at.toISOString()}::text) END
                                        ORDER BY i), '[]'::jsonb)
              FROM jsonb_array_elements(suspensions) WITH ORDINALITY AS t(s, i))`

/** The new value of the column as a code moves to `to` at `at`. */
export const suspensionsAfter = (to: 'active' | 'suspended', at: Date) =>
  to === 'suspended' ? openedSuspension(at) : closedSuspension(at)
