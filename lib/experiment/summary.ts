/**
 * The end-of-experiment summary: per configuration, the run-averaged test Spearman at step 0, at
 * its best step and at the last step, accepted steps, calls and dollars.
 *
 * @module
 */
import { formatRate } from "./parse_failures.ts";
import type { ExperimentStore } from "./store.ts";
import type { RunRow } from "./types.ts";

/** One configuration's line of the summary. */
export interface ConfigSummary {
  /** `algorithm/mode/gate`. */
  config: string;
  /** Run indices in the configuration. */
  runs: number;
  /** Runs (or criterion runs) finished / in the configuration. */
  done: string;
  /** Mean test Spearman over criteria at step 0, averaged over runs. */
  initial: number;
  /** Best run-averaged value over steps. */
  best: number;
  /** Step of {@linkcode ConfigSummary.best}. */
  bestStep: number;
  /** Value at the last completed step. */
  final: number;
  /** Accepted steps per run (mean). */
  accepted: number;
  /** LLM calls of the configuration (including cache hits). */
  calls: number;
  /** Dollars of the configuration. */
  costUsd: number;
  /** Judge answers of the configuration that could not be parsed (every split and step). */
  parseFailures: number;
  /** Judge answers of the configuration. */
  judged: number;
  /** Retries of failed LLM requests of the configuration. */
  retries: number;
}

/**
 * Summarises every configuration in the store. Single-mode criterion runs are paired by run index
 * and step (their per-criterion Spearmans form one multi-criterion vector, as in the paper).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExperimentStore } from "./store.ts";
 * import { summarizeExperiment } from "./summary.ts";
 * const store = ExperimentStore.open(":memory:");
 * assert.ok(summarizeExperiment(store).length === 0);
 * ```
 */
export function summarizeExperiment(store: ExperimentStore, metric = "spearman"): ConfigSummary[] {
  const groups = new Map<string, RunRow[]>();
  for (const run of store.runs()) {
    const config = `${run.algorithm}/${run.mode}/${run.gate}`;
    groups.set(config, [...groups.get(config) ?? [], run]);
  }
  return [...groups].map(([config, runs]) => summarizeConfig(store, config, runs, metric));
}

function summarizeConfig(
  store: ExperimentStore,
  config: string,
  runs: RunRow[],
  metric: string,
): ConfigSummary {
  // step → run index → criterion values
  const byStep = new Map<number, Map<number, number[]>>();
  let accepted = 0, calls = 0, costUsd = 0, parseFailures = 0, judged = 0, retries = 0;
  for (const run of runs) {
    for (const row of store.stepMetrics(run.runId)) {
      if (row.metric !== metric || row.criterion === "_average") continue;
      const perRun = byStep.get(row.step) ?? new Map<number, number[]>();
      perRun.set(run.run, [...perRun.get(run.run) ?? [], row.value]);
      byStep.set(row.step, perRun);
    }
    accepted += store.steps(run.runId).filter((step) => step.accepted === true).length;
    const totals = store.callTotals(run.runId);
    calls += totals.calls;
    costUsd += totals.costUsd;
    retries += totals.retries;
    const parse = store.judgeParseFailures(run.runId);
    parseFailures += parse.failures;
    judged += parse.total;
  }
  const runIndices = new Set(runs.map((r) => r.run));
  const curve = [...byStep].sort(([a], [b]) => a - b).map(([step, perRun]) => ({
    step,
    value: mean([...perRun.values()].map(mean)),
  }));
  const best = curve.reduce(
    (top, point) => (point.value > top.value || Number.isNaN(top.value) ? point : top),
    { step: -1, value: NaN },
  );
  return {
    config,
    runs: runIndices.size,
    done: `${runs.filter((r) => r.status === "done").length}/${runs.length}`,
    initial: curve[0]?.value ?? NaN,
    best: best.value,
    bestStep: best.step,
    final: curve.at(-1)?.value ?? NaN,
    accepted: accepted / Math.max(1, runs.length),
    calls,
    costUsd,
    parseFailures,
    judged,
    retries,
  };
}

/** Options of {@linkcode formatSummaryTable}. */
export interface SummaryTableOptions {
  /** Label the table as synthetic (dry-run backend). */
  dryRun?: boolean;
}

/**
 * Renders the summary as an aligned text table (the CLI prints it at the end of a run).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatSummaryTable } from "./summary.ts";
 * const text = formatSummaryTable([], { dryRun: true });
 * assert.ok(text.includes("DRY RUN (synthetic outputs)"));
 * ```
 */
export function formatSummaryTable(
  rows: ConfigSummary[],
  options: SummaryTableOptions = {},
): string {
  const header = [
    "configuration",
    "runs done",
    "initial",
    "best (step)",
    "final",
    "accepted",
    "calls",
    "retries",
    "parse fail",
    "cost $",
  ];
  const body = rows.map((r) => [
    r.config,
    r.done,
    fixed(r.initial),
    `${fixed(r.best)} (${r.bestStep < 0 ? "-" : r.bestStep})`,
    fixed(r.final),
    r.accepted.toFixed(1),
    String(r.calls),
    String(r.retries),
    formatRate(r.parseFailures, r.judged),
    r.costUsd.toFixed(4),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((line) => line[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  const title = options.dryRun
    ? "Summary — DRY RUN (synthetic outputs): avg test Spearman over criteria, mean over runs"
    : "Summary: avg test Spearman over criteria, mean over runs";
  return [title, line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join(
    "\n",
  );
}

function mean(values: number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 ? NaN : finite.reduce((a, b) => a + b, 0) / finite.length;
}

function fixed(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : "n/a";
}
