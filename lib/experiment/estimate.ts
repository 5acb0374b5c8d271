/**
 * Cost rehearsal: runs the whole grid offline through the dry-run backend, in memory, with the
 * configured models and prices, and reports calls, tokens and dollars per role.
 *
 * @module
 */
import { createDryRunBackend } from "../llm/dry_run_backend.ts";
import { createLlm } from "../llm/llm.ts";
import type { UsageSnapshot } from "../llm/usage.ts";
import type { ExperimentConfig } from "./config.ts";
import type { ExperimentData } from "./dataset.ts";
import { runExperiment } from "./experiment.ts";
import { optimizerOf, profileOf } from "./components.ts";
import { resolveLlmConfig } from "./llm_config.ts";
import { ExperimentStore } from "./store.ts";

/**
 * Runs the configured grid through the dry-run backend in memory (identical calls are served by
 * an in-memory cache, as they would be live) and returns the usage per role.
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
): Promise<UsageSnapshot> {
  const llmConfig = await resolveLlmConfig(config);
  const llm = createLlm({
    config: { ...llmConfig, budgetUsd: undefined, cache: { mode: "live", path: ":memory:" } },
    backend: createDryRunBackend({ seed: config.seed }),
  });
  const store = ExperimentStore.open(":memory:");
  try {
    const outcome = await runExperiment({
      config: { ...config, budgetUsd: undefined },
      spec: data.spec,
      splits: data.splits,
      llm,
      store,
      profile: profileOf(config),
      optimizer: optimizerOf(config),
    });
    const failed = outcome.runs.filter((run) => run.status === "failed");
    if (failed.length > 0) {
      throw new Error(`Estimate failed: ${failed[0].runId}: ${failed[0].message}`);
    }
    return llm.usage();
  } finally {
    llm.close();
    store.close();
  }
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
export function formatEstimate(usage: UsageSnapshot): string {
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
  const unpriced = usage.total.unpricedCalls > 0
    ? [
      "Some roles have no price: set `price` ({inputPerMillion, outputPerMillion} in USD) per role in the LLM config to estimate dollars.",
    ]
    : [];
  return [title, line(header), ...rows.map(line), ...budget, ...unpriced].join("\n");
}
