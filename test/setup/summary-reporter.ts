import type { Reporter, TestModule } from 'vitest/node'

/**
 * Prints the run's outcome as one plain line, `N passed, N failed` (and `, N skipped`), after vitest's own
 * summary, so that CI and humans read the same count without ANSI colours in the way.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<unknown>) {
    let passed = 0
    let failed = unhandled.length
    let skipped = 0
    for (const m of modules) {
      let failedHere = 0
      for (const t of m.children.allTests()) {
        const state = t.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') failedHere++
        else skipped++
      }
      // a file that did not load, or whose hooks failed, fails even when none of its tests ran
      if (m.state() === 'failed' && failedHere === 0) failedHere = 1
      failed += failedHere
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`)
  }
}
