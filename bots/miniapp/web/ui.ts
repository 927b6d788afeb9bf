import { copyTextToClipboard } from '@telegram-apps/sdk'
import { ApiError } from './api.ts'
import { h } from './dom.ts'
import { t, word } from './strings.ts'

/** One polite live region for passing notices ("Copied"), read out by screen readers and shown at the bottom. */
let noticeTimer: ReturnType<typeof setTimeout> | undefined
export function notice(text: string, error = false): void {
  const el = document.getElementById('notice')
  if (!el) return
  el.textContent = text
  el.className = error ? 'notice error' : 'notice'
  el.hidden = false
  clearTimeout(noticeTimer)
  noticeTimer = setTimeout(() => {
    el.hidden = true
  }, 3500)
}

export const loading = () => h('p', { class: 'muted', role: 'status' }, t('loading'))

/** The API's own words for a refusal the partner can act on (a bad filter, too many calls), else `otherwise`. */
export const refusalText = (e: unknown, otherwise: string): string =>
  e instanceof ApiError && (e.status === 400 || e.status === 429) && e.message ? e.message : otherwise

/** A section that could not load: what happened, and a button to try again. */
export function failure(e: unknown, retry: () => void): HTMLElement {
  const text = refusalText(e, t('errors.section_failed'))
  return h(
    'div',
    { class: 'failure', role: 'alert' },
    h('p', {}, text),
    h('button', { type: 'button', class: 'button', onclick: retry }, t('retry')),
  )
}

export const empty = (text: string) => h('p', { class: 'empty' }, text)

/** How a status reads at a glance: settled in the partner's favour, waiting, or lost. */
const GOOD = new Set(['available', 'paid', 'upheld', 'active', 'approved'])
const BAD = new Set([
  'reversed',
  'annulled',
  'rejected',
  'cancelled',
  'suspended',
  'blocked',
  'disqualified',
  'declined',
])
export function badge(group: string, status: string): HTMLElement {
  const tone = GOOD.has(status) ? 'good' : BAD.has(status) ? 'bad' : 'wait'
  return h('span', { class: `badge ${tone}` }, word(group, status))
}

/** A term and its value, for the facts of a card. */
export const fact = (term: string, value: string | Node) => [h('dt', {}, term), h('dd', {}, value)]

/** Copies a text (the SDK's clipboard call: Telegram's where it has one, else the browser's) and says so. */
export async function copy(text: string): Promise<void> {
  try {
    await copyTextToClipboard(text)
    notice(t('copied'))
  } catch {
    notice(t('errors.copy_failed'), true)
  }
}
