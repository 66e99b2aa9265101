// Lock tokens: nanoid's 21 URL-safe characters (126 random bits), never repeating.
import { describe, expect, it } from 'vitest';
import { newToken } from '../../src/engine/token.js';

describe('newToken', () => {
  it('draws distinct 21-character URL-safe tokens', () => {
    const tokens = Array.from({ length: 2_000 }, () => newToken());
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{21}$/);
  });
});
