import { objectionDeadline, textFor } from '../domain/terms.ts'
import type { TermsDeps } from './terms.ts'

/**
 * A program's published changes not in force yet, the earliest first, in `language`: what someone joining now is
 * shown with the terms they accept (they were not among the partners the change was broadcast to).
 */
export async function comingTerms(deps: TermsDeps, programKey: string, language: string) {
  const now = deps.clock.now()
  return (await deps.terms.versions(programKey))
    .filter((v) => v.publishedAt && !v.withdrawnAt && v.effectiveAt > now)
    .sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime() || a.version - b.version)
    .map((v) => ({ version: v.version, effectiveAt: v.effectiveAt.toISOString(), text: textFor(v.texts, language) }))
}

/** What a partner reads in /terms: per program, the version in force and the changes still to come. */
export async function partnerTerms(
  deps: TermsDeps,
  partnerId: string,
  programKeys: readonly string[],
  language: string,
) {
  const now = deps.clock.now()
  const out: {
    programKey: string
    inForce?: {
      id: string
      version: number
      effectiveAt: string
      text: string
      /**
       * The change was broadcast to this partner (they are in its report) and they have not answered it: a partner the
       * broadcast missed (a failed send, a blocked bot, a lost message) answers it in /terms, as late as it is.
       */
      unanswered: boolean
      canObject: boolean
      objectionWindow: boolean
      objectionDeadline?: string
    }
    pending: {
      id: string
      version: number
      effectiveAt: string
      text: string
      answer?: string
      canObject: boolean
      /** The program's terms give a window to object (worksection: 3 days), open or not. */
      objectionWindow: boolean
      /** The window's last moment for this partner (from when they were told), when the terms give one. */
      objectionDeadline?: string
    }[]
    endsAt?: string
  }[] = []
  for (const key of programKeys) {
    const program = deps.program(key)
    if (!program) continue
    // a withdrawn change binds nobody: neither in force nor coming
    const published = (await deps.terms.versions(key)).filter((v) => v.publishedAt && !v.withdrawnAt)
    const answers = await deps.terms.answers(
      partnerId,
      published.map((v) => v.id),
    )
    // by the date each takes effect, as the engine applies them (catalog.ts `at`): a later version may take effect
    // before an earlier one; of two on one date, the later version
    const byEffect = [...published].sort(
      (a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime() || a.version - b.version,
    )
    const inForce = byEffect.filter((v) => v.effectiveAt <= now).at(-1)
    const pending = byEffect.filter((v) => v.effectiveAt > now)
    const enrolment = await deps.terms.enrolmentStatus(partnerId, key)
    // the window runs from when this partner was told, as answerTerms judges it (a paused broadcast tells some later)
    const deadlines = new Map<string, Date | undefined>()
    for (const v of inForce ? [...pending, inForce] : pending)
      deadlines.set(v.id, objectionDeadline(program, (await deps.terms.deliveredAt(v.id, partnerId)) ?? v.publishedAt!))
    // only the latest change in force is asked, and only of a partner it was broadcast to (one who joined since
    // accepted the terms with it) whose agreement is in force: older ones were superseded by it
    const agreement =
      !!enrolment &&
      !['terminated', 'applied', 'declined'].includes(enrolment.status) &&
      !(enrolment.endsAt && enrolment.endsAt <= now)
    const unanswered =
      !!inForce &&
      agreement &&
      !answers.has(inForce.id) &&
      (await deps.terms.deliveryStatus(inForce.id, partnerId)) !== null
    out.push({
      programKey: key,
      inForce: inForce && {
        id: inForce.id,
        version: inForce.version,
        effectiveAt: inForce.effectiveAt.toISOString(),
        text: textFor(inForce.texts, language),
        unanswered,
        canObject: !deadlines.get(inForce.id) || now <= deadlines.get(inForce.id)!,
        objectionWindow: deadlines.get(inForce.id) !== undefined,
        objectionDeadline: deadlines.get(inForce.id)?.toISOString(),
      },
      pending: pending.map((v) => ({
        id: v.id,
        version: v.version,
        effectiveAt: v.effectiveAt.toISOString(),
        text: textFor(v.texts, language),
        answer: answers.get(v.id)?.kind,
        canObject: !deadlines.get(v.id) || now <= deadlines.get(v.id)!,
        objectionWindow: deadlines.get(v.id) !== undefined,
        objectionDeadline: deadlines.get(v.id)?.toISOString(),
      })),
      endsAt: enrolment?.endsAt?.toISOString(),
    })
  }
  return out
}
