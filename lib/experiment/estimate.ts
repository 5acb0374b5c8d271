/**
 * Cost rehearsal: the calls, tokens and dollars per role a grid will cost, from a dry run of a
 * sample of it in memory with the configured models and prices.
 *
 * The sample keeps every configuration (mode × gate, every criterion of Single) but runs one run,
 * the first {@linkcode EstimateOptions.sampleSteps} steps, and evenly spaced
 * {@linkcode EstimateOptions.sampleRows} test and validation rows. Calls are scaled back: by the
 * runs, by steps (step 0 as is, steps 1.. by their mean) and, for judge calls on the test and
 * validation splits, by rows, with each row's own input length swapped for the split's mean.
 * `exact: true` dry-runs the whole grid instead.
 *
 * @module
 */
import type { Example } from "../data/mod.ts";
import { endpointFor } from "../llm/config.ts";
import { createDryRunBackend } from "../llm/dry_run_backend.ts";
import { type CallEvent, createLlm } from "../llm/llm.ts";
import { estimateTextTokens } from "../llm/token_estimate.ts";
import { callCostUsd, emptyUsage, type RoleUsage, type UsageSnapshot } from "../llm/usage.ts";
import type { ExperimentConfig } from "./config.ts";
import type { ExperimentData } from "./dataset.ts";
import { runExperiment } from "./experiment.ts";
import { optimizerOf, profileOf } from "./components.ts";
import { resolveLlmConfig } from "./llm_config.ts";
import { ExperimentStore } from "./store.ts";

/** Options of {@linkcode estimateExperiment}. */
export interface EstimateOptions {
  /** Dry-run the whole grid instead of a sample. Default false. */
  exact?: boolean;
  /** Test and validation rows of the sample. Default 12. */
  sampleRows?: number;
  /** Steps of the sample (after step 0). Default 3. */
  sampleSteps?: number;
}

/** An estimate: usage per role, and how it was obtained. */
export interface ExperimentEstimate extends UsageSnapshot {
  /** `sampled` (scaled from a sample of the grid) or `exact` (the whole grid was dry-run). */
  method: "sampled" | "exact";
}

/**
 * Estimates the usage of the configured grid with the dry-run backend, in memory (identical calls
 * are served by an in-memory cache, as they would be live).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { estimateExperiment, formatEstimate } from "./estimate.ts";
 * import { toyExperimentConfig, toyExperimentData } from "../testing/toy_experiment.ts";
 * const usage = await estimateExperiment(toyExperimentConfig("runs/toy"), toyExperimentData());
 * assert.ok(usage.dryRun && usage.roles.optimizer.calls > 0);
 * assert.match(formatEstimate(usage), /DRY RUN/);
 * ```
 */
export async function estimateExperiment(
  config: ExperimentConfig,
  data: ExperimentData,
  options: EstimateOptions = {},
): Promise<ExperimentEstimate> {
  const optimizer = optimizerOf(config);
  const { splits } = data;
  const rows = options.exact ? Infinity : options.sampleRows ?? 12;
  const steps = options.exact ? config.steps : Math.min(config.steps, options.sampleSteps ?? 3);
  const runs = options.exact ? config.runs : 1;
  const sample = {
    ...splits,
    test: evenly(splits.test, rows),
    validation: evenly(splits.validation, rows),
  };
  const exact = runs === config.runs && steps === config.steps &&
    sample.test.length === splits.test.length &&
    sample.validation.length === splits.validation.length;
  const scale = callScaler(data, sample, {
    runs: config.runs / runs,
    steps: steps === 0 ? 1 : config.steps / steps,
  });
  const llmConfig = await resolveLlmConfig(config);
  const totals = new Map<string, RoleUsage>();
  // Incumbent re-evaluations are counted at the end: when the sample scored the incumbent at one
  // step only (a profile that keeps the incumbent's first score), they are not scaled by steps.
  const incumbent: CallEvent[] = [];
  const incumbentSteps = new Set<string>();
  const observe = (event: CallEvent) => {
    const label = event.request.label ?? "";
    if (/ val-incumbent judge ex /.test(label)) {
      incumbent.push(event);
      incumbentSteps.add(/\bstep (\d+)\b/.exec(label)?.[1] ?? "");
    } else count(event, false);
  };
  const count = (event: CallEvent, once: boolean) => {
    const role = event.request.role;
    const usage = totals.get(role) ?? emptyUsage();
    totals.set(role, usage);
    const factor = scale(event, once);
    if (event.error !== undefined) usage.failures += factor.calls;
    else if (event.cached) usage.cacheHits += factor.calls;
    else {
      usage.calls += factor.calls;
      usage.estimatedCalls += factor.calls;
      usage.inputTokens += factor.inputTokens(event.result!.usage.inputTokens);
      usage.outputTokens += event.result!.usage.outputTokens * factor.calls;
      usage.reasoningTokens += (event.result!.usage.reasoningTokens ?? 0) * factor.calls;
    }
  };
  const llm = createLlm({
    config: { ...llmConfig, budgetUsd: undefined, cache: { mode: "live", path: ":memory:" } },
    backend: createDryRunBackend({ seed: config.seed }),
    onCall: observe,
  });
  const store = ExperimentStore.open(":memory:");
  try {
    const outcome = await runExperiment({
      config: { ...config, runs, steps, budgetUsd: undefined },
      spec: data.spec,
      splits: sample,
      llm,
      store,
      profile: profileOf(config),
      optimizer,
    });
    const failed = outcome.runs.filter((run) => run.status === "failed");
    if (failed.length > 0) {
      throw new Error(`Estimate failed: ${failed[0].runId}: ${failed[0].message}`);
    }
  } finally {
    llm.close();
    store.close();
  }
  for (const event of incumbent) count(event, incumbentSteps.size <= 1);
  const roles: Record<string, RoleUsage> = {};
  const total = emptyUsage();
  for (const [role, usage] of [...totals].sort(([a], [b]) => a < b ? -1 : 1)) {
    const price = endpointFor(llmConfig, role).price;
    const rounded: RoleUsage = {
      calls: Math.round(usage.calls),
      cacheHits: Math.round(usage.cacheHits),
      failures: Math.round(usage.failures),
      inputTokens: Math.round(usage.inputTokens),
      outputTokens: Math.round(usage.outputTokens),
      reasoningTokens: Math.round(usage.reasoningTokens),
      estimatedCalls: Math.round(usage.estimatedCalls),
      unpricedCalls: price === undefined ? Math.round(usage.calls) : 0,
      costUsd: 0,
    };
    rounded.costUsd = callCostUsd(rounded, price);
    roles[role] = rounded;
    for (const field of Object.keys(total) as (keyof RoleUsage)[]) total[field] += rounded[field];
  }
  return { roles, total, dryRun: true, method: exact ? "exact" : "sampled" };
}

/**
 * About `count` rows spread evenly over `rows` (all of them when there are no more). Rows with the
 * same inputs (one summary rated by several experts) are one judge call, sent once and then served
 * by the cache: the sample takes whole groups of them, so it keeps the split's share of repeats.
 */
function evenly(rows: readonly Example[], count: number): Example[] {
  if (rows.length <= count) return [...rows];
  const groups = new Map<string, Example[]>();
  for (const row of rows) {
    const key = JSON.stringify(row.inputs);
    groups.set(key, [...groups.get(key) ?? [], row]);
  }
  const distinct = [...groups.values()];
  const share = count / rows.length;
  const picked = new Set<Example>();
  const wanted = Math.max(1, Math.round(distinct.length * share));
  for (let i = 0; i < wanted; i++) {
    for (const row of distinct[Math.floor(i * distinct.length / wanted)]) picked.add(row);
  }
  return rows.filter((row) => picked.has(row));
}

interface CallFactor {
  /** Calls of the full grid one sampled call stands for. */
  calls: number;
  /** The full grid's input tokens one sampled call stands for, given its own. */
  inputTokens: (tokens: number) => number;
}

/** How much of the full grid each sampled call stands for. */
function callScaler(
  data: ExperimentData,
  sample: { test: Example[]; validation: Example[] },
  factors: { runs: number; steps: number },
): (event: CallEvent, once: boolean) => CallFactor {
  const rowTokens = (example: Example) =>
    estimateTextTokens(Object.values(example.inputs).join("\n"));
  const split = (all: Example[], part: Example[]) => ({
    rows: all.length / Math.max(1, part.length),
    meanTokens: all.reduce((sum, e) => sum + rowTokens(e), 0) / Math.max(1, all.length),
    tokens: new Map(part.map((e) => [e.id, rowTokens(e)])),
  });
  const splits = {
    test: split(data.splits.test, sample.test),
    validation: split(data.splits.validation, sample.validation),
  };
  return (event, onlyOnce) => {
    const label = event.request.label ?? "";
    const step = Number(/\bstep (\d+)\b/.exec(label)?.[1] ?? 1);
    const judged = / (test|val-incumbent|val-candidate) judge ex (\S+)$/.exec(label);
    const once = step === 0 || onlyOnce;
    const base = factors.runs * (once ? 1 : factors.steps);
    const which = judged === null
      ? undefined
      : judged[1] === "test"
      ? splits.test
      : splits.validation;
    const own = which?.tokens.get(judged![2]);
    if (!which || own === undefined) {
      return { calls: base, inputTokens: (tokens) => tokens * base };
    }
    const calls = base * which.rows;
    return { calls, inputTokens: (tokens) => (tokens - own + which.meanTokens) * calls };
  };
}

/**
 * Formats a usage snapshot as a per-role table of calls, cache hits, tokens and dollars; a dry-run
 * snapshot is labelled as an estimate from synthetic outputs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatEstimate } from "./estimate.ts";
 * const zero = { calls: 0, cacheHits: 0, failures: 0, inputTokens: 0, outputTokens: 0,
 *   reasoningTokens: 0, estimatedCalls: 0, unpricedCalls: 0, costUsd: 0 };
 * const text = formatEstimate({ roles: { judge: { ...zero, calls: 3 } }, total: { ...zero, calls: 3 }, dryRun: true });
 * assert.ok(text.includes("judge") && text.includes("DRY RUN"));
 * ```
 */
export function formatEstimate(usage: UsageSnapshot | ExperimentEstimate): string {
  const header = ["role", "calls", "cache hits", "input tok", "output tok", "cost $"];
  const rows = [...Object.entries(usage.roles), ["total", usage.total] as const].map((
    [role, u],
  ) => [
    role,
    String(u.calls),
    String(u.cacheHits),
    String(u.inputTokens),
    String(u.outputTokens) + (u.reasoningTokens > 0 ? ` (${u.reasoningTokens} reasoning)` : ""),
    u.costUsd.toFixed(4) + (u.unpricedCalls > 0 ? " (unpriced calls: $0)" : ""),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const title = usage.dryRun
    ? "Estimate — DRY RUN (synthetic outputs): calls, tokens and dollars per role at the configured prices"
    : "Usage per role";
  const budget = usage.budgetUsd === undefined ? [] : [`budget: $${usage.budgetUsd}`];
  const method = "method" in usage && usage.method === "sampled"
    ? ["(scaled from a dry run of a sample: one run, the first steps, evenly spaced rows)"]
    : [];
  const unpriced = usage.total.unpricedCalls > 0
    ? [
      "Some roles have no price: set `price` ({inputPerMillion, outputPerMillion} in USD) per role in the LLM config to estimate dollars.",
    ]
    : [];
  return [title, line(header), ...rows.map(line), ...method, ...budget, ...unpriced].join("\n");
}
