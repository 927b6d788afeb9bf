// Adapted from the proven prototype in shared/reference/prisma-offline.
// Loads @prisma/schema-engine-wasm on plain Node 20 (no --experimental-wasm-modules) and wires it to a
// Prisma driver adapter factory. No native schema-engine binary, no network.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils'
import type { MigrationList, SchemaEngine, SchemaFilter, SchemasContainer } from '@prisma/schema-engine-wasm'
import * as runtime from '@prisma/schema-engine-wasm/schema_engine_bg'

const require = createRequire(import.meta.url)

let engineClass: Promise<typeof SchemaEngine> | undefined

/** The engine reports a Rust panic through this global before it traps; keep the message for the error. */
let lastPanic: string | undefined
;(globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY = {
  set_message: (m: string) => {
    lastPanic = m
    process.stderr.write(`schema engine panic: ${m}\n`)
  },
}
export const takeEnginePanic = () => {
  const m = lastPanic
  lastPanic = undefined
  return m
}

/** Instantiate the wasm module once per process (wasm-bindgen keeps global state). */
function loadEngineClass(): Promise<typeof SchemaEngine> {
  engineClass ??= (async () => {
    const wasmPath = path.join(
      path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')),
      'schema_engine_bg.wasm',
    )
    const module = await WebAssembly.compile(fs.readFileSync(wasmPath))
    // The engine arms a setTimeout (advisory-lock timeout, 10 s) and never clears it: unref every timer it
    // creates so a finished migration does not keep Node alive for 10 s.
    const imports: Record<string, unknown> = { ...runtime }
    for (const [name, fn] of Object.entries(runtime)) {
      if (name.startsWith('__wbg_setTimeout_') && typeof fn === 'function') {
        imports[name] = (...args: unknown[]) => {
          const t = (fn as (...a: unknown[]) => unknown)(...args)
          ;(t as { unref?: () => void })?.unref?.()
          return t
        }
      }
    }
    const instance = await WebAssembly.instantiate(module, {
      './schema_engine_bg.js': imports as WebAssembly.ModuleImports,
    })
    runtime.__wbg_set_wasm(instance.exports)
    ;(instance.exports.__wbindgen_start as () => void)()
    return runtime.SchemaEngine as unknown as typeof SchemaEngine
  })()
  return engineClass
}

export const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] }

/**
 * adapter-pg's executeScript() does `script.split(";")` and runs each piece on the pool:
 * it breaks on any ';' inside a string / function body and is not atomic. Replace it with one
 * simple-protocol query on one connection (Postgres runs a multi-statement simple query as one
 * implicit transaction, like the native engine does).
 */
function wholeScript(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const driver = (
    adapter as unknown as { underlyingDriver?: () => { query(sql: string): Promise<unknown> } }
  ).underlyingDriver?.()
  const onError = (adapter as unknown as { onError?: (e: unknown) => never }).onError?.bind(adapter)
  if (driver && typeof driver.query === 'function') {
    adapter.executeScript = async (script: string) => {
      try {
        await driver.query(script)
      } catch (e) {
        // convert to DriverAdapterError so the engine reports (and logs in _prisma_migrations) the real PG error
        if (onError) onError(e)
        throw e
      }
    }
  }
  return adapter
}

export type FactoryPair = {
  main: { connect(): Promise<SqlDriverAdapter>; provider: string; adapterName: string }
  /** Adapter factory for a scratch ("shadow") database; only used by createMigration / diff from migrations. */
  shadow?: { connect(): Promise<SqlDriverAdapter> }
  /** whether to replace executeScript with a single whole-script query (needed for adapter-pg) */
  patchExecuteScript?: boolean
}

/**
 * Build the SqlMigrationAwareDriverAdapterFactory the wasm engine wants.
 * engine.free() never calls adapter.dispose(), so the pg Pool would keep the process alive for
 * idleTimeoutMillis (10 s): `close()` disposes every adapter this factory handed out.
 */
export function migrationAwareFactory({ main, shadow, patchExecuteScript = true }: FactoryPair): {
  factory: SqlMigrationAwareDriverAdapterFactory
  close: () => Promise<void>
} {
  const open = new Set<SqlDriverAdapter>()
  const wrap = async (p: Promise<SqlDriverAdapter>) => {
    const a = patchExecuteScript ? wholeScript(await p) : await p
    const dispose = a.dispose.bind(a)
    a.dispose = async () => {
      if (!open.delete(a)) return // idempotent
      await dispose()
    }
    open.add(a)
    return a
  }
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: main.provider as 'postgres',
    adapterName: main.adapterName,
    connect: () => wrap(main.connect()),
    connectToShadowDb: () => {
      if (!shadow) throw new Error('no shadow database configured')
      return wrap(shadow.connect())
    },
  }
  return {
    factory,
    close: async () => {
      for (const a of [...open]) await a.dispose()
    },
  }
}

export async function openSchemaEngine(
  factory: SqlMigrationAwareDriverAdapterFactory,
  schema?: SchemasContainer,
  log: (msg: string) => void = () => {},
): Promise<SchemaEngine> {
  const Engine = await loadEngineClass()
  const bound = bindMigrationAwareSqlAdapterFactory(factory)
  const datamodels = schema?.files.map((f) => [f.path, f.content] as [string, string])
  try {
    return await Engine.new({ datamodels }, log, bound)
  } catch (e) {
    throw unwrapEngineError(e, bound.errorRegistry)
  }
}

/** Engine errors that came from the JS driver are stored in the registry; surface the real one. */
function unwrapEngineError(
  e: unknown,
  registry?: { consumeError(id: number): { error: unknown } | undefined },
): unknown {
  const err = e as { id?: number; message?: string }
  if (registry && typeof err?.id === 'number') {
    const rec = registry.consumeError(err.id)
    if (rec) return rec.error
  }
  return e
}

export function readSchemas(schemaPath: string): SchemasContainer {
  const stat = fs.statSync(schemaPath)
  const files = stat.isDirectory()
    ? fs
        .readdirSync(schemaPath, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.prisma'))
        .sort()
        .map((f) => path.join(schemaPath, f))
    : [schemaPath]
  return { files: files.map((p) => ({ path: p, content: fs.readFileSync(p, 'utf8') })) }
}

/** Same shape the Prisma CLI builds in @prisma/migrate listMigrations(). */
export function readMigrationsList(baseDir: string, shadowDbInitScript = ''): MigrationList {
  const abs = path.resolve(baseDir)
  const lockPath = path.join(abs, 'migration_lock.toml')
  const lockfile = {
    path: 'migration_lock.toml',
    content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, 'utf8') : null,
  }
  if (!fs.existsSync(abs)) return { baseDir: abs, lockfile, shadowDbInitScript, migrationDirectories: [] }
  const migrationDirectories = fs
    .readdirSync(abs, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort((a, b) => a.localeCompare(b))
    .map((name) => {
      const file = path.join(abs, name, 'migration.sql')
      let content: { tag: 'ok'; value: string } | { tag: 'error'; value: string }
      try {
        content = { tag: 'ok', value: fs.readFileSync(file, 'utf8') }
      } catch (e) {
        content = { tag: 'error', value: String((e as Error).message) }
      }
      return { path: name, migrationFile: { path: 'migration.sql', content } }
    })
  return { baseDir: abs, lockfile, shadowDbInitScript, migrationDirectories }
}

/** Writes <baseDir>/<name>/migration.sql and migration_lock.toml exactly like the Prisma CLI does. */
export function writeMigration(baseDir: string, name: string, sql: string, provider = 'postgresql') {
  const abs = path.resolve(baseDir)
  const dir = path.join(abs, name)
  if (fs.existsSync(dir)) throw new Error(`The migration directory already exists at ${dir}`)
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, 'migration.sql'), sql, 'utf8')
  fs.writeFileSync(
    path.join(abs, 'migration_lock.toml'),
    `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`,
    'utf8',
  )
}
