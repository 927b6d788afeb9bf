import type { Dispute, Payout } from './api.ts'
import { type Child, h } from './dom.ts'
import { date, isZero, money, t, word } from './strings.ts'
import { badge, empty, fact } from './ui.ts'

/** A card of a history: its title and status, then what else it says (a line, its facts). */
const card = (title: string, statusGroup: string, status: string, ...body: Child[]) =>
  h('li', { class: 'card' }, h('div', { class: 'row' }, h('h3', {}, title), badge(statusGroup, status)), ...body)

/** A list of cards, or the sentence for none. */
const cards = <T>(items: T[], render: (item: T) => HTMLElement, none: string): HTMLElement =>
  items.length ? h('ul', { class: 'cards' }, items.map(render)) : empty(none)

/** The payout history: each request with its status, method, gross, fee, net, payment reference (or why held or rejected). */
export const renderPayouts = (payouts: Payout[], timeZone: string): HTMLElement =>
  cards(
    payouts,
    (p) =>
      card(
        t('payouts.request', { date: date(p.requestedAt, timeZone) }),
        'payouts.statuses',
        p.status,
        h(
          'dl',
          { class: 'facts' },
          fact(t('payouts.method'), word('payouts.methods', p.method)),
          fact(t('payouts.gross'), money(p.gross, p.currency)),
          fact(t('payouts.fee'), money(p.fee, p.currency)),
          isZero(p.tax) ? null : fact(t('payouts.tax'), money(p.tax, p.currency)),
          // a redeem pays no money: what it credits to the partner's account is what they receive
          p.credit === null
            ? fact(t('payouts.net'), h('strong', {}, money(p.net, p.currency)))
            : fact(t('payouts.credit'), h('strong', {}, money(p.credit, p.currency))),
          p.expectedAt ? fact(t('payouts.expected_at'), date(p.expectedAt, timeZone)) : null,
          p.reference ? fact(t('payouts.reference'), p.reference) : null,
          p.paidAt ? fact(t('payouts.paid_at'), date(p.paidAt, timeZone)) : null,
          // a held or rejected payout: why, in the partner's words, and finance's note as written
          p.reason ? fact(t('payouts.reason'), p.reason) : null,
          p.note ? fact(t('payouts.note'), h('span', { class: 'written' }, p.note)) : null,
        ),
        // past its expected date and still on its way: late, still being processed, and how to raise it
        p.late ? h('p', { class: 'late', role: 'note' }, t('payouts.late')) : null,
      ),
    t('payouts.empty'),
  )

/** The partner's disputes in the program: what each is about, where it stands, the answer-by date or the decision. */
export const renderDisputes = (disputes: Dispute[], timeZone: string): HTMLElement =>
  cards(
    disputes,
    (d) =>
      card(
        t('disputes.number', { number: String(d.number) }),
        'disputes.statuses',
        d.status,
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
      ),
    t('disputes.empty'),
  )
