import { describe, expect, it } from 'vitest'
import { BROADCAST_ACTIONS, FINANCE_ACTIONS, PARTNER_ACTIONS } from '../../bots/slack/actions.ts'
import { CALLBACKS, QUESTIONS, questionAnswer, questionData } from '../../bots/telegram/callbacks.ts'
import { JOBS, parseJob } from '../../core/ports/jobs.ts'
import { MAX_PROGRAM_KEY, programDefinitionSchema } from '../../core/programs/definition.ts'

const ID = '6f1c2c1e-9d4b-4a3e-8f50-1a2b3c4d5e6f'

describe('typed callback data and action values', () => {
  it('Telegram: what a keyboard encodes, its handler parses back; the strings stay those already in chats', () => {
    expect(CALLBACKS.terms.encode({ answer: 'obj', versionId: ID })).toBe(`tv:obj:${ID}`)
    expect(CALLBACKS.terms.parse(`tv:obj:${ID}`)).toEqual({ answer: 'obj', versionId: ID })
    // an objection that ends the agreement is confirmed or taken back under a question of its own
    expect(CALLBACKS.terms.parse(`tv:obj_yes:${ID}`)).toEqual({ answer: 'obj_yes', versionId: ID })
    expect(CALLBACKS.terms.parse(`tv:obj_no:${ID}`)).toEqual({ answer: 'obj_no', versionId: ID })
    expect(CALLBACKS.dispute.encode({ action: 'add', number: 12 })).toBe('dsp:add:12')
    expect(CALLBACKS.dispute.parse('dsp:add:12')).toEqual({ action: 'add', number: 12 })
    expect(CALLBACKS.newDispute.parse('dsp:new')).toBe(true)
    expect(CALLBACKS.settings.parse('st:erase_yes')).toEqual({ item: 'erase_yes' })
    // "Yes, delete" carries the fingerprint of the money it was shown with; only that button does
    expect(CALLBACKS.settings.encode({ item: 'erase_yes', seen: 'Ab3_-x9Z' })).toBe('st:erase_yes:Ab3_-x9Z')
    expect(CALLBACKS.settings.parse('st:erase_yes:Ab3_-x9Z')).toEqual({ item: 'erase_yes', seen: 'Ab3_-x9Z' })
    for (const bad of ['st:erase_no:Ab3_-x9Z', 'st:erase_yes:short', 'st:erase_yes:Ab3_-x9Z:x'])
      expect(CALLBACKS.settings.parse(bad)).toBeUndefined()
    expect(CALLBACKS.language.parse('lang:ka')).toEqual({ language: 'ka' })
    for (const bad of ['tv:ack', `tv:ack:${ID}:x`, 'tv:ack:ABC', 'dsp:add:012', 'dsp:new:1', 'st:', 'lang:de', 'x'])
      expect([
        bad,
        CALLBACKS.terms.parse(bad) ?? CALLBACKS.dispute.parse(bad) ?? CALLBACKS.language.parse(bad),
      ]).toEqual([bad, undefined])
  })

  it('Telegram: every button carrying a program key fits 64 bytes with the longest key a definition allows', () => {
    const key = `a${'-b'.repeat((MAX_PROGRAM_KEY - 1) / 2)}${'c'.repeat((MAX_PROGRAM_KEY - 1) % 2)}`
    expect(key).toHaveLength(MAX_PROGRAM_KEY)
    // the longest nonce a question draws (Math.random() * 36 ** 6, in base 36)
    const nonce = (36 ** 6 - 1).toString(36)
    const data = [
      CALLBACKS.moreCampaigns.encode({ program: key }),
      ...(['ask', 'yes', 'no'] as const).map((step) => CALLBACKS.leave.encode({ step, program: key })),
      CALLBACKS.stats.encode({ program: key }),
      // /dispute's and /payout's "which program" offer the keys as a question's values
      ...Object.values(QUESTIONS).map((q) => questionData(q, nonce, key)),
    ]
    for (const d of data) expect(Buffer.byteLength(d), d).toBeLessThanOrEqual(64)
    // and their handlers read it back
    expect(CALLBACKS.moreCampaigns.parse(`cmp:${key}`)).toEqual({ program: key })
    expect(CALLBACKS.leave.parse(`lp:yes:${key}`)).toEqual({ step: 'yes', program: key })
    expect(CALLBACKS.stats.parse(`sts:${key}`)).toEqual({ program: key })
    // a key one character longer is no program's
    const definitionKey = programDefinitionSchema.shape.key
    expect(definitionKey.safeParse(key).success).toBe(true)
    expect(definitionKey.safeParse(`${key}x`).error?.issues[0]?.message).toBe(
      `at most ${MAX_PROGRAM_KEY} characters (the bot's buttons carry it in 64 bytes)`,
    )
  })

  it("Telegram: a conversation's question takes only its own nonce and one of the options it offered", () => {
    const data = questionData(QUESTIONS.payout, 'k3x9', 'bank')
    expect(data).toBe('po:k3x9:bank')
    expect(questionAnswer(QUESTIONS.payout, 'k3x9', data, ['bank', 'paypal'])).toBe('bank')
    // an older question's button (another nonce) or another conversation's: expired
    expect(questionAnswer(QUESTIONS.payout, 'zz00', data, ['bank', 'paypal'])).toBe('other_question')
    expect(questionAnswer(QUESTIONS.join, 'k3x9', data, ['bank'])).toBe('other_question')
    // the right question, but a value it never offered (forged data): refused
    expect(questionAnswer(QUESTIONS.payout, 'k3x9', 'po:k3x9:licences', ['bank', 'paypal'])).toBeUndefined()
    expect(questionAnswer(QUESTIONS.payout, 'k3x9', 'po:k3x9:', ['bank'])).toBeUndefined()
  })

  it('Slack: a value is the record id or the enrolment, nothing else', () => {
    const seen = { payoutId: ID, seenStatus: 'needs_review' as const }
    expect(FINANCE_ACTIONS.approve.parse(FINANCE_ACTIONS.approve.encode(seen))).toEqual(seen)
    // a card posted before the status was carried: the id alone, no check
    expect(FINANCE_ACTIONS.approve.parse(ID)).toEqual({ payoutId: ID })
    expect(FINANCE_ACTIONS.approve.parse(`${ID} `)).toBeUndefined()
    expect(FINANCE_ACTIONS.approve.parse(`${ID}:sent`)).toBeUndefined()
    expect(FINANCE_ACTIONS.approve.parse(`${ID}:approved:x`)).toBeUndefined()
    // Hold and Reject alike: the status the card or row showed, or (an older card) the id alone
    for (const button of [FINANCE_ACTIONS.hold, FINANCE_ACTIONS.reject]) {
      expect(button.encode(seen)).toBe(`${ID}:needs_review`)
      expect(button.parse(button.encode(seen))).toEqual(seen)
      expect(button.parse(ID)).toEqual({ payoutId: ID })
      expect(button.parse(`${ID}:sent`)).toBeUndefined()
    }
    expect(BROADCAST_ACTIONS.cancel.parse(undefined)).toBeUndefined()
    const e = { partnerId: ID, programKey: 'chetup' }
    expect(PARTNER_ACTIONS.block.encode(e)).toBe(`${ID}:chetup`)
    expect(PARTNER_ACTIONS.block.parse(`${ID}:chetup`)).toEqual(e)
    expect(PARTNER_ACTIONS.block.parse(`${ID}:chetup:x`)).toBeUndefined()
    expect(PARTNER_ACTIONS.block.parse(`x:chetup`)).toBeUndefined()
  })

  it('jobs: a declared name with a valid payload passes; an unknown name or a bad payload is named', () => {
    expect(parseJob('payouts', 'pay_day', { program: 'chetup', done: { a: 1 } })).toEqual({
      ok: true,
      job: { name: 'pay_day', data: { program: 'chetup' } },
    })
    expect(parseJob('payouts', 'payday', { program: 'chetup' })).toEqual({ ok: false, reason: 'unknown_job' })
    // a name of another queue is not this queue's
    expect(parseJob('system', 'pay_day', { program: 'chetup' })).toEqual({ ok: false, reason: 'unknown_job' })
    const bad = parseJob('notifications', 'earnings_digest', { partnerId: 'p1', upTo: 1.5 })
    expect(bad).toMatchObject({ ok: false, reason: 'invalid_payload', issues: [{ path: 'upTo' }] })
    // nothing inherited from Object counts as a job name
    expect(parseJob('desk', 'constructor', {})).toEqual({ ok: false, reason: 'unknown_job' })
    expect(Object.keys(JOBS).sort()).toEqual(['broadcasts', 'desk', 'disputes', 'notifications', 'payouts', 'system'])
  })
})
