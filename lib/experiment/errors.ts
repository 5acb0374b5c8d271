/**
 * Typed errors of opening an experiment; the CLI maps them to messages with its own flags.
 *
 * @module
 */

/**
 * The output folder already holds an experiment and resuming was not asked for.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExperimentExistsError } from "./errors.ts";
 * const error = new ExperimentExistsError("runs/x/experiment.sqlite");
 * assert.ok(error.path === "runs/x/experiment.sqlite" && error.name === "ExperimentExistsError");
 * ```
 */
export class ExperimentExistsError extends Error {
  /** The store that exists. */
  readonly path: string;
  /** An error about the existing store at `path`. */
  constructor(path: string) {
    super(`${path} already holds an experiment`);
    this.name = "ExperimentExistsError";
    this.path = path;
  }
}

/**
 * Resuming was asked for, but the output folder holds no experiment.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NothingToResumeError } from "./errors.ts";
 * assert.match(new NothingToResumeError("a/experiment.sqlite").message, /does not exist/);
 * ```
 */
export class NothingToResumeError extends Error {
  /** The store that is missing. */
  readonly path: string;
  /** An error about the missing store at `path`. */
  constructor(path: string) {
    super(`Nothing to resume: ${path} does not exist`);
    this.name = "NothingToResumeError";
    this.path = path;
  }
}

/**
 * The stored experiment was created with another configuration than the one given to resume it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ManifestDriftError } from "./errors.ts";
 * const error = new ManifestDriftError("a/experiment.sqlite", ["steps (stored 2)"]);
 * assert.match(error.message, /different configuration: steps/);
 * ```
 */
export class ManifestDriftError extends Error {
  /** The store. */
  readonly path: string;
  /** What differs, one entry per setting. */
  readonly drift: readonly string[];
  /** An error listing what differs (`drift`) between the store at `path` and the configuration. */
  constructor(path: string, drift: readonly string[]) {
    super(`${path} was created with a different configuration: ${drift.join(", ")}`);
    this.name = "ManifestDriftError";
    this.path = path;
    this.drift = drift;
  }
}

/**
 * The store was written by an older version of the kit, in a format this version does not read.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { StoreFormatError } from "./errors.ts";
 * const error = new StoreFormatError("a/experiment.sqlite", 4, 5);
 * assert.match(error.message, /older version of the kit \(store format 4/);
 * ```
 */
export class StoreFormatError extends Error {
  /** The store. */
  readonly path: string;
  /** Its format version. */
  readonly found: number;
  /** The version this kit reads and writes. */
  readonly expected: number;
  /** An error about the store at `path`, of format `found` where `expected` is read. */
  constructor(path: string, found: number, expected: number) {
    super(
      `${path} was written by an older version of the kit (store format ${found}, this kit reads ${expected}): run the experiment again into a new folder`,
    );
    this.name = "StoreFormatError";
    this.path = path;
    this.found = found;
    this.expected = expected;
  }
}
