import { describe, expect, it } from 'vitest'
import { createI18n, LANGUAGES } from '../../bots/i18n/index.ts'
import { deskReasonText, reasonText } from '../../bots/shared/reasons.ts'
import { ADJUSTMENT_REASON_CODES } from '../../core/domain/adjustments.ts'
import {
  FLAG_DISMISS_REASONS,
  MOVE_REASONS,
  PAUSE_REASONS,
  PAYOUT_HOLD_REASONS,
  PAYOUT_REJECT_REASONS,
  READABLE_REASONS,
  RESUME_REASON,
  SANCTION_REASONS,
  SYSTEM_REASONS,
} from '../../core/domain/reason-codes.ts'
import { REVIEW_REASONS } from '../../core/domain/review-reasons.ts'
import { END_REASONS } from '../../core/programs/definition.ts'
import { DETAILS_CHANGE_REASONS } from '../../core/use-cases/details-agreement.ts'
import { RESOLUTION_REASONS } from '../../core/use-cases/dispute-news.ts'
import { RESTORE_REASONS } from '../../core/use-cases/restore-commission.ts'

/**
 * Every code a person can read has words in all five languages: the reasons (for the partner, and for the desk,
 * which never reads "you"), and each list's own words where it has them. The error catalogue's codes are held to
 * the same in error-catalogue.test.ts.
 */
describe('every reason code a person reads has words in five languages', () => {
  const i18n = createI18n()

  it('the enumeration holds every list an operator picks from and every reason the service gives', () => {
    const lists = [
      ...Object.values(REVIEW_REASONS).flat(),
      ...PAYOUT_HOLD_REASONS,
      ...PAYOUT_REJECT_REASONS,
      ...SANCTION_REASONS,
      ...FLAG_DISMISS_REASONS,
      ...SYSTEM_REASONS,
      ...ADJUSTMENT_REASON_CODES,
      ...RESTORE_REASONS,
    ]
    expect(lists.filter((c) => !READABLE_REASONS.includes(c))).toEqual([])
    // the reasons partners were shown as codes (issue 18 item 5)
    for (const c of ['partner_blocked', 'disqualified', 'data_erased', 'refund_after_window'])
      expect(READABLE_REASONS).toContain(c)
  })

  for (const lng of LANGUAGES) {
    const t = i18n.t(lng)
    it(`${lng}: every reason reads as words for the partner and for the desk`, () => {
      const tr = t as unknown as (k: string, o: object) => string
      const worded = (code: string) =>
        [
          tr(`reasons.${code}`, { defaultValue: '' }),
          tr(`reasons.${code}`, { ns: 'errors', defaultValue: '' }),
          tr(`adjustments.reason.${code}`, { defaultValue: '' }),
        ].some((w) => w.trim())
      expect(READABLE_REASONS.filter((code) => !worded(code))).toEqual([])
      // what a partner and the desk read is those words, never the code
      for (const code of READABLE_REASONS) {
        expect(reasonText(t, code), code).not.toContain('_')
        expect(deskReasonText(t, code), code).not.toContain('_')
      }
    })

    it(`${lng}: each list with words of its own has them for every code`, () => {
      const keys = [
        ...PAUSE_REASONS.map((r) => `payops.reason.${r}`),
        ...MOVE_REASONS.map((r) => `payops.reason.${r}`),
        `payops.reason.${RESUME_REASON}`,
        ...RESOLUTION_REASONS.map((r) => `disputes.reason.${r}`),
        ...DETAILS_CHANGE_REASONS.map((r) => `details.reason.${r}`),
        ...END_REASONS.map((r) => `end_desk.reason.${r}`),
        ...ADJUSTMENT_REASON_CODES.map((r) => `adjustments.reason.${r}`),
      ]
      const tr = t as unknown as (k: string, o: object) => string
      expect(keys.filter((k) => !tr(k, { defaultValue: '' }).trim())).toEqual([])
    })
  }

  it('the desk reads about "the partner", never "you", in English', () => {
    const t = i18n.t('en')
    const second = READABLE_REASONS.filter((c) => /\byou(r|rs)?\b/i.test(deskReasonText(t, c)))
    expect(second).toEqual([])
    // and the partner is addressed: the desk's words are not what the partner reads
    expect(reasonText(t, 'partner_request')).toBe('at your request')
    expect(deskReasonText(t, 'partner_request')).toBe("at the partner's request")
  })
})
