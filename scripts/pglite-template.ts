// Run by `npm ci` (postinstall): makes the embedded database's templates once (the empty cluster, and the cluster
// with the migrations applied), so that a first `npm start` (and each new DATA_DIR) unpacks one instead of running
// initdb and the migrations (core/infra/db/pglite-template.ts).
// Best effort: without it the service makes the cluster itself, only slower.
import { makeTemplate } from '../core/infra/db/pglite-template.ts'

const started = performance.now()
try {
  const { made } = await makeTemplate()
  for (const file of made) process.stdout.write(`embedded database template: ${file}\n`)
  if (made.length) process.stdout.write(`(${Math.round(performance.now() - started)} ms)\n`)
} catch (e) {
  process.stderr.write(
    `embedded database template not made (${e instanceof Error ? e.message : String(e)}); the first start runs initdb and the migrations\n`,
  )
}
