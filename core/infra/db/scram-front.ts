import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto'
import net from 'node:net'

/**
 * The loopback side of the embedded database: a PostgreSQL handshake (startup message, SCRAM-SHA-256 exchange)
 * that proves the password, then a byte pipe to PGlite's Unix socket, where the client's startup message is
 * replayed so PGlite answers it (AuthenticationOk, parameters, ReadyForQuery) as it always did.
 */
export interface ScramFront {
  port: number
  stop(): Promise<void>
}

const PROTOCOL_3 = 196608
const SSL_REQUEST = 80877103
const GSSENC_REQUEST = 80877104
const SCRAM_ITERATIONS = 4096
/** A client that has not proved the password by then is dropped. */
const AUTH_TIMEOUT_MS = 10_000
/** No message of the handshake is anywhere near this; a bigger one is not a PostgreSQL client. */
const MAX_HANDSHAKE_MESSAGE = 8192

export async function startScramFront(opts: {
  user: string
  password: string
  upstream: string
  maxConnections: number
}): Promise<ScramFront> {
  const keys = scramKeys(opts.password)
  const sockets = new Set<net.Socket>()
  const track = (s: net.Socket) => {
    sockets.add(s)
    s.once('close', () => sockets.delete(s))
  }
  const server = net.createServer((client) => {
    track(client)
    handshake(client, opts.user, keys, (startup, rest) => track(handOver(client, opts.upstream, startup, rest)))
  })
  server.maxConnections = opts.maxConnections * 2
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  return {
    port: (server.address() as net.AddressInfo).port,
    async stop() {
      const closed = new Promise<void>((r) => server.close(() => r()))
      for (const s of sockets) s.destroy()
      await closed
    },
  }
}

interface ScramKeys {
  salt: Buffer
  storedKey: Buffer
  serverKey: Buffer
}

function scramKeys(password: string): ScramKeys {
  const salt = randomBytes(16)
  const salted = pbkdf2Sync(password, salt, SCRAM_ITERATIONS, 32, 'sha256')
  return { salt, storedKey: sha256(hmac(salted, 'Client Key')), serverKey: hmac(salted, 'Server Key') }
}

/**
 * The server side of one SCRAM-SHA-256 exchange (RFC 5802, 7677) without channel binding. Each step answers the
 * client's message with the server's, or null: the client did not prove the password (or spoke out of turn).
 */
class ScramExchange {
  private clientFirstBare = ''
  private serverFirst = ''
  private nonce = ''
  private gs2 = ''

  constructor(private readonly keys: ScramKeys) {}

  /** SASLInitialResponse: mechanism name, then gs2 header "n,," or "y,," and n=<ignored user>,r=<client nonce>. */
  first(body: Buffer): string | null {
    const end = body.indexOf(0)
    if (end < 0 || body.toString('utf8', 0, end) !== 'SCRAM-SHA-256' || body.length < end + 5) return null
    const m = /^([ny]),,(n=[^,]*,r=([\x21-\x2b\x2d-\x7e]+))$/.exec(body.subarray(end + 5).toString('utf8'))
    if (!m) return null
    this.gs2 = `${m[1]},,`
    this.clientFirstBare = m[2]!
    this.nonce = m[3]! + randomBytes(18).toString('base64')
    this.serverFirst = `r=${this.nonce},s=${this.keys.salt.toString('base64')},i=${SCRAM_ITERATIONS}`
    return this.serverFirst
  }

  /** SASLResponse: the client's proof; the answer is the server's signature (the client checks it in turn). */
  final(body: Buffer): string | null {
    const m = /^(c=([^,]*),r=([^,]*)),p=([A-Za-z0-9+/=]+)$/.exec(body.toString('utf8'))
    if (!m || m[2] !== Buffer.from(this.gs2).toString('base64') || m[3] !== this.nonce) return null
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${m[1]}`
    const proof = Buffer.from(m[4]!, 'base64')
    const signature = hmac(this.keys.storedKey, authMessage)
    if (proof.length !== signature.length) return null
    const clientKey = Buffer.from(proof.map((b, i) => b ^ signature[i]!))
    if (!timingSafeEqual(sha256(clientKey), this.keys.storedKey)) return null
    return `v=${hmac(this.keys.serverKey, authMessage).toString('base64')}`
  }
}

/**
 * Reads the client's startup message and SASL messages off the socket as they arrive (any framing), answers each,
 * and hands the proven client over with its startup message and whatever it sent after the exchange.
 */
function handshake(
  client: net.Socket,
  expectedUser: string,
  keys: ScramKeys,
  proven: (startup: Buffer, rest: Buffer) => void,
) {
  client.on('error', () => client.destroy())
  const timer = setTimeout(() => client.destroy(), AUTH_TIMEOUT_MS)
  const exchange = new ScramExchange(keys)
  let buffer = Buffer.alloc(0)
  let startup: Buffer | undefined
  let user = ''
  let step: 'startup' | 'first' | 'final' = 'startup'

  const stop = () => {
    clearTimeout(timer)
    client.off('data', onData)
  }
  const refuse = (code: string, message: string) => {
    stop()
    client.end(errorResponse(code, message), () => client.destroy())
  }
  const denied = () => refuse('28P01', `password authentication failed for user "${user}"`)

  /** One startup-phase packet (no type byte); false when more bytes are needed or the client was refused. */
  const onStartup = (): boolean => {
    if (buffer.length < 8) return false
    const length = buffer.readInt32BE(0)
    if (length < 8 || length > MAX_HANDSHAKE_MESSAGE) {
      refuse('08P01', 'invalid startup packet')
      return false
    }
    if (buffer.length < length) return false
    const code = buffer.readInt32BE(4)
    const message = buffer.subarray(0, length)
    buffer = buffer.subarray(length)
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
      client.write('N') // no TLS on loopback; the client goes on in clear
      return true
    }
    if (code !== PROTOCOL_3) {
      refuse('08P01', 'unsupported frontend protocol')
      return false
    }
    startup = Buffer.from(message)
    user = startupParameters(message.subarray(8)).get('user') ?? ''
    client.write(authentication(10, Buffer.from('SCRAM-SHA-256\0\0')))
    step = 'first'
    return true
  }

  /** One typed message of the password exchange; false when more bytes are needed or the exchange ended. */
  const onSasl = (): boolean => {
    if (buffer.length < 5) return false
    const length = buffer.readInt32BE(1)
    if (length < 4 || length > MAX_HANDSHAKE_MESSAGE) {
      refuse('08P01', 'invalid message length')
      return false
    }
    if (buffer.length < length + 1) return false
    const type = buffer[0]
    const body = buffer.subarray(5, length + 1)
    buffer = buffer.subarray(length + 1)
    // anything but the password exchange (a query sent straight after the startup message) is refused
    if (type !== 0x70 /* 'p' */) {
      denied()
      return false
    }
    if (step === 'first') {
      const serverFirst = exchange.first(body)
      if (serverFirst === null) {
        denied()
        return false
      }
      client.write(authentication(11, Buffer.from(serverFirst)))
      step = 'final'
      return true
    }
    const serverFinal = exchange.final(body)
    if (serverFinal === null || user !== expectedUser) {
      denied()
      return false
    }
    stop()
    client.pause()
    client.write(authentication(12, Buffer.from(serverFinal)))
    proven(startup!, buffer)
    return false
  }

  const onData = (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk])
    while (step === 'startup' ? onStartup() : onSasl()) {
      // each packet read is answered; the loop ends when the buffer holds no whole packet, or the exchange is over
    }
  }
  client.on('data', onData)
}

/** Proven: PGlite gets the startup message (and anything the client already sent after it), then the pipe. */
function handOver(client: net.Socket, socketPath: string, startup: Buffer, rest: Buffer): net.Socket {
  const upstream = net.connect(socketPath)
  const close = () => {
    client.destroy()
    upstream.destroy()
  }
  upstream.on('error', close)
  upstream.on('close', close)
  client.on('close', close)
  upstream.once('connect', () => {
    upstream.write(rest.length ? Buffer.concat([startup, rest]) : startup)
    client.pipe(upstream)
    upstream.pipe(client)
    client.resume()
  })
  return upstream
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest()
const hmac = (key: Buffer, data: string) => createHmac('sha256', key).update(data).digest()

/** The name/value pairs of a startup message body (after length and protocol version). */
function startupParameters(body: Buffer): Map<string, string> {
  const parts = body.toString('utf8').split('\0')
  const params = new Map<string, string>()
  for (let i = 0; i + 1 < parts.length && parts[i]; i += 2) params.set(parts[i]!, parts[i + 1]!)
  return params
}

/** An Authentication message ('R'): 10 SASL, 11 SASLContinue, 12 SASLFinal. */
function authentication(kind: number, data: Buffer): Buffer {
  const head = Buffer.alloc(9)
  head.write('R', 0)
  head.writeInt32BE(8 + data.length, 1)
  head.writeInt32BE(kind, 5)
  return Buffer.concat([head, data])
}

/** A FATAL ErrorResponse ('E') with its SQLSTATE, as PostgreSQL sends before closing. */
function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`)
  const head = Buffer.alloc(5)
  head.write('E', 0)
  head.writeInt32BE(4 + fields.length, 1)
  return Buffer.concat([head, fields])
}
