import { describe, expect, it } from 'vitest'
import { checkReadiness } from '../../core/use-cases/check-readiness.ts'

describe('checkReadiness', () => {
  it('is ready when every probe passes', async () => {
    const r = await checkReadiness([
      { name: 'database', check: async () => {} },
      { name: 'redis', check: async () => {} },
    ])
    expect(r.ready).toBe(true)
    expect(r.checks.map((c) => [c.name, c.ok])).toEqual([
      ['database', true],
      ['redis', true],
    ])
  })

  it('names the failing dependency and its reason', async () => {
    const r = await checkReadiness([
      { name: 'database', check: async () => {} },
      {
        name: 'redis',
        check: async () => {
          throw new Error('connect ECONNREFUSED 127.0.0.1:6390')
        },
      },
    ])
    expect(r.ready).toBe(false)
    expect(r.checks[1]).toMatchObject({ name: 'redis', ok: false, error: 'connect ECONNREFUSED 127.0.0.1:6390' })
  })

  it('does not wait for a probe that hangs', async () => {
    const r = await checkReadiness([{ name: 'database', check: () => new Promise(() => {}) }], 50)
    expect(r.checks[0]).toMatchObject({ ok: false, error: 'no answer within 50 ms' })
  })
})
