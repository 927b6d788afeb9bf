// Load generator for the postback benchmark, in its own thread so the service keeps the main one.
// Plain JavaScript: worker threads do not inherit the TypeScript loader on Node 20.
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import { parentPort, workerData } from 'node:worker_threads'

/** @type {{ base: string, bare: string, codes: string[], links: string[], events: number, offset: number, concurrency: number, secret: string, mode: 'postbacks' | 'healthz' | 'bare' | 'clicks' }} */
const { base, bare, codes, links, events, offset, concurrency, secret, mode } = workerData
const key = Buffer.from(secret.slice(6), 'base64')
const now = Date.now()
const { hostname, port } = new URL(mode === 'bare' ? bare : base)
// node:http with keep-alive: a third of fetch's CPU per request, which leaves the two cores to the service
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })

/**
 * @param {string} method @param {string} path @param {Record<string, string>} headers @param {string} [body]
 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, text: string }>}
 */
function request(method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: hostname, port, method, path, headers }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }),
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

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
  const r = await request(
    'POST',
    '/v1/programs/jqsee/events',
    {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'webhook-id': `m${i}`,
      'webhook-timestamp': String(ts),
      'webhook-signature': `v1,${sig}`,
    },
    body,
  )
  if (r.status !== 201) throw new Error(`postback ${i}: ${r.status} ${r.text}`)
}

/** The service's cheapest answer over the same client: what HTTP alone costs on this machine. */
async function healthz() {
  const r = await request('GET', '/healthz', {})
  if (r.status !== 200) throw new Error(`healthz: ${r.status}`)
}

/** node:http alone, no express and no service: the bench's own server answering what /healthz answers. */
async function bareAnswer() {
  const r = await request('GET', '/healthz', {})
  if (r.status !== 200) throw new Error(`bare: ${r.status}`)
}

let recorded = 0
/** @param {number} i a referral click from its own visitor (X-Forwarded-For: the service trusts loopback) */
async function click(i) {
  const r = await request('GET', `/r/${links[i % links.length]}?sub1=bench`, {
    'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    'user-agent': `bench-${i % 50}`,
  })
  if (r.status !== 302) throw new Error(`click ${i}: ${r.status} ${r.text}`)
  // the visitor lands either way; past a click budget the click is not recorded (no click id)
  if (/[?&]click=/.test(r.headers.location ?? '')) recorded++
}

/** This thread's CPU time so far (user + system) in ms, from /proc (Linux); 0 elsewhere. */
function threadCpuMs() {
  try {
    const fields = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return 0
  }
}

/** @type {number[]} */
const latencies = []
const cpuBefore = threadCpuMs()
let next = 0
const started = performance.now()
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (;;) {
      const i = next++
      if (i >= events) return
      const t = performance.now()
      const one = { healthz, bare: bareAnswer, clicks: () => click(offset + i), postbacks: () => post(offset + i) }[
        mode
      ]
      await one()
      latencies.push(performance.now() - t)
    }
  }),
)
agent.destroy()
parentPort?.postMessage({
  seconds: (performance.now() - started) / 1000,
  latencies,
  recorded,
  cpuMs: threadCpuMs() - cpuBefore,
})
