import { createServer, connect, type Server, type Socket } from 'node:net';
import { DelayLine } from './delay-line.js';

/**
 * Options of {@link RedisServer.latency}.
 * @category Nodes and faults
 */
export interface LatencyOptions {
  /** Each chunk's delay varies uniformly by ± this many ms. @defaultValue `0` */
  readonly jitterMs?: number;
}

interface Link {
  readonly client: Socket;
  readonly upstream: Socket;
  readonly toServer: DelayLine;
  readonly toClient: DelayLine;
  /** The server side closed (or never opened); the client learns of it outside a partition. */
  upstreamGone: boolean;
}

/**
 * A TCP proxy in front of one node, for network faults: partition (bytes held, connections
 * open), latency with jitter, and reset (every connection dropped). It listens on its own
 * loopback port and keeps it for its lifetime, across restarts of the node behind it.
 *
 * A partition is silent whatever happens behind it: when the server dies, its connections'
 * client sides stay open and mute until heal(), as over a real partition, where nothing tells
 * the client the server is gone. Outside a partition the client side is ended at once, after
 * any bytes still delayed by the latency.
 */
export class FaultProxy {
  readonly #server: Server;
  readonly #links = new Set<Link>();
  readonly #targetPort: number;
  #partitioned = false;
  #latencyMs = 0;
  #jitterMs = 0;

  private constructor(server: Server, targetPort: number) {
    this.#server = server;
    this.#targetPort = targetPort;
    server.on('connection', (client) => this.#accept(client));
  }

  /** Starts a proxy on a free loopback port, forwarding to `targetPort`. */
  static async start(targetPort: number): Promise<FaultProxy> {
    const server = createServer({ noDelay: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: 0, host: '127.0.0.1' }, () => resolve());
    });
    return new FaultProxy(server, targetPort);
  }

  /** The proxy's own port: clients connect here. */
  get port(): number {
    const address = this.#server.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  /** Whether bytes are being held. */
  get partitioned(): boolean {
    return this.#partitioned;
  }

  /** Holds every byte in both directions; connections stay open, nothing is answered. */
  partition(): void {
    this.#partitioned = true;
  }

  /**
   * Ends a partition: held bytes flow again, in order, and connections whose server side
   * closed meanwhile end, after the bytes the server sent before it closed.
   */
  heal(): void {
    this.#partitioned = false;
    for (const link of this.#links) {
      link.toServer.release(this.#delay());
      link.toClient.release(this.#delay());
      if (link.upstreamGone) link.toClient.end();
    }
  }

  /** Delays every chunk in each direction by `ms` (± `jitterMs`); 0 removes the latency. */
  latency(ms: number, options: LatencyOptions = {}): void {
    const jitterMs = options.jitterMs ?? 0;
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ms must be >= 0, got ${ms}`);
    if (!Number.isFinite(jitterMs) || jitterMs < 0 || jitterMs > ms) {
      throw new RangeError(`options.jitterMs must be in [0, ms], got ${jitterMs}`);
    }
    this.#latencyMs = ms;
    this.#jitterMs = jitterMs;
  }

  /** Drops every open connection, as a network reset would; new ones are accepted. */
  reset(): void {
    for (const link of this.#links) this.#close(link);
  }

  /** Drops every connection and stops listening. */
  async close(): Promise<void> {
    this.reset();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #delay(): number {
    return this.#latencyMs + (Math.random() * 2 - 1) * this.#jitterMs;
  }

  #accept(client: Socket): void {
    client.setNoDelay(true);
    const upstream = connect({ port: this.#targetPort, host: '127.0.0.1', noDelay: true });
    const link: Link = {
      client,
      upstream,
      toServer: new DelayLine(upstream),
      toClient: new DelayLine(client),
      upstreamGone: false,
    };
    this.#links.add(link);
    client.on('data', (chunk: Buffer) => {
      if (!link.upstreamGone) link.toServer.push(chunk, this.#delay(), this.#partitioned);
    });
    upstream.on('data', (chunk: Buffer) =>
      link.toClient.push(chunk, this.#delay(), this.#partitioned),
    );
    const close = (): void => this.#close(link);
    client.on('error', close);
    client.on('close', close);
    const gone = (): void => this.#upstreamGone(link);
    upstream.on('error', gone);
    upstream.on('close', gone);
  }

  #upstreamGone(link: Link): void {
    // A link closed from the client side destroys its upstream too: nothing left to tell.
    if (link.upstreamGone || !this.#links.has(link)) return;
    link.upstreamGone = true;
    link.toServer.clear();
    link.upstream.destroy();
    if (!this.#partitioned) link.toClient.end();
  }

  #close(link: Link): void {
    if (!this.#links.delete(link)) return;
    link.toServer.clear();
    link.toClient.clear();
    link.client.destroy();
    link.upstream.destroy();
  }
}
