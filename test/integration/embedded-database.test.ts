import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listMigrations, migrationState, withClient } from '../../core/infra/db/migrations.ts'
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../../core/infra/db/pglite.ts'
import { makeTemplate, templateFile } from '../../core/infra/db/pglite-template.ts'
import { type Api, startApi } from '../helpers/api.ts'

/** The embedded database's loopback port lets in only who holds the password of the URL it handed out. */
describe('embedded PostgreSQL: only this process gets in', () => {
  let embedded: EmbeddedPostgres
  beforeAll(async () => {
    embedded = await startEmbeddedPostgres()
  })
  afterAll(async () => {
    await embedded?.stop()
  })

  const withPassword = (password: string | undefined) => {
    const u = new URL(embedded.url)
    u.password = password ?? ''
    return u.toString()
  }
  const connect = async (url: string) => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
    client.on('error', () => {})
    try {
      await client.connect()
      return (await client.query('SELECT 41 + 1 AS answer')).rows[0].answer as number
    } finally {
      await client.end().catch(() => {})
    }
  }

  it('the URL it returns works, password included', async () => {
    expect(new URL(embedded.url).password.length).toBeGreaterThanOrEqual(24)
    expect(await connect(embedded.url)).toBe(42)
  })

  it('a wrong password, another user or the well-known postgres:postgres is refused by the server', async () => {
    await expect(connect(withPassword('wrong-password'))).rejects.toMatchObject({ code: '28P01' })
    await expect(connect(withPassword('postgres'))).rejects.toMatchObject({ code: '28P01' })
    const other = new URL(embedded.url)
    other.username = 'intruder'
    await expect(connect(other.toString())).rejects.toMatchObject({ code: '28P01' })
    // and the rightful client still gets in afterwards
    expect(await connect(embedded.url)).toBe(42)
  })

  it('a client that sends no password at all, and queries right after the startup message, gets no answer', async () => {
    const { port } = new URL(embedded.url)
    const socket = net.connect(Number(port), '127.0.0.1')
    const received: Buffer[] = []
    socket.on('data', (b) => received.push(b))
    socket.on('error', () => {})
    const closed = closedWithin(socket, 5000)
    await new Promise((r) => socket.once('connect', r))
    socket.write(
      Buffer.concat([startupMessage({ user: 'postgres', database: 'postgres' }), query('SELECT 7 AS leaked')]),
    )
    await closed
    const reply = Buffer.concat(received)
    const types = messageTypes(reply)
    // asked for SCRAM, then refused: no AuthenticationOk, no row description, no data row, no ReadyForQuery
    expect(types).toEqual(['R', 'E'])
    expect(reply.readInt32BE(5)).toBe(10) // AuthenticationSASL
    expect(reply.toString('latin1')).toContain('28P01')
    expect(reply.toString('latin1')).not.toContain('leaked')
  })

  it('a made-up SCRAM proof is refused', async () => {
    const { port } = new URL(embedded.url)
    const socket = net.connect(Number(port), '127.0.0.1')
    const received: Buffer[] = []
    socket.on('data', (b) => received.push(b))
    socket.on('error', () => {})
    const closed = closedWithin(socket, 5000)
    await new Promise((r) => socket.once('connect', r))
    socket.write(startupMessage({ user: 'postgres', database: 'postgres' }))
    await waitFor(() => messageTypes(Buffer.concat(received)).length === 1)
    socket.write(saslInitial('n,,n=*,r=clientnonce0123456789'))
    await waitFor(() => messageTypes(Buffer.concat(received)).length === 2)
    const serverFirst = Buffer.concat(received).toString('latin1')
    const nonce = /r=([^,]+),/.exec(serverFirst)![1]
    socket.write(saslResponse(`c=biws,r=${nonce},p=${Buffer.alloc(32, 7).toString('base64')}`))
    await closed
    const reply = Buffer.concat(received)
    expect(messageTypes(reply)).toEqual(['R', 'R', 'E'])
    expect(reply.toString('latin1')).toContain('28P01')
  })
})

describe('embedded PostgreSQL: socket directories', () => {
  it('a start removes the directories killed processes left behind, and keeps the ones whose socket answers', async () => {
    const stale = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-pglite-'))
    fs.writeFileSync(path.join(stale, '.s.PGSQL.5432'), '') // no server behind it
    const live = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-pglite-'))
    const server = net.createServer((s) => s.destroy())
    await new Promise<void>((r) => server.listen(path.join(live, '.s.PGSQL.5432'), r))
    const starting = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-pglite-')) // no socket yet: another start under way
    const embedded = await startEmbeddedPostgres()
    try {
      expect(fs.existsSync(stale)).toBe(false)
      expect(fs.existsSync(live)).toBe(true)
      expect(fs.existsSync(starting)).toBe(true)
    } finally {
      await embedded.stop()
      await new Promise((r) => server.close(r))
      fs.rmSync(live, { recursive: true, force: true })
      fs.rmSync(starting, { recursive: true, force: true })
    }
  })
})

describe('embedded PostgreSQL: the lock of its data directory', () => {
  it("a lock naming this process's own pid is a previous run's (a container's pid 1 again); a second open here is refused", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-lock-'))
    try {
      fs.writeFileSync(path.join(dir, '.partner-assistant.lock'), String(process.pid))
      const embedded = await startEmbeddedPostgres({ dataDir: dir })
      try {
        await expect(startEmbeddedPostgres({ dataDir: dir })).rejects.toThrow(
          `in use by this process (pid ${process.pid})`,
        )
        expect(await withClient(embedded.url, async (c) => (await c.query('SELECT 1 AS one')).rows[0].one)).toBe(1)
      } finally {
        await embedded.stop()
      }
      expect(fs.existsSync(path.join(dir, '.partner-assistant.lock'))).toBe(false)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})

/** A first start unpacks the cluster made at install time; the service's, the one with the migrations applied. */
describe('embedded PostgreSQL templates', () => {
  beforeAll(async () => {
    await makeTemplate() // made by postinstall already; makes what is missing (an install with --ignore-scripts)
  }, 120_000)

  const stateOf = async (template: 'cluster' | 'schema') => {
    const embedded = await startEmbeddedPostgres({ template })
    try {
      return await withClient(embedded.url, (c) => migrationState(c))
    } finally {
      await embedded.stop()
    }
  }

  it('the schema template holds every migration of this checkout, the cluster none', async () => {
    expect(fs.existsSync(templateFile('schema'))).toBe(true)
    const all = listMigrations().map((m) => m.name)
    expect(await stateOf('schema')).toEqual({ applied: all, pending: [], failed: [] })
    expect(await stateOf('cluster')).toEqual({ applied: [], pending: all, failed: [] })
  }, 60_000)

  it('is named by the migrations, so a checkout with other migrations does not pick up a foreign schema', () => {
    const name = path.basename(templateFile('schema'))
    expect(name).toMatch(/^pglite-[\d.]+-schema-[0-9a-f]{16}\.tar\.gz$/)
    expect(path.basename(templateFile('cluster'))).toMatch(/^pglite-[\d.]+-cluster\.tar\.gz$/)
  })
})

describe('the service on the embedded database', () => {
  let api: Api
  let dir: string
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-embedded-'))
    api = await startApi('2026-03-02T09:00:00Z', { DATABASE_URL: `pglite:${path.join(dir, 'db')}` })
  }, 60_000)
  afterAll(async () => {
    await api?.close()
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })

  it('starts, is ready and enrols a partner', async () => {
    expect(api.service.db.kind).toBe('pglite')
    expect((await api.get('/readyz')).status).toBe(200)
    const { partner } = await api.enrolled('jqsee', { name: 'Embedded', language: 'en', legalType: 'individual' })
    expect((await api.statement(partner)).status).toBe(200)
  })
})

function startupMessage(params: Record<string, string>): Buffer {
  const body = Buffer.from(`${Object.entries(params).flat().join('\0')}\0\0`)
  const head = Buffer.alloc(8)
  head.writeInt32BE(8 + body.length, 0)
  head.writeInt32BE(196608, 4)
  return Buffer.concat([head, body])
}

function typed(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5)
  head.write(type, 0)
  head.writeInt32BE(4 + body.length, 1)
  return Buffer.concat([head, body])
}

const query = (sql: string) => typed('Q', Buffer.from(`${sql}\0`))

function saslInitial(clientFirst: string): Buffer {
  const data = Buffer.from(clientFirst)
  const length = Buffer.alloc(4)
  length.writeInt32BE(data.length, 0)
  return typed('p', Buffer.concat([Buffer.from('SCRAM-SHA-256\0'), length, data]))
}

const saslResponse = (clientFinal: string) => typed('p', Buffer.from(clientFinal))

/** The type bytes of the backend messages in a reply. */
function messageTypes(reply: Buffer): string[] {
  const types: string[] = []
  for (let at = 0; at + 5 <= reply.length; at += 1 + reply.readInt32BE(at + 1)) {
    types.push(String.fromCharCode(reply[at]!))
  }
  return types
}

/** Resolves when the server closed the connection; a server that keeps it open fails the test. */
function closedWithin(socket: net.Socket, ms: number) {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error('the server kept the connection open'))
    }, ms)
    socket.once('close', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}

async function waitFor(ok: () => boolean) {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10))
  if (!ok()) throw new Error('timed out')
}
