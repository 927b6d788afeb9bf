// Self time by function in a .cpuprofile (node --cpu-prof, or BENCH_PROFILE in test/bench/run.ts), or what each
// function allocated in a .heapprofile (BENCH_HEAP_PROFILE, collected objects included):
//   node test/bench/profile-summary.mjs <file.cpuprofile|file.heapprofile> [top=40] [per=<n requests>]
// Prints each function's self time (ms) or allocation (KB) and its share, and with per=, what it costs each request;
// then the same by file (package), which shows where the time or the memory goes at a glance.
import { readFileSync } from 'node:fs'

const [file, topArg = '40', perArg] = process.argv.slice(2)
if (!file) {
  process.stderr.write('usage: profile-summary.mjs <file.cpuprofile|file.heapprofile> [top] [per=<requests>]\n')
  process.exit(2)
}
const top = Number(topArg)
const per = perArg?.startsWith('per=') ? Number(perArg.slice(4)) : undefined
const profile = JSON.parse(readFileSync(file, 'utf8'))
const heap = Boolean(profile.head)

/** [callFrame, amount] per profile node: µs of self time, or bytes allocated. */
function selfAmounts() {
  if (heap) {
    const out = []
    const stack = [profile.head]
    while (stack.length) {
      const node = stack.pop()
      out.push([node.callFrame, node.selfSize])
      stack.push(...node.children)
    }
    return out
  }
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map()
  // timeDeltas[i] is the time before samples[i]; attribute it to that sample's node
  for (let i = 0; i < profile.samples.length; i++) {
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0))
  }
  return [...self].map(([id, us]) => [byId.get(id).callFrame, us])
}

const amounts = selfAmounts()
const total = amounts.reduce((sum, [, v]) => sum + v, 0)
const shortUrl = (url) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\//, 'nm:')
    .replace(/.*\/(core|bots|test)\//, '$1/')
const byFunction = new Map()
const byFile = new Map()
for (const [f, v] of amounts) {
  const where = f.url ? `${shortUrl(f.url)}:${f.lineNumber + 1}` : ''
  const key = `${f.functionName || '(anonymous)'} ${where}`.trim()
  byFunction.set(key, (byFunction.get(key) ?? 0) + v)
  const pkg = f.url
    ? shortUrl(f.url).replace(/^nm:((?:@[^/]+\/)?[^/]+).*/, '$1')
    : f.functionName.startsWith('(')
      ? f.functionName
      : '(native)'
  byFile.set(pkg, (byFile.get(pkg) ?? 0) + v)
}
// time in µs, shown in ms (per request in µs); memory in bytes, shown in KB (per request in KB)
const [scale, unit, perScale, perUnit] = heap ? [1024, 'KB', 1024, 'KB/req'] : [1000, 'ms', 1, 'us/req']
const line = ([name, v]) =>
  `${(v / scale).toFixed(1).padStart(9)} ${unit} ${((100 * v) / total).toFixed(1).padStart(5)}%${
    per ? `${(v / perScale / per).toFixed(1).padStart(8)} ${perUnit}` : ''
  }  ${name}`
process.stdout.write(
  `total ${(total / scale).toFixed(0)} ${unit} ${heap ? 'allocated' : 'sampled'}${
    per ? `, ${(total / perScale / per).toFixed(heap ? 1 : 0)} ${perUnit.replace('/req', '')} per request` : ''
  }\n`,
)
process.stdout.write('-- by function (self)\n')
for (const e of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${line(e)}\n`)
process.stdout.write('-- by file or package (self)\n')
for (const e of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${line(e)}\n`)
