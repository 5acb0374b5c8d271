/**
 * Seeded train / validation / test splits described by data ({@linkcode SplitOptions}). One code
 * path covers the paper's row-level split, a document-level (group) split, the WGC loader's extra
 * reshuffle, the paper's overlapping validation rows and a validation set disjoint from training.
 * Every permutation is numpy's legacy `RandomState(seed).permutation`, so the paper's orders are
 * reproduced exactly.
 *
 * @module
 */
import type { Example } from "./types.ts";
import { numpySample } from "./mt19937.ts";

/** Validation drawn from the units left after train and test; rows sharing a group with train are skipped. */
export interface ValidationFromRest {
  /** Draw from the unused units. */
  from: "rest";
  /** Units (rows or groups, as {@linkcode SplitOptions.unit}) to take. */
  size: number;
}

/**
 * The paper's validation: the tail `size` rows of a seed-`seed` shuffle of the (final) train rows,
 * optionally shuffled again with `reshuffleSeed`. These rows overlap the training pool.
 */
export interface ValidationFromTrain {
  /** Draw from the train rows. */
  from: "train";
  /** Rows to take from the tail. */
  size: number;
  /** numpy seed of the shuffle before taking the tail. */
  seed: number;
  /** numpy seed of a final shuffle of the taken rows, if any. */
  reshuffleSeed?: number;
}

/** How to draw a validation set. */
export type ValidationPlan = ValidationFromRest | ValidationFromTrain;

/** A split, as data. Sizes count units: rows for `unit: "row"`, groups for `unit: "group"`. */
export interface SplitOptions {
  /** numpy seed of the permutation of units. Default 42. */
  seed?: number;
  /** `"row"` permutes rows (the paper); `"group"` permutes groups, so no group spans two splits. Default `"row"`. */
  unit?: "row" | "group";
  /** Units in train: the first `train` units of the permutation. */
  train: number;
  /** Units in test: the next `test` units. */
  test: number;
  /** If set, train and test are each reshuffled with this numpy seed after slicing (the WGC loader). */
  loaderSeed?: number;
  /** Validation plan; no validation rows when omitted. */
  validation?: ValidationPlan;
}

/** Rows of each split, in split order. */
export interface DatasetSplit<T = Example> {
  /** Training rows. */
  train: T[];
  /** Validation rows (empty without a validation plan). */
  validation: T[];
  /** Test rows. */
  test: T[];
}

/** The paper's split in the order of its parquet files: 160 train and 480 test rows, numpy seed 42. */
export const PAPER_SPLIT: Readonly<SplitOptions> = Object.freeze({
  seed: 42,
  unit: "row",
  train: 160,
  test: 480,
});

/**
 * The paper's split as its runs saw it: {@linkcode PAPER_SPLIT} in the WGC loader's order (each
 * split reshuffled with seed 42) plus the paper's validation gate rows (tail 100 of a seed-42
 * shuffle of train, reshuffled with seed 1). The validation rows overlap training.
 */
export const PAPER_RUN_SPLIT: Readonly<SplitOptions> = Object.freeze({
  ...PAPER_SPLIT,
  loaderSeed: 42,
  validation: { from: "train" as const, size: 100, seed: 42, reshuffleSeed: 1 },
});

/**
 * The paper's train and test rows with a validation set disjoint from training: 100 further rows
 * of the same permutation whose document is not in train.
 */
export const PAPER_DISJOINT_SPLIT: Readonly<SplitOptions> = Object.freeze({
  ...PAPER_SPLIT,
  validation: { from: "rest" as const, size: 100 },
});

/** A document-level split: 10 train, 10 validation and 30 test groups, numpy seed 42. */
export const DOCUMENT_SPLIT: Readonly<SplitOptions> = Object.freeze({
  seed: 42,
  unit: "group",
  train: 10,
  test: 30,
  validation: { from: "rest" as const, size: 10 },
});

/**
 * Splits rows as `options` describes. Groups are ordered by first appearance before permuting.
 *
 * @throws {RangeError} If the sizes ask for more units than there are.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { splitExamples } from "./splits.ts";
 * const rows = Array.from({ length: 12 }, (_, i) => ({ id: `r${i}`, group: `g${i % 4}` }));
 * const split = splitExamples(rows, { unit: "group", train: 2, test: 1, validation: { from: "rest", size: 1 } });
 * const groups = (rs: { group: string }[]) => new Set(rs.map((r) => r.group));
 * assert(split.train.length === 6 && split.test.length === 3 && split.validation.length === 3);
 * assert(![...groups(split.test)].some((g) => groups(split.train).has(g)));
 * ```
 */
export function splitExamples<T extends { group: string }>(
  rows: readonly T[],
  options: SplitOptions,
): DatasetSplit<T> {
  const units = (options.unit ?? "row") === "row" ? rows.map((row) => [row]) : groupsOf(rows);
  const sizes = { train: options.train, test: options.test };
  for (const [name, size] of Object.entries(sizes)) {
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`${name} size must be >= 0`);
  }
  if (sizes.train + sizes.test > units.length) {
    throw new RangeError(
      `train ${sizes.train} + test ${sizes.test} exceed the ${units.length} available units`,
    );
  }
  const order = numpySample(options.seed ?? 42, units);
  let train = order.slice(0, sizes.train).flat();
  let test = order.slice(sizes.train, sizes.train + sizes.test).flat();
  if (options.loaderSeed !== undefined) {
    train = numpySample(options.loaderSeed, train);
    test = numpySample(options.loaderSeed, test);
  }
  const plan = options.validation;
  const validation = plan === undefined
    ? []
    : plan.from === "train"
    ? validationFromTrain(train, plan)
    : fromRest(order.slice(sizes.train + sizes.test), train, plan);
  return { train, validation, test };
}

function groupsOf<T extends { group: string }>(rows: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const members = groups.get(row.group);
    if (members) members.push(row);
    else groups.set(row.group, [row]);
  }
  return [...groups.values()];
}

/**
 * Draws the paper's validation rows from `train` (see {@linkcode ValidationFromTrain}); the rows
 * stay in `train`.
 *
 * @throws {RangeError} When `plan.size` exceeds the train rows.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { validationFromTrain } from "./splits.ts";
 * const rows = Array.from({ length: 10 }, (_, i) => i);
 * const validation = validationFromTrain(rows, { from: "train", size: 4, seed: 42, reshuffleSeed: 1 });
 * assert.equal(validation.length, 4);
 * ```
 */
export function validationFromTrain<T>(train: readonly T[], plan: ValidationFromTrain): T[] {
  if (plan.size > train.length) {
    throw new RangeError(`validation size ${plan.size} exceeds the ${train.length} train rows`);
  }
  const tail = plan.size === 0 ? [] : numpySample(plan.seed, train).slice(-plan.size);
  return plan.reshuffleSeed === undefined ? tail : numpySample(plan.reshuffleSeed, tail);
}

function fromRest<T extends { group: string }>(
  rest: T[][],
  train: T[],
  plan: ValidationFromRest,
): T[] {
  const trainGroups = new Set(train.map((row) => row.group));
  const eligible = rest.filter((unit) => unit.every((row) => !trainGroups.has(row.group)));
  if (plan.size > eligible.length) {
    throw new RangeError(
      `validation size ${plan.size} exceeds the ${eligible.length} unused units outside train's groups`,
    );
  }
  return eligible.slice(0, plan.size).flat();
}
