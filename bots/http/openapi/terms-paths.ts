import { TERMS_LANGUAGES } from '../../../core/domain/terms.ts'
import { body, errorResponse, id, op, program, programQuery } from './parts.ts'

/** Term changes: draft and publish a version, follow and steer its broadcast, record answers given in writing. */
export const termsPaths = {
  '/v1/programs/{program}/terms': {
    get: op(
      "Every version of the program's terms, with the languages its partners read and those still missing",
      { parameters: [program] },
      { 404: errorResponse('Unknown program') },
    ),
    post: op(
      'Draft a term change: its text per language (en, ru, kk, ka, lv) and when it takes effect. The draft’s `version` ' +
        'is the number it would be published as (every draft of the program shares it); publishing gives the number',
      {
        parameters: [program],
        requestBody: body(
          {
            effectiveAt: { type: 'string', format: 'date-time' },
            ratesOnly: {
              type: 'boolean',
              description: 'Only commission rates change (may apply on publication); requires `commission`',
            },
            commission: {
              type: 'object',
              additionalProperties: true,
              description:
                "The new commission rule from the effective date, in the program definition's own shape (same type)",
            },
            texts: {
              type: 'object',
              description:
                'The text per language; English is required: it is what a partner reads when their language has none',
              properties: Object.fromEntries(
                TERMS_LANGUAGES.map((l) => [
                  l,
                  { type: 'string', maxLength: 3000, ...(l === 'en' ? { minLength: 1 } : {}) },
                ]),
              ),
              required: ['en'],
              additionalProperties: false,
            },
            changes: {
              type: 'object',
              properties: {
                commission: { type: 'object', additionalProperties: true },
                ratesOnly: { type: 'boolean' },
              },
              additionalProperties: false,
              description: 'The contract’s form of commission and ratesOnly (one or the other, not both)',
            },
          },
          ['effectiveAt', 'texts'],
        ),
      },
      {
        400: errorResponse(
          'No English text (terms.english_required, naming texts.en) or no text at all (terms.no_text), an invalid ' +
            'commission (terms.bad_commission), or ratesOnly without one (terms.rates_need_commission)',
        ),
        422: errorResponse(
          'A date already past (terms.effective_in_past) or inside the notice period (terms.notice_too_short)',
        ),
      },
    ),
  },
  '/v1/terms/{version}/publish': {
    post: op(
      'Publish a draft: one delivery per partner, then the broadcast starts',
      {
        parameters: [id('version')],
        requestBody: body({
          paid: { type: 'boolean', description: 'Telegram paid broadcast (allow_paid_broadcast)' },
          ratePerSecond: { type: 'integer', minimum: 1, maximum: 1000 },
        }),
      },
      {
        409: errorResponse('Already published'),
        422: errorResponse(
          'A language the partners read has no text (terms.missing_languages), or the notice is too short',
        ),
      },
    ),
  },
  '/v1/broadcasts': {
    get: op(
      'Broadcasts with their progress',
      { parameters: [programQuery] },
      { 404: errorResponse('Unknown program in the filter (program.not_found)') },
    ),
  },
  '/v1/broadcasts/{broadcast}': {
    get: op(
      'Progress: sent, failed (messages that did not go through), blocked, answeredBeforeDelivery (not sent, no failure: the partner answered the change in /terms before it reached them and has left the program since; their answer is in acknowledged / objected), remaining, ETA, acknowledged, objected, unanswered (reached, no answer yet, and can still answer: not applicants, nor partners whose application was declined or whose agreement has ended); withdrawnAt when cancelling it withdrew the change',
      { parameters: [id('broadcast')] },
      { 404: errorResponse('Unknown broadcast') },
    ),
  },
  '/v1/broadcasts/{broadcast}/{action}': {
    post: op(
      'Pause, resume or cancel a broadcast',
      {
        parameters: [
          id('broadcast'),
          { name: 'action', in: 'path', required: true, schema: { enum: ['pause', 'resume', 'cancel'] } },
        ],
      },
      { 409: errorResponse('The broadcast is not in a state that allows it') },
    ),
  },
  '/v1/broadcasts/{broadcast}/report.csv': {
    get: op(
      "The final report, one line per partner: delivery (sent, failed, blocked, pending; a cancelled broadcast's unsent ones: cancelled; answered_before_delivery: not sent, the partner had answered in /terms and left the program), answer and when",
      {
        parameters: [id('broadcast')],
      },
    ),
  },
  '/v1/partners/{partner}/terms-answers': {
    post: op(
      "Record a partner's acknowledgement or objection received in writing",
      {
        parameters: [id('partner')],
        requestBody: body(
          { versionId: { type: 'string', format: 'uuid' }, answer: { enum: ['acknowledged', 'objected'] } },
          ['versionId', 'answer'],
        ),
      },
      {
        404: errorResponse(
          'Unknown partner; terms.not_found: no such version, or it was withdrawn; terms.not_enrolled: the version ' +
            'is of a program the partner is not in (the message names it)',
        ),
        409: errorResponse('terms.not_published: the version is a draft, with nothing to answer until it is published'),
        422: errorResponse(
          'terms.agreement_ended, terms.no_agreement: the partner has no agreement left to answer for',
        ),
      },
    ),
  },
}
