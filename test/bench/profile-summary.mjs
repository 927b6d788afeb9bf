// Self time by function in a .cpuprofile (node --cpu-prof, or BENCH_PROFILE in test/bench/run.ts):
//   node test/bench/profile-summary.mjs <file.cpuprofile> [top=40] [per=<n requests>]
// Prints each function's self time (ms and share), and with per=, the microseconds it costs each request; then the
// same by file (package), which shows where the time goes at a glance.
import { readFileSync } from 'node:fs'

const [file, topArg = '40', perArg] = process.argv.slice(2)
if (!file) {
  process.stderr.write('usage: profile-summary.mjs <file.cpuprofile> [top] [per=<requests>]\n')
  process.exit(2)
}
const top = Number(topArg)
const per = perArg?.startsWith('per=') ? Number(perArg.slice(4)) : undefined
const profile = JSON.parse(readFileSync(file, 'utf8'))
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const self = new Map()
// timeDeltas[i] is the time before samples[i]; attribute it to that sample's node
for (let i = 0; i < profile.samples.length; i++) {
  self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0))
}
const total = [...self.values()].reduce((a, b) => a + b, 0)
const shortUrl = (url) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\//, 'nm:')
    .replace(/.*\/(core|bots|test)\//, '$1/')
const byFunction = new Map()
const byFile = new Map()
for (const [id, us] of self) {
  const { callFrame: f } = byId.get(id)
  const where = f.url ? `${shortUrl(f.url)}:${f.lineNumber + 1}` : ''
  const key = `${f.functionName || '(anonymous)'} ${where}`.trim()
  byFunction.set(key, (byFunction.get(key) ?? 0) + us)
  const pkg = f.url
    ? shortUrl(f.url).replace(/^nm:((?:@[^/]+\/)?[^/]+).*/, '$1')
    : f.functionName.startsWith('(')
      ? f.functionName
      : '(native)'
  byFile.set(pkg, (byFile.get(pkg) ?? 0) + us)
}
const line = ([name, us]) =>
  `${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%${
    per ? `${(us / per).toFixed(1).padStart(8)} us/req` : ''
  }  ${name}`
process.stdout.write(
  `total ${(total / 1000).toFixed(0)} ms sampled${per ? `, ${(total / per).toFixed(0)} us per request` : ''}\n`,
)
process.stdout.write('-- by function (self)\n')
for (const e of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${line(e)}\n`)
process.stdout.write('-- by file or package (self)\n')
for (const e of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${line(e)}\n`)
