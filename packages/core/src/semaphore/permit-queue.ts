import { abortableWait, type AbortableWait } from '../engine/abortable-wait.js';
import type { SignalListeners } from '../engine/signal-listeners.js';

/**
 * One acquisition in a {@link PermitQueue}: whether it is first, and its wait for that, which
 * the one before it ends by leaving.
 */
export class PermitTurn {
  readonly #line: PermitTurn[];
  #wait: AbortableWait<boolean> | undefined;
  /** Woken while not waiting: the next wait ends at once. */
  #woken = false;

  constructor(line: PermitTurn[]) {
    this.#line = line;
  }

  /** Whether no earlier acquisition of this process waits for the same resource. */
  get first(): boolean {
    return this.#line[0] === this;
  }

  /**
   * Waits `ms` (or until woken, or until `signal` aborts: then rejects with its reason).
   * @returns Whether it was woken rather than timed out.
   */
  wait(ms: number, signal: AbortSignal | undefined, listeners: SignalListeners): Promise<boolean> {
    if (this.#woken) {
      this.#woken = false;
      return Promise.resolve(true);
    }
    const wait = abortableWait({ ms, timedOut: () => false, signal, listeners });
    this.#wait = wait;
    const ended = (): void => {
      if (this.#wait === wait) this.#wait = undefined;
    };
    return wait.promise.then(
      (woken) => {
        ended();
        return woken;
      },
      (error: unknown) => {
        ended();
        throw error;
      },
    );
  }

  /** Ends the wait under way, or the next one. */
  wake(): void {
    const wait = this.#wait;
    this.#wait = undefined;
    if (wait !== undefined) wait.resolve(true);
    else this.#woken = true;
  }
}

/**
 * This process's acquisitions of each semaphore resource, in arrival order: only the first
 * tries for permits, so a holder that releases and asks again goes behind those already
 * waiting instead of taking the permit back before their next retry (which starved them: one
 * loop got hundreds of permits while others got one). The first retries on its own schedule,
 * as another process's first does; when it leaves (with permits, or failing), the next tries at
 * once.
 */
export class PermitQueue {
  readonly #lines = new Map<string, PermitTurn[]>();

  /** Queues an acquisition of `resource`; `leave` it when it ends, however. */
  join(resource: string): PermitTurn {
    let line = this.#lines.get(resource);
    if (line === undefined) {
      line = [];
      this.#lines.set(resource, line);
    }
    const turn = new PermitTurn(line);
    line.push(turn);
    return turn;
  }

  /** Takes `turn` out of the line; the next first, if any, tries at once. */
  leave(resource: string, turn: PermitTurn): void {
    const line = this.#lines.get(resource);
    if (line === undefined) return;
    const index = line.indexOf(turn);
    if (index === -1) return;
    line.splice(index, 1);
    if (line.length === 0) this.#lines.delete(resource);
    else if (index === 0) line[0]!.wake();
  }
}
