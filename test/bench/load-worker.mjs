// Load generator for the postback benchmark, in its own thread so the service keeps the main one.
// Plain JavaScript: worker threads do not inherit the TypeScript loader on Node 20.
import { createHmac } from 'node:crypto'
import { parentPort, workerData } from 'node:worker_threads'

/** @type {{ base: string, codes: string[], events: number, offset: number, concurrency: number, secret: string }} */
const { base, codes, events, offset, concurrency, secret } = workerData
const key = Buffer.from(secret.slice(6), 'base64')
const now = Date.now()

/** @param {number} i */
async function post(i) {
  // half the events are a new customer's first payment (attribution and level), half a repeat payment
  const body = JSON.stringify({
    id: `be-${i}`,
    type: 'payment',
    occurredAt: new Date(now - 60_000).toISOString(),
    customer: `bc-${i % Math.max(1, Math.floor(events / 2))}`,
    ref: codes[i % codes.length],
    order: `bo-${i}`,
    amount: '120.00',
    currency: 'USD',
  })
  const ts = Math.floor(now / 1000)
  const sig = createHmac('sha256', key).update(`m${i}.${ts}.${body}`).digest('base64')
  const r = await fetch(`${base}/v1/programs/jqsee/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': `m${i}`,
      'webhook-timestamp': String(ts),
      'webhook-signature': `v1,${sig}`,
    },
    body,
  })
  if (r.status !== 201) throw new Error(`postback ${i}: ${r.status} ${await r.text()}`)
  await r.arrayBuffer()
}

/** @type {number[]} */
const latencies = []
let next = 0
const started = performance.now()
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (;;) {
      const i = next++
      if (i >= events) return
      const t = performance.now()
      await post(offset + i)
      latencies.push(performance.now() - t)
    }
  }),
)
parentPort?.postMessage({ seconds: (performance.now() - started) / 1000, latencies })
