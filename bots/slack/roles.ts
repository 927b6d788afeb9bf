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
  // extra and vanity promo codes (at the partner's usual rate, with their own validity), and suspending or
  // reinstating one code; a code with its own rate also needs 'deals.manage' (a rate is money)
  'partners.codes': ['support', 'admin'],
  // a commission held for review: release, void or mark substandard, with a reason from the action's list
  'commissions.review': ['support', 'admin'],
  // a review flag: dismiss it, or act on it (the sanction chosen needs its own permission: block and disqualify are admins')
  'flags.decide': ['support', 'admin'],
  'partners.block': ['admin'],
  'partners.disqualify': ['admin'],
  // ending a partner's agreement (breach or the company's convenience) is an admin's call
  'partners.terminate': ['admin'],
  'payouts.decide': ['finance', 'admin'],
  // a scheduled program's pay days: pause, resume, move a date, run one now
  'payouts.schedule': ['finance', 'admin'],
  // full payment details (a payout's, a batch's CSV with them): each reading is audited
  'payment_details.reveal': ['finance', 'admin'],
  'ledger.view': ['finance', 'admin'],
  // a manual bonus or penalty on a partner's balance (core/use-cases/adjustments.ts)
  'ledger.adjust': ['finance', 'admin'],
  'terms.publish': ['admin'],
  // a partner's own commission from a date (a deal), or a promo code's own rate: money, so finance's or an admin's call
  'deals.manage': ['finance', 'admin'],
  // the program's own customers' bonuses (not partners' money): listed and marked granted by the program's team
  'bonuses.grant': ['support', 'finance', 'admin'],
} as const satisfies Record<string, readonly Role[]>
export type Permission = keyof typeof PERMISSIONS

/** What each permission lets a role do, in the words of the README's roles matrix (`npm run docs:roles`). */
export const PERMISSION_DOCS: Record<Permission, string> = {
  'service.status': '`/pa status`: the health of the service and its dependencies',
  'disputes.work':
    '`/pa disputes`, the App Home queue and the dispute card: claim, reply, ask for evidence, uphold, reject, escalate',
  'partners.view': "`/pa partner`: a partner's balances, status, sanctions and recent activity",
  'partners.warn': 'warn a partner (partner card)',
  'partners.suspend_codes': "suspend a partner's codes (partner card)",
  'partners.codes':
    "issue extra or vanity promo codes at the partner's usual rate; suspend and reinstate one code (partner card)",
  'partners.applications': 'approve or decline an application (application card)',
  'commissions.review':
    'release, void or mark substandard a commission held for review, with a reason and a note (partner card)',
  'flags.decide':
    'dismiss a review flag, or act on it with a sanction the role may apply, with a reason and a note (partner card)',
  'partners.block': 'block a partner (partner card)',
  'partners.disqualify': 'disqualify a partner, annulling their unpaid rewards (partner card)',
  'partners.terminate': "end a partner's agreement with the program's notice (partner card)",
  'payouts.decide':
    "`/pa payouts`, `/pa batches`, payout and batch cards: approve, hold, reject, mark paid; agree payment details; upload a batch's CSV (details masked)",
  'payouts.schedule': '`/pa payouts <program>`: pause and resume payouts, move a pay date, run a pay day now',
  'payment_details.reveal': "reveal full payment details (payout and details cards, a batch's CSV with them); audited",
  'ledger.view':
    "`/pa ledger <program> [currency] [YYYY-MM-DD]`: a program's trial balance, now or at the end of a past day",
  'ledger.adjust': "a manual bonus or penalty on a partner's balance (partner card)",
  'terms.publish':
    "`/pa terms`: change a program's terms (and its commission rates) and publish them; a broadcast's controls and its report (CSV)",
  'deals.manage':
    "set or end a partner's own commission from a date, after a preview; give a promo code its own rate, with `partners.codes` (partner card)",
  'bonuses.grant': '`/pa bonuses`: bonuses owed to referred customers; mark one granted',
}

const ROLES = ['support', 'finance', 'admin'] as const

/** The roles matrix as the README shows it, generated from PERMISSIONS (a test keeps the README equal to it). */
export function rolesMatrix(): string {
  const rows = (Object.keys(PERMISSIONS) as Permission[]).map((p) => {
    const allowed: readonly Role[] = PERMISSIONS[p]
    const cells = ROLES.map((r) => (allowed.includes(r) ? 'yes' : '—'))
    return `| \`${p}\` | ${PERMISSION_DOCS[p]} | ${cells.join(' | ')} |`
  })
  return [
    '| permission | what it allows | support | finance | admin |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n')
}

export function rolesOf(desk: DeskConfig, userId: string): Role[] {
  return ROLES.filter((r) => desk.roles[r].includes(userId))
}

export function can(desk: DeskConfig, userId: string, permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission]
  return rolesOf(desk, userId).some((r) => allowed.includes(r))
}

/** The roles that grant a permission (for the refusal message). */
export const rolesFor = (permission: Permission): readonly Role[] => PERMISSIONS[permission]
