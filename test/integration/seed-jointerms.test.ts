import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { amountText } from '../../bots/i18n/format.ts'
import { createI18n, LANGUAGES, type Language, type Translate } from '../../bots/i18n/index.ts'
import { splitForTelegram } from '../../bots/shared/program-terms.ts'
import { loadProgramDefinitions, PROGRAMS_DIR } from '../../core/infra/programs/load-definitions.ts'
import {
  EVENT_TYPES,
  EXCLUDABLE_CUSTOMER_KINDS,
  PROHIBITED_TRAFFIC,
  type ProgramDefinition,
  programDefinitionSchema,
} from '../../core/programs/definition.ts'
import { campaignName, programName } from '../../core/programs/names.ts'
import { type Api, withTelegram } from '../helpers/api.ts'
import { withEditedPrograms } from '../helpers/edited-programs.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'

/**
 * Issue 15 item 15: the terms a partner accepts at join (and reads again in /terms) show every material rule of
 * the program, generated from its definition. Each program is joined through the real bot in English and in its
 * seed's language; the texts expected are built here from the definition's fields and the locale files, so the
 * test holds whatever the wording, and a rule the bot leaves out fails it.
 */
const i18n = createI18n()
const DEFINITIONS = Object.fromEntries(loadProgramDefinitions().map((p) => [p.key, p]))
/** Another program's name as a reader of `lng` reads it (the definition's name in that language). */
const nameOf = (key: string, lng: string) => programName(DEFINITIONS[key], lng, key)
const def = (key: string) => DEFINITIONS[key]!

const pct = (lng: string, bps: number) =>
  new Intl.NumberFormat(lng, { style: 'percent', maximumFractionDigits: 2 }).format(bps / 10_000)
const k = (t: Translate, key: string, vars?: Record<string, unknown>) =>
  t(`program_terms.${key}` as 'program_terms.full_text', vars as { url: string })
/** Alternatives in the reader's words: "A, B or C". */
const orList = (t: Translate, words: string[]) =>
  words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} ${k(t, 'or')} ${words.at(-1)}`

/** The fragments every material rule of `p` must leave in the text, in language `lng`. */
function materialRules(lng: Language, p: ProgramDefinition): string[] {
  const t = i18n.t(lng)
  const out: string[] = []
  const cur = p.currencies[0]!
  const c = p.commission
  if (c.type === 'payment_share') {
    out.push(...c.levels.map((l) => pct(lng, l.rateBps)), ...c.levels.slice(1).map((l) => `${l.after}`))
    if (c.levels.length > 1) out.push(k(t, 'level_kept'))
    if (c.holdDays) out.push(k(t, 'hold', { count: c.holdDays }))
    // a personal rate for the partner or one of their codes: promo codes, or referral links in a link program
    if (c.allowRateOverride) out.push(k(t, p.attribution.codes === 'promo' ? 'rate_override' : 'rate_override_link'))
  } else if (c.type === 'one_time_reward') {
    out.push(...c.levels.map((l) => amountText(lng, l.amount, cur)), k(t, 'min_months', { count: c.minMonthsPaid }))
    if (c.holdDays) out.push(k(t, 'hold', { count: c.holdDays }))
    if (c.refereeReward) out.push(k(t, 'referee', { amount: amountText(lng, c.refereeReward, cur) }))
  } else if (c.type === 'campaigns') {
    for (const x of c.campaigns)
      out.push(campaignName(x, lng), x.kind === 'sale' ? pct(lng, x.rateBps) : amountText(lng, x.amount, cur))
    out.push(k(t, 'verification', { count: c.verificationDays }), k(t, 'cancellation', { count: c.cancellationDays }))
  } else {
    if (c.intro) out.push(k(t, 'revenue.intro', { rate: pct(lng, c.intro.rateBps), count: c.intro.months }))
    for (const tier of c.tiers.filter((x) => x.minNewUsers > 0))
      out.push(k(t, 'revenue.tier', { rate: pct(lng, tier.rateBps), count: tier.minNewUsers }))
    if (c.settledOnly) out.push(k(t, 'revenue.settled'))
    if (c.carryNegative) out.push(k(t, 'revenue.carry_negative'))
  }
  for (const e of p.attribution.qualifyingEvents) out.push(k(t, `events.${e}`))
  if (p.attribution.requireSignupViaLink) out.push(k(t, 'signup_via_link'))
  if (p.attribution.perEvent) out.push(k(t, p.attribution.codes === 'promo' ? 'per_event_promo' : 'per_event_link'))
  const o = p.payout
  for (const [currency, m] of Object.entries(o.minimum)) out.push(amountText(lng, m, currency))
  if (o.minimumExclusive) out.push(k(t, 'minimum_exclusive'))
  if (o.minNewUsersExclusive !== undefined) out.push(k(t, 'min_new_users', { count: o.minNewUsersExclusive }))
  if (o.requiresAgreedDetails) out.push(k(t, 'agreed_details'))
  if (o.maxHoldDays) out.push(k(t, 'max_hold', { count: o.maxHoldDays }))
  if (o.maxHoldMonths) out.push(k(t, 'max_hold_months', { count: o.maxHoldMonths }))
  const w = p.quality.adWarning
  if (w) {
    const reasons = orList(
      t,
      w.reasons.map((r) => t(`reasons.${r}` as 'reasons.ad_rules')),
    )
    out.push(k(t, 'ad_warning', { count: w.fixBusinessDays, reasons }))
  }
  const s = o.schedule
  if (s.type === 'on_request') out.push(k(t, 'on_request', { count: s.dueBusinessDays }))
  if (s.type === 'monthly') out.push(k(t, 'monthly', { day: s.day }))
  if (s.type === 'weekly') {
    // inside a sentence: lower case ("otrdiena", "вторник"), but English's "Tuesday"
    const day = new Intl.DateTimeFormat(lng, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, s.weekday))
    out.push(lng.startsWith('en') ? day : day.toLocaleLowerCase(lng))
  }
  for (const m of o.methods) out.push(t(`payout.method_in_sentence.${m}`))
  out.push(...agreedMethodRules(lng, p))
  if (o.redeem?.bonusBps) out.push(pct(lng, o.redeem.bonusBps))
  if (o.taxBps.individual) out.push(k(t, 'tax.individual', { rate: pct(lng, o.taxBps.individual) }))
  if (o.taxBps.company) out.push(k(t, 'tax.company', { rate: pct(lng, o.taxBps.company) }))
  if (o.feeBps) out.push(k(t, 'fee', { rate: pct(lng, o.feeBps) }))
  const q = p.quality
  out.push(k(t, `self_referral.${q.selfReferral}`))
  if (q.existingCustomer !== 'allow') out.push(k(t, `existing_customer.${q.existingCustomer}`))
  if (q.sharedIp) out.push(k(t, 'shared_ip'))
  if (q.repeatIpPerCampaign) out.push(k(t, 'repeat_ip'))
  if (q.customerKindsWithoutReward.length) {
    const kinds = orList(
      t,
      q.customerKindsWithoutReward.map((x) => k(t, `customer_kind.${x}`)),
    )
    out.push(k(t, 'customer_kinds', { kinds }))
  }
  if (q.claimedTwiceAnnuls && q.sameCustomersAs.length) {
    const names = q.sameCustomersAs.map((x) => k(t, 'quoted', { name: nameOf(x, lng) }))
    out.push(
      k(t, names.length === 1 ? 'claimed_twice_single' : 'claimed_twice', {
        programs: new Intl.ListFormat(lng).format(names),
      }),
    )
  }
  if (q.homeCountry) out.push(new Intl.DisplayNames([lng], { type: 'region' }).of(q.homeCountry)!)
  if (q.substandardPenalty) out.push(k(t, 'substandard_penalty'))
  if (q.lowActivity) out.push(`${q.lowActivity.maxNewUsers}`, k(t, 'months', { count: q.lowActivity.months }))
  for (const x of p.terms.prohibitedTraffic) out.push(k(t, `prohibited.${x}`))
  if (p.terms.prohibitedTraffic.length && p.terms.prohibitedBlocksAccount) out.push(k(t, 'prohibited_blocks_account'))
  const e = p.enrolment
  if (e.minimumAge) out.push(k(t, 'minimum_age', { count: e.minimumAge }))
  if (e.requiresApproval) out.push(k(t, 'approval'))
  for (const other of e.exclusiveWith) out.push(nameOf(other, lng))
  if (e.askTrafficSources) out.push(k(t, 'traffic_sources'))
  if (e.askOwnAccount) out.push(k(t, 'own_account'))
  out.push(k(t, 'disputes', { count: p.disputes.answerBusinessDays }))
  if (p.disputes.finalAfterReview) out.push(k(t, 'disputes_final'))
  out.push(p.terms.noticeDays ? k(t, 'notice', { count: p.terms.noticeDays }) : k(t, 'notice_none'))
  if (p.terms.noticeDays && p.terms.rateChangesImmediate) out.push(k(t, 'rates_immediate'))
  const ob = p.terms.objection
  if (ob) out.push(k(t, ob.endsAgreement ? 'objection.ends' : 'objection.recorded', { count: ob.windowDays }))
  out.push(...endingRules(lng, p))
  if (p.terms.fullTextUrl) out.push(p.terms.fullTextUrl)
  return out
}

/** The methods paid only by separate agreement with the company, said apart from the others. */
function agreedMethodRules(lng: Language, p: ProgramDefinition): string[] {
  const t = i18n.t(lng)
  const { methods, methodsByAgreement } = p.payout
  const words = (ms: typeof methods) =>
    new Intl.ListFormat(lng).format(ms.map((m) => t(`payout.method_in_sentence.${m}`)))
  const agreed = methods.filter((m) => methodsByAgreement.includes(m))
  const free = methods.filter((m) => !methodsByAgreement.includes(m))
  if (!agreed.length) return [k(t, 'methods', { methods: words(free) })]
  if (!free.length) return [k(t, 'methods_all_agreed', { agreed: words(agreed) })]
  return [k(t, 'methods_agreed', { methods: words(free), agreed: words(agreed) })]
}

/**
 * How the agreement ends: the company's notice by reason (one line when both are equal, "at once" when 0), the
 * partner's, unpaid money and the last payment's days. Notice is in whole days from 48 hours when they divide by 24.
 */
function endingRules(lng: Language, p: ProgramDefinition): string[] {
  const t = i18n.t(lng)
  const x = p.termination
  const period = (h: number) =>
    h >= 48 && h % 24 === 0 ? k(t, 'period.days', { count: h / 24 }) : k(t, 'period.hours', { count: h })
  const notice = (key: string, h: number) =>
    h ? k(t, `ending.${key}`, { period: period(h) }) : k(t, `ending.${key}_now`)
  const { breach, convenience } = x.companyNoticeHours
  const out =
    breach === convenience
      ? [notice('company', breach)]
      : [notice('breach', breach), notice('convenience', convenience)]
  out.push(notice('partner', x.partnerNoticeHours), k(t, `ending.unpaid.${x.unpaid}`))
  if (x.lastPaymentDays) out.push(k(t, 'ending.last_payment', { count: x.lastPaymentDays }))
  return out
}

let chats = 15_000

/** Opens the program's deep link in `lng` and returns every message up to the one with Accept (all of them). */
async function joinTexts(telegram: FakeTelegram, key: string, lng: Language) {
  const chat = ++chats
  telegram.languages.set(chat, lng)
  await telegram.sendText(chat, `/start ${key}`)
  const keyboard = await telegram.keyboardAfter(chat, 1)
  const texts = telegram.textsTo(chat)
  expect(texts.at(-1)).toBe(keyboard.text)
  const t = i18n.t(lng)
  expect(keyboard.buttons.map((b) => b.text)).toEqual([t('join.accept'), t('join.decline')])
  for (const m of texts) expect(m.length).toBeLessThanOrEqual(4096)
  return { chat, text: texts.join('\n') }
}

function expectAllRules(text: string, lng: Language, p: ProgramDefinition) {
  const missing = materialRules(lng, p).filter((rule) => !text.includes(rule))
  expect(missing, `${p.key} in ${lng}: rules missing from\n${text}`).toEqual([])
}

describe('item 15: the terms accepted at join show every material rule, from the program data', () => {
  const env = withTelegram('2026-03-02T08:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  /** Joins in both languages, checks every rule before Accept, and /terms of an enrolled partner in `second`. */
  async function checkProgram(key: string, second: Language) {
    const p = def(key)
    const en = await joinTexts(telegram, key, 'en')
    expectAllRules(en.text, 'en', p)
    const other = await joinTexts(telegram, key, second)
    expectAllRules(other.text, second, p)
    const chat = ++chats
    telegram.languages.set(chat, second)
    const r = await api.enrol(key, {
      name: 'Terms Reader',
      language: second,
      legalType: 'individual',
      telegramId: chat,
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    await telegram.sendText(chat, '/terms')
    await telegram.nthText(chat, 1)
    expectAllRules(telegram.textsTo(chat).join('\n'), second, p)
    return { text: en.text, other: other.text }
  }

  it('item 15. jqsee (en/ru): "The minimum payment is equivalent to $10 ... paid within 2 working days"; 2.1-4.1 forbidden means; 5.2 "a penalty fee equal to the cost of substandard Actions"; 1.4 the published Rules', async () => {
    const { text } = await checkProgram('jqsee', 'ru')
    expect(text).toContain('Minimum payout: 10.00 USD')
    expect(text).toContain("The commission for each customer's payment goes to the partner whose promo code was used")
    expect(text).toContain('paid within 2 business days')
    expect(text).toContain('bots, automatic clicks or sign-ups')
    expect(text).toContain('their cost may be charged to you as a penalty')
    expect(text).toContain('https://jqsee.com/ru/articles/view/11')
    // lines of rules jqsee does not have are not shown
    expect(text).not.toContain('blocked for good')
    expect(text).not.toContain('If you get a warning')
    expect(text).not.toContain('claimed by another partner')
    expect(text).not.toContain('ID of your own account')
  })

  it('item 15. worksection-referral (en/kk): Appendix 1 levels 25/35 USD, 4.7 "31 days", 3.3.5 "one IP address", 3.3.6-3.3.7 spam and coupon sites, 8.3 an objection within 3 days ends the agreement, 3.1.4 "Интегратор немесе Қайта сату", 4.5 "сыйақы жойылады және төленуге жатпайды", 3.3.5 "өз аккаунтын"', async () => {
    const { text, other: kk } = await checkProgram('worksection-referral', 'kk')
    expect(text).toContain('Reward: 25.00 USD once for each of your first 5 paying clients')
    expect(text).toContain('35.00 USD for each client after your first 5 clients')
    expect(text).toContain('Commissions become available 31 days after the payment')
    // 3.3.5 "бір IP мекенжайынан екі немесе одан да көп пайдаланушы бұрын-соңды Қызметті пайдаланған жағдай": every
    // user of the address earns nothing, and their unpaid rewards are voided (core/use-cases/shared-ip.ts)
    expect(text).toContain(
      'If two or more users have ever used one IP address, none of them earns a reward, and the unpaid rewards for every user of that address are annulled; what was already paid stays paid',
    )
    expect(kk).toContain(
      'Бір IP мекенжайын екі немесе одан да көп пайдаланушы бұрын-соңды пайдаланған болса, олардың ешқайсысы үшін сыйақы берілмейді, ал осы мекенжайдың барлық пайдаланушылары үшін әлі төленбеген сыйақылар жойылады',
    )
    expect(text).toContain("No reward for clients who are the company's integrators or resellers")
    expect(kk).toContain(
      'Компанияның интеграторы немесе қайта сатушысы болып табылатын клиенттер үшін сыйақы берілмейді',
    )
    expect(text).toContain(
      "If a client's account is also claimed by another partner in “Worksection partner program”, it earns no reward: the reward is annulled and not paid",
    )
    expect(kk).toContain(
      'Егер клиенттің аккаунтын «Worksection (серіктестік)» бағдарламасында басқа серіктес те өзіне тиесілі деп көрсетсе, ол үшін сыйақы берілмейді: сыйақы жойылады және төленуге жатпайды',
    )
    expect(text).toContain(
      "When you join, you give the ID of your own account in the company's service: its payments are self-referral and earn nothing",
    )
    expect(kk).toContain('Қосылған кезде компания сервисіндегі өз аккаунтыңыздың идентификаторын көрсетесіз')
    expect(text).toContain('coupon, cashback and discount sites')
    expect(text).toContain('You may object to a change within 3 days: your agreement then ends')
    expect(text).toContain('You cannot take part in this program and in “Worksection partner program” at the same time')
    // 8.6 the company ends it for a breach 24 hours after its notice, 8.7 the same without one; 7.1 the partner leaves
    // by writing (at once); 4.6.1 "немесе келісім тоқтатылған кезде" paid even below 50 USD
    expect(text).toContain('🔚 Ending the agreement')
    expect(text).toContain('• The company may end the agreement 24 hours after notifying you')
    expect(text).not.toContain('For a breach of the terms')
    expect(text).toContain('• You may leave the program at any time in /settings: the agreement ends at once')
    expect(text).toContain(
      '• After the end, everything you have earned is still paid out, even below the minimum payout',
    )
    expect(text).not.toContain('The last payout may come')
    expect(kk).toContain('• Компания келісімді хабарламадан 24 сағаттан кейін тоқтата алады')
    expect(kk).toContain('• Бағдарламадан кез келген уақытта /settings арқылы шыға аласыз: келісім бірден тоқтатылады')
    expect(kk).toContain('ең аз төлемнен кем болса да')
    // 4.10 "тек Paypal төлем жүйесі арқылы ..., егер басқа нұсқалар бөлек келісілмесе"
    expect(text).toContain(
      '• Payout methods: PayPal and service credit; bank transfer only by separate agreement with the company',
    )
    expect(kk).toContain(
      '• Төлем тәсілдері: PayPal және сервис балансына есептеу; банктік аударым — тек компаниямен бөлек келісім бойынша',
    )
  })

  it('item 15. worksection-partner (en/kk): Appendix 1 levels 15%/25%/35%, 5.3 "31 days", 3.1 approval, 6.10 no sub-partners, 6.16 "14 (fourteen) days" notice', async () => {
    const { text, other: kk } = await checkProgram('worksection-partner', 'kk')
    expect(text).toContain('Commission: 15% of each payment by your first 15 paying customers')
    expect(text).toContain('35% for customers who join after your first 35 paying customers')
    expect(text).toContain('The company reviews your application before you can start')
    expect(text).toContain('sub-partners without the company')
    expect(text).toContain('Changes to the terms take effect 14 days after you are notified')
    // the partner program asks the own account too, but shares accounts without annulling and excludes no kind
    expect(text).toContain('When you join, you give the ID of your own account')
    expect(kk).toContain('өз аккаунтыңыздың идентификаторын көрсетесіз')
    expect(text).not.toContain('claimed by another partner')
    expect(kk).not.toContain('тиесілі деп көрсетсе')
    expect(text).not.toContain('integrators or resellers')
    expect(text).not.toContain('If two or more users have ever used one IP address')
    // 9.2 "10 calendar days" for a breach, 9.1 "31 days" before the end for either party, 5.5 the last payment "60 days"
    expect(text).toContain('• For a breach of the terms, the company may end the agreement 10 days after notifying you')
    expect(text).toContain('• For any other reason, the company may end the agreement 31 days after notifying you')
    expect(text).toContain('• You may leave the program in /settings: the agreement ends 31 days after your notice')
    expect(text).toContain('• The last payout may come up to 60 days after the end')
    expect(kk).toContain('• Шарттар бұзылған жағдайда компания келісімді хабарламадан 10 күннен кейін тоқтата алады')
    expect(kk).toContain('• Басқа себептермен компания келісімді хабарламадан 31 күннен кейін тоқтата алады')
    expect(kk).toContain('келісім хабарламаңыздан 31 күннен кейін тоқтатылады')
    expect(kk).toContain('• Соңғы төлем келісім тоқтатылғаннан кейін 60 күнге дейін кешігуі мүмкін')
    // 5.8 "only through PayPal unless other options are agreed separately"
    expect(text).toContain('• Payout methods: PayPal; bank transfer only by separate agreement with the company')
    expect(kk).toContain('• Төлем тәсілдері: PayPal; банктік аударым — тек компаниямен бөлек келісім бойынша')
  })

  it('item 15. chetup (en/ka): each campaign with its commission, verification after 10 days, cancellation within 7, "two or more actions from one IP in one campaign", activity from a foreign country, prohibited content "ანგარიში სამუდამოდ დაიბლოკება და დაიბლოკება ასევე მის ფინანსებზე წვდომა"', async () => {
    const { text, other: ka } = await checkProgram('chetup', 'ka')
    expect(text).toContain('Cafe: sales: 10% of each sale')
    expect(text).toContain('Shop: visits: 0.02 GEL per visit')
    expect(text).toContain('The commission for each action goes to the partner whose referral link it came through')
    expect(text).toContain('A cancellation reported within 7 days removes the commission')
    expect(text).toContain("Actions from outside the program's country (Georgia) are held for review")
    expect(text).toContain('Income tax of 20% is withheld for individuals')
    expect(text).toContain('Payout every month on day 25')
    // the seed's list: illegal content (pornography, drugs, casino, violence, viruses, phishing, hacking, threats),
    // false information, redirects to gain traffic; then the account and access to its money blocked for good
    expect(text).toContain('illegal or offensive content')
    expect(text).toContain('false or misleading information')
    expect(text).toContain('forced redirects')
    expect(text).toContain('Any of these gets your account blocked for good, together with access to your money')
    expect(ka).toContain(
      'ნებისმიერი ამ დარღვევისთვის თქვენი ანგარიში სამუდამოდ დაიბლოკება, ისევე როგორც წვდომა თქვენს ფინანსებზე',
    )
    // the seed names no spam, and lets the link be shared by e-mail and personal messages ("მეილის გამოყენებით,
    // პირადი მიმოწერით"): spam is not in chetup's list (it was before; the seed wins)
    expect(text).not.toContain('spam')
  })

  it('item 15. melbet (en/lv): 7.2 20% for 3 months then 15/20/25%, 8.1 earnings that "exceed" (pārsniedz) 30 USD, more than 4 players, details agreed with the manager, 7.3 low activity, 5.3-5.6 prohibited traffic, 18+', async () => {
    const { text, other: lv } = await checkProgram('melbet', 'lv')
    expect(text).toContain("20% of the company's net profit from your new users in your first 3 calendar months")
    expect(text).toContain('25% in a calendar month in which you bring at least 50 new users')
    expect(text).toContain('You are paid only when your balance exceeds the minimum')
    expect(text).toContain('You are paid once you have brought more than 4 new users')
    expect(text).toContain('sign-up and first deposit')
    expect(text).toContain('Your payment details must be agreed with your manager')
    expect(text).toContain('If you bring at most 3 new users in 3 consecutive calendar months')
    expect(text).toContain('cookie stuffing')
    expect(text).toContain('Only for partners aged 18 or over')
    expect(text).toContain('• Payout every week, on Tuesday, for the previous week')
    // 2.9 "brīdinājums ... novērst notikušo pārkāpumu 5 (piecu) darba dienu laikā ... bloķēt maksājumus"
    expect(text).toContain(
      'If you get a warning for a breach of the advertising rules or prohibited content, you have 5 business days to fix it; if it is not fixed by then, your payouts are on hold until it is',
    )
    expect(lv).toContain(
      'Ja saņemat brīdinājumu (iemesls: reklāmas noteikumu pārkāpums vai aizliegts saturs), pārkāpums jānovērš 5 darba dienu laikā; ja tas netiek novērsts termiņā, izmaksas tiek aizturētas līdz pārkāpuma novēršanai',
    )
    expect(text).not.toContain('blocked for good')
    // 6.3 and 9.5 name no notice period: at once; nothing is said of leaving (at once) or unpaid money (paid any amount)
    expect(text).toContain('• The company may end the agreement at once, without notice')
    expect(text).toContain('• You may leave the program at any time in /settings: the agreement ends at once')
    expect(text).not.toContain('after notifying you')
    expect(text).toContain('• Payout methods: bank transfer\n')
    expect(text).not.toContain('separate agreement')
    expect(lv).toContain('• Uzņēmums var izbeigt līgumu nekavējoties, bez iepriekšēja brīdinājuma')
    expect(lv).toContain(
      '• Dalību programmā varat izbeigt jebkurā laikā sadaļā /settings: līgums tiek izbeigts nekavējoties',
    )
    expect(lv).toContain('pat ja summa ir mazāka par minimālo izmaksu')
  })

  it('item 15. quantower (en/ru): "20% of each purchase", "at least $50", "must register through your link", own and existing customers\' accounts lead to disqualification and "все невыплаченные ... вознаграждения будут немедленно аннулированы"', async () => {
    const { text, other: ru } = await checkProgram('quantower', 'ru')
    expect(text).toContain('Commission: 20% of each payment by the customers you bring')
    expect(text).toContain('Minimum payout: 50.00 USD')
    expect(text).toContain('Only customers who sign up through your link count as yours')
    expect(text).toContain('Inviting yourself (your own accounts) earns nothing and may get you disqualified')
    expect(text).toContain('Inviting accounts of existing customers earns nothing and may get you disqualified')
    // disqualification annuls every unpaid reward, what was paid stays paid (core/use-cases/sanctions.ts annulUnpaid)
    expect(text).toContain(
      'Inviting yourself (your own accounts) earns nothing and may get you disqualified: all your unpaid earnings are then annulled, and what was already paid stays paid',
    )
    expect(text).toContain(
      'Inviting accounts of existing customers earns nothing and may get you disqualified: all your unpaid earnings are then annulled, and what was already paid stays paid',
    )
    expect(ru).toContain(
      'За приглашение самого себя (собственные аккаунты) вознаграждение не начисляется, и вас могут дисквалифицировать: тогда все невыплаченные вознаграждения аннулируются, а уже выплаченное остаётся у вас',
    )
    expect(ru).toContain(
      'За приглашение аккаунтов существующих клиентов вознаграждение не начисляется, и вас могут дисквалифицировать: тогда все невыплаченные вознаграждения аннулируются',
    )
  })
})

describe('item 15: the join text is generated from the definition (a changed definition changes it)', () => {
  let dir: string
  let telegram: FakeTelegram
  let close: () => Promise<void>
  beforeAll(async () => {
    ;({ telegram, dir, close } = await withEditedPrograms('2026-03-02T08:00:00Z', {
      melbet: (d) => {
        d.payout.minNewUsersExclusive = 9
        delete d.payout.maxHoldMonths
        d.payout.maxHoldDays = 45
        d.payout.minimum = { USD: '75.00', EUR: '70.00' }
        d.payout.minimumExclusive = false
        d.commission.tiers[2].rateBps = 3250
        d.terms.prohibitedTraffic = ['coupon_sites']
        d.terms.objection = { windowDays: 21, endsAgreement: false }
        d.quality.adWarning = { reasons: ['ad_rules'], fixBusinessDays: 1 }
        d.termination = {
          companyNoticeHours: { breach: 48, convenience: 36 },
          partnerNoticeHours: 504,
          unpaid: 'paid_above_minimum',
          lastPaymentDays: 1,
          source: 'changed for the test',
        }
        d.payout.methods = ['bank', 'paypal']
        d.payout.methodsByAgreement = ['bank', 'paypal']
      },
      'worksection-referral': (d) => {
        d.quality.customerKindsWithoutReward = ['reseller']
        d.quality.sameCustomersAs = ['worksection-partner', 'jqsee']
      },
      // so many campaigns that the terms need more than one Telegram message
      chetup: (d) => {
        d.commission.campaigns = Array.from({ length: 90 }, (_, i) => ({
          key: `shop-${i}`,
          name: `Shop number ${i} of the Tbilisi mall, online orders`,
          kind: 'sale',
          rateBps: 100 + i,
        }))
      },
    }))
  })
  afterAll(async () => {
    await close?.()
  })

  it('item 15. melbet with a changed definition: the new minimum, players rule, hold, tier rate, prohibited list, right to object, notice periods, unpaid money, last payment and methods by agreement are what the partner accepts', async () => {
    const changed = loadProgramDefinitions(dir).find((p) => p.key === 'melbet')!
    const en = await joinTexts(telegram, 'melbet', 'en')
    expectAllRules(en.text, 'en', changed)
    expect(en.text).toContain('Minimum payout: 75.00 USD, 70.00 EUR')
    expect(en.text).not.toContain('exceeds the minimum')
    expect(en.text).toContain('more than 9 new users')
    expect(en.text).toContain('up to 45 days')
    expect(en.text).toContain('32.5% in a calendar month in which you bring at least 50 new users')
    expect(en.text).toContain('coupon, cashback and discount sites')
    expect(en.text).not.toContain('cookie stuffing')
    expect(en.text).toContain('You may object to a change within 21 days: support reviews your objection')
    const lv = await joinTexts(telegram, 'melbet', 'lv')
    expectAllRules(lv.text, 'lv', changed)
    expect(lv.text).toContain('vairāk nekā 9 jaunus lietotājus')
    expect(lv.text).toContain('līdz 45 dienām')
    expect(lv.text).toContain('21 dienas laikā')
    expect(en.text).toContain(
      'If you get a warning for a breach of the advertising rules, you have 1 business day to fix it; if it is not fixed by then',
    )
    expect(lv.text).toContain(
      'Ja saņemat brīdinājumu (iemesls: reklāmas noteikumu pārkāpums), pārkāpums jānovērš 1 darba dienas laikā',
    )
    // the ending: 48 hours are 2 days, 36 hours stay hours, 504 hours are 21 days; the minimum now applies
    expect(en.text).toContain('For a breach of the terms, the company may end the agreement 2 days after notifying you')
    expect(en.text).toContain('For any other reason, the company may end the agreement 36 hours after notifying you')
    expect(en.text).toContain('the agreement ends 21 days after your notice')
    expect(en.text).toContain('still paid out once your balance reaches the minimum payout')
    expect(en.text).not.toContain('even below the minimum payout')
    expect(en.text).toContain('The last payout may come up to 1 day after the end')
    expect(en.text).not.toContain('at once')
    expect(en.text).toContain('Payout methods, only by separate agreement with the company: bank transfer and PayPal')
    expect(lv.text).toContain('Noteikumu pārkāpuma gadījumā uzņēmums var izbeigt līgumu 2 dienas pēc paziņojuma')
    expect(lv.text).toContain('Citu iemeslu dēļ uzņēmums var izbeigt līgumu 36 stundas pēc paziņojuma')
    expect(lv.text).toContain('līgums tiek izbeigts 21 dienu pēc jūsu paziņojuma')
    expect(lv.text).toContain('Pēdējā izmaksa var tikt veikta līdz 1 dienai pēc līguma izbeigšanas')
    expect(lv.text).toContain(
      'Izmaksas veidi (tikai pēc atsevišķas vienošanās ar uzņēmumu): bankas pārskaitījums un PayPal',
    )
  })

  it('item 15. worksection-referral with a changed definition: the excluded kinds and the programs sharing its accounts are what the partner accepts', async () => {
    const changed = loadProgramDefinitions(dir).find((p) => p.key === 'worksection-referral')!
    const jqsee = def('jqsee').name
    const en = await joinTexts(telegram, 'worksection-referral', 'en')
    expectAllRules(en.text, 'en', changed)
    expect(en.text).toContain("No reward for clients who are the company's resellers")
    expect(en.text).not.toContain('integrators')
    expect(en.text).toContain(
      `claimed by another partner in “Worksection partner program” and “${jqsee}”, it earns no reward`,
    )
    const ru = await joinTexts(telegram, 'worksection-referral', 'ru')
    expectAllRules(ru.text, 'ru', changed)
    expect(ru.text).toContain('За клиентов, которые являются реселлерами компании, вознаграждение не начисляется')
    expect(ru.text).toContain(`заявлен и другим партнёром в программах «Worksection (партнёрская)» и «${jqsee}»`)
  })

  it('item 15. terms longer than one Telegram message are sent in parts of at most 4096 characters, Accept under the last, every campaign shown', async () => {
    const changed = loadProgramDefinitions(dir).find((p) => p.key === 'chetup')!
    const joined = await joinTexts(telegram, 'chetup', 'ka')
    expect(telegram.textsTo(joined.chat).length).toBeGreaterThan(1)
    expectAllRules(joined.text, 'ka', changed)
    for (let i = 0; i < 90; i++) expect(joined.text).toContain(`Shop number ${i} of the Tbilisi mall`)
  })
})

describe('item 15: splitting for Telegram', () => {
  it('cuts between paragraphs or lines, never over 4096 characters, and loses nothing but the breaks at the cuts', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `• line ${i} ${'x'.repeat(i % 40)}`)
    const text = `${lines.slice(0, 200).join('\n')}\n\n${lines.slice(200).join('\n')}`
    const parts = splitForTelegram(text)
    expect(parts.length).toBeGreaterThan(1)
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096)
    expect(parts.join('\n').replace(/\n+/g, '\n')).toBe(text.replace(/\n+/g, '\n'))
    expect(splitForTelegram('short')).toEqual(['short'])
    const long = 'y'.repeat(9000)
    expect(splitForTelegram(long).map((p) => p.length)).toEqual([4096, 4096, 808])
  })
})

describe('item 15: every word of the terms exists', () => {
  it('each prohibited-traffic key, event type and excludable kind of client the definition allows has words in all five languages', () => {
    for (const lng of LANGUAGES) {
      const t = i18n.t(lng)
      for (const key of [
        ...PROHIBITED_TRAFFIC.map((x) => `prohibited.${x}`),
        ...EVENT_TYPES.map((x) => `events.${x}`),
        ...EXCLUDABLE_CUSTOMER_KINDS.map((x) => `customer_kind.${x}`),
      ])
        expect(k(t, key), `${lng} ${key}`).not.toBe(`program_terms.${key}`)
    }
  })

  it("each reason a program's ad-rule warning names has words in all five languages", () => {
    const reasons = Object.values(DEFINITIONS).flatMap((p) => p.quality.adWarning?.reasons ?? [])
    expect(reasons).toContain('ad_rules')
    for (const lng of LANGUAGES)
      for (const r of reasons)
        expect(i18n.t(lng)(`reasons.${r}` as 'reasons.ad_rules'), `${lng} ${r}`).not.toBe(`reasons.${r}`)
  })

  it('a definition excluding a kind of client the product has no words for is refused', () => {
    const raw = JSON.parse(fs.readFileSync(path.join(PROGRAMS_DIR, 'worksection-referral.json'), 'utf8'))
    raw.quality.customerKindsWithoutReward = ['integrator', 'astronaut']
    const r = programDefinitionSchema.safeParse(raw)
    expect(r.success).toBe(false)
    expect(r.error!.issues[0]!.path).toEqual(['quality', 'customerKindsWithoutReward', 1])
  })

  it('a definition naming prohibited traffic the product has no words for is refused', () => {
    const raw = JSON.parse(fs.readFileSync(path.join(PROGRAMS_DIR, 'melbet.json'), 'utf8'))
    raw.terms.prohibitedTraffic = ['spam', 'telepathy']
    const r = programDefinitionSchema.safeParse(raw)
    expect(r.success).toBe(false)
    expect(r.error!.issues[0]!.path).toEqual(['terms', 'prohibitedTraffic', 1])
  })
})
