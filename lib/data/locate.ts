/**
 * Where dataset files are found: an explicit path, then the folder named by `COLLIDE_DATA_DIR`, then
 * the project's own `data/` folder (filled by `deno task data`).
 *
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DataError } from "./data_error.ts";

/** Name of the environment variable that points at a folder of datasets. */
export const DATA_DIR_ENV = "COLLIDE_DATA_DIR";

/** Options of {@linkcode locateDataFile}. */
export interface LocateOptions {
  /** Explicit file path; used as is (no fallback) when given. */
  path?: string;
  /** Datasets folder; defaults to `$COLLIDE_DATA_DIR`. */
  dataDir?: string;
  /** The project's own datasets folder; defaults to `<repo>/data`. */
  projectDataDir?: string;
}

/** A located file and which rule found it. */
export interface LocatedFile {
  /** Absolute or caller-given path. */
  path: string;
  /** `"path"` (explicit), `"env"` (`COLLIDE_DATA_DIR` or `dataDir`) or `"project"` (`data/`). */
  origin: "path" | "env" | "project";
}

/**
 * The project's `data/` folder, resolved from this module's location (not the working directory).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { projectDataDir } from "./locate.ts";
 * assert(projectDataDir().endsWith("data"));
 * ```
 */
export function projectDataDir(): string {
  return fileURLToPath(new URL("../../data", import.meta.url));
}

/**
 * The datasets folder named by `COLLIDE_DATA_DIR`, or `undefined` when unset or unreadable.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { envDataDir } from "./locate.ts";
 * const dir = envDataDir();
 * assert(dir === undefined || dir.length > 0);
 * ```
 */
export function envDataDir(): string | undefined {
  try {
    return Deno.env.get(DATA_DIR_ENV) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finds `relative` (e.g. `summeval/summeval.jsonl`) by the rules above.
 *
 * @throws {DataError} When no location has the file; the message lists what was tried and says
 * to run `deno task data`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { locateDataFile } from "./locate.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/toy`);
 * await Deno.writeTextFile(`${dir}/toy/rows.jsonl`, "");
 * const found = await locateDataFile("toy/rows.jsonl", { dataDir: dir });
 * assert(found.origin === "env");
 * ```
 */
export async function locateDataFile(
  relative: string,
  options: LocateOptions = {},
): Promise<LocatedFile> {
  if (options.path !== undefined) return { path: options.path, origin: "path" };
  const tried: string[] = [];
  const dataDir = options.dataDir ?? envDataDir();
  if (dataDir !== undefined) {
    const path = join(dataDir, relative);
    if (await isFile(path)) return { path, origin: "env" };
    tried.push(`${path} (from ${options.dataDir === undefined ? `$${DATA_DIR_ENV}` : "dataDir"})`);
  }
  const path = join(options.projectDataDir ?? projectDataDir(), relative);
  if (await isFile(path)) return { path, origin: "project" };
  tried.push(path);
  throw new DataError(
    `dataset file not found; tried ${tried.join(", ")}. Run \`deno task data\` to download it, ` +
      `set ${DATA_DIR_ENV} to a folder that holds ${relative}, or pass an explicit path.`,
    { file: relative },
  );
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}
