import { textFor } from '../../core/domain/terms.ts'
import { cutText } from '../../core/domain/text.ts'
import type { TermsAnswerKind, TermsVersionRecord } from '../../core/ports/terms-store.ts'
import type { Translate } from '../i18n/index.ts'
import { endDate, termsDate } from './dates.ts'

/**
 * A term change as a partner reads it: program, effective date, the change in their language, what an objection
 * does and, where the terms give a window to object, its last moment in the program's zone (`objectionDeadline`:
 * counted from when this message reaches the partner, core/domain/terms.ts). The partner's broadcast sends it; the
 * desk previews it before publishing (as if sent now). An `applicant` (an application still waiting for approval) has
 * no agreement to object to or end: they read that the new terms will be theirs if they are approved. A change already
 * in force at `at`, when the message is written (a rate change that applies on publication, a paused broadcast
 * resumed after its date), says since when, not "in force from" as if still to come. A partner who answered it before
 * it reached them (in /terms) and stayed in the program reads their `answer` and its date instead of the request for
 * one; an acknowledgement in a program that gives a window to object (worksection-referral) is followed by what an
 * objection would still do, and until when, as the core still takes one then (core/use-cases/terms.ts answerTerms).
 */
export function termsChangeText(
  t: Translate,
  language: string,
  v: TermsVersionRecord,
  programName: string,
  timeZone: string,
  at: Date,
  objection: { windowDays: number; endsAgreement: boolean } | undefined,
  objectionDeadline: Date | undefined,
  applicant = false,
  answer?: TermsAnswerNote,
): string {
  const date = termsDate(v.effectiveAt, language, timeZone)
  const lines = [
    t('terms.change.title', { program: programName, version: v.version }),
    t(v.effectiveAt <= at ? 'terms.change.in_force' : 'terms.change.effective', { date }),
    '',
    textFor(v.texts, language),
    '',
    ...(applicant
      ? [t('terms.change.applicant')]
      : answer
        ? answerLines(t, language, timeZone, answer, objection, objectionDeadline)
        : objectionLines(t, language, timeZone, objection, objectionDeadline)),
  ]
  return cutText(lines.join('\n'), 4096)
}

/**
 * The partner's answer given before the message reached them: `late`, an objection made after the window closed in a
 * program whose objection ends the agreement (it was recorded, the agreement goes on).
 */
export interface TermsAnswerNote {
  kind: TermsAnswerKind
  at: Date
  late?: boolean
}

/**
 * Whether a partner who answered `answer` can still object at the time of the message (its deadline `deadline`): only
 * an acknowledgement, in a program that gives a window to object, while it is open. The Object button is offered then,
 * and only then.
 */
export const canStillObject = (answer: TermsAnswerNote, deadline: Date | undefined) =>
  answer.kind === 'acknowledged' && deadline !== undefined

/** The partner's answer and its date; after an acknowledgement within a window to object, what an objection does. */
function answerLines(
  t: Translate,
  language: string,
  timeZone: string,
  answer: TermsAnswerNote,
  objection: { windowDays: number; endsAgreement: boolean } | undefined,
  deadline: Date | undefined,
) {
  const date = termsDate(answer.at, language, timeZone)
  if (answer.kind === 'objected')
    return [t(answer.late ? 'terms.change.answered.objected_late' : 'terms.change.answered.objected', { date })]
  if (!objection || !canStillObject(answer, deadline)) return [t('terms.change.answered.acknowledged', { date })]
  return [
    t('terms.change.answered.acknowledged', { date }),
    objection.endsAgreement
      ? t('terms.change.answered.object_still_ends', { count: objection.windowDays })
      : t('terms.change.object_recorded'),
    t('terms.change.object_until', { date: endDate(language, deadline!, timeZone) }),
  ]
}

/** What an objection does, and until when it can be made. */
function objectionLines(
  t: Translate,
  language: string,
  timeZone: string,
  objection: { windowDays: number; endsAgreement: boolean } | undefined,
  deadline: Date | undefined,
) {
  return [
    objection?.endsAgreement
      ? t('terms.change.object_ends', { count: objection.windowDays })
      : t('terms.change.object_recorded'),
    ...(deadline ? [t('terms.change.object_until', { date: endDate(language, deadline, timeZone) })] : []),
  ]
}
