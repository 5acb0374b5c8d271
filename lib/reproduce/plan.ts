/**
 * The study `deno task reproduce` runs: the paper's protocol (paper-method §5) as one plan, from
 * flags, an experiment config file or `COLLIDE_LLM_CONFIG`, and the reduced dry-run study used
 * when no endpoint is configured.
 *
 * @module
 */
import {
  type ExperimentConfig,
  loadExperimentConfig,
  overrideConfig,
  parseExperimentConfig,
} from "../experiment/config.ts";
import { type MitigationArm, mitigationArms } from "../experiment/mitigation_study.ts";
import { activeMitigations } from "../mitigations/config.ts";
import type { ParseOutcome } from "../schema.ts";
import { DEFAULT_STUDY_ARMS } from "./mitigation_plan.ts";

/** Environment variable naming an endpoint config file (as the notebooks read it). */
export const LLM_CONFIG_ENV = "COLLIDE_LLM_CONFIG";

/** The whole study: the experiment grid and the diagnostics run on it. */
export interface StudyPlan {
  /** The experiment (every mode × gate × run). */
  config: ExperimentConfig;
  /** Repeats of the noise-only control (the paper's 13). */
  noiseRepeats: number;
  /** Oracle selections: `validation` (free of selection bias) and `test` (the paper's). */
  oracleSelections: ("validation" | "test")[];
  /** True when no endpoint is configured: the synthetic, reduced rehearsal. */
  dryRun: boolean;
  /** Where the endpoint came from (`--config`, the environment, or none). */
  endpointSource: string;
  /**
   * The mitigation study (`--mitigations`): its arms, baseline first; `null` when off. The
   * config's `mitigations` switches name the arms (the main experiment then stays the paper's);
   * without switches, `DEFAULT_STUDY_ARMS`.
   */
  mitigations: { arms: MitigationArm[] } | null;
}

/** The grid sizes a user may set by flag; absent fields keep the plan's defaults. */
export interface StudySizes {
  /** Runs per configuration. */
  runs?: number;
  /** Optimization steps. */
  steps?: number;
  /** Evaluate only the first n test rows. */
  testLimit?: number;
  /** Validation rows of the gate. */
  validationSize?: number;
  /** Noise-control repeats. */
  noiseRepeats?: number;
}

/** Inputs of {@linkcode buildStudyPlan} (the flags of `deno task reproduce`). */
export interface StudyPlanInput extends StudySizes {
  /** Experiment config file (its `llm` names the endpoint). */
  config?: string;
  /** Output folder. */
  out?: string;
  /** `summeval` or `brighter`. */
  dataset?: string;
  /** `paper` (default: the paper's quirks) or `default`. */
  profile?: "paper" | "default";
  /** Dollar cap. */
  budgetUsd?: number;
  /** Runs executed at once. */
  concurrency?: number;
  /** Add the paired mitigation study (phase `mitigations`). */
  mitigations?: boolean;
  /** Environment lookup (tests); default `Deno.env.get`. */
  env?: (name: string) => string | undefined;
}

/** The paper's protocol: every mode, both gates, 3 runs, 12 steps, full test split, 13 repeats. */
export const PAPER_STUDY: Readonly<Required<Omit<StudySizes, "testLimit">>> = Object.freeze({
  runs: 3,
  steps: 12,
  validationSize: 100,
  noiseRepeats: 13,
});

/** The reduced dry-run study: every mode and gate, 2 runs × 2 steps, 12 test rows, 3 repeats. */
export const DRY_RUN_STUDY: Readonly<Required<StudySizes>> = Object.freeze({
  runs: 2,
  steps: 2,
  testLimit: 12,
  validationSize: 6,
  noiseRepeats: 3,
});

/**
 * Builds the study plan. With `config` (or `COLLIDE_LLM_CONFIG` naming an endpoint file) the study
 * is live at the paper's sizes; with neither it is the reduced dry-run rehearsal. A config file's
 * own keys win over these defaults (a file with `backend: "dry-run"` rehearses at its prices), and
 * flags win over both.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildStudyPlan } from "./plan.ts";
 * const plan = await buildStudyPlan({ env: () => undefined });
 * assert.ok(plan.ok && plan.value.dryRun && plan.value.config.modes.length === 5);
 * assert.ok(plan.ok && plan.value.config.profile === "paper");
 * const small = await buildStudyPlan({ env: () => undefined, runs: 1, steps: 1 });
 * assert.ok(small.ok && small.value.config.runs === 1);
 * ```
 */
export async function buildStudyPlan(input: StudyPlanInput): Promise<ParseOutcome<StudyPlan>> {
  const env = input.env ?? ((name: string) => Deno.env.get(name));
  let base: ParseOutcome<ExperimentConfig>;
  let endpointSource = "none (dry run)";
  const envConfig = env(LLM_CONFIG_ENV);
  if (input.config !== undefined) {
    base = await loadExperimentConfig(input.config);
    endpointSource = `--config ${input.config}`;
  } else if (envConfig) {
    base = parseExperimentConfig({ llm: envConfig, backend: "openai" });
    endpointSource = `${LLM_CONFIG_ENV}=${envConfig}`;
  } else {
    base = parseExperimentConfig({ backend: "dry-run", llm: { cache: { mode: "live" } } });
  }
  if (!base.ok) return base;
  const dryRun = base.value.backend === "dry-run";
  const sizes = dryRun ? DRY_RUN_STUDY : PAPER_STUDY;
  // Keys the config file sets win over the study's defaults; flags win over both.
  const inFile = input.config === undefined ? new Set<string>() : await fileKeys(input.config);
  const fallback = <T>(key: string, value: T): T | undefined => inFile.has(key) ? undefined : value;
  const pick = <K extends keyof StudySizes>(key: K): number | undefined =>
    input[key] ?? fallback(key, (sizes as StudySizes)[key]);
  const dataset = input.dataset ?? base.value.dataset;
  const merged = overrideConfig(base.value, {
    modes: fallback("modes", ["SSS", "SSC", "SCC", "CCC", "Single"]),
    gates: fallback("gates", ["mae", "none"]),
    runs: pick("runs"),
    steps: pick("steps"),
    testLimit: pick("testLimit"),
    validationSize: pick("validationSize"),
    dataset,
    profile: input.profile ?? fallback("profile", "paper" as const),
    budgetUsd: input.budgetUsd,
    concurrency: input.concurrency,
    out: input.out ?? fallback("out", `runs/reproduce-${dataset}${dryRun ? "-dry-run" : ""}`),
  });
  if (!merged.ok) return merged;
  const switches = merged.value.mitigations;
  const mitigations = input.mitigations
    ? {
      arms: activeMitigations(switches).length > 0
        ? mitigationArms(switches)
        : structuredClone([...DEFAULT_STUDY_ARMS]),
    }
    : null;
  return {
    ok: true,
    value: {
      // With --mitigations the switches go to the study's arms; the main experiment is the paper's.
      config: mitigations ? { ...merged.value, mitigations: {} } : merged.value,
      mitigations,
      noiseRepeats: input.noiseRepeats ?? sizes.noiseRepeats,
      oracleSelections: ["validation", "test"],
      dryRun,
      endpointSource,
    },
  };
}

async function fileKeys(path: string): Promise<Set<string>> {
  try {
    return new Set(Object.keys(JSON.parse(await Deno.readTextFile(path)) ?? {}));
  } catch {
    return new Set();
  }
}
