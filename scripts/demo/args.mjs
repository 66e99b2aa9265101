// Command-line options of the demo: --nodes, --workers, --seconds, --seed.
import { parseArgs } from 'node:util';

const USAGE = 'usage: pnpm demo [--nodes 5] [--workers 6] [--seconds 30] [--seed 42]';

function positiveInt(name, text, min, max) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`--${name} must be an integer in [${min}, ${max}], got ${text}\n${USAGE}`);
  }
  return value;
}

/** Parses argv into the demo's settings; throws RangeError with the usage on bad input. */
export function demoArgs(argv) {
  let values;
  try {
    // `pnpm demo -- --seed 42` passes the `--` on: it separates nothing here.
    ({ values } = parseArgs({
      args: argv.filter((arg) => arg !== '--'),
      options: {
        nodes: { type: 'string', default: '5' },
        workers: { type: 'string', default: '6' },
        seconds: { type: 'string', default: '30' },
        seed: { type: 'string', default: String(Date.now() % 100_000) },
      },
    }));
  } catch (error) {
    throw new RangeError(`${error.message}\n${USAGE}`, { cause: error });
  }
  return {
    nodes: positiveInt('nodes', values.nodes, 3, 9),
    workers: positiveInt('workers', values.workers, 1, 64),
    seconds: positiveInt('seconds', values.seconds, 5, 3600),
    seed: positiveInt('seed', values.seed, 0, 2 ** 31),
  };
}
