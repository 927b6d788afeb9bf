import type { Dispute, Payout } from './api.ts'
import { h } from './dom.ts'
import { date, money, t, word } from './strings.ts'
import { badge, empty, fact } from './ui.ts'

function payoutCard(p: Payout, timeZone: string): HTMLElement {
  return h(
    'li',
    { class: 'card' },
    h(
      'div',
      { class: 'row' },
      h('h3', {}, t('payouts.request', { date: date(p.requestedAt, timeZone) })),
      badge('payouts.statuses', p.status),
    ),
    h(
      'dl',
      { class: 'facts' },
      fact(t('payouts.method'), word('payouts.methods', p.method)),
      fact(t('payouts.gross'), money(p.gross, p.currency)),
      fact(t('payouts.fee'), money(p.fee, p.currency)),
      fact(t('payouts.net'), h('strong', {}, money(p.net, p.currency))),
      p.reference ? fact(t('payouts.reference'), p.reference) : null,
      p.paidAt ? fact(t('payouts.paid_at'), date(p.paidAt, timeZone)) : null,
    ),
  )
}

/** The payout history: each request with its status, method, gross, fee, net and payment reference. */
export function renderPayouts(payouts: Payout[], timeZone: string): HTMLElement {
  return payouts.length
    ? h(
        'ul',
        { class: 'cards' },
        payouts.map((p) => payoutCard(p, timeZone)),
      )
    : empty(t('payouts.empty'))
}

function disputeCard(d: Dispute, timeZone: string): HTMLElement {
  return h(
    'li',
    { class: 'card' },
    h(
      'div',
      { class: 'row' },
      h('h3', {}, t('disputes.number', { number: String(d.number) })),
      badge('disputes.statuses', d.status),
    ),
    h('p', {}, d.subject),
    h(
      'dl',
      { class: 'facts' },
      fact(t('disputes.opened'), date(d.openedAt, timeZone)),
      d.amount && d.currency ? fact(t('disputes.amount'), money(d.amount, d.currency)) : null,
      d.deadline ? fact(t('disputes.deadline'), date(d.deadline, timeZone)) : null,
      d.resolution ? fact(t('disputes.resolution'), d.resolution) : null,
      d.note ? fact(t('disputes.note'), d.note) : null,
    ),
  )
}

/** The partner's disputes in the program, with where each stands. */
export function renderDisputes(disputes: Dispute[], timeZone: string): HTMLElement {
  return disputes.length
    ? h(
        'ul',
        { class: 'cards' },
        disputes.map((d) => disputeCard(d, timeZone)),
      )
    : empty(t('disputes.empty'))
}
