/**
 * Training minibatches and the validation sample (paper-method §2.4).
 *
 * @module
 */
import { numpySample } from "../data/mt19937.ts";
import type { Example } from "../data/types.ts";
import { randomInt, seededRandom } from "../random.ts";
import type { Profile } from "./profile.ts";

/** Options of {@linkcode trainingBatch}. */
export interface BatchOptions {
  /** Step number (the paper's batch seed). */
  step: number;
  /** Run number (mixed into the seed unless `batchesSeededByStepOnly`). */
  run: number;
  /** Batch size (paper: 3). */
  size: number;
  /** Selects the seeding scheme. */
  profile: Profile;
  /** Extra seed of the run (default 0); ignored under `batchesSeededByStepOnly`. */
  seed?: number;
}

function seededShuffle<T>(rows: readonly T[], seed: string): T[] {
  const random = seededRandom(seed);
  const out = [...rows];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * The training minibatch of a step. Paper profile (`batchesSeededByStepOnly`): the head of the
 * pool shuffled like pandas `sample(frac=1, random_state=step)`, identical for every run. Default:
 * a shuffle seeded by (seed, run, step), so runs see different batches.
 *
 * @throws {RangeError} When `size` is not a positive integer or exceeds the pool.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { trainingBatch } from "./batches.ts";
 * import { DEFAULT_PROFILE, PAPER_PROFILE } from "./profile.ts";
 * const pool = Array.from({ length: 20 }, (_, i) => ({ id: `e${i}`, itemId: `e${i}`, group: "g",
 *   inputs: {}, labels: {} }));
 * const a = trainingBatch(pool, { step: 1, run: 1, size: 3, profile: PAPER_PROFILE });
 * const b = trainingBatch(pool, { step: 1, run: 2, size: 3, profile: PAPER_PROFILE });
 * assert.ok(a.map((e) => e.id).join() === b.map((e) => e.id).join());
 * assert.ok(trainingBatch(pool, { step: 1, run: 1, size: 3, profile: DEFAULT_PROFILE }).length === 3);
 * ```
 */
export function trainingBatch(train: readonly Example[], options: BatchOptions): Example[] {
  const { size } = options;
  if (!Number.isInteger(size) || size < 1 || size > train.length) {
    throw new RangeError(`batch size must be an integer in 1..${train.length}, got ${size}`);
  }
  const shuffled = options.profile.quirks.batchesSeededByStepOnly
    ? numpySample(Math.abs(options.step), train)
    : seededShuffle(train, `batch/${options.seed ?? 0}/r${options.run}/s${options.step}`);
  return shuffled.slice(0, size);
}
