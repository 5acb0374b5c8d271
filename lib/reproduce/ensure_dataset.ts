/**
 * Data on first use: when the study's dataset is not found where the loaders look
 * (`COLLIDE_DATA_DIR` first, then the project's `data/`), it is fetched and verified exactly as
 * `deno task data` does. A set `COLLIDE_DATA_DIR` always wins: nothing is fetched then.
 *
 * @module
 */
import { DataError } from "../data/data_error.ts";
import { fetchData, type FetchDataOptions } from "../data/fetch_data.ts";
import { DATA_DIR_ENV, envDataDir, locateDataFile } from "../data/locate.ts";
import { DATASET_RECIPES } from "../data/sources.ts";

/** Options of {@linkcode ensureDataset}. */
export interface EnsureDatasetOptions {
  /** Folder holding the datasets (as `config.dataDir`); default `COLLIDE_DATA_DIR`. */
  dataDir?: string;
  /** Project data folder (tests); default the project's `data/`. */
  projectDataDir?: string;
  /** Passed to `fetchData` (a local `from`, a base URL); its `outDir` is the project folder. */
  fetch?: Omit<FetchDataOptions, "recipes" | "outDir" | "log">;
  /** Receives progress lines. */
  log?: (line: string) => void;
}

/** What {@linkcode ensureDataset} found or did. */
export interface EnsureDatasetResult {
  /** `present` (left alone) or `fetched` (obtained and verified now). */
  action: "present" | "fetched";
  /** The folder the dataset is in. */
  origin: string;
}

/**
 * Makes sure the dataset's files exist; fetches and verifies them into the project's `data/`
 * when they do not and no data folder is set.
 *
 * @throws {DataError} When `COLLIDE_DATA_DIR` (or `dataDir`) is set but lacks the files, or
 * the fetch fails.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ensureDataset } from "./ensure_dataset.ts";
 * await assert.rejects(() => ensureDataset("nope"), /unknown dataset/);
 * ```
 */
export async function ensureDataset(
  dataset: string,
  options: EnsureDatasetOptions = {},
): Promise<EnsureDatasetResult> {
  const recipe = DATASET_RECIPES.find((r) => r.name === dataset);
  if (!recipe) {
    throw new DataError(
      `unknown dataset ${dataset}; choose from ${DATASET_RECIPES.map((r) => r.name).join(", ")}`,
      { file: dataset, field: "dataset" },
    );
  }
  const log = options.log ?? console.log;
  const dataDir = options.dataDir ?? envDataDir();
  const missing: string[] = [];
  let origin = "";
  for (const output of recipe.outputs) {
    try {
      const found = await locateDataFile(output.file, {
        dataDir,
        projectDataDir: options.projectDataDir,
      });
      origin = found.path.slice(0, found.path.length - output.file.length - 1);
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      missing.push(output.file);
    }
  }
  if (missing.length === 0) return { action: "present", origin };
  if (dataDir !== undefined) {
    throw new DataError(
      `${dataset} is missing from ${dataDir} (${missing.join(", ")}), which ${
        options.dataDir ? "the config" : DATA_DIR_ENV
      } names; that folder wins, so nothing is fetched. Unset it, or run \`deno task data --out ${dataDir}\`.`,
      { file: dataDir },
    );
  }
  log(
    `${dataset} is not in the data folder yet: fetching and verifying it as \`deno task data\` does…`,
  );
  const [result] = await fetchData({
    ...options.fetch,
    recipes: [recipe],
    outDir: options.projectDataDir,
    log,
  });
  log(`${dataset}: ${result.action}, every checksum verified.`);
  const origin2 = result.files[0] ?? "";
  return {
    action: "fetched",
    origin: origin2.slice(0, origin2.length - recipe.outputs[0].file.length - 1),
  };
}
