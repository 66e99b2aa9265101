import { describe, expect, it } from 'vitest';
import { RestartGuard } from '../../src/index.js';

const MAX_TTL = 1000;
const RECHECK = 500;

describe('RestartGuard', () => {
  it("in 'on' mode trusts a node at first contact, however young it is", () => {
    const guard = new RestartGuard(3, 'on', MAX_TTL, RECHECK);
    expect(guard.enabled).toBe(true);
    expect(guard.needsIdentify(0, 0)).toBe(true);
    expect(guard.identified(0, 'run-a', 0, 100)).toBe(true);
    expect(guard.excludedUntil(0)).toBe(-Infinity);
  });

  it('excludes a node whose run_id changed until its restart plus maxTtl', () => {
    const guard = new RestartGuard(3, 'on', MAX_TTL, RECHECK);
    guard.identified(1, 'run-a', 60_000, 0);
    // Seen again at t=5000 with a new run_id, uptime_in_seconds 1: up for 0-1 s, so the guard
    // assumes the latest restart, t=5000, and excludes it until 5000 + maxTtl.
    expect(guard.identified(1, 'run-b', 1_000, 5_000)).toBe(false);
    expect(guard.excludedUntil(1)).toBe(6_000);
    expect(guard.identified(1, 'run-b', 1_000, 5_999)).toBe(false);
    expect(guard.identified(1, 'run-b', 2_000, 6_000)).toBe(true);
    // The other nodes are not affected.
    expect(guard.excludedUntil(0)).toBe(-Infinity);
    expect(guard.excludedUntil(2)).toBe(-Infinity);
  });

  it('trusts a restarted node at once when it has surely been up for maxTtl already', () => {
    const guard = new RestartGuard(1, 'on', MAX_TTL, RECHECK);
    guard.identified(0, 'run-a', 60_000, 0);
    // uptime_in_seconds may read up to 1 s high: an uptime of maxTtl alone is not enough.
    expect(guard.identified(0, 'run-b', MAX_TTL + 1_000, 10_000)).toBe(true);
    expect(guard.excludedUntil(0)).toBe(-Infinity);
  });

  it('keeps the exclusion when the restarted node is seen again', () => {
    const guard = new RestartGuard(1, 'on', MAX_TTL, RECHECK);
    guard.identified(0, 'run-a', 60_000, 0);
    guard.identified(0, 'run-b', 0, 1_000); // excluded until 2000
    // The same run_id again, with an uptime that would date the restart earlier.
    expect(guard.identified(0, 'run-b', 900, 1_100)).toBe(false);
    expect(guard.excludedUntil(0)).toBe(2_000);
  });

  it('asks for identification when suspect, and otherwise every recheck period', () => {
    const guard = new RestartGuard(2, 'on', MAX_TTL, RECHECK);
    guard.identified(0, 'run-a', 60_000, 1_000);
    expect(guard.needsIdentify(0, 1_000)).toBe(false);
    expect(guard.needsIdentify(0, 1_499)).toBe(false);
    expect(guard.needsIdentify(0, 1_500)).toBe(true);
    guard.suspect(0);
    expect(guard.needsIdentify(0, 1_001)).toBe(true);
    expect(guard.needsIdentify(1, 1_001)).toBe(true); // never identified
  });

  it("in 'strict' mode distrusts a node younger than maxTtl at first contact (cold start)", () => {
    const guard = new RestartGuard(3, 'strict', MAX_TTL, RECHECK);
    expect(guard.identified(0, 'run-a', 1_000, 10_000)).toBe(false);
    expect(guard.excludedUntil(0)).toBe(11_000);
    expect(guard.identified(0, 'run-a', 2_000, 11_000)).toBe(true);
    // A node surely up for maxTtl or longer is trusted at first contact.
    expect(guard.identified(1, 'run-c', MAX_TTL + 1_000, 10_000)).toBe(true);
    expect(guard.identified(2, 'run-e', MAX_TTL, 10_000)).toBe(false);
    // Strict still applies the run_id rule afterwards.
    expect(guard.identified(1, 'run-d', 0, 20_000)).toBe(false);
    expect(guard.excludedUntil(1)).toBe(21_000);
  });

  it("in 'off' mode never identifies and never excludes", () => {
    const guard = new RestartGuard(2, 'off', MAX_TTL, RECHECK);
    expect(guard.enabled).toBe(false);
    expect(guard.needsIdentify(0, 0)).toBe(false);
    guard.suspect(0);
    expect(guard.needsIdentify(0, 1e9)).toBe(false);
    expect(guard.excludedUntil(0)).toBe(-Infinity);
  });
});
