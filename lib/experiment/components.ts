/**
 * The experiment's components chosen by configuration through lookup tables: the profile
 * (`PROFILES` in `lib/loop`) and the optimizer, which also declares the grid axes of its runs.
 *
 * @module
 */
import type { Profile } from "../loop/profile.ts";
import { resolveProfile } from "../loop/profile_spec.ts";
import type { PromptOptimizer } from "../loop/prompt_optimizer.ts";
import { oproOptimizer } from "../opro/opro_optimizer.ts";
import { parseMode } from "../textgrad/mode.ts";
import { textGradOptimizer } from "../textgrad/optimizer.ts";
import {
  activeMitigations,
  judgeStrategyOf,
  type MitigationsConfig,
} from "../mitigations/config.ts";
import { mitigationPipeline } from "../mitigations/pipeline_options.ts";
import type { ExperimentConfig, OproConfig, OptimizerConfig, TextGradConfig } from "./config.ts";
import { experimentGrid } from "./grid.ts";
import type { Algorithm, RunKey } from "./types.ts";

/** What a grid axis may read from the configuration. */
export type GridConfig =
  & Pick<ExperimentConfig, "modes" | "gates" | "runs">
  & Partial<Pick<ExperimentConfig, "profile">>;

/** One axis of the run grid: its values, given the cell built so far. */
export interface GridAxis {
  /** The run-key field the axis sets. */
  key: "mode" | "gate" | "run" | "criterion";
  /** The axis's values for a cell whose earlier axes are set. */
  values(cell: Partial<RunKey>, config: GridConfig, criteria: readonly string[]): unknown[];
}

/** An optimizer in the {@linkcode OPTIMIZERS} table. */
export interface OptimizerEntry {
  /** The grid axes of its runs, in run-id order. */
  axes: readonly GridAxis[];
  /** Builds the optimizer of one run under the configured mitigations. */
  build(options: OptimizerConfig, run: RunKey, mitigations: MitigationsConfig): PromptOptimizer;
}

function modeOf(name: string) {
  const parsed = parseMode(name);
  if (!parsed.ok) throw new RangeError(parsed.issues.join("; "));
  return parsed.value;
}

/** Modes × gates × runs; a one-criterion mode (Single) adds one run per criterion. */
const MODE_GRID: readonly GridAxis[] = [
  { key: "mode", values: (_cell, config) => config.modes },
  { key: "gate", values: (_cell, config) => config.gates },
  { key: "run", values: (_cell, config) => Array.from({ length: config.runs }, (_, i) => i + 1) },
  {
    key: "criterion",
    values: (cell, _config, criteria) => modeOf(cell.mode!).single ? [...criteria] : [null],
  },
];

/**
 * OPRO's grid: the modes and gates of {@linkcode experimentGrid} (one `CCC` configuration for all
 * multi-criterion modes; every gate `none` under `oproWithoutGate`), then runs and criteria.
 */
const OPRO_GRID: readonly GridAxis[] = [
  { key: "mode", values: (_cell, config) => oproGrid(config).modes },
  { key: "gate", values: (_cell, config) => oproGrid(config).gates },
  ...MODE_GRID.slice(2),
];

function oproGrid(config: GridConfig): { modes: string[]; gates: string[] } {
  return experimentGrid({ ...config, algorithm: "opro", profile: config.profile ?? "default" });
}

/** The optimizers by name. OPRO ignores the mode's letters: its grid folds them into `CCC`. */
export const OPTIMIZERS: Readonly<Record<Algorithm, OptimizerEntry>> = Object.freeze({
  textgrad: {
    axes: MODE_GRID,
    build: (options: OptimizerConfig, run: RunKey, mitigations: MitigationsConfig) =>
      textGradOptimizer(textGradOptions(run.mode, options as TextGradConfig, mitigations)),
  },
  opro: {
    axes: OPRO_GRID,
    build: (options: OptimizerConfig) => {
      const { name: _name, ...rest } = options as OproConfig;
      return oproOptimizer(rest);
    },
  },
});

/**
 * The run keys of a configuration: the cartesian product of the optimizer's axes, in axis order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { planRuns } from "./components.ts";
 * const keys = planRuns({ optimizer: { name: "textgrad" }, modes: ["SSS", "Single"],
 *   gates: ["mae"], runs: 2 }, ["a", "b"]);
 * assert.ok(keys.length === 2 + 2 * 2);
 * assert.ok(keys[0].algorithm === "textgrad" && keys[0].criterion === null);
 * ```
 */
export function planRuns(
  config: GridConfig & Pick<ExperimentConfig, "optimizer">,
  criteria: readonly string[],
): RunKey[] {
  let cells: Partial<RunKey>[] = [{ algorithm: config.optimizer.name }];
  for (const axis of OPTIMIZERS[config.optimizer.name].axes) {
    cells = cells.flatMap((cell) =>
      axis.values(cell, config, criteria).map((value) => ({ ...cell, [axis.key]: value }))
    );
  }
  return cells as RunKey[];
}

/**
 * The optimizer factory of a configuration: one optimizer per run, from {@linkcode OPTIMIZERS}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { optimizerOf } from "./components.ts";
 * const build = optimizerOf({ optimizer: { name: "opro", candidates: 2 } });
 * assert.ok(build({ algorithm: "opro", mode: "CCC", gate: "none", run: 1, criterion: null })
 *   .name === "opro");
 * ```
 */
export function optimizerOf(
  config: Pick<ExperimentConfig, "optimizer"> & Partial<Pick<ExperimentConfig, "mitigations">>,
): (run: RunKey) => PromptOptimizer {
  const entry = OPTIMIZERS[config.optimizer.name];
  return (run) => entry.build(config.optimizer, run, config.mitigations ?? {});
}

/** TextGrad's options for one mode: the configured merge, overridden by the mitigations. */
function textGradOptions(mode: string, options: TextGradConfig, mitigations: MitigationsConfig) {
  const parsed = modeOf(mode);
  return { mode: parsed, merge: options.merge, ...mitigationPipeline(parsed, mitigations) };
}

/**
 * The quirk profile a configuration names (`paper`, `default` or `{ base, quirks }`), with the
 * judge's structured output when `judge.structuredOutput` asks for it (never in the paper
 * profile) and the `shareIdenticalJudgeInputs` switch.
 *
 * @throws {RangeError} When the profile does not resolve (configs are validated before).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { profileOf } from "./components.ts";
 * assert.ok(profileOf({ profile: "paper" }).quirks.spearmanZeroOnConstant);
 * const ablation = profileOf({ profile: { base: "default", quirks: { cccFirstTaskLabel: true } } });
 * assert.ok(ablation.quirks.cccFirstTaskLabel && !ablation.quirks.spearmanZeroOnConstant);
 * ```
 */
export function profileOf(
  config:
    & Pick<ExperimentConfig, "profile">
    & Partial<Pick<ExperimentConfig, "shareIdenticalJudgeInputs" | "judge" | "mitigations">>,
): Profile {
  const resolved = resolveProfile(config.profile);
  if (!resolved.ok) throw new RangeError(resolved.issues.join("; "));
  let profile = resolved.value;
  // Constrained judge decoding is never part of the paper profile.
  const structured = config.judge?.structuredOutput;
  if (profile.name !== "paper" && structured === "json_schema") {
    profile = { ...profile, judgeStructuredOutput: structured };
  }
  if (config.shareIdenticalJudgeInputs) profile = { ...profile, shareIdenticalJudgeInputs: true };
  const strategy = judgeStrategyOf(config.mitigations ?? {});
  if (strategy !== "joint") profile = { ...profile, judgeStrategy: strategy };
  return profile;
}

/** The components of an experiment as the manifest records them. */
export interface ResolvedComponents {
  /** The optimizer's name and options, and for TextGrad the stages of each mode's pipeline. */
  optimizer: OptimizerConfig & { stages?: Record<string, readonly string[]> };
  /** The mitigation switches that are on, with their options (`{}`: none). */
  mitigations: MitigationsConfig;
}

/**
 * The resolved components of a configuration (the profile is recorded on its own).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolvedComponents } from "./components.ts";
 * const components = resolvedComponents({ optimizer: { name: "textgrad" }, modes: ["SSC"],
 *   mitigations: {} });
 * assert.deepEqual(components.optimizer.stages?.SSC,
 *   ["judge:batch", "loss:S", "gradient:S", "merge:paper", "optimizer:C"]);
 * ```
 */
export function resolvedComponents(
  config: Pick<ExperimentConfig, "optimizer" | "modes" | "mitigations">,
): ResolvedComponents {
  const optimizer = config.optimizer;
  const mitigations = Object.fromEntries(
    activeMitigations(config.mitigations).map((name) => [name, config.mitigations[name]]),
  ) as MitigationsConfig;
  if (optimizer.name !== "textgrad") return { optimizer: { ...optimizer }, mitigations };
  const stages = Object.fromEntries(config.modes.map((mode) => [
    mode,
    textGradOptimizer(textGradOptions(mode, optimizer, config.mitigations)).stages,
  ]));
  return {
    optimizer: { ...optimizer, merge: optimizer.merge ?? "paper", stages },
    mitigations,
  };
}
