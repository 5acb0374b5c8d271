/**
 * A mitigation study: the baseline and each mitigation of a config's `mitigations` section, run
 * as one experiment per arm on the same splits, seeds and grid, with paired sampling and one
 * shared call cache, so identical calls share their answers and differences between arms are not
 * sampling noise.
 *
 * @module
 */
import { activeMitigations, type MitigationsConfig } from "../mitigations/config.ts";
import type { ExperimentConfig } from "./config.ts";
import { openExperiment, type OpenExperimentOptions } from "./setup.ts";
import type { ExperimentOutcome } from "./experiment.ts";

/** One arm of a study: a name (the folder under the study's `out`) and its switches. */
export interface MitigationArm {
  /** `baseline`, or the switch name. */
  name: string;
  /** The switches of the arm (`{}` for the baseline). */
  mitigations: MitigationsConfig;
}

/**
 * The arms of a study: the baseline (no switch) and one arm per switch that is on, alone.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mitigationArms } from "./mitigation_study.ts";
 * const arms = mitigationArms({ perCriterionJudge: true, specificityRouter: { threshold: 6 } });
 * assert.deepEqual(arms.map((a) => a.name), ["baseline", "perCriterionJudge", "specificityRouter"]);
 * assert.deepEqual(arms[2].mitigations, { specificityRouter: { threshold: 6 } });
 * ```
 */
export function mitigationArms(mitigations: MitigationsConfig): MitigationArm[] {
  return [
    { name: "baseline", mitigations: {} },
    ...activeMitigations(mitigations).map((name) => ({
      name,
      mitigations: { [name]: mitigations[name] } as MitigationsConfig,
    })),
  ];
}

/** Options of {@linkcode runMitigationStudy}. */
export interface MitigationStudyOptions
  extends Pick<OpenExperimentOptions, "onCall" | "backend" | "data" | "latencyMs"> {
  /** Continue a study whose arms exist (each arm resumes; a missing arm starts). */
  resume?: boolean;
  /**
   * The arms (default {@linkcode mitigationArms} of the config's switches), e.g. to study the
   * two judge strategies, which exclude each other within one arm.
   */
  arms?: MitigationArm[];
  /** Called when an arm starts. */
  onArm?: (arm: MitigationArm, out: string) => void;
  /** Cancels the running arm's runs (they are marked `paused`; a resumed study continues them). */
  signal?: AbortSignal;
  /**
   * The dollar budget of the next arm, asked as each arm opens (e.g. what remains of a larger
   * study's budget); default the config's `budgetUsd`, per arm.
   */
  armBudgetUsd?: () => number | undefined;
}

/** What a study wrote: `<out>/study.json` lists the arms and their folders. */
export interface MitigationStudy {
  /** The study folder. */
  out: string;
  /** Each arm with its experiment folder and outcome. */
  arms: (MitigationArm & { out: string; outcome: ExperimentOutcome })[];
}

/**
 * Runs the study of `config` (its `mitigations` name the arms) under `config.out`: one experiment
 * per arm in `<out>/<arm>/`, sampling `paired`, all sharing the call cache `<out>/cache.sqlite`,
 * and `<out>/study.json` naming the arms.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runMitigationStudy } from "./mitigation_study.ts";
 * import { toyExperimentConfig, toyExperimentData } from "../testing/toy_experiment.ts";
 * const out = await Deno.makeTempDir();
 * const study = await runMitigationStudy(toyExperimentConfig(out, { modes: ["CCC"],
 *   gates: ["none"], steps: 1, mitigations: { perCriterionJudge: true } }),
 *   { data: toyExperimentData() });
 * assert.deepEqual(study.arms.map((a) => a.name), ["baseline", "perCriterionJudge"]);
 * await Deno.remove(out, { recursive: true });
 * ```
 */
export async function runMitigationStudy(
  config: ExperimentConfig,
  options: MitigationStudyOptions = {},
): Promise<MitigationStudy> {
  await Deno.mkdir(config.out, { recursive: true });
  const arms: MitigationStudy["arms"] = [];
  const cachePath = `${config.out}/cache.sqlite`;
  const plan = options.arms ?? mitigationArms(config.mitigations);
  await Deno.writeTextFile(
    `${config.out}/study.json`,
    JSON.stringify({ arms: plan.map((a) => ({ ...a, out: a.name })) }, null, 2) + "\n",
  );
  for (const arm of plan) {
    const out = `${config.out}/${arm.name}`;
    const armConfig = {
      ...config,
      mitigations: arm.mitigations,
      sampling: "paired" as const,
      out,
      budgetUsd: options.armBudgetUsd ? options.armBudgetUsd() : config.budgetUsd,
    };
    options.onArm?.(arm, out);
    const exists = await Deno.stat(`${out}/experiment.sqlite`).then(() => true, () => false);
    const {
      arms: _arms,
      onArm: _onArm,
      resume: _resume,
      signal,
      armBudgetUsd: _budget,
      ...open
    } = options;
    const experiment = await openExperiment(armConfig, {
      ...open,
      resume: options.resume === true && exists,
      cachePath,
    });
    try {
      arms.push({ ...arm, out, outcome: await experiment.run({ signal }) });
      if (signal?.aborted) break;
    } finally {
      experiment.close();
    }
  }
  return { out: config.out, arms };
}

/**
 * The arms of a study written by {@linkcode runMitigationStudy}, with their folders.
 *
 * @throws {Error} When `<out>/study.json` is missing or malformed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readMitigationStudy } from "./mitigation_study.ts";
 * const out = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${out}/study.json`, JSON.stringify({ arms: [{ name: "baseline",
 *   mitigations: {}, out: "baseline" }] }));
 * assert.ok((await readMitigationStudy(out))[0].out === `${out}/baseline`);
 * await Deno.remove(out, { recursive: true });
 * ```
 */
export async function readMitigationStudy(
  out: string,
): Promise<(MitigationArm & { out: string })[]> {
  const path = `${out.replace(/\/+$/, "")}/study.json`;
  let parsed: { arms?: { name?: unknown; mitigations?: unknown; out?: unknown }[] };
  try {
    parsed = JSON.parse(await Deno.readTextFile(path));
  } catch (error) {
    throw new Error(`${path}: no mitigation study here (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed.arms)) throw new Error(`${path}: "arms" is not a list`);
  return parsed.arms.map((arm) => ({
    name: String(arm.name),
    mitigations: (arm.mitigations ?? {}) as MitigationsConfig,
    out: `${out.replace(/\/+$/, "")}/${String(arm.out)}`,
  }));
}
