import type { Context } from '@slack/bolt'
import type { ModalView } from '@slack/types'
import type { Translate } from '../../i18n/index.ts'
import { modal } from '../views.ts'

/**
 * Slack waits 3 s for the answer to a request, network included, then shows the user an error. A modal's
 * answer (errors, the next view) is computed before it is sent, so its work gets 2 s from the request's arrival.
 */
const ANSWER_BUDGET_MS = 2_000

/** Milliseconds left of the request's budget (all of it when its arrival is unknown, as in Socket Mode). */
function budgetLeft(context: Context): number {
  const at = typeof context.receivedAt === 'number' ? context.receivedAt : performance.now()
  return Math.max(0, ANSWER_BUDGET_MS - (performance.now() - at))
}

export type InTime<T> = { inTime: true; value: T } | { inTime: false; later: Promise<T> }

/**
 * Waits for `work` as long as the request's budget allows. In time: its value, to answer with. Late: `later`
 * settles when the work does; the caller answers at once and tells the user the outcome when it comes. The work
 * runs once either way: nothing is started twice, nothing is dropped. A rejection in time is thrown.
 */
export async function withinBudget<T>(context: Context, work: Promise<T>): Promise<InTime<T>> {
  const late = Symbol('late')
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<typeof late>((resolve) => {
    timer = setTimeout(() => resolve(late), budgetLeft(context))
  })
  try {
    const first = await Promise.race([work, deadline])
    if (first === late) {
      work.catch(() => {}) // the caller awaits `later`; this only keeps an early rejection from going unhandled
      return { inTime: false, later: work }
    }
    return { inTime: true, value: first as T }
  } finally {
    clearTimeout(timer)
  }
}

/** The modal shown in place of a form whose work outlived the budget: the result comes as a message. */
export const stillWorking = (t: Translate): ModalView =>
  modal({
    title: t('desk.late.title'),
    close: t('desk.late.close'),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: t('desk.late.text') } }],
  })

/** A modal that only says something (a failure the form's fields cannot show). */
export const noticeView = (t: Translate, text: string): ModalView =>
  modal({
    title: t('desk.late.failed_title'),
    close: t('desk.late.close'),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 2900) } }],
  })
