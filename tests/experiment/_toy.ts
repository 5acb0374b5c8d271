/** Test helpers: the library's toy experiment, so run-loop tests need no data files. */
import assert from "node:assert/strict";
import type { ExperimentConfig } from "../../lib/experiment/config.ts";
import { openExperiment } from "../../lib/experiment/setup.ts";
import { toyExperimentConfig, toyExperimentData } from "../../lib/testing/toy_experiment.ts";

export { toyExperimentConfig as toyConfig, toyExperimentData as toyData };

/**
 * Runs a dry run of the toy grid (2 steps, concurrency 4, then `grid`) in a new temporary folder
 * through the public API (`openExperiment` → `run`), returns what `read(dir)` makes of the
 * folder, and removes it.
 */
export async function withToyGrid<T>(
  grid: Partial<ExperimentConfig>,
  read: (dir: string) => T | Promise<T>,
): Promise<T> {
  const dir = await Deno.makeTempDir();
  try {
    const config = toyExperimentConfig(dir, { steps: 2, concurrency: 4, ...grid });
    const experiment = await openExperiment(config, { data: toyExperimentData() });
    try {
      await experiment.run();
    } finally {
      experiment.close();
    }
    return await read(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Digests each grid with `digestOf` and compares with the committed digest `file`;
 * `COLLIDE_UPDATE_DIGEST=1` rewrites it first (only when a change of records is meant).
 */
export async function assertDigests(
  file: URL,
  grids: Record<string, Partial<ExperimentConfig>>,
  digestOf: (grid: Partial<ExperimentConfig>) => Promise<Record<string, string>>,
): Promise<void> {
  const actual: Record<string, Record<string, string>> = {};
  for (const [name, grid] of Object.entries(grids)) actual[name] = await digestOf(grid);
  if (Deno.env.get("COLLIDE_UPDATE_DIGEST") === "1") {
    await Deno.writeTextFile(file, JSON.stringify(actual, null, 2) + "\n");
  }
  assert.deepEqual(actual, JSON.parse(await Deno.readTextFile(file)));
}
