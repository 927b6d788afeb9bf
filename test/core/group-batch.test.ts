import type pg from 'pg'
import { describe, expect, it } from 'vitest'
import { AFTER_WAIT_MS, AfterTimeoutError, Batch, type Member, Session } from '../../core/infra/db/group-batch.ts'
import type { QueryConfig } from '../../core/infra/db/group-statements.ts'
import { batchMember, PlainWrites } from '../helpers/batch-member.ts'

/** A connection that answers every statement at once and notes what it was sent, and whether `after` had ended. */
function fakeClient(state: { ended: boolean }) {
  const sent: { text: string; afterEnded: boolean }[] = []
  const client = {
    query: async (config: QueryConfig | string) => {
      sent.push({ text: typeof config === 'string' ? config : config.text, afterEnded: state.ended })
      return { rows: [] }
    },
  }
  return { client: client as unknown as pg.PoolClient, sent }
}

/** One member that reads, then writes: the shape of a postback in a batch. */
function member(): Member<PlainWrites> {
  return batchMember(async (batch, self) => {
    await batch.query(self, 'read', 'SELECT 1', [])
    batch.write(self).list.push({ text: 'INSERT write' })
    return 'done'
  })
}

describe('a batch started while the one before it commits', () => {
  it('reads at once, and writes and commits only once the transaction before it has ended', async () => {
    const state = { ended: false }
    const { client, sent } = fakeClient(state)
    let end!: () => void
    const after = new Promise<void>((resolve) => {
      end = resolve
    })
    const batch = new Batch(new Session(client, false), () => new PlainWrites(), after)
    let settled = false
    const running = batch.run([member()], () => {
      settled = true
    })
    await new Promise((r) => setTimeout(r, 50))
    expect(settled).toBe(true)
    expect(sent.map((s) => s.text)).toEqual(['BEGIN', 'SELECT 1'])
    state.ended = true
    end()
    expect(await running).toBe(true)
    expect(sent.map((s) => s.text)).toEqual(['BEGIN', 'SELECT 1', 'INSERT write', 'COMMIT'])
    expect(sent.filter((s) => s.text !== 'BEGIN' && s.text !== 'SELECT 1').every((s) => s.afterEnded)).toBe(true)
  })

  it(`gives up after ${AFTER_WAIT_MS} ms when the one before does not end (a wait this process cannot see through)`, async () => {
    const state = { ended: false }
    const { client, sent } = fakeClient(state)
    const batch = new Batch(new Session(client, false), () => new PlainWrites(), new Promise<void>(() => {}))
    const started = performance.now()
    expect(await batch.run([member()])).toBe(false)
    expect(performance.now() - started).toBeGreaterThanOrEqual(AFTER_WAIT_MS - 5)
    expect(batch.failure?.error).toBeInstanceOf(AfterTimeoutError)
    expect(sent.map((s) => s.text)).toEqual(['BEGIN', 'SELECT 1', 'ROLLBACK'])
  })
})
