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
import { runMitigationStudy } from "../experiment/mitigation_study.ts";
import { openExperiment } from "../experiment/setup.ts";
import type { CallEvent } from "../llm/llm.ts";
import { emptyUsage, type RoleUsage } from "../llm/usage.ts";
import { BudgetExceededError } from "../llm/errors.ts";
import type { PhaseOutcome, StudyContext, StudyPhase } from "./phases.ts";
import { mitigationStudyConfig } from "./mitigation_plan.ts";

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
      const u = roles[event.request.role] ??= emptyUsage();
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
  const config = mitigationStudyConfig(ctx.plan.config, ctx.plan.dryRun);
  const data = await ctx.data();
  const counter = usageCounter();
  const observe = (event: CallEvent) => {
    counter.observe(event);
    ctx.onCall?.(event);
  };
  // The study's budget covers this phase too: each arm gets what the earlier phases of this
  // process and the earlier arms left.
  const main = await ctx.experiment();
  const budget = config.budgetUsd;
  const spent = (usage: Record<string, RoleUsage>) =>
    Object.values(usage).reduce((sum, u) => sum + u.costUsd, 0);
  const remaining = () =>
    budget === undefined
      ? undefined
      : Math.max(0, budget - main.llm.usage().total.costUsd - spent(counter.usage()));
  try {
    const study = await runMitigationStudy(config, {
      data,
      arms,
      resume: true,
      signal: ctx.signal,
      armBudgetUsd: remaining,
      onCall: observe,
      onArm: (arm) => ctx.say(`mitigations: arm ${arm.name}`),
    });
    if (ctx.signal.aborted || study.arms.length < arms.length) {
      return { status: "paused", reason: "interrupted", usage: counter.usage() };
    }
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
        {
          ...config,
          mitigations: arm.mitigations,
          sampling: "paired",
          out: arm.out,
          budgetUsd: remaining(),
        },
        { resume: true, data, cachePath: `${config.out}/cache.sqlite`, onCall: observe },
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
