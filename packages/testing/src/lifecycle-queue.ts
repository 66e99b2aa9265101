/**
 * Runs one node's lifecycle operations (start, kill, stop, restart, pause, resume, dispose)
 * one at a time, in call order: each starts once the previous one has settled, whether it
 * succeeded or failed.
 *
 * Queueing rather than refusing an overlapping call keeps fault schedules simple (a chaos loop
 * may restart a node while a test's cleanup kills it), and it is what keeps a node's `state`
 * and `pid` true: two restarts run side by side would spawn two servers on one port, only one
 * of which the node would know about, kill or dispose of.
 *
 * An operation must not call another queued operation of the same node: it would wait for
 * itself. Operations call each other's unqueued bodies instead.
 */
export class LifecycleQueue {
  #tail: Promise<unknown> = Promise.resolve();

  /** Runs `operation` after every operation queued before it has settled. */
  run<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(operation);
    // The chain only orders operations; each caller still sees its own operation's rejection.
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
