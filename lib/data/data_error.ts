/**
 * The one error type of the data layer: bad rows, missing fields, out-of-scale scores, checksum
 * mismatches and missing files all surface as a {@linkcode DataError} naming where it happened.
 *
 * @module
 */

/** Where a {@linkcode DataError} happened. */
export interface DataErrorLocation {
  /** File (or URL) the problem is in. */
  file: string;
  /** 1-based line, when the problem is in one row. */
  line?: number;
  /** Dotted path of the offending field, when known (e.g. `expert.fluency.2`). */
  field?: string;
  /** Underlying cause. */
  cause?: unknown;
}

/**
 * A dataset file is missing, corrupted or does not match its schema. The message starts with
 * `file:line: field:` so it can be read (and clicked) as is.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DataError } from "./data_error.ts";
 * const error = new DataError("expected an integer", { file: "a.jsonl", line: 3, field: "score" });
 * assert(error.message === "a.jsonl:3: score: expected an integer");
 * ```
 */
export class DataError extends Error {
  /** File (or URL) the problem is in. */
  readonly file: string;
  /** 1-based line, when the problem is in one row. */
  readonly line?: number;
  /** Dotted path of the offending field, when known. */
  readonly field?: string;

  /** Builds the error; `detail` is the human-readable problem. */
  constructor(detail: string, location: DataErrorLocation) {
    const where = location.line === undefined ? location.file : `${location.file}:${location.line}`;
    const prefix = location.field === undefined ? where : `${where}: ${location.field}`;
    super(`${prefix}: ${detail}`, { cause: location.cause });
    this.name = "DataError";
    this.file = location.file;
    this.line = location.line;
    this.field = location.field;
  }
}
