/**
 * Training minibatches and the validation sample (paper-method §2.4).
 *
 * @module
 */
import { numpySample } from "../data/mt19937.ts";
import { validationFromTrain } from "../data/splits.ts";
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

/** Options of {@linkcode validationSplit}. */
export interface ValidationOptions {
  /** Validation sample size (paper: 100). */
  size?: number;
  /** Selects whether the sample stays in the training pool. */
  profile: Profile;
  /** Seed of the first shuffle (paper: 42). */
  seed?: number;
  /**
   * Rows outside training, in the data layer's order (e.g. `split.validation` of
   * `PAPER_DISJOINT_SPLIT`): the disjoint validation sample is their first `size` rows. Required
   * when `validationOverlapsTraining` is off.
   */
  rest?: readonly Example[];
}

/** The training pool and the validation sample. */
export interface ValidationSplit {
  /** Rows training batches are drawn from. */
  train: Example[];
  /** The fixed validation sample of the gate. */
  validation: Example[];
}

/**
 * The gate's validation sample. Under `validationOverlapsTraining` (the paper) it is carved from
 * the training rows as the paper does: shuffle (numpy, seed 42), take the tail `size`, shuffle
 * those again (numpy, seed 1), and the training pool keeps every row. Otherwise it is disjoint by
 * the data layer's one definition: the first `size` of the `rest` rows outside training
 * (`PAPER_DISJOINT_SPLIT`), and the training pool is unchanged. Call it only when a gate is used.
 *
 * @throws {RangeError} When `size` is not below the number of rows, or a disjoint sample is asked
 * for without enough `rest` rows.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { validationSplit } from "./batches.ts";
 * import { DEFAULT_PROFILE, PAPER_PROFILE } from "./profile.ts";
 * const rows = Array.from({ length: 10 }, (_, i) => ({ id: `e${i}`, itemId: `e${i}`, group: "g",
 *   inputs: {}, labels: {} }));
 * assert.ok(validationSplit(rows, { size: 4, profile: PAPER_PROFILE }).train.length === 10);
 * const rest = rows.map((e) => ({ ...e, id: `x${e.id}` }));
 * const disjoint = validationSplit(rows, { size: 4, profile: DEFAULT_PROFILE, rest });
 * assert.ok(disjoint.train.length === 10 && disjoint.validation[0].id === "xe0");
 * ```
 */
export function validationSplit(
  train: readonly Example[],
  options: ValidationOptions,
): ValidationSplit {
  const size = options.size ?? 100;
  if (!Number.isInteger(size) || size < 1 || size >= train.length) {
    throw new RangeError(
      `validation size must be an integer in 1..${train.length - 1}, got ${size}`,
    );
  }
  if (!options.profile.quirks.validationOverlapsTraining) {
    const rest = options.rest ?? [];
    if (rest.length < size) {
      throw new RangeError(
        `a validation sample disjoint from training needs ${size} rows outside training ` +
          `(options.rest, e.g. the data layer's PAPER_DISJOINT_SPLIT validation), got ${rest.length}`,
      );
    }
    const inTrain = new Set(train.map((e) => e.id));
    const clash = rest.find((e) => inTrain.has(e.id));
    if (clash) throw new RangeError(`validation row ${clash.id} is a training row`);
    return { train: [...train], validation: rest.slice(0, size) };
  }
  const validation = validationFromTrain(train, {
    from: "train",
    size,
    seed: options.seed ?? 42,
    reshuffleSeed: 1,
  });
  return { train: [...train], validation };
}
