import type { DeskConfig } from '../config.ts'

export type Role = 'support' | 'finance' | 'admin'

/**
 * What each role may do. Admins may do everything; support works disputes, decides applications and warns or suspends codes; finance
 * decides payouts and marks batches paid; blocking a partner or annulling their rewards is an admin's call.
 */
const PERMISSIONS = {
  // the service's own health (database, migrations, Redis): for the desk's people, not for anyone in the workspace
  'service.status': ['support', 'finance', 'admin'],
  'disputes.work': ['support', 'admin'],
  'partners.view': ['support', 'finance', 'admin'],
  'partners.warn': ['support', 'admin'],
  'partners.suspend_codes': ['support', 'admin'],
  'partners.applications': ['support', 'admin'],
  // extra and vanity promo codes (with their own rate and validity), and suspending or reinstating one code
  'partners.codes': ['support', 'admin'],
  'partners.block': ['admin'],
  'partners.disqualify': ['admin'],
  'payouts.decide': ['finance', 'admin'],
  'ledger.view': ['finance', 'admin'],
  'terms.publish': ['admin'],
  // the program's own customers' bonuses (not partners' money): listed and marked granted by the program's team
  'bonuses.grant': ['support', 'finance', 'admin'],
} as const satisfies Record<string, readonly Role[]>
export type Permission = keyof typeof PERMISSIONS

function rolesOf(desk: DeskConfig, userId: string): Role[] {
  return (['support', 'finance', 'admin'] as const).filter((r) => desk.roles[r].includes(userId))
}

export function can(desk: DeskConfig, userId: string, permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission]
  return rolesOf(desk, userId).some((r) => allowed.includes(r))
}

/** The roles that grant a permission (for the refusal message). */
export const rolesFor = (permission: Permission): readonly Role[] => PERMISSIONS[permission]
