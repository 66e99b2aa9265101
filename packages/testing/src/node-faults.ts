import { FaultProxy } from './fault-proxy.js';

/**
 * The fault-proxy side of a node, whichever backend runs it: the proxy, once attached, and
 * the error a fault method throws on a node started without one.
 * @internal
 */
export class NodeFaults {
  #proxy: FaultProxy | undefined;

  /** Puts a proxy in front of the server on loopback `serverPort` (once; later calls keep it). */
  async attach(serverPort: number): Promise<void> {
    this.#proxy ??= await FaultProxy.start(serverPort);
  }

  /** Where clients connect: the proxy when there is one, else `serverUrl`. */
  url(serverUrl: string): string {
    return this.#proxy === undefined ? serverUrl : `redis://127.0.0.1:${this.#proxy.port}`;
  }

  /**
   * The proxy, for `action` on the node on `port`.
   * @throws `Error` when the node was started without `proxy: true`.
   */
  proxy(action: string, port: number): FaultProxy {
    if (this.#proxy === undefined) {
      throw new Error(`cannot ${action} node on port ${port}: start it with proxy: true`);
    }
    return this.#proxy;
  }

  /** Closes the proxy, if any. */
  async close(): Promise<void> {
    await this.#proxy?.close();
  }
}
