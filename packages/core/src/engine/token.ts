import { randomFillSync } from 'node:crypto';

/** Random bytes per token: 128 bits, 22 base64url characters. */
const TOKEN_BYTES = 16;
/** Tokens drawn per refill of the pool. */
const POOL_TOKENS = 256;

const pool = Buffer.allocUnsafe(TOKEN_BYTES * POOL_TOKENS);
let offset = pool.length;

/**
 * A new lock token: 128 random bits from the system CSPRNG as 22 base64url characters. Drawn
 * from a pool refilled 256 tokens at a time, so that one acquisition costs no crypto call of
 * its own (this sits on every acquire's path).
 */
export function newToken(): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const token = pool.toString('base64url', offset, offset + TOKEN_BYTES);
  offset += TOKEN_BYTES;
  return token;
}
