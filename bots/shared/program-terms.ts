import type { CommissionRule, ProgramDefinition } from '../../core/programs/definition.ts'
import { campaignName } from '../../core/programs/names.ts'
import { amountText, percentText } from '../i18n/format.ts'
import type { Translate } from '../i18n/index.ts'
import { singleOr } from '../i18n/single.ts'

/** Telegram refuses a message longer than this many characters. */
export const TELEGRAM_MESSAGE_LIMIT = 4096

/** The key of a line of the terms; `program_terms.` is prefixed when translating. */
type Line = [key: string, vars?: Record<string, unknown>]

/** How the terms are written for one reader: their words, their language's numbers, other programs by name. */
export interface TermsReader {
  t: Translate
  language: string
  programName: (key: string) => string
  /** An agent reads it on the desk: the lines that speak to the partner ("your customers") name them instead. */
  desk?: boolean
}

/** The commission lines a partner reads as "you"/"your", worded for the desk under `program_terms.desk.`. */
const SPOKEN_TO_PARTNER = /^(payment_share|one_time|revenue\.(intro|base|tier)|rate_override(_link)?$|referee$)/

/**
 * Every material rule of a program, generated from the definition the engine runs, in the reader's language:
 * commission (levels, tiers, intro rate, campaigns), holds, payouts (schedule, minimum and whether it must be
 * exceeded, new users needed, agreed details, methods, tax, fee, holds, an ad-rule warning's days to fix), what
 * earns nothing (own accounts and disqualification, existing customers, shared and repeated IPs, excluded kinds of
 * client, accounts claimed twice, country, prohibited traffic and its consequence, low activity), joining (age,
 * approval, exclusivity, own account), disputes and changes (answer days, notice, right to object), ending the
 * agreement (the company's notice by reason, the partner's, unpaid money, the last payment's days) and the full
 * text's link. Numbers meeting nouns go through plural keys (`count`); rates through Intl for the language.
 */
export function programTermsText(reader: TermsReader, p: ProgramDefinition): string {
  const { t } = reader
  // a campaign is an item of the campaign list above it
  const render = (lines: Line[]) =>
    lines.map(([key, vars]) => `${key.startsWith('campaign.') ? '   – ' : '• '}${tr(t, key, vars)}`)
  const sections: string[][] = [
    render(commissionLines(reader, p)),
    [tr(t, 'heading.payout'), ...render(payoutLines(reader, p))],
    [tr(t, 'heading.quality'), ...render(qualityLines(reader, p)), ...prohibitedLines(t, p), ...render(blockLines(p))],
    [tr(t, 'heading.joining'), ...render(joiningLines(reader, p))],
    [tr(t, 'heading.changes'), ...render(changeLines(p))],
    [tr(t, 'heading.ending'), ...render(endingLines(t, p))],
  ]
  // the commission always; a later section only when the program has a rule in it
  const out = sections.filter((s, i) => i === 0 || s.length > 1).map((s) => s.join('\n'))
  if (p.terms.fullTextUrl) out.push(tr(t, 'full_text', { url: p.terms.fullTextUrl }))
  return out.join('\n\n')
}

/** One commission rule (a program's, or a partner's deal) as the terms word it, one bullet a line. */
export function commissionRuleText(reader: TermsReader, rule: CommissionRule, currency: string): string {
  return ruleLines(reader, rule, currency)
    .map(([key, vars]) => `• ${tr(reader.t, reader.desk && SPOKEN_TO_PARTNER.test(key) ? `desk.${key}` : key, vars)}`)
    .join('\n')
}

const tr = (t: Translate, key: string, vars?: Record<string, unknown>): string =>
  t(`program_terms.${key}` as 'program_terms.full_text', vars as { url: string })

const percent = percentText

const and = (language: string, words: string[]) => new Intl.ListFormat(language).format(words)
/** Alternatives as the language writes them ("A, B or C"); the word is ours, as CLDR's Kazakh "не" is not formal. */
const or = (t: Translate, words: string[]) =>
  words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} ${tr(t, 'or')} ${words.at(-1)}`

function commissionLines(reader: TermsReader, p: ProgramDefinition): Line[] {
  const c = p.commission
  // a personal rate goes to the partner or to one of their codes: promo codes in jqsee, referral links elsewhere
  const lines = ruleLines(reader, c, p.currencies[0]!).map(
    ([key, vars]): Line =>
      key === 'rate_override' && p.attribution.codes !== 'promo' ? ['rate_override_link', vars] : [key, vars],
  )
  const events = p.attribution.qualifyingEvents
  if (events.length) {
    const words = events.map((e) => tr(reader.t, `events.${e}`))
    lines.push(['new_user_events', { events: and(reader.language, words) }])
  }
  if (p.attribution.requireSignupViaLink) lines.push(['signup_via_link'])
  if (p.attribution.perEvent) lines.push([p.attribution.codes === 'promo' ? 'per_event_promo' : 'per_event_link'])
  return lines
}

function ruleLines(reader: TermsReader, c: CommissionRule, currency: string): Line[] {
  const pct = (bps: number) => percent(reader.language, bps)
  const money = (value: string, currency: string) => amountText(reader.language, value, currency)
  switch (c.type) {
    case 'payment_share':
      return [
        ...levelLines(
          c.levels.map((l) => ({ after: l.after, value: pct(l.rateBps) })),
          'payment_share',
        ),
        ...(c.levels.length > 1 ? ([['level_kept']] as Line[]) : []),
        ...(c.holdDays ? ([['hold', { count: c.holdDays }]] as Line[]) : []),
        ...(c.allowRateOverride ? ([['rate_override']] as Line[]) : []),
      ]
    case 'one_time_reward':
      return [
        ...levelLines(
          c.levels.map((l) => ({ after: l.after, value: money(l.amount, currency) })),
          'one_time',
        ),
        ['min_months', { count: c.minMonthsPaid }],
        ...(c.holdDays ? ([['hold', { count: c.holdDays }]] as Line[]) : []),
        ...(c.refereeReward ? ([['referee', { amount: money(c.refereeReward, currency) }]] as Line[]) : []),
      ]
    case 'campaigns':
      return [
        ['campaigns', { count: c.campaigns.length }],
        ...c.campaigns.map(
          (k): Line =>
            k.kind === 'sale'
              ? ['campaign.sale', { name: campaignName(k, reader.language), rate: pct(k.rateBps) }]
              : [`campaign.${k.kind}`, { name: campaignName(k, reader.language), amount: money(k.amount, currency) }],
        ),
        ['verification', { count: c.verificationDays }],
        ['cancellation', { count: c.cancellationDays }],
      ]
    case 'revenue_share':
      return revenueLines(c, pct)
  }
}

/**
 * A rate or reward by level: the first level up to the next one's threshold, each later one after its own. A
 * threshold of one client has words of its own (`_single`, "your first client"): a plural's `one` form also serves
 * 21, 31 or 101 in Russian and Latvian, which must keep their number.
 */
function levelLines(levels: { after: number; value: string }[], kind: 'payment_share' | 'one_time'): Line[] {
  if (levels.length === 1) return [[`${kind}.only`, { value: levels[0]!.value }]]
  const line = (key: 'first' | 'after', value: string, count: number): Line =>
    count === 1 ? [`${kind}.${key}_single`, { value }] : [`${kind}.${key}`, { value, count }]
  return levels.map(
    (l, i): Line => (i === 0 ? line('first', l.value, levels[1]!.after) : line('after', l.value, l.after)),
  )
}

function revenueLines(c: Extract<CommissionRule, { type: 'revenue_share' }>, pct: (bps: number) => string): Line[] {
  const lines: Line[] = []
  // one month has words of its own (`_single`, "your first calendar month"), as a level's single client has
  const intro = c.intro?.months ? { rate: pct(c.intro.rateBps), count: c.intro.months } : undefined
  if (intro) lines.push(intro.count === 1 ? ['revenue.intro_single', { rate: intro.rate }] : ['revenue.intro', intro])
  const [base, ...tiers] = [...c.tiers].sort((a, b) => a.minNewUsers - b.minNewUsers)
  if (base!.minNewUsers === 0) {
    lines.push([c.intro?.months ? 'revenue.base_after_intro' : 'revenue.base', { rate: pct(base!.rateBps) }])
  } else tiers.unshift(base!)
  for (const tier of tiers) lines.push(['revenue.tier', { rate: pct(tier.rateBps), count: tier.minNewUsers }])
  if (c.settledOnly) lines.push(['revenue.settled'])
  if (c.carryNegative) lines.push(['revenue.carry_negative'])
  return lines
}

function payoutLines(reader: TermsReader, p: ProgramDefinition): Line[] {
  const { t, language } = reader
  const o = p.payout
  const s = o.schedule
  const lines: Line[] = [[singleOr('currencies', p.currencies.length), { currencies: and(language, p.currencies) }]]
  if (s.type === 'on_request') lines.push(['on_request', { count: s.dueBusinessDays }])
  // 2024-01-01 was a Monday: weekday 1..7 is that date plus weekday - 1 days
  // inside a sentence: lower case where the language writes weekdays so (ICU gives Latvian's "Otrdiena"), not English
  const weekday = (d: number) => {
    const name = new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, d))
    return language.startsWith('en') ? name : name.toLocaleLowerCase(language)
  }
  if (s.type === 'weekly') lines.push(['weekly', { weekday: weekday(s.weekday) }])
  if (s.type === 'monthly') lines.push(['monthly', { day: s.day }])
  const minimum = Object.entries(o.minimum).map(([currency, m]) => amountText(language, m, currency))
  lines.push(['minimum', { minimum: minimum.join(', ') }])
  if (o.minimumExclusive) lines.push(['minimum_exclusive'])
  if (o.minNewUsersExclusive !== undefined) lines.push(['min_new_users', { count: o.minNewUsersExclusive }])
  if (o.requiresAgreedDetails) lines.push(['agreed_details'])
  if (o.maxHoldDays) lines.push(['max_hold', { count: o.maxHoldDays }])
  if (o.maxHoldMonths) lines.push(['max_hold_months', { count: o.maxHoldMonths }])
  const warning = p.quality.adWarning
  if (warning) {
    const reasons = warning.reasons.map((r) => t(`reasons.${r}` as 'reasons.ad_rules'))
    lines.push(['ad_warning', { count: warning.fixBusinessDays, reasons: or(t, reasons) }])
  }
  lines.push(methodsLine(reader, p))
  if (o.redeem) {
    // the method inside a sentence: lower-case where the language writes it so (`payout.method` is a button label)
    const method = t(`payout.method_in_sentence.${o.redeem.method}`)
    lines.push(
      o.redeem.bonusBps
        ? ['redeem_bonus', { method, rate: percent(language, o.redeem.bonusBps) }]
        : ['redeem', { method }],
    )
  }
  if (o.taxBps.individual) lines.push(['tax.individual', { rate: percent(language, o.taxBps.individual) }])
  if (o.taxBps.company) lines.push(['tax.company', { rate: percent(language, o.taxBps.company) }])
  if (o.feeBps) lines.push(['fee', { rate: percent(language, o.feeBps) }])
  return lines
}

/**
 * The payout methods, those paid only by separate agreement with the company said apart (worksection 4.10, 5.8),
 * named as words inside the sentence (`payout.method_in_sentence`), not as the capitalised button labels.
 */
function methodsLine({ t, language }: TermsReader, p: ProgramDefinition): Line {
  const { methods, methodsByAgreement } = p.payout
  const words = (ms: typeof methods) =>
    and(
      language,
      ms.map((m) => t(`payout.method_in_sentence.${m}`)),
    )
  const free = methods.filter((m) => !methodsByAgreement.includes(m))
  const agreed = methods.filter((m) => methodsByAgreement.includes(m))
  if (!agreed.length) return ['methods', { methods: words(free) }]
  if (!free.length) return ['methods_all_agreed', { agreed: words(agreed) }]
  return ['methods_agreed', { methods: words(free), agreed: words(agreed) }]
}

function qualityLines(reader: TermsReader, p: ProgramDefinition): Line[] {
  const q = p.quality
  const lines: Line[] = [[`self_referral.${q.selfReferral}`]]
  if (q.existingCustomer !== 'allow') lines.push([`existing_customer.${q.existingCustomer}`])
  if (q.sharedIp) lines.push(['shared_ip'])
  if (q.repeatIpPerCampaign) lines.push(['repeat_ip'])
  if (q.customerKindsWithoutReward.length) {
    const kinds = q.customerKindsWithoutReward.map((k) => tr(reader.t, `customer_kind.${k}`))
    lines.push(['customer_kinds', { kinds: or(reader.t, kinds) }])
  }
  if (q.claimedTwiceAnnuls && q.sameCustomersAs.length) {
    const names = q.sameCustomersAs.map((k) => tr(reader.t, 'quoted', { name: reader.programName(k) }))
    lines.push([singleOr('claimed_twice', names.length), { programs: and(reader.language, names) }])
  }
  if (q.homeCountry) {
    const country = new Intl.DisplayNames([reader.language], { type: 'region' }).of(q.homeCountry) ?? q.homeCountry
    lines.push(['home_country', { country }])
  }
  if (q.substandardPenalty) lines.push(['substandard_penalty'])
  if (q.lowActivity) {
    const months = tr(reader.t, 'months', { count: q.lowActivity.months })
    lines.push(['low_activity', { count: q.lowActivity.maxNewUsers, months }])
  }
  return lines
}

/** What breaking the prohibited-traffic rules costs, under their list (chetup: the account and its money, for good). */
function blockLines(p: ProgramDefinition): Line[] {
  return p.terms.prohibitedTraffic.length && p.terms.prohibitedBlocksAccount ? [['prohibited_blocks_account']] : []
}

/** The seed's prohibited traffic, as a heading and one line each (nothing when the seed lists none). */
function prohibitedLines(t: Translate, p: ProgramDefinition): string[] {
  if (!p.terms.prohibitedTraffic.length) return []
  return [tr(t, 'prohibited_heading'), ...p.terms.prohibitedTraffic.map((k) => `   – ${tr(t, `prohibited.${k}`)}`)]
}

function joiningLines(reader: TermsReader, p: ProgramDefinition): Line[] {
  const e = p.enrolment
  const lines: Line[] = []
  if (e.minimumAge) lines.push(['minimum_age', { count: e.minimumAge }])
  if (e.requiresApproval) lines.push(['approval'])
  if (e.exclusiveWith.length) {
    const names = e.exclusiveWith.map((k) => tr(reader.t, 'quoted', { name: reader.programName(k) }))
    lines.push(['exclusive', { programs: and(reader.language, names) }])
  }
  if (e.askTrafficSources) lines.push(['traffic_sources'])
  if (e.askOwnAccount) lines.push(['own_account'])
  return lines
}

function changeLines(p: ProgramDefinition): Line[] {
  const lines: Line[] = [['disputes', { count: p.disputes.answerBusinessDays }]]
  if (p.disputes.finalAfterReview) lines.push(['disputes_final'])
  lines.push(p.terms.noticeDays ? ['notice', { count: p.terms.noticeDays }] : ['notice_none'])
  if (p.terms.noticeDays && p.terms.rateChangesImmediate) lines.push(['rates_immediate'])
  const o = p.terms.objection
  if (o) lines.push([o.endsAgreement ? 'objection.ends' : 'objection.recorded', { count: o.windowDays }])
  return lines
}

/** A notice period: whole days from two days up when the hours make whole days ("10 days"), else hours ("24 hours"). */
const period = (t: Translate, hours: number) =>
  hours >= 48 && hours % 24 === 0
    ? tr(t, 'period.days', { count: hours / 24 })
    : tr(t, 'period.hours', { count: hours })

/**
 * How the agreement ends: the company's notice (one line when a breach and any other reason give the same), the
 * partner's way out through /settings, what happens to unpaid money and how late the last payment may come.
 */
function endingLines(t: Translate, p: ProgramDefinition): Line[] {
  const x = p.termination
  const notice = (key: string, hours: number): Line =>
    hours ? [`ending.${key}`, { period: period(t, hours) }] : [`ending.${key}_now`]
  const { breach, convenience } = x.companyNoticeHours
  const lines: Line[] =
    breach === convenience
      ? [notice('company', breach)]
      : [notice('breach', breach), notice('convenience', convenience)]
  lines.push(notice('partner', x.partnerNoticeHours), [`ending.unpaid.${x.unpaid}`])
  if (x.onBreach === 'forfeited') lines.push(['ending.breach_forfeits'])
  if (x.lastPaymentDays) lines.push(['ending.last_payment', { count: x.lastPaymentDays }])
  return lines
}

/**
 * A long text as Telegram messages of at most `limit` characters, cut between lines (between paragraphs where
 * one fits), a single overlong line cut where it must; nothing is lost but the line breaks at a cut.
 */
export function splitForTelegram(text: string, limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  const parts: string[] = []
  let rest = text
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1)
    let cut = window.lastIndexOf('\n\n')
    if (cut <= 0) cut = window.lastIndexOf('\n')
    if (cut <= 0) cut = limit
    parts.push(rest.slice(0, cut))
    rest = rest.slice(cut).replace(/^\n+/, '')
  }
  parts.push(rest)
  return parts
}
