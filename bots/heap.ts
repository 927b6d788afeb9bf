// The V8 heap's growth, set before anything else is loaded (main.ts imports this first).
//
// V8 lets the old generation grow to a multiple of what survived its last full collection before it collects
// again: with this service's ~50 MiB of live objects, garbage promoted under load (postbacks waiting for their
// batch's commit outlive two scavenges) piled up to ~130 MiB of old space before a full collection, and the process
// stayed at 320-350 MiB RSS after the postback benchmark. Growing by a fifth instead kept it at 225-296 MiB (by half:
// 246-311 MiB). The cost is more full collections: they mark concurrently on V8's helper threads, and the benchmarks
// showed the same throughput and CPU within their noise, with a postback p99 10-20 ms higher (a few more ~8 ms
// pauses to finish marking). The benchmarks run with it too (test/bench/run.ts imports this). A
// `--heap-growing-percent` given to node itself is left as given.
import v8 from 'node:v8'

export const HEAP_GROWING_PERCENT = 20

if (!process.execArgv.some((a) => a.startsWith('--heap-growing-percent') || a.startsWith('--heap_growing_percent'))) {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)
}
