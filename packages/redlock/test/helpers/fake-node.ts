// A fake Redis node for unit tests of the quorum: it answers the identify, acquire and release
// scripts (single, and batched for one-key locks) by their SHA1 as the test sets it up, and
// records what it was asked.
import {
  acquireManySimpleScript,
  acquireScript,
  releaseManySimpleScript,
  releaseScript,
} from '@redquorum/core/backend';
import { identifyScript } from '../../src/identify-script.js';
import { fakeClient, type FakeClient } from './fake-client.js';

/** How a fake node answers one script: a reply, a rejection, or never. */
export type Answer = number | Error | 'hang';

/** A fake node's state, changed by tests between calls. */
export interface FakeNode {
  readonly client: FakeClient;
  runId: string;
  uptimeSeconds: number;
  acquire: Answer;
  identify: 'answer' | 'hang';
  /** Names of the scripts it received, in order. */
  readonly scripts: () => string[];
}

const NAMES = new Map([
  [identifyScript.sha1, 'identify'],
  [acquireScript.sha1, 'acquire'],
  [releaseScript.sha1, 'release'],
  [acquireManySimpleScript.sha1, 'acquire-many'],
  [releaseManySimpleScript.sha1, 'release-many'],
]);

const settle = (answer: Answer): Promise<unknown> =>
  answer === 'hang'
    ? new Promise<never>(() => undefined)
    : answer instanceof Error
      ? Promise.reject(answer)
      : Promise.resolve(answer);

/** A node that says yes to everything until told otherwise. */
export function fakeNode(runId: string): FakeNode {
  const node: FakeNode = {
    runId,
    uptimeSeconds: 3600,
    acquire: 1,
    identify: 'answer',
    scripts: () => node.client.calls.map((call) => NAMES.get(call.script) ?? 'unknown'),
    client: fakeClient((call) => {
      switch (NAMES.get(call.script)) {
        case 'identify':
          return node.identify === 'hang'
            ? settle('hang')
            : Promise.resolve([node.runId, node.uptimeSeconds]);
        case 'acquire':
          return settle(node.acquire);
        case 'release':
          return Promise.resolve(node.acquire === 1 ? 1 : 0);
        // Batches of one-key locks (the simple scripts): one answer per lock.
        case 'acquire-many':
          return node.acquire instanceof Error || node.acquire === 'hang'
            ? settle(node.acquire)
            : Promise.resolve(call.options.keys.map(() => node.acquire));
        case 'release-many':
          return Promise.resolve(call.options.keys.map(() => (node.acquire === 1 ? 1 : 0)));
        default:
          return Promise.reject(new Error('NOSCRIPT unexpected script'));
      }
    }),
  };
  return node;
}
