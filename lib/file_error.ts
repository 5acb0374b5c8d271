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
