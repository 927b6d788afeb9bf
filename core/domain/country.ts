const REGIONS = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })

/**
 * An ISO 3166-1 alpha-2 code of a real country: not a user-assigned one (AA, QM-QZ, XA-XZ, ZZ; a CDN's "XX" for
 * unknown, "T1" for Tor), and one ICU knows.
 */
export const isCountryCode = (code: string) =>
  /^[A-Z]{2}$/.test(code) && !/^(AA|Q[M-Z]|X[A-Z]|ZZ)$/.test(code) && REGIONS.of(code) !== undefined
