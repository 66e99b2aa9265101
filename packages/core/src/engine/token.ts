import { nanoid } from 'nanoid';

/**
 * A new lock token: nanoid's 21 URL-safe characters, 126 random bits from the system CSPRNG.
 * (A hand-written pooled generator saved ~0.3 µs per token here, under 1% of one acquire and
 * release: not worth a second implementation of what nanoid does well.)
 */
export function newToken(): string {
  return nanoid();
}
