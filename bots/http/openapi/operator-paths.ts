import { REVIEW_NOTE_MAX, REVIEW_REASONS } from '../../../core/domain/review-reasons.ts'
import { LANGUAGES } from '../../i18n/index.ts'
import { body, errorResponse, id, op, program, programQuery, reason } from './parts.ts'

const enrolment = {
  type: 'object',
  required: ['name', 'language', 'legalType'],
  properties: {
    name: { type: 'string' },
    language: {
      type: 'string',
      example: 'ru',
      description:
        `One of the languages the bot speaks: ${LANGUAGES.join(', ')}, also as a regional tag (kk-KZ is kk). ` +
        'Another is refused: 400 invalid_request naming language, nothing saved',
    },
    legalType: { enum: ['individual', 'company'] },
    country: { type: 'string' },
    telegramId: { type: ['integer', 'string'], description: 'Positive, at most 2^63 - 1' },
    registeredAt: {
      type: 'string',
      format: 'date-time',
      description: 'An imported partner’s registration (not in the future); default: now',
    },
    campaigns: {
      type: 'array',
      items: { type: 'string' },
      description:
        'Network programs: the campaign keys to join (all when omitted); for a partner already enrolled, the ones ' +
        'not joined yet are joined. An unknown key: 400 enrolment.unknown_campaign, nothing changes',
    },
    ownAccountId: {
      type: 'string',
      maxLength: 256,
      description:
        "The partner's own account in the program's product (what the bot asks at join where the program's " +
        'enrolment.askOwnAccount is set): an event whose customer is this account is a self-referral',
    },
  },
}

const trialBalance = {
  type: 'object',
  required: ['program', 'currency', 'at', 'accounts', 'total', 'owedToPartners'],
  properties: {
    program: { type: 'string' },
    currency: { type: 'string' },
    at: { type: 'string', format: 'date-time' },
    accounts: {
      type: 'array',
      items: {
        type: 'object',
        properties: { account: { type: 'string' }, balance: { type: 'string' } },
      },
    },
    total: { type: 'string' },
    owedToPartners: { type: 'string' },
  },
}

/** The operator API of contract section 3: programs, enrolment, statements and the trial balance. */
export const operatorPaths = {
  '/v1/programs': {
    get: {
      summary: 'Program definitions in force',
      security: [{ bearer: [] }],
      responses: { 200: { description: 'OK' } },
    },
  },
  '/v1/programs/{program}/partners': {
    post: {
      summary: 'Enrol (or import) a partner',
      security: [{ bearer: [] }],
      parameters: [program],
      requestBody: { required: true, content: { 'application/json': { schema: enrolment } } },
      responses: {
        201: { description: 'Enrolled, with codes and links' },
        200: { description: 'Already enrolled: the same partner and codes' },
        400: errorResponse('Field errors'),
        404: errorResponse('Unknown program'),
        409: errorResponse('Enrolled in a program that excludes this one'),
      },
    },
  },
  '/v1/partners/{partner}/statement': {
    get: {
      summary: "A partner's balances and entries",
      security: [{ bearer: [] }],
      parameters: [
        { name: 'partner', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
        { name: 'program', in: 'query', schema: { type: 'string' } },
        { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' } },
        { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' } },
      ],
      responses: {
        200: {
          description:
            'balances per program and currency (pending, held, available, paid, inPayout, reversed, carriedOver, ' +
            'nextPayoutAt, payoutsPaused) as of `to`, and the entries of [from, to). nextPayoutAt is the pay date ' +
            'the partner is paid on: a date an admin moved counts, and once the pay day’s batch is built (by `to`) ' +
            'the next one; null while payouts are paused. Moved dates and pauses are read as they stand now: a past ' +
            '`to` does not see a pause since lifted or a move made afterwards as history',
        },
        404: errorResponse(
          'Unknown partner or program (program.not_found), or a program the partner never joined (enrolment.not_found)',
        ),
      },
    },
  },
  '/v1/programs/{program}/ledger': {
    get: {
      summary: "The program's trial balance: every account's balance, their total (zero) and what partners are owed",
      security: [{ bearer: [] }],
      parameters: [
        program,
        { name: 'currency', in: 'query', schema: { type: 'string', pattern: '^[A-Z]{3}$' } },
        { name: 'at', in: 'query', schema: { type: 'string', format: 'date-time' } },
      ],
      responses: {
        200: {
          description: 'Balances as decimal strings in the currency',
          content: { 'application/json': { schema: trialBalance } },
        },
        400: errorResponse('A currency the program does not use, or a malformed time'),
        404: errorResponse('Unknown program'),
      },
    },
  },
}

const decided = {
  200: { description: 'Decided: `{partner, program, status}` (active or declined); the partner is told' },
  404: errorResponse('Unknown program, partner or enrolment'),
  409: errorResponse('Not an application waiting for a decision (enrolment.transition_not_allowed)'),
}

/** Applications to a program that approves its partners (worksection-partner), contract section 7. */
export const applicationPaths = {
  '/v1/programs/{program}/partners/{partner}/approve': {
    post: op('Approve an application: applied -> active', { parameters: [program, id('partner')] }, decided),
  },
  '/v1/programs/{program}/partners/{partner}/decline': {
    post: op(
      'Decline an application: applied -> declined (final)',
      {
        parameters: [program, id('partner')],
        requestBody: body({ reason: { type: 'string', minLength: 1, maxLength: 500 } }, ['reason']),
      },
      decided,
    ),
  },
  '/v1/programs/{program}/partners/{partner}/terminate': {
    post: op(
      "End a partner's agreement with the notice the program's terms give for the reason",
      {
        parameters: [program, id('partner')],
        requestBody: body(
          {
            reason: {
              enum: ['breach', 'convenience'],
              description: 'breach: the partner broke the terms; convenience: the company ends it without a breach',
            },
            note: { type: 'string', maxLength: 500, description: 'Kept in the audit log; the partner does not see it' },
          },
          ['reason'],
        ),
      },
      {
        201: {
          description:
            'The agreement ends at `endsAt` (`status: ending`), or has ended now when the terms give no notice ' +
            '(`status: ended`); the link attributes until the end and not after. The partner is told the date and ' +
            'what happens to their money: `unpaid` (`paid_any_amount`: everything earned stays payable even below ' +
            'the minimum; `forfeited`: a breach in a program whose terms close the accumulated reward, e.g. ' +
            'worksection-referral 3.5.3 — every unpaid reward is annulled now and open payout requests rejected, ' +
            '`annulled` per currency), `lastPaymentDays` (the last payment may come that many days after the end)',
        },
        200: { description: 'Already ending at or before that date: nothing changed (`repeated: true`)' },
        404: errorResponse('Unknown program, partner or enrolment'),
        409: errorResponse('The agreement has already ended, or was never in force (enrolment.transition_not_allowed)'),
      },
    ),
  },
}

/** Partners flagged for a human decision and the decision on them. */
export const reviewFlagPaths = {
  '/v1/commissions/{commission}/review': {
    post: op(
      'Decide one commission: hold it for review, release (approve) or reject a held one, void it, or mark it substandard (taken back, plus the program’s penalty where it charges one); audited, the partner told when released, voided or substandard',
      {
        parameters: [id('commission')],
        requestBody: body(
          {
            action: { enum: Object.keys(REVIEW_REASONS) },
            reason: {
              type: 'string',
              description: `One of the action's reasons: ${Object.entries(REVIEW_REASONS)
                .map(([a, list]) => `${a}: ${list.join(', ')}`)
                .join('; ')}`,
            },
            note: { type: 'string', maxLength: REVIEW_NOTE_MAX, description: 'Kept in the audit log' },
          },
          ['action', 'reason'],
        ),
      },
      {
        200: {
          description:
            'commission (id, status, amount, currency, reason), effect (the balance change, the month’s top-up ' +
            'included) and tierTopUp: what the decision changed in the top-up of a revenue share’s month to its ' +
            'volume tier (melbet: held, voided or rejected revenue takes its part back, released revenue gives ' +
            'it), or null',
        },
        400: errorResponse('A reason not in the action’s list (review.unknown_reason), a note too long'),
        404: errorResponse('Unknown commission'),
        409: errorResponse(
          'Already decided (commission.not_held, commission.closed, commission.already_held); revenue held until ' +
            'its bets settle cannot be released by a review (commission.awaiting_settlement); a top-up to the ' +
            'month’s rate takes no review (commission.tier_top_up): decide on its revenue or customer',
        ),
      },
    ),
  },
  '/v1/review-flags': {
    get: op(
      "Partners flagged for a human decision (low activity, self-referral, an existing customer's account, a late refund), each with its evidence (customer, event, period)",
      {
        parameters: [
          programQuery,
          { name: 'open', in: 'query', schema: { type: 'boolean' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500 } },
        ],
      },
    ),
  },
  '/v1/review-flags/{flag}/resolve': {
    post: op(
      'Record the decision on a flag',
      {
        parameters: [id('flag')],
        requestBody: body(
          { resolution: reason, note: { type: 'string', maxLength: 500, description: 'Kept in the audit log' } },
          ['resolution'],
        ),
      },
      { 409: errorResponse('Already resolved') },
    ),
  },
}

const refereeBonus = {
  type: 'object',
  required: ['id', 'program', 'customer', 'event', 'amount', 'currency', 'status', 'partner', 'createdAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    program: { type: 'string' },
    customer: { type: 'string', description: "The customer's id in the program's system" },
    event: { type: 'string', description: 'The qualifying payment (postback id)' },
    amount: { type: 'string', example: '25.00' },
    currency: { type: 'string', example: 'USD' },
    status: { enum: ['owed', 'granted', 'voided'] },
    partner: { type: 'string', format: 'uuid', description: 'The partner who referred the customer' },
    partnerName: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
    grantedAt: { type: ['string', 'null'], format: 'date-time' },
    grantedBy: { type: ['string', 'null'] },
    voidedAt: { type: ['string', 'null'], format: 'date-time' },
    voidReason: { type: ['string', 'null'], description: 'refund or cancellation of the qualifying payment' },
  },
}

/** What a program owes the customers partners referred (worksection-referral: the first-payment bonus). */
export const refereeBonusPaths = {
  '/v1/programs/{program}/referee-bonuses': {
    get: op(
      "Bonuses the program owes referred customers on their own accounts (not partners' money), oldest first",
      {
        parameters: [
          program,
          { name: 'status', in: 'query', schema: { enum: ['owed', 'granted', 'voided'] } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500 } },
        ],
      },
      {
        200: {
          description: 'OK',
          content: {
            'application/json': {
              schema: { type: 'object', properties: { bonuses: { type: 'array', items: refereeBonus } } },
            },
          },
        },
        404: errorResponse('Unknown program'),
      },
    ),
  },
  '/v1/programs/{program}/referee-bonuses/{bonus}/granted': {
    post: op(
      'The program granted the bonus on the customer’s account: owed -> granted (idempotent: again answers changed=false)',
      { parameters: [program, id('bonus')] },
      { 404: errorResponse('Unknown bonus'), 409: errorResponse('The bonus was voided') },
    ),
  },
}
