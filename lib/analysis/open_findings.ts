import type { ExperimentConfig } from "../experiment/config.ts";
import { loadExperimentData } from "../experiment/dataset.ts";
import { profileOf } from "../experiment/components.ts";
import { ExperimentStore } from "../experiment/store.ts";
import { seededRandom } from "../random.ts";
import { type Findings, findingsOf } from "./findings.ts";

/** Options of {@linkcode openFindings}. */
export interface OpenFindingsOptions {
  /** Seed of the bootstrap intervals. Default 42. */
  seed?: number;
  /** Bootstrap resamples. Default 2000. */
  resamples?: number;
  /** Load the experiment's test split for the oracle table. Default true. */
  loadTest?: boolean;
}

/** Findings of a stored experiment, with where they come from. */
export interface StoredFindings extends Findings {
  /** The experiment folder. */
  out: string;
  /** Its name (the folder's last segment), used to name figures. */
  name: string;
}

/**
 * Opens the experiment in `out` (`<out>/experiment.sqlite`), reloads its test split from the
 * manifest's configuration (for the oracle table's labels; needs the dataset, see `deno task
 * data`) and runs every analysis.
 *
 * @param out The experiment folder (`--out` of `deno task run`).
 * @param options Bootstrap seed and resamples, whether to load the test split.
 * @returns The findings, named after the folder.
 * @throws {Error} When `out` holds no experiment.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openFindings } from "./open_findings.ts";
 * await assert.rejects(() => openFindings("/nonexistent/run"), /no experiment/);
 * ```
 */
export async function openFindings(
  out: string,
  options: OpenFindingsOptions = {},
): Promise<StoredFindings> {
  const path = `${out.replace(/\/+$/, "")}/experiment.sqlite`;
  try {
    await Deno.stat(path);
  } catch {
    throw new Error(
      `${out} holds no experiment (${path} is missing): run \`deno task run\` first.`,
    );
  }
  const store = ExperimentStore.open(path);
  try {
    const manifest = store.manifest();
    const config = manifest?.config as ExperimentConfig | undefined;
    const test = config && (options.loadTest ?? true)
      ? (await loadExperimentData(config, profileOf(config))).splits.test
      : undefined;
    const findings = await findingsOf(store, {
      random: seededRandom(options.seed ?? 42),
      resamples: options.resamples,
      test,
    });
    const name = out.replace(/\/+$/, "").split("/").at(-1) ?? "run";
    return { ...findings, out, name };
  } finally {
    store.close();
  }
}
