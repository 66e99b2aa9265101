// The demo's fault schedule: freeze one node, kill and restart another, partition a third,
// each for a stretch of the run, spread over it by the seed.

const sleepUntil = (at, stop) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, Math.max(0, at - performance.now()));
    stop.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Runs the schedule; `states[i]` says what is being done to node i, for the progress line. */
export async function runFaults({ nodes, seconds, random, states, stop, log }) {
  const start = performance.now();
  const span = (seconds * 1000) / 4;
  const pick = (taken) => {
    const free = nodes.nodes.map((_, i) => i).filter((i) => !taken.includes(i));
    return free[Math.floor(random() * free.length)];
  };
  const frozen = pick([]);
  const killed = pick([frozen]);
  const parted = pick([frozen, killed]);
  const steps = [
    [1, `freeze node ${frozen}`, () => ((states[frozen] = 'frozen'), nodes.at(frozen).pause())],
    [1.6, `thaw node ${frozen}`, () => ((states[frozen] = 'up'), nodes.at(frozen).resume())],
    [2, `kill node ${killed}`, () => ((states[killed] = 'killed'), nodes.at(killed).kill())],
    [
      2.5,
      `restart node ${killed}`,
      async () => {
        await nodes.at(killed).restart({ keepData: true });
        states[killed] = 'up';
      },
    ],
    [
      3,
      `partition node ${parted}`,
      () => ((states[parted] = 'partitioned'), nodes.at(parted).partition()),
    ],
    [3.6, `heal node ${parted}`, () => ((states[parted] = 'up'), nodes.at(parted).heal())],
  ];
  for (const [quarter, what, act] of steps) {
    await sleepUntil(start + quarter * span, stop);
    if (stop.aborted) return;
    log(what);
    await act();
  }
}
