/**
 * `deno task reproduce --mitigations`: the paired mitigation study as a phase of the study. The
 * baseline and each mitigation run as one experiment per arm in `<out>/mitigations/<arm>/`, on
 * the study's dataset, split, seed, test rows and validation size (a reduced grid in dry run:
 * modes SSC and CCC, the first gate), sampling `paired` with one shared call cache; then every
 * arm is rated and the baseline gets the noise-only control, so the report can mark which
 * differences exceed it.
 *
 * @module
 */
import { rateExperiment } from "../diagnostics/rate_experiment.ts";
import { runNoiseControl } from "../diagnostics/noise_control.ts";
import type { ExperimentConfig } from "../experiment/config.ts";
import { type MitigationArm, runMitigationStudy } from "../experiment/mitigation_study.ts";
import { openExperiment } from "../experiment/setup.ts";
import type { CallEvent } from "../llm/llm.ts";
import type { RoleUsage } from "../llm/usage.ts";
import { BudgetExceededError } from "../llm/errors.ts";
import type { PhaseOutcome, StudyContext, StudyPhase } from "./phases.ts";
import type { StudyPlan } from "./plan.ts";

/**
 * The arms run when the config names no switch: the baseline, both judge strategies (each its own
 * arm, they exclude each other), a 120-token length budget, the router at 6 and the conflict merge
 * (embeddings, drop).
 */
export const DEFAULT_STUDY_ARMS: readonly MitigationArm[] = Object.freeze([
  { name: "baseline", mitigations: {} },
  { name: "perCriterionJudge", mitigations: { perCriterionJudge: true } },
  { name: "fieldMaskedJudge", mitigations: { fieldMaskedJudge: true } },
  { name: "lengthBudget", mitigations: { lengthBudget: { tokens: 120 } } },
  { name: "specificityRouter", mitigations: { specificityRouter: { threshold: 6 } } },
  {
    name: "conflictMerge",
    mitigations: { conflictMerge: { detect: "embedding", resolve: "drop" } },
  },
]);

/** Modes of the dry-run mitigation grid: one with per-criterion gradients, one with combined. */
export const DRY_RUN_MITIGATION_MODES: readonly string[] = Object.freeze(["SSC", "CCC"]);

/** Folder of the mitigation study inside a study's output folder. */
export const mitigationStudyDir = (out: string): string => `${out.replace(/\/+$/, "")}/mitigations`;

/**
 * The experiment config of the study's mitigation phase: the study's config (dataset, split,
 * seed, test rows, validation size, steps, prices) in `<out>/mitigations`, every mode but Single
 * (the table compares multi-criterion modes) and every gate; in a dry run the reduced grid
 * (modes SSC and CCC where the study has them, its first gate, at most 2 runs).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildStudyPlan } from "./plan.ts";
 * import { mitigationStudyConfig } from "./mitigation_phase.ts";
 * const plan = await buildStudyPlan({ env: () => undefined, mitigations: true, out: "runs/x" });
 * assert.ok(plan.ok);
 * const config = mitigationStudyConfig(plan.value);
 * assert.deepEqual([config.modes, config.gates, config.out], [["SSC", "CCC"], ["mae"], "runs/x/mitigations"]);
 * ```
 */
export function mitigationStudyConfig(plan: StudyPlan): ExperimentConfig {
  const c = plan.config;
  const multi = c.modes.filter((m) => m !== "Single");
  const reduced = multi.filter((m) => DRY_RUN_MITIGATION_MODES.includes(m));
  return {
    ...c,
    mitigations: {},
    modes: plan.dryRun && reduced.length > 0 ? reduced : multi,
    gates: plan.dryRun ? c.gates.slice(0, 1) : c.gates,
    runs: plan.dryRun ? Math.min(c.runs, 2) : c.runs,
    out: mitigationStudyDir(c.out),
  };
}

const zeroUsage = (): RoleUsage => ({
  calls: 0,
  cacheHits: 0,
  failures: 0,
  inputTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  estimatedCalls: 0,
  unpricedCalls: 0,
  costUsd: 0,
});

/**
 * Usage per role summed from call events (the arms' LLM layers are their own, so the phase counts
 * their calls as they happen).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { usageCounter } from "./mitigation_phase.ts";
 * const counter = usageCounter();
 * counter.observe({ request: { role: "judge", messages: [] }, cached: true } as never);
 * assert.equal(counter.usage().judge.cacheHits, 1);
 * ```
 */
export function usageCounter(): {
  observe(event: CallEvent): void;
  usage(): Record<string, RoleUsage>;
} {
  const roles: Record<string, RoleUsage> = {};
  return {
    observe(event) {
      const u = roles[event.request.role] ??= zeroUsage();
      if (event.error !== undefined) u.failures += 1;
      else if (event.cached) u.cacheHits += 1;
      else {
        const t = event.result?.usage;
        u.calls += 1;
        u.inputTokens += t?.inputTokens ?? 0;
        u.outputTokens += t?.outputTokens ?? 0;
        u.reasoningTokens += t?.reasoningTokens ?? 0;
        u.estimatedCalls += t?.estimated ? 1 : 0;
        u.costUsd += event.costUsd ?? 0;
      }
    },
    usage: () => structuredClone(roles),
  };
}

/** Runs (or continues) the mitigation study of `ctx.plan`; see the module. */
async function runPhase(ctx: StudyContext): Promise<PhaseOutcome> {
  const arms = ctx.plan.mitigations?.arms;
  if (!arms) return { status: "done" };
  const config = mitigationStudyConfig(ctx.plan);
  const data = await ctx.data();
  const counter = usageCounter();
  try {
    const study = await runMitigationStudy(config, {
      data,
      arms,
      resume: true,
      onCall: counter.observe,
      onArm: (arm) => ctx.say(`mitigations: arm ${arm.name}`),
    });
    for (const arm of study.arms) {
      const failed = arm.outcome.runs.find((r) => r.status === "failed");
      if (failed) throw new Error(`mitigation arm ${arm.name}: ${failed.runId}: ${failed.message}`);
      const paused = arm.outcome.runs.find((r) => r.status === "paused");
      if (paused) {
        return {
          status: "paused",
          reason: `arm ${arm.name}: ${paused.message ?? "paused"}`,
          usage: counter.usage(),
        };
      }
    }
    for (const arm of study.arms) {
      const ex = await openExperiment(
        { ...config, mitigations: arm.mitigations, sampling: "paired", out: arm.out },
        { resume: true, data, cachePath: `${config.out}/cache.sqlite`, onCall: counter.observe },
      );
      try {
        const rated = await rateExperiment(ex.store, ex.llm, { signal: ctx.signal });
        let noise = "";
        if (arm.name === "baseline") {
          const { llm, store, profile } = ex;
          const env = { llm, store, spec: data.spec, splits: data.splits, profile };
          const repeats = await runNoiseControl(env, { repeats: ctx.plan.noiseRepeats });
          noise = `, noise control ${repeats.length} repeats`;
        }
        ctx.say(`mitigations: arm ${arm.name} rated (${rated.units} units)${noise}`);
      } finally {
        ex.close();
      }
    }
  } catch (error) {
    if (error instanceof BudgetExceededError) {
      return { status: "paused", reason: error.message, usage: counter.usage() };
    }
    throw error;
  }
  return { status: "done", usage: counter.usage() };
}

/**
 * The phase (after the oracle combination, before the figures) that `--mitigations` adds.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MITIGATIONS_PHASE } from "./mitigation_phase.ts";
 * import { studyPhases } from "./phases.ts";
 * assert.ok(studyPhases({ extra: [MITIGATIONS_PHASE] }).map((p) => p.name).includes("mitigations"));
 * ```
 */
export const MITIGATIONS_PHASE: StudyPhase = {
  name: "mitigations",
  title: "mitigation study: the baseline and each mitigation, paired, on the study's splits",
  paid: true,
  run: runPhase,
};
