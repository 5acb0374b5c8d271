import { rateExperiment } from "../diagnostics/rate_experiment.ts";
import { runNoiseControl } from "../diagnostics/noise_control.ts";
import { runOracleCombination } from "../diagnostics/oracle_combination.ts";
import { parseExperimentConfig } from "../experiment/config.ts";
import type { ExperimentData } from "../experiment/dataset.ts";
import { runExperiment } from "../experiment/experiment.ts";
import { openExperiment } from "../experiment/setup.ts";

/** Options of {@linkcode buildDryRunFindings}. */
export interface DryRunFindingsOptions {
  /** Runs per configuration. Default 2. */
  runs?: number;
  /** Optimization steps. Default 2. */
  steps?: number;
  /** Test rows. Default 12. */
  testLimit?: number;
  /** Validation rows. Default 6. */
  validationSize?: number;
  /** Noise-control repeats. Default 3. */
  noiseRepeats?: number;
  /** Already-loaded data (tests); default: SummEval loaded as `deno task run` does. */
  data?: ExperimentData;
}

/**
 * Rehearses the whole findings pipeline offline into `out`: a dry-run experiment over every mode
 * (SSS, SSC, SCC, CCC and the Single runs) under both gates, then both raters, the noise-only
 * control and the oracle combination (picked on validation and on test). Everything it stores is
 * synthetic (`dryRun: true`); it exists so the notebooks and figures can be rehearsed and tested
 * without a model.
 *
 * @param out A new experiment folder.
 * @param options Grid size and data.
 * @returns `out`.
 *
 * @example
 * ```ts ignore
 * import { buildDryRunFindings, openFindings } from "../mod.ts";
 * const findings = await openFindings(await buildDryRunFindings("runs/rehearsal"));
 * ```
 */
export async function buildDryRunFindings(
  out: string,
  options: DryRunFindingsOptions = {},
): Promise<string> {
  const parsed = parseExperimentConfig({
    modes: ["SSS", "SSC", "SCC", "CCC", "Single"],
    gates: ["mae", "none"],
    runs: options.runs ?? 2,
    steps: options.steps ?? 2,
    testLimit: options.testLimit ?? 12,
    validationSize: options.validationSize ?? 6,
    backend: "dry-run",
    concurrency: 4,
    out,
    llm: { cache: { mode: "live" } },
  });
  if (!parsed.ok) throw new Error(parsed.issues.join("\n"));
  const config = parsed.value;
  const experiment = await openExperiment(config, { data: options.data });
  try {
    const { llm, store, profile, data } = experiment;
    await runExperiment({
      config,
      spec: data.spec,
      splits: data.splits,
      llm,
      store,
      profile,
      optimizer: experiment.optimizer,
    });
    await rateExperiment(store, llm);
    const env = { llm, store, spec: data.spec, splits: data.splits, profile };
    await runNoiseControl(env, { repeats: options.noiseRepeats ?? 3 });
    await runOracleCombination(env, { selection: "validation" });
    await runOracleCombination(env, { selection: "test" });
  } finally {
    experiment.close();
  }
  return out;
}
