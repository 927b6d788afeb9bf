/** What a partner holds in a program: promo codes only (jqsee), referral links only (worksection), or both. */
export type HeldKinds = 'codes' | 'links' | 'both'

/**
 * What the partner's codes in a program are (their kinds: `link`, `promo`); with none yet (an application waiting,
 * an agreement ended), what the program gives by its attribution (`promo`, `link`, `campaign_link`).
 */
export function heldKinds(kinds: readonly string[], attribution: string): HeldKinds {
  const all = kinds.length ? kinds : [attribution === 'promo' ? 'promo' : 'link']
  const links = all.includes('link')
  const codes = all.some((k) => k !== 'link')
  if (links && codes) return 'both'
  return links ? 'links' : 'codes'
}
