/**
 * A manual clock for deterministic, fast tests of time-dependent code (rate limits, backoff,
 * timeouts). Code under test takes `now` and `sleep` functions; tests pass the clock's and move
 * time forward with {@linkcode FakeClock.advance}.
 *
 * @module
 */

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * A clock whose time only moves when told to.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FakeClock } from "./fake_clock.ts";
 * const clock = new FakeClock();
 * let woke = false;
 * clock.sleep(1000).then(() => woke = true);
 * await clock.advance(999);
 * assert(!woke);
 * await clock.advance(1);
 * assert(woke && clock.now() === 1000);
 * ```
 */
export class FakeClock {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];

  /** Starts the clock at `start` milliseconds (default 0). */
  constructor(start = 0) {
    this.#now = start;
  }

  /** Current time in milliseconds. Bound, so it can be passed as a function. */
  now = (): number => this.#now;

  /**
   * Resolves when the clock has advanced by `ms`, or as soon as `signal` aborts. Bound, so it can
   * be passed as a function.
   */
  sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer: Timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, resolve: done };
      const timers = this.#timers;
      function done() {
        const index = timers.indexOf(timer);
        if (index >= 0) timers.splice(index, 1);
        signal?.removeEventListener("abort", done);
        resolve();
      }
      signal?.addEventListener("abort", done, { once: true });
      timers.push(timer);
    });
  };

  /** Number of sleeps still waiting. */
  get pending(): number {
    return this.#timers.length;
  }

  /**
   * Moves time forward by `ms`, waking due sleeps in time order and letting the code they wake
   * run (including real I/O) before moving on.
   */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await settle();
    for (;;) {
      const due = this.#timers
        .filter((timer) => timer.at <= target)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.#now = Math.max(this.#now, due.at);
      due.resolve();
      await settle();
    }
    this.#now = target;
    await settle();
  }
}

/** Lets pending promise callbacks and ready I/O run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
