import { SANCTION_REASONS } from '../../../core/domain/reason-codes.ts'
import { body, errorResponse, id, op } from './parts.ts'

const sanction = {
  description:
    "The sanction: id, partner, program, kind, reason, note, actor, createdAt, liftedAt, dueAt (a warning's " +
    'deadline), escalatedTo (the payout block a warning became)',
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
          },
          ['program', 'kind', 'reason'],
        ),
      },
      {
        201: { description: `${sanction.description}; annulled: what a disqualification took back` },
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
