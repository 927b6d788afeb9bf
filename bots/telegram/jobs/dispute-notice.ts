import type { MessageEntity } from 'grammy/types'
import type { TextFormat } from '../../../core/domain/text-format.ts'
import type { Core } from '../../../core/index.ts'
import { programName } from '../../../core/programs/names.ts'
import { resolutionOf } from '../../../core/use-cases/dispute-desk.ts'
import type { Translate } from '../../i18n/index.ts'

/** Where support's words go in the localized frame, while the frame is rendered. */
const SLOT = '\u2063support-text\u2063'

/** The partner's side of a dispute: a reply, a request for evidence, the decision; with a button to answer. */
export function disputeText(
  t: Translate,
  language: string,
  n: NonNullable<Awaited<ReturnType<Core['disputes']['notice']>>>,
  news: string,
): { text: string; entities?: MessageEntity[]; canAnswer: boolean } {
  const d = n.dispute
  const base = { number: d.number, program: programName(n.programNames, language) }
  const final = n.program?.disputes.finalAfterReview ?? false
  if (news === 'resolved') {
    const r = resolutionOf(d)
    const lines = [
      t(d.status === 'upheld' ? 'disputes.notify.upheld' : 'disputes.notify.rejected', {
        ...base,
        reason: t(`disputes.reason.${r?.reason ?? 'other'}` as 'disputes.reason.other'),
      }),
    ]
    // support's note, with its formatting, where the frame says it
    if (r?.note) lines.push(t('disputes.notify.note', { note: SLOT }))
    lines.push(t(final ? 'disputes.notify.final' : 'disputes.notify.can_reopen'))
    return { ...framed(lines.join('\n\n'), r?.note ? { text: r.note, format: r.noteFormat } : null), canAnswer: !final }
  }
  const key = news === 'evidence' ? 'disputes.notify.evidence' : 'disputes.notify.reply'
  return { ...framed(t(key, { ...base, text: SLOT }), n.message), canAnswer: true }
}

/**
 * Support's words in their localized frame, their formatting (bold, code...) as Telegram entities moved to where
 * the words are: nothing is parsed as markup, so neither the frame nor anything support wrote can turn into
 * formatting.
 */
function framed(frame: string, message: { text: string; format?: TextFormat[] } | null | undefined) {
  const words = message?.text ?? ''
  const at = frame.indexOf(SLOT)
  if (at < 0) return { text: frame }
  const entities: MessageEntity[] = (message?.format ?? []).map((f) => ({ ...f, offset: f.offset + at }))
  return { text: frame.slice(0, at) + words + frame.slice(at + SLOT.length), entities }
}
