/**
 * A user-fixable problem with a file the kit reads or writes (a corrupt store or cache, a
 * read-only folder, a full disk): the message names the file and says what to do.
 *
 * @module
 */

/** A problem with one file, named in the message with what to do about it. */
export class FileError extends Error {
  /** The file (or folder) concerned. */
  readonly file: string;

  /** Builds `<file>: <detail>`. */
  constructor(file: string, detail: string, options: { cause?: unknown } = {}) {
    super(`${file}: ${detail}`, { cause: options.cause });
    this.name = "FileError";
    this.file = file;
  }
}

/**
 * Runs `fn` (which opens or writes the SQLite file `file`), turning SQLite and file-system
 * failures into a {@linkcode FileError} that names the file and what to do.
 *
 * @throws {FileError} When `fn` fails on the file.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FileError, withSqliteFile } from "./file_error.ts";
 * assert.throws(
 *   () => withSqliteFile("runs/x/cache.sqlite", "call cache", () => { throw new Error("database disk image is malformed"); }),
 *   (e) => e instanceof FileError && /runs\/x\/cache\.sqlite: the call cache is corrupt/.test(e.message),
 * );
 * ```
 */
export function withSqliteFile<T>(file: string, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw sqliteFileError(file, what, error);
  }
}

/**
 * The {@linkcode FileError} for a failure of SQLite (or the file system) on `file`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sqliteFileError } from "./file_error.ts";
 * const error = sqliteFileError("out/experiment.sqlite", "experiment store", new Error("database or disk is full"));
 * assert.match(error.message, /disk is full/);
 * ```
 */
export function sqliteFileError(file: string, what: string, error: unknown): Error {
  if (error instanceof FileError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const text = message.toLowerCase();
  if (/not a database|malformed|corrupt|file is encrypted/.test(text)) {
    return new FileError(
      file,
      `the ${what} is corrupt (${message}); move it aside and start again with another --out ` +
        `(or delete it to rebuild it, losing what it held)`,
      { cause: error },
    );
  }
  if (/readonly|read-only|permission denied|access denied|unable to open/.test(text)) {
    return new FileError(
      file,
      `cannot write the ${what} (${message}); make its folder writable, or choose another --out`,
      { cause: error },
    );
  }
  if (/disk is full|no space|disk i\/o error|quota/.test(text)) {
    return new FileError(
      file,
      `cannot write the ${what}: the disk is full (${message}); free some space and resume with ` +
        `--resume`,
      { cause: error },
    );
  }
  return error instanceof Error ? error : new Error(message);
}

/** Environment variable that injects store write failures (fault campaigns, `deno task chaos`). */
export const WRITE_FAULT_ENV = "COLLIDE_INJECT_WRITE_FAULT";

/**
 * Write failures injected through {@linkcode WRITE_FAULT_ENV}: `full@N` or `readonly@N` makes
 * every write after the first `N` fail as SQLite does on a full disk or a read-only folder. Used by
 * `deno task chaos` to prove that such a failure is reported clearly and leaves a store that
 * resumes; `undefined` when unset (or when the environment cannot be read).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { injectedWriteFaults } from "./file_error.ts";
 * const faults = injectedWriteFaults("full@1")!;
 * faults.beforeWrite();
 * assert.throws(() => faults.beforeWrite(), /database or disk is full/);
 * ```
 */
export function injectedWriteFaults(spec?: string): { beforeWrite(): void } | undefined {
  let text = spec;
  if (text === undefined) {
    try {
      text = Deno.env.get(WRITE_FAULT_ENV);
    } catch {
      return undefined;
    }
  }
  const match = text?.match(/^(full|readonly)@(\d+)$/);
  if (!match) return undefined;
  const message = match[1] === "full"
    ? "database or disk is full (injected)"
    : "attempt to write a readonly database (injected)";
  let left = Number(match[2]);
  return {
    beforeWrite() {
      if (left-- <= 0) throw new Error(message);
    },
  };
}
