/**
 * The study's cost before it runs: calls, tokens, dollars and wall time per phase and role. The
 * experiment is probed offline (dry-run backend, in memory, one run per configuration) at two step
 * counts and two test sizes, and each role's usage is extrapolated linearly to the full grid; the
 * diagnostics are counted from the grid (rating units, noise repeats, oracle evaluations) at the
 * probe's tokens per call. Wall time assumes `latencyMs` per call and each endpoint's limits.
 *
 * @module
 */
import type { ExperimentData } from "../experiment/dataset.ts";
import { resolveLlmConfig } from "../experiment/llm_config.ts";
import { openExperiment } from "../experiment/setup.ts";
import { rateExperiment } from "../diagnostics/rate_experiment.ts";
import { createDryRunBackend } from "../llm/dry_run_backend.ts";
import { emptyUsage, type RoleUsage } from "../llm/usage.ts";
import type { ExperimentConfig } from "../experiment/config.ts";
import { mitigationStudyConfig } from "./mitigation_plan.ts";
import type { StudyPlan } from "./plan.ts";

/** Estimated usage of one phase. */
export interface PhaseEstimate {
  /** Phase name. */
  phase: string;
  /** Usage per role. */
  roles: Record<string, RoleUsage>;
  /** Estimated wall time in ms. */
  wallMs: number;
}

/** Options of {@linkcode estimateStudy}. */
export interface EstimateStudyOptions {
  /** Assumed latency of one call in ms. Default 1000. */
  latencyMs?: number;
}

type Usage = Record<string, RoleUsage>;
const FIELDS = [
  "calls",
  "cacheHits",
  "failures",
  "inputTokens",
  "outputTokens",
  "reasoningTokens",
  "estimatedCalls",
  "unpricedCalls",
  "costUsd",
] as const;

/** `sum of w_i · u_i` per role and field, clamped at 0. */
function combine(terms: [number, Usage][]): Usage {
  const roles = new Set(terms.flatMap(([, u]) => Object.keys(u)));
  const out: Usage = {};
  for (const role of roles) {
    const r = emptyUsage();
    for (const field of FIELDS) {
      const v = terms.reduce((s, [w, u]) => s + w * (u[role]?.[field] ?? 0), 0);
      r[field] = field === "costUsd" ? Math.max(0, v) : Math.max(0, Math.round(v));
    }
    out[role] = r;
  }
  return out;
}

/** Usage of `role` scaled to `calls` calls at the same tokens and dollars per call. */
function perCall(usage: RoleUsage | undefined, calls: number, role: string): Usage {
  if (!usage || usage.calls === 0 || calls <= 0) return {};
  return combine([[calls / usage.calls, { [role]: usage }]]);
}

/**
 * Estimates the study's calls, tokens, dollars and wall time per phase and role.
 *
 * @example
 * ```ts ignore
 * import { estimateStudy, formatStudyEstimate } from "./study_estimate.ts";
 * console.log(formatStudyEstimate(await estimateStudy(plan, data)));
 * ```
 */
export async function estimateStudy(
  plan: StudyPlan,
  data: ExperimentData,
  options: EstimateStudyOptions = {},
): Promise<PhaseEstimate[]> {
  const config = plan.config;
  const llmConfig = await resolveLlmConfig(config);
  const T = data.splits.test.length;
  const main = await extrapolate(config, data, true);
  const { experiment, C, rater: raterUsage } = main;
  const S = config.steps, R = config.runs;

  const criteria = data.spec.criteria.length;
  const gates = config.gates.length;
  const multi = config.modes.filter((m) => m !== "Single").length;
  const single = config.modes.includes("Single") ? 1 : 0;
  const units = gates * R * S * (multi * criteria + single * criteria);
  const ratings = perCall(raterUsage, 2 * units, "rater");
  // One judge call per row per evaluation; C holds the probe's runs' evaluations of one row.
  const judgeRow = C.judge
    ? combine([[1 / Math.max(1, main.runs), { judge: C.judge }]]).judge
    : undefined;
  const judgeCalls = (calls: number) => perCall(judgeRow, calls, "judge");
  const noise = judgeCalls(plan.noiseRepeats * T);
  const oracle = judgeCalls(
    gates * plan.oracleSelections.length * T +
      (plan.oracleSelections.includes("validation") && single
        ? gates * criteria * R * (S + 1) * config.validationSize
        : 0),
  );
  const latencyMs = options.latencyMs ?? 1000;
  const wall = (usage: Usage) => {
    let ms = 0;
    for (const [role, u] of Object.entries(usage)) {
      const limits = (llmConfig.roles[role] ?? llmConfig.defaults).limits;
      const byLatency = (u.calls * latencyMs) / Math.max(1, limits.concurrency);
      const byRpm = limits.rpm ? (u.calls / limits.rpm) * 60_000 : 0;
      const byTpm = limits.tpm ? ((u.inputTokens + u.outputTokens) / limits.tpm) * 60_000 : 0;
      ms += Math.max(byLatency, byRpm, byTpm);
    }
    return Math.round(ms);
  };
  const phases: PhaseEstimate[] = [
    { phase: "experiment", roles: experiment, wallMs: wall(experiment) },
    { phase: "ratings", roles: ratings, wallMs: wall(ratings) },
    { phase: "noise", roles: noise, wallMs: wall(noise) },
    { phase: "oracle", roles: oracle, wallMs: wall(oracle) },
  ];
  if (plan.mitigations) {
    // Each arm probed and extrapolated like the experiment, plus its ratings and, on the
    // baseline, the noise control. The arms share one cache, so identical calls are paid once:
    // this counts every arm's calls as sent (an upper bound).
    const study = mitigationStudyConfig(plan.config, plan.dryRun);
    const armUnits = study.gates.length * study.runs * S * study.modes.length * criteria;
    const terms: [number, Usage][] = [[1, noise]];
    for (const arm of plan.mitigations.arms) {
      const armConfig = { ...study, mitigations: arm.mitigations, sampling: "paired" as const };
      terms.push([1, (await extrapolate(armConfig, data, false)).experiment]);
      terms.push([1, perCall(raterUsage, 2 * armUnits, "rater")]);
    }
    const usage = combine(terms);
    phases.push({ phase: "mitigations", roles: usage, wallMs: wall(usage) });
  }
  return phases;
}

/**
 * The usage of `config`'s whole experiment, extrapolated from dry-run probes in memory (one run
 * per configuration at two step counts and two test sizes): `U(s, T) = A + s·B + (s + 1)·T·C`
 * per run. With `rate`, also the rater's usage of rating the first probe.
 */
async function extrapolate(config: ExperimentConfig, data: ExperimentData, rate: boolean) {
  const testRows = data.splits.test.length;
  const probe = async (steps: number, test: number, rateIt = false) => {
    const ex = await openExperiment(
      { ...config, runs: 1, steps, testLimit: test, budgetUsd: undefined, concurrency: 8 },
      {
        data: { ...data, splits: { ...data.splits, test: data.splits.test.slice(0, test) } },
        backend: createDryRunBackend({ seed: config.seed }),
        inMemory: true,
      },
    );
    const { llm, store } = ex;
    try {
      await ex.run();
      const experiment = llm.usage();
      if (rateIt) await rateExperiment(store, llm);
      return { experiment: experiment.roles, after: llm.usage().roles, runs: store.runs().length };
    } finally {
      ex.close();
    }
  };
  const t1 = Math.min(2, testRows), t2 = Math.min(4, testRows);
  const p11 = await probe(1, t1, rate);
  const p21 = await probe(2, t1);
  const p12 = t2 > t1 ? await probe(1, t2) : p11;
  // P(1, t) holds two test evaluations (steps 0 and 1) of t rows: P(1, t2) − P(1, t1) = 2 (t2 − t1) C.
  const C = t2 > t1
    ? combine([[1 / (2 * (t2 - t1)), p12.experiment], [-1 / (2 * (t2 - t1)), p11.experiment]])
    : {};
  const B = combine([[1, p21.experiment], [-1, p11.experiment], [-t1, C]]);
  const A = combine([[1, p11.experiment], [-1, B], [-2 * t1, C]]);
  const S = config.steps, R = config.runs, T = testRows;
  return {
    experiment: combine([[R, A], [R * S, B], [R * (S + 1) * T, C]]),
    C,
    runs: p11.runs,
    rater: rate ? combine([[1, p11.after], [-1, p11.experiment]]).rater : undefined,
  };
}

/** Milliseconds as `1h02m`, `3m05s` or `12s`. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s >= 3600) {
    return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  }
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${s}s`;
}

/**
 * The estimate as a table: one line per phase and role, and the total.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatStudyEstimate } from "./study_estimate.ts";
 * const u = { calls: 10, cacheHits: 0, failures: 0, inputTokens: 1000, outputTokens: 100,
 *   reasoningTokens: 0, estimatedCalls: 0, unpricedCalls: 0, costUsd: 0.5 };
 * const text = formatStudyEstimate([{ phase: "noise", roles: { judge: u }, wallMs: 65_000 }]);
 * assert.match(text, /noise\s+judge\s+10/);
 * assert.match(text, /total\s+10 calls/);
 * ```
 */
export function formatStudyEstimate(phases: readonly PhaseEstimate[]): string {
  const rows: string[][] = [];
  let calls = 0, tokens = 0, usd = 0, ms = 0, unpriced = 0;
  for (const p of phases) {
    for (const [role, u] of Object.entries(p.roles)) {
      rows.push([
        p.phase,
        role,
        String(u.calls),
        String(u.inputTokens),
        String(u.outputTokens),
        u.costUsd.toFixed(2),
      ]);
      calls += u.calls;
      tokens += u.inputTokens + u.outputTokens;
      usd += u.costUsd;
      unpriced += u.unpricedCalls;
    }
    ms += p.wallMs;
  }
  const header = ["phase", "role", "calls", "input tok", "output tok", "$"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (c: string[]) =>
    c.map((x, i) => i < 2 ? x.padEnd(widths[i]) : x.padStart(widths[i])).join("  ");
  return [
    line(header),
    ...rows.map(line),
    `total  ${calls} calls, ${tokens} tokens, $${usd.toFixed(2)}, wall time ≈ ${
      formatDuration(ms)
    }`,
  ].join("\n");
}
