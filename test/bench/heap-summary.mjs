// Allocation by function in a sampling heap profile (BENCH_HEAP_PROFILE=<dir> in test/bench/run.ts, which keeps the
// objects collected since, so it counts everything allocated during the load, not only what survived):
//   node test/bench/heap-summary.mjs <file.heapprofile> [top=40] [per=<n requests>]
// Prints each function's allocation (KB, and per request with per=), then the same by file (package).
import { readFileSync } from 'node:fs'

const [file, topArg = '40', perArg] = process.argv.slice(2)
if (!file) {
  process.stderr.write('usage: heap-summary.mjs <file.heapprofile> [top] [per=<requests>]\n')
  process.exit(2)
}
const top = Number(topArg)
const per = perArg?.startsWith('per=') ? Number(perArg.slice(4)) : 1
const { head } = JSON.parse(readFileSync(file, 'utf8'))
const shortUrl = (url) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\//, 'nm:')
    .replace(/.*\/(core|bots|test)\//, '$1/')
const byFunction = new Map()
const byFile = new Map()
let total = 0
const add = (map, key, bytes) => map.set(key, (map.get(key) ?? 0) + bytes)
const stack = [head]
while (stack.length) {
  const node = stack.pop()
  const f = node.callFrame
  const url = shortUrl(f.url)
  total += node.selfSize
  add(
    byFunction,
    `${f.functionName || '(anonymous)'} ${url}${url ? `:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`,
    node.selfSize,
  )
  add(byFile, url || '(native)', node.selfSize)
  stack.push(...node.children)
}
const kb = (bytes) => `${(bytes / 1024 / per).toFixed(2).padStart(8)} KB`
const unit = per === 1 ? 'in all' : 'per request'
process.stdout.write(`total ${kb(total).trim()} ${unit}\n-- by function (self)\n`)
for (const [k, v] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${kb(v)}  ${k}\n`)
process.stdout.write('-- by file or package (self)\n')
for (const [k, v] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${kb(v)}  ${k}\n`)
