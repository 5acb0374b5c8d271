/** Test helper: a small dry-run experiment store (all five modes, both gates), built once per call. */
import { openExperiment } from "../../lib/experiment/setup.ts";
import type { ExperimentConfig } from "../../lib/experiment/config.ts";
import { toyConfig, toyData } from "../experiment/_toy.ts";

/** Runs a dry-run grid into a new temporary folder and returns the folder and its config. */
export async function dryRunStore(
  overrides: Partial<ExperimentConfig> = {},
): Promise<{ dir: string; config: ExperimentConfig }> {
  const dir = await Deno.makeTempDir();
  const config = toyConfig(dir, {
    modes: ["SSS", "SSC", "SCC", "CCC", "Single"],
    gates: ["mae", "none"],
    runs: 1,
    steps: 2,
    concurrency: 4,
    ...overrides,
  });
  const experiment = await openExperiment(config, { data: toyData() });
  try {
    await experiment.run();
  } finally {
    experiment.close();
  }
  return { dir, config };
}
