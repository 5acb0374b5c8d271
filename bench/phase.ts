/**
 * One phase of `deno task bench`, run in a process of its own so that its CPU time and peak RSS
 * are its own: `deno run -A bench/phase.ts '<json>'` prints one JSON line with the measurements.
 *
 * Phases: `dry` (the grid on the dry-run backend, store and cache on disk), `analyse` (summary,
 * analyses and a streamed call log of a finished store), `diagnostics` (raters, noise control and
 * oracle combination on the dry phase's store), `estimate` (the pre-run estimate) and
 * `live` (the grid against the fake server with its latency model and limits).
 *
 * Every number is measured on synthetic (dry-run) answers: DRY RUN (synthetic).
 *
 * @module
 */
import process from "node:process";
import type { DagCall } from "../lib/bench/critical_path.ts";
import { type ExperimentConfig, parseExperimentConfig } from "../lib/experiment/config.ts";
import { loadExperimentData } from "../lib/experiment/dataset.ts";
import { estimateExperiment } from "../lib/experiment/estimate.ts";
import { instructionRewrites } from "../lib/experiment/rewrites.ts";
import { type Experiment, openExperiment } from "../lib/experiment/setup.ts";
import { profileOf } from "../lib/experiment/components.ts";
import { ExperimentStore } from "../lib/experiment/store.ts";
import { formatSummaryTable, summarizeExperiment } from "../lib/experiment/summary.ts";
import type { BenchGrid, BenchLatency } from "./grid.ts";

/** What the orchestrator asks a phase to do. */
export type PhaseInput =
  | { phase: "dry"; grid: BenchGrid; out: string }
  | { phase: "analyse"; out: string }
  | { phase: "diagnostics"; grid: BenchGrid; out: string; noiseRepeats: number }
  | { phase: "estimate"; grid: BenchGrid }
  | {
    phase: "live";
    grid: BenchGrid;
    out: string;
    concurrency: number;
    latency: BenchLatency;
    timeScale: number;
    rpm?: number;
    tpm?: number;
  };

/** Peak resident set of this process in MB (VmHWM), or the current RSS where /proc is missing. */
function peakRssMb(): number {
  try {
    const status = Deno.readTextFileSync("/proc/self/status");
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
    if (Number.isFinite(kb)) return kb / 1024;
  } catch {
    // Not Linux.
  }
  return Deno.memoryUsage().rss / 2 ** 20;
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function configOf(grid: BenchGrid, out: string, llm: unknown, backend: string): ExperimentConfig {
  const parsed = parseExperimentConfig({ ...grid, out, backend, llm });
  if (!parsed.ok) throw new Error(parsed.issues.join("\n"));
  return parsed.value;
}

const PRICE = { inputPerMillion: 0.15, outputPerMillion: 0.6 };

/** Runs the experiment to its end and closes it: its wall time and the process's CPU time. */
async function timedRun(experiment: Experiment): Promise<{ wallMs: number; cpu: number }> {
  const cpu0 = cpuMs(), t0 = performance.now();
  try {
    await experiment.run();
  } finally {
    experiment.close();
  }
  return { wallMs: performance.now() - t0, cpu: cpuMs() - cpu0 };
}

async function dry(grid: BenchGrid, out: string) {
  const config = configOf(
    grid,
    out,
    { cache: { mode: "live" }, defaults: { price: PRICE } },
    "dry-run",
  );
  const experiment = await openExperiment(config);
  const { wallMs, cpu } = await timedRun(experiment);
  const store = ExperimentStore.open(`${out}/experiment.sqlite`);
  const totals = store.callTotals();
  let billedNoCacheIn = 0, billedNoCacheOut = 0;
  for (const call of store.calls()) {
    billedNoCacheIn += call.inputTokens;
    billedNoCacheOut += call.outputTokens;
  }
  store.close();
  return {
    wallMs,
    cpuMs: cpu,
    calls: totals.calls,
    sent: totals.calls - totals.cacheHits,
    inputTokens: totals.inputTokens,
    outputTokens: totals.outputTokens,
    inputTokensNoCache: billedNoCacheIn,
    outputTokensNoCache: billedNoCacheOut,
    storeBytes: await bytesOf(out, "experiment.sqlite"),
    cacheBytes: await bytesOf(out, "cache.sqlite"),
    peakRssMb: peakRssMb(),
  };
}

/**
 * The diagnostics of `deno task reproduce` on the dry phase's store (resumed in place): both
 * raters, the noise-only control and the oracle combination (validation and test selection), each
 * timed, with the calls it made.
 */
async function diagnostics(grid: BenchGrid, out: string, noiseRepeats: number) {
  // Imported here, so the other phases' peak RSS does not count these modules.
  const { rateExperiment } = await import("../lib/diagnostics/rate_experiment.ts");
  const { runNoiseControl } = await import("../lib/diagnostics/noise_control.ts");
  const { runOracleCombination } = await import("../lib/diagnostics/oracle_combination.ts");
  const config = configOf(
    grid,
    out,
    { cache: { mode: "live" }, defaults: { price: PRICE } },
    "dry-run",
  );
  const experiment = await openExperiment(config, { resume: true });
  const cpu0 = cpuMs();
  const parts: { name: string; ms: number; calls: number; sent: number }[] = [];
  const timed = async (name: string, fn: () => Promise<unknown>) => {
    const before = experiment.store.callTotals(), t0 = performance.now();
    await fn();
    const ms = performance.now() - t0, after = experiment.store.callTotals();
    parts.push({
      name,
      ms,
      calls: after.calls - before.calls,
      sent: after.calls - after.cacheHits - (before.calls - before.cacheHits),
    });
  };
  const env = {
    llm: experiment.llm,
    store: experiment.store,
    spec: experiment.data.spec,
    splits: experiment.data.splits,
    profile: experiment.profile,
  };
  try {
    await timed("raters", () => rateExperiment(experiment.store, experiment.llm));
    await timed("noise control", () => runNoiseControl(env, { repeats: noiseRepeats }));
    await timed("oracle combination", async () => {
      for (const selection of ["validation", "test"] as const) {
        await runOracleCombination(env, { selection });
      }
    });
  } finally {
    experiment.close();
  }
  return { parts, cpuMs: cpuMs() - cpu0, peakRssMb: peakRssMb() };
}

async function bytesOf(dir: string, base: string): Promise<number> {
  let total = 0;
  for (const suffix of ["", "-wal", "-shm"]) {
    try {
      total += (await Deno.stat(`${dir}/${base}${suffix}`)).size;
    } catch {
      // No such file.
    }
  }
  return total;
}

function analyse(out: string) {
  const store = ExperimentStore.open(`${out}/experiment.sqlite`);
  try {
    const dryRun = store.manifest()?.dryRun ?? true;
    let t0 = performance.now();
    const table = formatSummaryTable(summarizeExperiment(store), { dryRun });
    const summaryMs = performance.now() - t0;
    t0 = performance.now();
    let rows = 0;
    for (const run of store.runs()) {
      rows += store.steps(run.runId).length;
      for (const split of ["test", "val-candidate", "val-incumbent"]) {
        rows += store.stepMetrics(run.runId, { split }).length;
      }
      rows += instructionRewrites(store, run.runId).length;
      rows += store.callTotals(run.runId).calls;
    }
    const analysesMs = performance.now() - t0;
    // Live heap after a full collection (the phase runs with --expose-gc): RSS alone would also
    // count garbage V8 has not collected yet.
    const gc = (globalThis as { gc?: () => void }).gc;
    const live = () => (gc?.(), Deno.memoryUsage().heapUsed);
    const heap0 = live();
    let streamed = 0, growth = 0;
    t0 = performance.now();
    for (const _call of store.calls()) {
      if (++streamed % 20_000 === 0) growth = Math.max(growth, live() - heap0);
    }
    growth = Math.max(growth, live() - heap0);
    const streamMs = performance.now() - t0;
    return {
      summaryMs,
      analysesMs,
      analysedRows: rows,
      summaryLines: table.split("\n").length,
      streamedCalls: streamed,
      streamMs,
      streamHeapGrowthMb: growth / 2 ** 20,
      peakRssMb: peakRssMb(),
    };
  } finally {
    store.close();
  }
}

async function estimate(grid: BenchGrid) {
  const config = configOf(grid, "unused", { defaults: { price: PRICE } }, "dry-run");
  const profile = profileOf(config);
  const data = await loadExperimentData(config, profile);
  const t0 = performance.now();
  const usage = await estimateExperiment(config, data);
  return {
    estimateMs: performance.now() - t0,
    calls: usage.total.calls + usage.total.cacheHits,
    sent: usage.total.calls,
    inputTokens: usage.total.inputTokens,
    outputTokens: usage.total.outputTokens,
    peakRssMb: peakRssMb(),
  };
}

async function live(input: Extract<PhaseInput, { phase: "live" }>) {
  const { startBenchEndpoint } = await import("../lib/bench/bench_endpoint.ts");
  const { criticalPathLowerBound } = await import("../lib/bench/critical_path.ts");
  const scale = input.timeScale;
  const real = (ms: number) => ms / scale;
  const window = real(60_000);
  const endpoint = await startBenchEndpoint({
    latency: {
      fixedMs: real(input.latency.baseMs),
      perOutputTokenMs: real(input.latency.perOutputTokenMs),
      relativeJitter: input.latency.relativeJitter,
      seed: 1,
    },
    limits: { concurrency: input.concurrency, rpm: input.rpm, tpm: input.tpm, windowMs: window },
    seed: input.grid.seed ?? 42,
  });
  // The kit's scheduler gets the endpoint's limits, per real minute of the scaled clock.
  const perMinute = (value: number | undefined) => value === undefined ? undefined : value * scale;
  const llm = {
    cache: { mode: "live" },
    defaults: {
      baseUrl: endpoint.url,
      apiKeyEnv: "COLLIDE_BENCH_KEY",
      model: "bench-model",
      price: PRICE,
      limits: {
        concurrency: input.concurrency,
        rpm: perMinute(input.rpm),
        tpm: perMinute(input.tpm),
      },
    },
  };
  const config = configOf({ ...input.grid, concurrency: 10_000 }, input.out, llm, "openai");
  const experiment = await openExperiment(config, { backend: endpoint.backend });
  const { wallMs, cpu } = await timedRun(experiment);
  await endpoint.close();
  const store = ExperimentStore.open(`${input.out}/experiment.sqlite`);
  const dag: DagCall[] = [];
  let failures = 0;
  for (const call of store.calls()) {
    if (call.error !== null) {
      failures++;
      continue;
    }
    dag.push({
      runId: call.runId ?? "",
      key: call.key,
      issuedAt: call.startedAt,
      endedAt: call.startedAt + call.durationMs,
      serviceMs: call.cached ? 0 : endpoint.serviceMs(call.key) ?? 0,
      tokens: call.cached ? 0 : call.inputTokens + call.outputTokens,
      cached: call.cached,
      // Test evaluations run alongside the next step's proposal (labels "run N step S test …").
      bulk: / step \d+ test /.test(call.label ?? ""),
    });
  }
  const runs = store.runs();
  store.close();
  const bound = criticalPathLowerBound(dag, {
    concurrency: input.concurrency,
    rpm: perMinute(input.rpm),
    tpm: perMinute(input.tpm),
  });
  return {
    concurrency: input.concurrency,
    timeScale: scale,
    wallMs: wallMs * scale,
    boundMs: bound.boundMs * scale,
    criticalPathMs: bound.criticalPathMs * scale,
    throughputMs: bound.throughputMs * scale,
    binding: bound.binding,
    calls: dag.length,
    sent: dag.filter((c) => !c.cached).length,
    failures,
    runsDone: runs.filter((r) => r.status === "done").length,
    runs: runs.length,
    cpuMs: cpu,
    maxInFlight: endpoint.server.maxInFlight,
    peakRssMb: peakRssMb(),
  };
}

if (import.meta.main) {
  const input = JSON.parse(Deno.args[0]) as PhaseInput;
  const result = input.phase === "dry"
    ? await dry(input.grid, input.out)
    : input.phase === "analyse"
    ? analyse(input.out)
    : input.phase === "diagnostics"
    ? await diagnostics(input.grid, input.out, input.noiseRepeats)
    : input.phase === "estimate"
    ? await estimate(input.grid)
    : await live(input);
  console.log(JSON.stringify(result));
}
