// Command counts from INFO commandstats, summed over nodes, reset with CONFIG RESETSTAT.

/** The harness's own commands, left out of every count. */
const OWN = /^(info|config|client|hello|ping|select|command|script)(\||$)/;

export async function resetStats(admins) {
  await Promise.all(admins.map((admin) => admin.sendCommand(['CONFIG', 'RESETSTAT'])));
}

/** Calls per command since the last reset, summed over `admins`' nodes. */
export async function commandCounts(admins) {
  const counts = {};
  for (const text of await Promise.all(admins.map((admin) => admin.info('commandstats')))) {
    for (const match of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
      if (OWN.test(match[1])) continue;
      counts[match[1]] = (counts[match[1]] ?? 0) + Number(match[2]);
    }
  }
  return counts;
}

/** All calls, script-internal ones included (Redis counts those in commandstats too). */
export const totalCalls = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);

/** Commands the clients sent: scripts, plus the plain commands a contender sends itself. */
export const sentCalls = (counts, direct = []) =>
  (counts.evalsha ?? 0) + (counts.eval ?? 0) + direct.reduce((a, c) => a + (counts[c] ?? 0), 0);
