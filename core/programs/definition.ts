import { z } from 'zod'
import { isKnownCurrency } from '../domain/money.ts'
import { amountProblem, commissionMoneyIssues, commissionRuleSchema } from './commission-rules.ts'
import { bps, currency, days, decimal, isoDate, name, names, timeZone } from './schema-parts.ts'

export {
  CAMPAIGN_KINDS,
  type CommissionRule,
  commissionMoneyIssues,
  commissionRuleSchema,
  type MoneyIssue,
} from './commission-rules.ts'

/**
 * A program is data. This schema is the whole vocabulary the engine understands: rates, tiers, windows,
 * minimums, schedules, currencies, time zones, tax, fees, quality rules, dispute deadlines and notice
 * periods. A new program is a new definition file (prisma/programs/<key>.json), not new engine code.
 * Money is written as decimal strings in major units ("25.00"); rates in basis points (1500 = 15%).
 */

/** How late (days) a program's events may arrive when its definition does not say. */
export const DEFAULT_MAX_DELAY_DAYS = 30

export const EVENT_TYPES = [
  'signup',
  'first_deposit',
  'payment',
  'refund',
  'cancellation',
  'revenue',
  'lead',
  'click',
  'visit',
  'download',
  'new_customer',
] as const
export type EventType = (typeof EVENT_TYPES)[number]

/**
 * Actions that engage with a vendor without registering (chetup's click, visit and download campaigns): they earn
 * what their campaign pays, but the customer has not signed up by them (the performance report's sign-ups).
 */
export const ENGAGEMENT_EVENTS: readonly EventType[] = ['click', 'visit', 'download']

/**
 * Kinds of traffic a program's agreement forbids, beyond what the engine checks itself (quality rules). Each is
 * a word the partner reads in the terms they accept (locales: program_terms.prohibited.<key>); the engine does
 * not detect them, support acts on them.
 */
export const PROHIBITED_TRAFFIC = [
  'illegal_content',
  'misleading',
  'spam',
  'bots',
  'incentivized',
  'popups_redirects',
  'brand_bidding',
  'paid_ads',
  'unapproved_ads',
  'coupon_sites',
  'cookie_stuffing',
  'brand_imitation',
  'restricted_countries',
  'collusion',
  'repeat_registration',
  'altered_codes',
  'sub_affiliates',
] as const
export type ProhibitedTraffic = (typeof PROHIBITED_TRAFFIC)[number]

/**
 * Kinds of customer (the postback's `customerKind`) a program may exclude from rewards
 * (`quality.customerKindsWithoutReward`). Each is a word the partner reads in the terms they accept (locales:
 * program_terms.customer_kind.<key>); a postback may carry other kinds, which earn as usual.
 */
export const EXCLUDABLE_CUSTOMER_KINDS = ['integrator', 'reseller'] as const

const schedule = z.discriminatedUnion('type', [
  /** Paid on request, due `dueBusinessDays` after the later of the request and the underlying payment. */
  z.object({ type: z.literal('on_request'), dueBusinessDays: z.number().int().min(0) }),
  /** Paid every week on `weekday` (1 = Monday ... 7 = Sunday) for the previous Monday-Sunday. */
  z.object({ type: z.literal('weekly'), weekday: z.number().int().min(1).max(7) }),
  /** Paid once a month on `day` (an admin may postpone it). */
  z.object({ type: z.literal('monthly'), day: z.number().int().min(1).max(28) }),
])

/**
 * `reject`: the customer earns nothing, with the reason. `flag`: the same, and the partner is flagged to
 * support as grounds for disqualification (a person decides; quantower then annuls every unpaid reward).
 */
const quality = z.object({
  /** The customer is the partner's own account. */
  selfReferral: z.enum(['reject', 'flag']).default('reject'),
  /** The customer was already the company's customer before the referral. */
  existingCustomer: z.enum(['reject', 'flag', 'allow']).default('reject'),
  /**
   * Two or more customers ever seen on one IP address: none of them earns, and the unpaid rewards of all of them
   * are voided when the second appears (worksection-referral 3.3.5, "one IP"); what was paid stays paid.
   */
  sharedIp: z.boolean().default(false),
  /** A second or later action from one IP address in one campaign is not counted. */
  repeatIpPerCampaign: z.boolean().default(false),
  /** Actions from outside this country are held for review. */
  homeCountry: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  /** Substandard actions are withdrawn and, if set, charged as a penalty of their cost. */
  substandardPenalty: z.boolean().default(false),
  /**
   * Kinds of customer (the postback's `customerKind`) that never earn a reward: worksection-referral 3.1.4, clients
   * with Integrator or Reseller status ("Интегратор немесе Қайта сату мәртебесін алған") cannot be referred.
   */
  customerKindsWithoutReward: z.array(z.enum(EXCLUDABLE_CUSTOMER_KINDS)).default([]),
  /**
   * Programs of the same product whose customers are the same accounts (list each other). A customer account is
   * *claimed* by a partner when a postback attributes it to that partner through the partner's code; an account
   * claimed here and by another partner in one of these programs is looked at under `claimedTwiceAnnuls`.
   */
  sameCustomersAs: z.array(z.string()).default([]),
  /**
   * An account claimed by two partners (here and in a `sameCustomersAs` program) earns nothing in this program: the
   * reward is annulled and not paid, whichever claim came first; what was already paid stays paid
   * (worksection-referral 4.5: "бір есептің екі Серіктес пен Сілтеме серіктесіне тиесілі ... сыйақы жойылады және
   * төленуге жатпайды").
   */
  claimedTwiceAnnuls: z.boolean().default(false),
  /**
   * A warning for one of these reasons (melbet 2.9: advertising materials that break the agreement) gives the partner
   * `fixBusinessDays` business days (program calendar) to fix it; unresolved by then, payouts are blocked until
   * support lifts the block, and the partner and the desk are told.
   */
  adWarning: z
    .object({
      reasons: z.array(z.string().regex(/^[a-z][a-z0-9_]{1,63}$/)).min(1),
      fixBusinessDays: z.number().int().min(1),
    })
    .optional(),
  /** Low activity: at most `maxNewUsers` new users in `months` consecutive calendar months flags the partner. */
  lowActivity: z.object({ months: z.number().int().min(1), maxNewUsers: z.number().int().min(0) }).optional(),
})

const hours = z
  .number()
  .int()
  .min(0)
  .max(24 * 3660)

/**
 * Why an agreement ends: the company ends it for a breach or at its convenience, or the partner leaves; an
 * application taken back before the company decided it (no agreement yet) ends as `application_withdrawn`.
 */
export const END_REASONS = [
  'breach',
  'convenience',
  'partner_request',
  'terms_objection',
  'application_withdrawn',
] as const
export type EndReason = (typeof END_REASONS)[number]

/**
 * How an agreement ends, from the program's terms. The agreement ends at the notice plus now; until then the link
 * attributes as before, from then on it does not. Earned money is never lost by an ending: held rewards mature as
 * usual and everything earned stays payable on request (worksection-referral 7.2, 7.3, 8.7; where a seed says
 * nothing, this conservative rule is ours). Where a seed names no notice period, `source` says so and the period
 * chosen is stated there.
 */
const termination = z.object({
  /** Hours between the company's notice and the end, by reason (worksection-referral 8.6: 24; -partner 9.2: 240). */
  companyNoticeHours: z.object({ breach: hours, convenience: hours }),
  /** Hours between a partner's notice to leave and the end; 0: at once (worksection-partner 9.1: 744, 31 days). */
  partnerNoticeHours: hours,
  /**
   * Earned, unpaid money after the end: `paid_any_amount` — paid on request even below the minimum
   * (worksection-referral 4.6.1: "or when the agreement ends"); `paid_above_minimum` — the minimum still applies.
   */
  unpaid: z.enum(['paid_any_amount', 'paid_above_minimum']),
  /**
   * An ending for a breach: `kept` — the money is paid as `unpaid` says; `forfeited` — the reward accumulated on the
   * partner's account is closed when the company decides it (worksection-referral 3.5.3: "Келісімнің шарттарын бұзған
   * жағдайда, ... шотындағы жинақталған сыйақы жабылатын болады"): every unpaid reward annulled, open payouts
   * rejected; what was paid stays paid.
   */
  onBreach: z.enum(['kept', 'forfeited']).default('kept'),
  /** The company may make the last payment up to this many days after the end (worksection-partner 5.5: 60). */
  lastPaymentDays: days.optional(),
  /** The seed's clauses these come from, or that the seed names none and what was chosen instead. */
  source: z.string().min(1),
})
export type TerminationRules = z.infer<typeof termination>

/**
 * The longest program key. A key rides in the data of Telegram buttons, which holds 64 bytes, behind at most 11 bytes
 * of prefix: a conversation's question, whose values may be programs (/dispute's and /payout's "which program"), is
 * `<prefix>:<nonce>:<value>` with a prefix of up to 3 letters and a nonce of up to 6 characters; the other buttons'
 * prefixes are shorter (`lp:ask:`, `cmp:`, `sts:`). So 53 (bots/telegram/callbacks.ts; a test checks every such
 * button with a key this long).
 */
export const MAX_PROGRAM_KEY = 53

export const programDefinitionSchema = z
  .object({
    key: z
      .string()
      .regex(/^[a-z][a-z0-9-]+$/, 'lower-case letters, digits and -')
      .max(MAX_PROGRAM_KEY, `at most ${MAX_PROGRAM_KEY} characters (the bot's buttons carry it in 64 bytes)`),
    /** The default name; `names` gives it per language (the same for campaigns and levels). */
    name,
    names: names.optional(),
    /** Currencies earnings are kept in; the first is the default. */
    currencies: z.array(currency).min(1),
    timeZone,
    holidays: z.array(isoDate).default([]),
    landingUrl: z.url(),
    /**
     * Paths on the landing site a referral link may deep-link to (`/r/{code}?to=/pricing`): each allows itself and
     * what lies under it; `/` allows the whole site. None: every link lands on `landingUrl`.
     */
    landingPaths: z.array(z.string().regex(/^\/[A-Za-z0-9._~/-]*$/, 'a path starting with /')).default([]),
    attribution: z.object({
      /** Referral links, promo codes (shown exactly as issued), or one link per campaign. */
      codes: z.enum(['link', 'promo', 'campaign_link']),
      /** Promo codes a partner may hold at once. */
      maxCodesPerPartner: z.number().int().min(1).default(1),
      /**
       * Each event earns through the code it names (jqsee: "a share of each successful payment made with the code";
       * chetup: each action through the campaign link it came by): a customer who pays with another partner's code
       * earns that partner, and a payment named with a code that cannot earn (suspended, past its validity, unknown)
       * earns nobody. An event naming no code earns the customer's partner (its first code), and a refund or
       * cancellation undoes its order for whoever earned it. Otherwise (false) the first usable code ties the customer
       * to its partner for life, whatever code its later events name.
       */
      perEvent: z.boolean().default(false),
      /** Only customers who signed up through the link count (quantower). */
      requireSignupViaLink: z.boolean().default(false),
      /**
       * Events that together make a customer a *new user* (melbet: sign-up and first deposit). When set, only a new
       * user earns: an event from before the customer qualified is rejected (`not_new_user`), and only new users
       * count toward tiers and `payout.minNewUsersExclusive`.
       */
      qualifyingEvents: z.array(z.enum(EVENT_TYPES)).default([]),
    }),
    enrolment: z.object({
      requiresApproval: z.boolean().default(false),
      /** Programs a partner may not be in at the same time as this one. */
      exclusiveWith: z.array(z.string()).default([]),
      /** The partner confirms at join to be at least this old (melbet; worksection: "18 жасқа толмаған адамдардан басқа"). */
      minimumAge: z.number().int().min(0).optional(),
      askTrafficSources: z.boolean().default(false),
      /**
       * The partner is asked at join for its own account in the program's product (`ownAccountId`): a postback whose
       * `customer` is that account is a self-referral (worksection-referral 3.3.5, "өз аккаунтын").
       */
      askOwnAccount: z.boolean().default(false),
    }),
    commission: commissionRuleSchema,
    quality: quality.default({
      selfReferral: 'reject',
      existingCustomer: 'reject',
      sharedIp: false,
      repeatIpPerCampaign: false,
      substandardPenalty: false,
      customerKindsWithoutReward: [],
      sameCustomersAs: [],
      claimedTwiceAnnuls: false,
    }),
    payout: z.object({
      schedule,
      /** Minimum payable balance per currency. */
      minimum: z.record(currency, decimal),
      /** Paid only when the balance exceeds the minimum; exactly the minimum rolls over (melbet 8.1: "pārsniedz"). */
      minimumExclusive: z.boolean().default(false),
      methods: z.array(z.enum(['bank', 'paypal', 'service_credit', 'licences'])).min(1),
      /** Income tax withheld per legal type, in basis points. */
      taxBps: z.object({ individual: bps, company: bps }).default({ individual: 0, company: 0 }),
      /** Payment-system fee borne by the partner. */
      feeBps: bps.default(0),
      /** The partner needs more than this many new users to be paid (melbet: more than 4). */
      minNewUsersExclusive: z.number().int().min(0).optional(),
      /** Payment details must be agreed with the manager before a payout. */
      requiresAgreedDetails: z.boolean().default(false),
      /**
       * Methods paid only once the partner's details for them are agreed with the company, the others without
       * (worksection 4.10 and 5.8: "тек Paypal төлем жүйесі арқылы ..., егер басқа нұсқалар бөлек келісілмесе", only
       * through PayPal unless other options are agreed separately). `requiresAgreedDetails` is every method.
       */
      methodsByAgreement: z.array(z.enum(['bank', 'paypal', 'service_credit', 'licences'])).default([]),
      /** The company may hold payouts up to this many days. */
      maxHoldDays: days.optional(),
      /** Or up to this many calendar months, in the program's time zone (melbet 8.2: "līdz 2 mēnešiem"). */
      maxHoldMonths: z.number().int().min(1).max(24).optional(),
      /** Spending the balance on the company's own product, with a bonus. */
      redeem: z.object({ method: z.enum(['service_credit', 'licences']), bonusBps: bps }).optional(),
    }),
    disputes: z.object({
      answerBusinessDays: z.number().int().min(1),
      /** The decision after review is final. */
      finalAfterReview: z.boolean().default(false),
    }),
    /**
     * Conversion postbacks. Holds count from an event's `occurredAt`, so an event dated far back would skip them:
     * one more than `maxDelayDays` days older than the service clock is refused (`postback.too_old`). Set it to the
     * longest delay with which the program's system honestly reports (a monthly reconciliation: about 31).
     */
    postbacks: z
      .object({ maxDelayDays: z.number().int().min(1).max(366).default(DEFAULT_MAX_DELAY_DAYS) })
      .strict()
      .default({ maxDelayDays: DEFAULT_MAX_DELAY_DAYS }),
    terms: z.object({
      noticeDays: days,
      /** Commission-rate changes apply on publication even when other changes wait for the notice. */
      rateChangesImmediate: z.boolean().default(false),
      /** An objection within `windowDays` of the notice; `endsAgreement`: the agreement ends when it is received. */
      objection: z.object({ windowDays: days, endsAgreement: z.boolean() }).optional(),
      /** What the agreement forbids partners to do, as the seed lists it; shown in the terms accepted at join. */
      prohibitedTraffic: z.array(z.enum(PROHIBITED_TRAFFIC)).default([]),
      /**
       * Any of `prohibitedTraffic` blocks the partner's account for good, and its access to its money with it (chetup:
       * "აფილიეტის ანგარიში სამუდამოდ დაიბლოკება და დაიბლოკება ასევე მის ფინანსებზე წვდომა"); said in the terms under
       * the prohibited list. The engine does not detect prohibited traffic: support acts on it with the final sanction,
       * disqualification (codes stop, open payouts are rejected, nothing unpaid is paid out).
       */
      prohibitedBlocksAccount: z.boolean().default(false),
      /** Where the program publishes its full agreement, shown with the terms at join and in /terms. */
      fullTextUrl: z.url().optional(),
    }),
    termination: termination.default({
      companyNoticeHours: { breach: 0, convenience: 0 },
      partnerNoticeHours: 0,
      unpaid: 'paid_any_amount',
      onBreach: 'kept',
      source: 'The terms name no notice period: an ending takes effect at once; earned money stays payable.',
    }),
  })
  .superRefine((p, ctx) => {
    for (const m of p.payout.methodsByAgreement) {
      if (!p.payout.methods.includes(m)) {
        ctx.addIssue({
          code: 'custom',
          path: ['payout', 'methodsByAgreement'],
          message: `${m} is not among the methods`,
        })
      }
    }
    p.currencies.forEach((c, i) => {
      if (!isKnownCurrency(c))
        ctx.addIssue({ code: 'custom', path: ['currencies', i], message: `${c} is not a currency the ledger knows` })
    })
    for (const [c, amount] of Object.entries(p.payout.minimum)) {
      if (!p.currencies.includes(c)) {
        ctx.addIssue({ code: 'custom', path: ['payout', 'minimum', c], message: `${c} is not among the currencies` })
        continue
      }
      const problem = isKnownCurrency(c) ? amountProblem(amount, c) : undefined
      if (problem) ctx.addIssue({ code: 'custom', path: ['payout', 'minimum', c], message: problem })
    }
    for (const i of commissionMoneyIssues(p.commission, p.currencies))
      ctx.addIssue({ code: 'custom', path: ['commission', ...i.path], message: i.message })
    const levels = 'levels' in p.commission ? p.commission.levels : []
    if (levels.length && levels[0]!.after !== 0) {
      ctx.addIssue({ code: 'custom', path: ['commission', 'levels', 0], message: 'the first level starts at 0' })
    }
    if (p.payout.maxHoldDays !== undefined && p.payout.maxHoldMonths !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['payout', 'maxHoldMonths'], message: 'give maxHoldDays or maxHoldMonths' })
    }
    if (p.commission.type === 'campaigns' && p.attribution.codes !== 'campaign_link') {
      ctx.addIssue({ code: 'custom', path: ['attribution', 'codes'], message: 'campaign programs use campaign_link' })
    }
  })

export type ProgramDefinition = z.infer<typeof programDefinitionSchema>
