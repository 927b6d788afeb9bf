import net from 'node:net'

/**
 * A loopback TCP proxy in front of a server (PostgreSQL): the service connects through it, so a test can see which
 * server-side connections are the service's (`upstreamPorts`, the client ports the server sees), drop them all
 * at once, silence them (a failover whose old primary vanished), or refuse new ones for a while (the database
 * unreachable).
 */
export class TcpProxy {
  port = 0
  /** New connections are closed at once while set: the server looks down. */
  refusing = false
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket }>()
  private readonly silenced: net.Socket[] = []
  private readonly server = net.createServer((client) => this.accept(client))

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.address() as net.AddressInfo).port
    return this
  }

  private accept(client: net.Socket) {
    if (this.refusing) {
      client.destroy()
      return
    }
    const upstream = net.connect(this.targetPort, this.targetHost)
    const pair = { client, upstream }
    this.pairs.add(pair)
    const close = () => {
      client.destroy()
      upstream.destroy()
      this.pairs.delete(pair)
    }
    client.on('error', close).on('close', close)
    upstream.on('error', close).on('close', close)
    client.pipe(upstream)
    upstream.pipe(client)
  }

  /** The local ports of the proxy's connections to the server: `client_port` in pg_stat_activity. */
  upstreamPorts(): number[] {
    return [...this.pairs].map((p) => p.upstream.localPort).filter((p): p is number => typeof p === 'number')
  }

  /** Cuts every connection through the proxy, both ways, without a goodbye. */
  dropAll() {
    for (const p of [...this.pairs]) {
      p.client.destroy()
      p.upstream.destroy()
    }
    this.pairs.clear()
  }

  /**
   * A failover as a cloud database does it: the old primary's connections go silent (no FIN, no RST: its host is
   * gone; what the service sends goes nowhere, nothing answers), and new connections reach the server again.
   */
  silenceAll() {
    for (const p of [...this.pairs]) {
      p.client.unpipe(p.upstream)
      p.upstream.unpipe(p.client)
      for (const s of [p.client, p.upstream])
        s.removeAllListeners('close')
          .removeAllListeners('error')
          .on('error', () => {})
      p.client.removeAllListeners('data')
      p.client.resume()
      p.upstream.destroy()
      this.silenced.push(p.client)
    }
    this.pairs.clear()
  }

  async stop() {
    this.dropAll()
    for (const s of this.silenced.splice(0)) s.destroy()
    await new Promise((resolve) => this.server.close(resolve))
  }
}
