/**
 * A small dry-run mitigation study with every diagnostic, for notebook 06 and tests: every
 * number it holds is synthetic.
 *
 * @module
 */
import { parseExperimentConfig } from "../experiment/config.ts";
import { mitigationArms, runMitigationStudy } from "../experiment/mitigation_study.ts";
import { openExperiment } from "../experiment/setup.ts";
import type { ExperimentData } from "../experiment/dataset.ts";
import { rateExperiment } from "../diagnostics/rate_experiment.ts";
import { runNoiseControl } from "../diagnostics/noise_control.ts";

/** Options of {@linkcode buildDryRunMitigationStudy}. */
export interface DryRunStudyOptions {
  /** Already-loaded data (default: the configured SummEval). */
  data?: ExperimentData;
  /** Steps per run. Default 2. */
  steps?: number;
  /** Test rows. Default 12. */
  testLimit?: number;
}

/**
 * Runs a dry-run study in `out` (modes SSC and CCC, gate mae, 2 runs; arms: baseline,
 * per-criterion judging, field-masked judging, a 60-token length budget, the router at 6 and
 * the conflict merge), rates every arm and runs 3 noise repeats on the baseline. Returns `out`.
 *
 * @example
 * ```ts ignore
 * const out = await buildDryRunMitigationStudy("/tmp/study");
 * ```
 */
export async function buildDryRunMitigationStudy(
  out: string,
  options: DryRunStudyOptions = {},
): Promise<string> {
  const parsed = parseExperimentConfig({
    modes: ["SSC", "CCC"],
    gates: ["mae"],
    runs: 2,
    steps: options.steps ?? 2,
    testLimit: options.testLimit ?? 12,
    validationSize: 6,
    backend: "dry-run",
    concurrency: 4,
    out,
    llm: {
      cache: { mode: "live" },
      defaults: { price: { inputPerMillion: 1, outputPerMillion: 4 } },
    },
    mitigations: {
      perCriterionJudge: true,
      lengthBudget: { tokens: 60 },
      specificityRouter: { threshold: 6 },
      conflictMerge: { detect: "embedding", resolve: "drop" },
    },
  });
  if (!parsed.ok) throw new Error(parsed.issues.join("\n"));
  // The two judge strategies exclude each other in one arm, so the field-masked arm is added.
  const arms = mitigationArms(parsed.value.mitigations);
  arms.splice(2, 0, { name: "fieldMaskedJudge", mitigations: { fieldMaskedJudge: true } });
  const study = await runMitigationStudy(parsed.value, { data: options.data, arms });
  for (const arm of study.arms) {
    const config = {
      ...parsed.value,
      mitigations: arm.mitigations,
      sampling: "paired" as const,
      out: arm.out,
    };
    const experiment = await openExperiment(config, {
      resume: true,
      data: options.data,
      cachePath: `${out}/cache.sqlite`,
    });
    try {
      const { llm, store, profile, data } = experiment;
      await rateExperiment(store, llm);
      if (arm.name === "baseline") {
        await runNoiseControl({ llm, store, spec: data.spec, splits: data.splits, profile }, {
          repeats: 3,
        });
      }
    } finally {
      experiment.close();
    }
  }
  return out;
}
