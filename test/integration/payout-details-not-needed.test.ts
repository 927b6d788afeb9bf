import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Api, balanceOf, startApi } from '../helpers/api.ts'

/**
 * A payout by a method paid without payment details (quantower's licences, worksection-referral's service credit)
 * asked with `details` was accepted and the details silently dropped, while saving the same details through
 * POST /v1/partners/{partner}/payment-details is refused with 422 payout.details_not_needed. The request and its
 * preview now refuse them the same way, name the method, change nothing, and the document lists the answer.
 */
describe('a payout request with details for a method that needs none', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi('2026-03-02T11:00:00Z')
  })
  afterAll(async () => {
    await api?.close()
  })

  let seq = 0
  it.each([
    ['quantower', 'licences', 'Licences'],
    ['worksection-referral', 'service_credit', 'Service credit'],
  ])('%s, %s: 422 payout.details_not_needed naming the method, nothing written', async (program, method, word) => {
    const { partner } = await api.enrolled(program, {
      name: `No details ${++seq}`,
      language: 'en',
      legalType: 'individual',
    })
    const bonus = { program, currency: 'USD', amount: '25.00', reason: 'goodwill_bonus' }
    const adjusted = await api.adjust(partner, bonus, `dn-adj-${seq}`)
    expect(adjusted.status, JSON.stringify(adjusted.body)).toBe(201)
    const body = { program, method, details: { email: 'p@example.com' } }
    const prisma = api.service.db.prisma
    const before = { payouts: await prisma.payoutRequest.count(), audit: await prisma.auditLog.count() }

    const preview = await api.operator('POST', `/v1/partners/${partner}/payouts/preview`, body)
    const request = await api.requestPayout(partner, body, `dn-${seq}`)
    for (const r of [preview, request]) {
      expect(r.status, JSON.stringify(r.body)).toBe(422)
      expect(r.body.error.code).toBe('payout.details_not_needed')
      expect(r.body.error.message).toContain(word)
    }
    expect(await prisma.payoutRequest.count()).toBe(before.payouts)
    expect(await prisma.auditLog.count()).toBe(before.audit)
    expect(await prisma.paymentDetails.count({ where: { partnerId: partner } })).toBe(0)
    const st = await api.statement(partner, { program })
    expect(balanceOf(st.body, program, 'USD')).toMatchObject({ available: '25.00', inPayout: '0.00' })

    // without the details the same request is paid as the method is
    const paid = await api.requestPayout(partner, { program, method }, `dn-ok-${seq}`)
    expect(paid.status, JSON.stringify(paid.body)).toBe(201)
  })

  it('the document lists the answer for the request and its preview', async () => {
    const doc = await (await api.get('/v1/openapi.json')).json()
    for (const path of ['/v1/partners/{partner}/payouts', '/v1/partners/{partner}/payouts/preview']) {
      expect(doc.paths[path].post.responses['422']?.description ?? '', path).toContain('payout.details_not_needed')
    }
  })
})
