import { SANCTION_REASONS } from '../../../core/domain/reason-codes.ts'
import { body, errorResponse, id, op } from './parts.ts'

const sanction = {
  description:
    'The sanction: id, partner, program, kind, reason, note, actor, createdAt, liftedAt, liftedBy (who lifted it: ' +
    "operator-api, a Slack user, system:expiry for one that reached its end; null while in force), dueAt (a warning's " +
    'deadline), escalatedTo (the payout block a warning became), endsAt (when it ends by itself and is lifted, or null)',
}

/** Sanctions (contract section 3): applied to a partner in a program, lifted. */
export const sanctionPaths = {
  '/v1/partners/{partner}/sanctions': {
    post: op(
      'Warn, suspend the codes of, block or disqualify a partner in a program (audited, the partner told)',
      {
        parameters: [id('partner')],
        requestBody: body(
          {
            program: { type: 'string', example: 'melbet' },
            kind: { enum: ['warning', 'suspend_codes', 'block', 'disqualify'] },
            reason: { enum: SANCTION_REASONS },
            note: { type: 'string', maxLength: 2000 },
            endsAt: {
              type: 'string',
              format: 'date-time',
              description:
                'Optional: when it ends by itself, in the future; then it is lifted as a manual lift does it (codes ' +
                'reinstated, the partner told). Only suspend_codes and block take one (400 sanction.end_not_allowed); ' +
                'one not in the future is 400 sanction.end_passed',
            },
          },
          ['program', 'kind', 'reason'],
        ),
      },
      {
        201: { description: `${sanction.description}; annulled: what a disqualification took back` },
        400: errorResponse('A malformed field, or an end a kind does not take or that is not in the future'),
        404: errorResponse('Unknown partner, or not in the program'),
      },
    ),
  },
  '/v1/sanctions/{sanction}/lift': {
    post: op(
      'Lift a sanction (codes work again once no suspension is in force and the partner is active)',
      {
        parameters: [id('sanction')],
        requestBody: body({ reason: { type: 'string', pattern: '^[a-z][a-z0-9_]{1,63}$' } }, ['reason']),
      },
      { 200: sanction, 404: errorResponse('Unknown sanction') },
    ),
  },
}
