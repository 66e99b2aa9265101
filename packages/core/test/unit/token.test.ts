// Lock tokens: 128 random bits as 22 base64url characters, never repeating.
import { describe, expect, it } from 'vitest';
import { newToken } from '../../src/engine/token.js';

describe('newToken', () => {
  it('draws distinct 22-character base64url tokens across pool refills', () => {
    const tokens = Array.from({ length: 2_000 }, () => newToken());
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
