import { type Job, Queue } from 'bullmq'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scheduleKeeper } from '../../bots/workers/schedules.ts'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { waitFor } from '../helpers/ports.ts'

/**
 * A sanction given an end through the operator API (a code suspension or a block only, the end in the future), and
 * the minute sweep that lifts it when its end comes exactly as a manual lift does: codes reinstated, the standing
 * back, the partner told once in their language, the lift recorded as the service's (system:expiry).
 */
describe('a sanction with an end', () => {
  const env = withTelegram('2026-03-02T09:00:00Z')
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  let tg = 5300
  const enrol = async (program: string, language: string) => {
    const telegramId = ++tg
    const r = await api.enrol(program, { name: 'P', language, legalType: 'individual', telegramId })
    expect(r.status).toBe(201)
    return { partner: r.body.partner.id as string, code: r.body.codes[0].code as string, telegramId }
  }
  const sanction = (partner: string, body: Record<string, unknown>) =>
    api.operator('POST', `/v1/partners/${partner}/sanctions`, body)
  const messageTo = (chat: number, n = 1) =>
    waitFor(() => (telegram.textsTo(chat).length >= n ? telegram.textsTo(chat)[n - 1] : undefined), 10_000)
  const sweep = () => api.service.core.sanctions.expireEnded()
  // the service's system queue, to find a delayed job and run it now (its delay is real time, the test's clock is not)
  let system: Queue | undefined
  afterAll(() => system?.close())
  const systemQueue = () =>
    (system ??= new Queue('system', {
      connection: api.service.redis.connect({ maxRetriesPerRequest: null }),
      prefix: api.redisPrefix,
    }))
  const delayedJob = (jobId: string) =>
    waitFor(async () => {
      const job = await systemQueue().getJob(jobId)
      return job && (await job.isDelayed()) ? job : undefined
    }, 10_000)
  /** The job run now, as at its time: what its handler answered. */
  const runNow = async (job: Job) => {
    await job.promote()
    return waitFor(async () => {
      const j = await systemQueue().getJob(job.id!)
      return j && (await j.isCompleted()) ? (j.returnvalue as unknown) : undefined
    }, 10_000)
  }

  it('the operator API takes an end for a code suspension or a block, in the future; refuses it otherwise, naming the field', async () => {
    const p = await enrol('jqsee', 'en')
    const cases: [Record<string, unknown>, string][] = [
      // a warning has its own deadline (dueAt), a disqualification is final
      [{ kind: 'warning', reason: 'fraud', endsAt: '2026-03-20T00:00:00Z' }, 'sanction.end_not_allowed'],
      [{ kind: 'disqualify', reason: 'fraud', endsAt: '2026-03-20T00:00:00Z' }, 'sanction.end_not_allowed'],
      [{ kind: 'block', reason: 'fraud', endsAt: '2026-03-02T08:59:59Z' }, 'sanction.end_passed'],
      [{ kind: 'suspend_codes', reason: 'fraud', endsAt: '2026-03-02T09:00:00Z' }, 'sanction.end_passed'],
      [{ kind: 'block', reason: 'fraud', endsAt: 'next friday' }, 'invalid_request'],
      [{ kind: 'block', reason: 'fraud', endsAt: '2026-03-20' }, 'invalid_request'],
    ]
    for (const [body, code] of cases) {
      const r = await sanction(p.partner, { program: 'jqsee', ...body })
      expect(r, JSON.stringify(body)).toMatchObject({ status: 400, body: { error: { code } } })
      expect(r.body.error.issues, JSON.stringify(body)).toContainEqual(
        expect.objectContaining({ path: 'endsAt', message: expect.any(String) }),
      )
    }
    expect(await api.service.db.prisma.sanction.count({ where: { enrolment: { partnerId: p.partner } } })).toBe(0)
    expect(telegram.textsTo(p.telegramId)).toEqual([])

    const ok = await sanction(p.partner, {
      program: 'jqsee',
      kind: 'suspend_codes',
      reason: 'fraud',
      endsAt: '2026-03-20T00:00:00+03:00',
    })
    expect(ok.status, JSON.stringify(ok.body)).toBe(201)
    expect(ok.body.sanction).toMatchObject({
      kind: 'suspend_codes',
      endsAt: '2026-03-19T21:00:00.000Z',
      liftedAt: null,
    })
    const none = await sanction((await enrol('jqsee', 'en')).partner, {
      program: 'jqsee',
      kind: 'warning',
      reason: 'fraud',
    })
    expect(none.body.sanction.endsAt).toBeNull()
    // the document says so
    const doc = await (await api.get('/v1/openapi.json')).json()
    const schema = doc.paths['/v1/partners/{partner}/sanctions'].post.requestBody.content['application/json'].schema
    expect(schema.properties.endsAt).toMatchObject({ type: 'string', format: 'date-time' })
  })

  it('a code suspension whose end comes is lifted once (several instances sweeping), the codes work again and the partner hears it in Russian', async () => {
    api.clock.set('2026-03-02T09:00:00Z')
    const p = await enrol('quantower', 'ru')
    const s = await sanction(p.partner, {
      program: 'quantower',
      kind: 'suspend_codes',
      reason: 'ad_rules',
      endsAt: '2026-03-05T00:00:00Z',
    })
    expect(s.status, JSON.stringify(s.body)).toBe(201)
    // the notice names the day they work again, in the program's time zone
    expect(await messageTo(p.telegramId)).toBe(
      '⏸ Программа Quantower приостановила ваши реферальные ссылки и промокоды. До их восстановления доход по ним не начисляется.\nПричина: нарушение правил рекламы.\n\nДата восстановления реферальных ссылок и промокодов: 5 марта 2026 г.',
    )
    expect((await api.get(`/r/${p.code}`)).headers.get('location')).toBe('https://www.quantower.com/')

    // before its end nothing is lifted
    api.clock.set('2026-03-04T23:59:59Z')
    expect(await sweep()).toBe(0)
    api.clock.set('2026-03-05T00:00:30Z')
    const runs = await Promise.all([sweep(), sweep(), sweep()])
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1)
    expect(await sweep()).toBe(0)

    expect(await messageTo(p.telegramId, 2)).toBe(
      '✅ Программа Quantower восстановила ваши реферальные ссылки и промокоды.',
    )
    const lifted = await api.service.db.prisma.sanction.findUniqueOrThrow({ where: { id: s.body.sanction.id } })
    expect(lifted.liftedAt?.toISOString()).toBe('2026-03-05T00:00:30.000Z')
    const audit = await api.service.db.prisma.auditLog.findMany({
      where: { subjectId: p.partner, action: 'sanction.lift.suspend_codes' },
    })
    expect(audit).toEqual([expect.objectContaining({ actor: 'system:expiry', reason: 'ended' })])
    const codes = await api.service.db.prisma.referralCode.findMany({ where: { enrolment: { partnerId: p.partner } } })
    expect(codes.map((c) => c.status)).toEqual(['active'])
    expect((await api.get(`/r/${p.code}`)).headers.get('location')).toMatch(
      new RegExp(`^https://www\\.quantower\\.com/\\?ref=${p.code}&click=[0-9a-f-]{36}$`),
    )
    const ev = await api.postback('quantower', {
      id: `se-${p.partner}`,
      type: 'signup',
      occurredAt: '2026-03-05T00:00:40Z',
      customer: `se-c-${p.partner}`,
      ref: p.code,
    })
    expect(ev.body.event).toMatchObject({ partner: p.partner })
    // told once: no second notice from the other sweeps
    await new Promise((r) => setTimeout(r, 500))
    expect(telegram.textsTo(p.telegramId)).toHaveLength(2)
    // lifted already: a manual lift is refused as for any lifted sanction
    const again = await api.operator('POST', `/v1/sanctions/${s.body.sanction.id}/lift`, { reason: 'fixed' })
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'sanction.already_lifted' } } })
  })

  it('a block whose end comes is lifted: the partner earns again and is told in Georgian; a block lifted by hand first is left alone', async () => {
    api.clock.set('2026-03-06T09:00:00Z')
    const p = await enrol('quantower', 'ka')
    await api.postback('quantower', {
      id: `be-s-${p.partner}`,
      type: 'signup',
      occurredAt: '2026-03-06T08:00:00Z',
      customer: `be-c-${p.partner}`,
      ref: p.code,
    })
    const block = await sanction(p.partner, {
      program: 'quantower',
      kind: 'block',
      reason: 'fraud',
      endsAt: '2026-03-08T09:00:00Z',
    })
    expect(block.status, JSON.stringify(block.body)).toBe(201)
    const notice = await messageTo(p.telegramId)
    expect(notice).toMatch(/^⛔️ პროგრამამ Quantower დაბლოკა თქვენი ანგარიში/)
    expect(notice).toMatch(/\n\nდაბლოკვის ვადა სრულდება: 8 მარტი, 2026\.$/)
    // another partner's block with an end, lifted by hand before it: the sweep does nothing to it
    const q = await enrol('quantower', 'en')
    const other = await sanction(q.partner, {
      program: 'quantower',
      kind: 'block',
      reason: 'fraud',
      endsAt: '2026-03-08T09:00:00Z',
    })
    await api.operator('POST', `/v1/sanctions/${other.body.sanction.id}/lift`, { reason: 'cleared' })

    api.clock.set('2026-03-08T09:01:00Z')
    expect(await sweep()).toBe(1)
    expect(await messageTo(p.telegramId, 2)).toMatch(/^✅ /)
    const e = await api.service.db.prisma.enrolment.findFirstOrThrow({ where: { partnerId: p.partner } })
    expect(e.status).toBe('active')
    const paid = await api.postback('quantower', {
      id: `be-p-${p.partner}`,
      type: 'payment',
      occurredAt: '2026-03-08T09:01:00Z',
      customer: `be-c-${p.partner}`,
      order: `be-o-${p.partner}`,
      amount: '50.00',
      currency: 'USD',
    })
    expect(paid.body.commissions).toEqual([expect.objectContaining({ amount: '10.00' })])
    expect(
      await api.service.db.prisma.auditLog.count({ where: { subjectId: q.partner, action: 'sanction.lift.block' } }),
    ).toBe(1)
  })

  it('a code suspension is lifted at its end to the moment by its own delayed job, not a minute later by the sweep; lifted by hand first, the job does nothing', async () => {
    api.clock.set('2026-03-14T09:00:00Z')
    const p = await enrol('quantower', 'en')
    const s = await sanction(p.partner, {
      program: 'quantower',
      kind: 'suspend_codes',
      reason: 'fraud',
      endsAt: '2026-03-16T00:00:00Z',
    })
    expect(s.status, JSON.stringify(s.body)).toBe(201)
    await messageTo(p.telegramId)
    // one job per sanction, due at its end
    const job = await delayedJob(`sanction-end-${s.body.sanction.id}`)
    expect(job).toMatchObject({ name: 'sanction_end', data: { sanctionId: s.body.sanction.id } })
    expect(job.opts.delay).toBeGreaterThan(39 * 3600_000 - 60_000)
    expect(job.opts.delay).toBeLessThanOrEqual(39 * 3600_000)
    expect((await api.get(`/r/${p.code}`)).headers.get('location')).toBe('https://www.quantower.com/')

    // its end, to the second: /link already reads it as ended, and the codes take clicks again
    api.clock.set('2026-03-16T00:00:00Z')
    expect(await runNow(job)).toEqual({ lifted: true })
    expect((await api.get(`/r/${p.code}`)).headers.get('location')).toMatch(/\?ref=/)
    expect(await messageTo(p.telegramId, 2)).toBe(
      '✅ Quantower referral program has reinstated your referral links and promo codes.',
    )
    const lifted = await api.service.db.prisma.sanction.findUniqueOrThrow({ where: { id: s.body.sanction.id } })
    expect(lifted.liftedAt?.toISOString()).toBe('2026-03-16T00:00:00.000Z')
    expect(
      await api.service.db.prisma.auditLog.findMany({
        where: { subjectId: p.partner, action: 'sanction.lift.suspend_codes' },
      }),
    ).toEqual([expect.objectContaining({ actor: 'system:expiry', reason: 'ended' })])
    // the sweep that follows finds nothing left to lift
    expect(await sweep()).toBe(0)

    // lifted by hand before its end: the job, when its time comes, lifts nothing and tells nobody again
    const q = await enrol('quantower', 'en')
    const other = await sanction(q.partner, {
      program: 'quantower',
      kind: 'suspend_codes',
      reason: 'fraud',
      endsAt: '2026-03-18T00:00:00Z',
    })
    await messageTo(q.telegramId)
    const otherJob = await delayedJob(`sanction-end-${other.body.sanction.id}`)
    expect(
      (await api.operator('POST', `/v1/sanctions/${other.body.sanction.id}/lift`, { reason: 'cleared' })).status,
    ).toBe(200)
    expect(await messageTo(q.telegramId, 2)).toMatch(/^✅ /)
    api.clock.set('2026-03-18T00:00:00Z')
    expect(await runNow(otherJob)).toEqual({ lifted: false })
    await new Promise((r) => setTimeout(r, 500))
    expect(telegram.textsTo(q.telegramId)).toHaveLength(2)
    expect(
      await api.service.db.prisma.auditLog.findMany({
        where: { subjectId: q.partner, action: 'sanction.lift.suspend_codes' },
      }),
    ).toEqual([expect.objectContaining({ reason: 'cleared' })])
  }, 30_000)

  /**
   * Telegram refuses every message to the chat with a flood limit longer than the bot waits itself: the notices wait
   * in the queue (retried with backoff) until `release`. `tried` lists the texts the bot tried to send meanwhile,
   * `delivered` those Telegram took (the fake's own log lists the refused ones too).
   */
  const holdChat = (chat: number) => {
    let down = true
    const tried: string[] = []
    const delivered: string[] = []
    telegram.inject = (m) => {
      if (Number(m.chat_id) !== chat) return undefined
      ;(down ? tried : delivered).push(String(m.text))
      return down
        ? { error_code: 429, description: 'Too Many Requests: retry after 600', parameters: { retry_after: 600 } }
        : undefined
    }
    const nth = (n: number) => waitFor(() => delivered[n - 1], 10_000)
    return {
      tried,
      delivered,
      nth,
      release: () => {
        down = false
      },
    }
  }

  it('a code suspension lifted by its end before its notice got through: the partner still reads first that it was suspended, why, and that it has been lifted since', async () => {
    api.clock.set('2026-03-10T09:00:00Z')
    const p = await enrol('quantower', 'en')
    const held = holdChat(p.telegramId)
    try {
      const s = await sanction(p.partner, {
        program: 'quantower',
        kind: 'suspend_codes',
        reason: 'ad_rules',
        note: 'Bidding on the Quantower brand',
        endsAt: '2026-03-10T10:00:00Z',
      })
      expect(s.status, JSON.stringify(s.body)).toBe(201)
      await waitFor(() => held.tried.length >= 1, 10_000)
      // its end comes while the notice still waits: the sweep lifts it and queues the lifted notice, which waits too
      api.clock.set('2026-03-10T10:00:30Z')
      expect(await sweep()).toBe(1)
      await waitFor(() => held.tried.some((t) => t.startsWith('✅')), 10_000)
      held.release()
      // the two jobs' retries are not ordered: whichever arrives first, the applied one tells the whole story
      await held.nth(2)
      expect([...held.delivered].sort()).toEqual([
        '⏸ Quantower referral program has suspended your referral links and promo codes. They earn nothing until they are reinstated.\nReason: a breach of the advertising rules.\n\nComment from Quantower referral program: Bidding on the Quantower brand\n\n✅ Quantower referral program has reinstated your referral links and promo codes.',
        '✅ Quantower referral program has reinstated your referral links and promo codes.',
      ])
    } finally {
      telegram.inject = undefined
    }
  }, 30_000)

  it('a code suspension with an end names the day the codes work again only when nothing else keeps them suspended then', async () => {
    api.clock.set('2026-03-12T09:00:00Z')
    const line = /work again from/
    const suspend = (partner: string, endsAt?: string) =>
      sanction(partner, { program: 'quantower', kind: 'suspend_codes', reason: 'fraud', ...(endsAt ? { endsAt } : {}) })
    // a block in force when the notice is written (given while it waited): the codes stay suspended after its end
    const blocked = await enrol('quantower', 'en')
    const held = holdChat(blocked.telegramId)
    try {
      expect((await suspend(blocked.partner, '2026-03-20T00:00:00Z')).status).toBe(201)
      await waitFor(() => held.tried.length >= 1, 10_000)
      expect((await sanction(blocked.partner, { program: 'quantower', kind: 'block', reason: 'fraud' })).status).toBe(
        201,
      )
      await waitFor(() => held.tried.length >= 2, 10_000)
      held.release()
      await held.nth(2)
      expect(held.delivered.find((t) => t.startsWith('⏸'))).toBe(
        '⏸ Quantower referral program has suspended your referral links and promo codes. They earn nothing until they are reinstated.\nReason: suspected fraud.',
      )
    } finally {
      telegram.inject = undefined
    }
    // another code suspension with no end, or one ending later, keeps them suspended too
    const open = await enrol('quantower', 'ru')
    expect((await suspend(open.partner)).status).toBe(201)
    await messageTo(open.telegramId)
    expect((await suspend(open.partner, '2026-03-20T00:00:00Z')).status).toBe(201)
    expect(await messageTo(open.telegramId, 2)).not.toMatch(/Дата восстановления/)
    const later = await enrol('quantower', 'en')
    await suspend(later.partner, '2026-03-25T00:00:00Z')
    expect(await messageTo(later.telegramId)).toMatch(/work again from March 25, 2026\.$/)
    await suspend(later.partner, '2026-03-20T00:00:00Z')
    expect(await messageTo(later.telegramId, 2)).not.toMatch(line)
    // one that ends earlier does not: the day is named
    const earlier = await enrol('quantower', 'en')
    await suspend(earlier.partner, '2026-03-15T00:00:00Z')
    await messageTo(earlier.telegramId)
    await suspend(earlier.partner, '2026-03-20T00:00:00Z')
    expect(await messageTo(earlier.telegramId, 2)).toMatch(/work again from March 20, 2026\.$/)
  }, 30_000)

  it('the sweep is scheduled: "sanction-ends" runs every minute on the system queue', () => {
    const keeper = scheduleKeeper({
      core: api.service.core,
      queues: undefined as never,
      jobs: undefined as never,
      logger: { child: () => ({}) } as never,
    })
    expect(keeper.schedules).toContainEqual(
      expect.objectContaining({
        queue: 'system',
        id: 'sanction-ends',
        repeat: { every: 60_000 },
        job: { name: 'sanction_ends', data: {} },
      }),
    )
  })
})
