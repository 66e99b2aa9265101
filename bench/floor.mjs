// The floor: the least a Redlock can do. One node-redis v4 client per node, a parallel EVALSHA
// of a minimal script to every node, and an answer as soon as a majority has decided.
import { createHash, randomUUID } from 'node:crypto';

const ACQUIRE = "return redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) and 1 or 0";
const RELEASE =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
const sha1 = (lua) => createHash('sha1').update(lua).digest('hex');
const ACQUIRE_SHA = sha1(ACQUIRE);
const RELEASE_SHA = sha1(RELEASE);

export class Floor {
  constructor(clients) {
    this.clients = clients;
    this.quorum = Math.floor(clients.length / 2) + 1;
  }

  /** Loads both scripts on every node, so calls can go by hash. */
  async load() {
    await Promise.all(this.clients.flatMap((c) => [c.scriptLoad(ACQUIRE), c.scriptLoad(RELEASE)]));
  }

  /** Resolves with the token once a majority said yes, or undefined once it cannot. */
  async acquire(key, ttlMs) {
    const token = randomUUID();
    if (await this.#fanOut(ACQUIRE_SHA, key, [token, String(ttlMs)])) return token;
    await this.#fanOut(RELEASE_SHA, key, [token]);
    return undefined;
  }

  /** Compare-and-delete on every node; resolves once a majority has answered. */
  release(key, token) {
    return this.#fanOut(RELEASE_SHA, key, [token]);
  }

  #fanOut(sha, key, args) {
    const { clients, quorum } = this;
    return new Promise((resolve) => {
      let yes = 0;
      let no = 0;
      const vote = (ok) => {
        if (ok) yes++;
        else no++;
        if (yes === quorum) resolve(true);
        else if (no === clients.length - quorum + 1) resolve(false);
      };
      for (const client of clients) {
        client.evalSha(sha, { keys: [key], arguments: args }).then(
          (reply) => vote(reply === 1),
          () => vote(false),
        );
      }
    });
  }
}
