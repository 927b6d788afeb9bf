// Run by `npm ci` (postinstall): makes the embedded database's template cluster once, so that a first
// `npm start` (and each new DATA_DIR) unpacks it instead of running initdb (core/infra/db/pglite-template.ts).
// Best effort: without it the service makes the cluster itself, only slower.
import { makeTemplate } from '../core/infra/db/pglite-template.ts'

const started = performance.now()
try {
  const { file, made } = await makeTemplate()
  if (made)
    process.stdout.write(`embedded database template: ${file} (${Math.round(performance.now() - started)} ms)\n`)
} catch (e) {
  process.stderr.write(
    `embedded database template not made (${e instanceof Error ? e.message : String(e)}); the first start runs initdb\n`,
  )
}
