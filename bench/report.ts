/**
 * The table `deno task bench` prints: the measured figures, then every target measured against
 * its threshold, with the reason where one is missed.
 *
 * @module
 */

/** Measurements of the `dry` phase. */
export interface DryResult {
  wallMs: number;
  cpuMs: number;
  calls: number;
  sent: number;
  inputTokens: number;
  outputTokens: number;
  inputTokensNoCache: number;
  outputTokensNoCache: number;
  storeBytes: number;
  cacheBytes: number;
  peakRssMb: number;
}

/** Measurements of the `analyse` phase. */
export interface AnalyseResult {
  summaryMs: number;
  analysesMs: number;
  streamedCalls: number;
  streamMs: number;
  streamHeapGrowthMb: number;
  peakRssMb: number;
}

/** Measurements of the `estimate` phase. */
export interface EstimateResult {
  estimateMs: number;
  calls: number;
  sent: number;
  inputTokens: number;
  outputTokens: number;
  peakRssMb: number;
}

/** Measurements of one `live` phase. */
export interface LiveResult {
  concurrency: number;
  timeScale: number;
  wallMs: number;
  boundMs: number;
  criticalPathMs: number;
  throughputMs: number;
  binding: string;
  calls: number;
  sent: number;
  failures: number;
  runsDone: number;
  runs: number;
  cpuMs: number;
  maxInFlight: number;
  peakRssMb: number;
}

/** Measurements of the `diagnostics` phase. */
export interface DiagnosticsResult {
  /** Each diagnostic: wall time, calls made and calls sent (not answered by the cache). */
  parts: { name: string; ms: number; calls: number; sent: number }[];
  cpuMs: number;
  peakRssMb: number;
}

/** Everything one bench run measured. */
export interface BenchResults {
  /** `paper` or `reduced`. */
  grid: string;
  dry: DryResult;
  analyse: AnalyseResult;
  estimate: EstimateResult;
  live: LiveResult[];
  /** The dry pass again with `reuseEvaluations: true` (absent when skipped). */
  reuse?: DryResult;
  /** The diagnostics on the dry store (`--diagnostics`; absent otherwise). */
  diagnostics?: DiagnosticsResult;
}

/** One target: measured against threshold. */
export interface TargetRow {
  target: string;
  measured: string;
  threshold: string;
  met: boolean;
  /** Why it is missed (empty when met). */
  reason: string;
}

/** Store + cache bytes per call of the full grid before this bench (2.66 GB + 2.0 GB / 366,336). */
export const BASELINE_BYTES_PER_CALL = (2.66e9 + 2.0e9) / 366_336;

const pct = (a: number, b: number) => b === 0 ? 0 : (a - b) / b * 100;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const int = (n: number) => Math.round(n).toLocaleString("en-US");

/**
 * The targets of issue 12, each measured against its threshold.
 *
 * @example
 * ```ts ignore
 * const rows = benchTargets(results);
 * ```
 */
export function benchTargets(results: BenchResults): TargetRow[] {
  const { dry, analyse, estimate, live } = results;
  const rows: TargetRow[] = [];
  for (const run of live) {
    const ratio = run.wallMs / run.boundMs;
    const busy = run.cpuMs / (run.wallMs / run.timeScale);
    // ~10 ms of real latency per request (HTTP, client, fake server) is that much model time × scale.
    const overheadShare = 10 * run.timeScale / 360;
    const reason = run.failures > 0
      ? `${run.failures} calls failed`
      : busy > 0.8
      ? `CPU-bound: kit and fake server kept ${(busy * 100).toFixed(0)} % of a core busy at time ` +
        `scale ${run.timeScale} (a slower clock gives the endpoint's view)`
      : overheadShare > 0.1
      ? `clock ×${run.timeScale} too fast to be honest: ~10 ms of real HTTP and client latency ` +
        `per request is ${(overheadShare * 100).toFixed(0)} % of a judge call's modelled latency ` +
        `(default clock 24/concurrency)`
      : Math.min(run.criticalPathMs, run.throughputMs) >
          0.8 * Math.max(run.criticalPathMs, run.throughputMs)
      ? `the longest chain (${sec(run.criticalPathMs)}) and the endpoint's throughput ` +
        `(${sec(run.throughputMs)}) nearly tie: a schedule must satisfy both at once, the bound ` +
        `is only the larger of the two, so no schedule reaches it here`
      : `bound by ${run.binding}: runs finish one by one and the last runs' tails leave slots ` +
        `idle, which the bound (largest term, not their sum) does not count`;
    rows.push({
      target: `wall / lower bound, concurrency ${run.concurrency}`,
      measured: ratio.toFixed(2),
      threshold: "≤ 1.10",
      met: ratio <= 1.10,
      reason: ratio <= 1.10 ? "" : reason,
    });
  }
  const cpuPerCall = dry.cpuMs / Math.max(1, dry.calls);
  rows.push({
    target: "kit CPU per call (dry-run pass)",
    measured: `${cpuPerCall.toFixed(3)} ms`,
    threshold: "≤ 0.3 ms",
    met: cpuPerCall <= 0.3,
    reason: "per call: prompt rendering, canonical JSON and SHA-256 of the key material, " +
      "token estimates of new texts, the cache insert; the reduced grid pays the data loading " +
      "and per-step records over few calls, and a loaded machine slows every figure",
  });
  const bytesPerCall = (dry.storeBytes + dry.cacheBytes) / Math.max(1, dry.calls);
  const share = bytesPerCall / BASELINE_BYTES_PER_CALL;
  rows.push({
    target: "store + cache per call, vs before (12.7 kB)",
    measured: `${int(bytesPerCall)} B (${(share * 100).toFixed(1)} %)`,
    threshold: "≤ 10 %",
    met: share <= 0.10,
    reason: "the reduced grid is dominated by per-step records (steps, metrics, stage " +
      "prompts) over few calls; the paper's grid is the one this target is about",
  });
  const peak = Math.max(dry.peakRssMb, analyse.peakRssMb, ...live.map((r) => r.peakRssMb));
  rows.push({
    target: "peak RSS (dry run, analyses, live runs)",
    measured: `${peak.toFixed(0)} MB`,
    threshold: "< 500 MB",
    met: peak < 500,
    reason: "V8 sizes its heap to the dry pass's allocation rate, not to what is live: the " +
      "peak live heap of the paper grid's pass is about 200 MB (it completes under " +
      "--v8-flags=--max-old-space-size=200 at 343 MB RSS, though not every time); see bench/README.md",
  });
  const callsOff = pct(estimate.calls, dry.calls);
  const tokens = (r: { inputTokens: number; outputTokens: number }) =>
    r.inputTokens + r.outputTokens;
  const tokensOff = pct(tokens(estimate), tokens(dry));
  rows.push({
    target: "estimate: time",
    measured: sec(estimate.estimateMs),
    threshold: "< 5 s",
    met: estimate.estimateMs < 5000,
    reason: "the sample dry-runs every configuration for up to 3 steps at about 1 ms of CPU " +
      "per call; slower on a loaded machine",
  }, {
    target: "estimate: peak RSS",
    measured: `${estimate.peakRssMb.toFixed(0)} MB`,
    threshold: "< 200 MB",
    met: estimate.peakRssMb < 200,
    reason: "the Deno runtime and the kit's modules hold ~100 MB before any work, and " +
      "loading the SummEval file (8.6 MB of JSONL, validated row by row) peaks ~65 MB above it",
  }, {
    target: "estimate vs dry run: calls / tokens",
    measured: `${callsOff.toFixed(1)} % / ${tokensOff.toFixed(1)} %`,
    threshold: "within ±10 %",
    met: Math.abs(callsOff) <= 10 && Math.abs(tokensOff) <= 10,
    reason: "",
  }, {
    target: "summary + analyses of the store",
    measured: sec(analyse.summaryMs + analyse.analysesMs),
    threshold: "< 2 s",
    met: analyse.summaryMs + analyse.analysesMs < 2000,
    reason: "per-run queries over the metrics and steps tables (call totals are kept per " +
      "run as calls are logged); cold page cache on a loaded machine",
  }, {
    target: "calls() streams: live heap growth over the whole log",
    measured: `${analyse.streamHeapGrowthMb.toFixed(1)} MB for ${int(analyse.streamedCalls)} calls`,
    threshold: "< 64 MB",
    met: analyse.streamHeapGrowthMb < 64,
    reason: "the read cache of stored paragraphs grows to its bound (4,096 paragraphs)",
  });
  return rows.map((row) =>
    row.met || row.reason ? row : { ...row, reason: "not yet investigated" }
  );
}

/**
 * The whole printed report: figures, then targets. Labelled as synthetic.
 *
 * @example
 * ```ts ignore
 * console.log(formatBench(results));
 * ```
 */
export function formatBench(results: BenchResults): string {
  const { dry, analyse, estimate, live } = results;
  const figures: [string, string][] = [
    ["grid", results.grid],
    ...live.flatMap((run): [string, string][] => [
      [
        `concurrency ${run.concurrency}: wall / lower bound`,
        `${sec(run.wallMs)} / ${sec(run.boundMs)} = ${(run.wallMs / run.boundMs).toFixed(2)} ` +
        `(binding: ${run.binding}; critical path ${sec(run.criticalPathMs)}, ` +
        `service/concurrency ${sec(run.throughputMs)}; clock ×${run.timeScale}; ` +
        `${run.runsDone}/${run.runs} runs done, max in flight ${run.maxInFlight})`,
      ],
      [
        `concurrency ${run.concurrency}: CPU per call (kit + fake server + HTTP)`,
        `${(run.cpuMs / Math.max(1, run.calls)).toFixed(3)} ms`,
      ],
    ]),
    ["calls (all / sent to the endpoint)", `${int(dry.calls)} / ${int(dry.sent)}`],
    [
      "billed tokens in / out (with the cache)",
      `${int(dry.inputTokens)} / ${int(dry.outputTokens)}`,
    ],
    [
      "billed tokens in / out (without the cache)",
      `${int(dry.inputTokensNoCache)} / ${int(dry.outputTokensNoCache)}`,
    ],
    ["kit CPU per call (dry-run pass)", `${(dry.cpuMs / Math.max(1, dry.calls)).toFixed(3)} ms`],
    ["dry-run pass wall", sec(dry.wallMs)],
    [
      "peak RSS: dry run / analyses / estimate / live",
      [dry, analyse, estimate].map((r) => r.peakRssMb.toFixed(0)).join(" / ") + " / " +
      (live.map((r) => r.peakRssMb.toFixed(0)).join(", ") || "-") + " MB",
    ],
    ["store on disk", mb(dry.storeBytes)],
    ["cache on disk", mb(dry.cacheBytes)],
    [
      "estimate: time, calls, tokens in / out",
      `${sec(estimate.estimateMs)}, ${int(estimate.calls)}, ` +
      `${int(estimate.inputTokens)} / ${int(estimate.outputTokens)}`,
    ],
    ["summary / analyses", `${sec(analyse.summaryMs)} / ${sec(analyse.analysesMs)}`],
    ...(results.reuse === undefined ? [] : [[
      "reuseEvaluations: calls sent, billed tokens in / out",
      `${int(results.reuse.sent)} (${pct(results.reuse.sent, dry.sent).toFixed(1)} %), ` +
      `${int(results.reuse.inputTokens)} (${
        pct(results.reuse.inputTokens, dry.inputTokens).toFixed(1)
      } %) / ${int(results.reuse.outputTokens)} (${
        pct(results.reuse.outputTokens, dry.outputTokens).toFixed(1)
      } %)`,
    ] as [string, string]]),
    ["calls() over the whole log", `${sec(analyse.streamMs)} for ${int(analyse.streamedCalls)}`],
    ...(results.diagnostics?.parts ?? []).map((part): [string, string] => [
      `diagnostics: ${part.name}`,
      `${sec(part.ms)}, ${int(part.calls)} calls (${int(part.sent)} sent)`,
    ]),
    ...(results.diagnostics === undefined ? [] : [[
      "diagnostics: kit CPU per call, peak RSS",
      `${
        (results.diagnostics.cpuMs /
          Math.max(1, results.diagnostics.parts.reduce((n, p) => n + p.calls, 0))).toFixed(3)
      } ms, ${results.diagnostics.peakRssMb.toFixed(0)} MB`,
    ] as [string, string]]),
  ];
  const targets = benchTargets(results);
  const width = Math.max(...figures.map(([name]) => name.length));
  const lines = [
    "Bench — DRY RUN (synthetic): timings of the kit on synthetic answers, not results",
    "",
    ...figures.map(([name, value]) => `${name.padEnd(width)}  ${value}`),
    "",
    "target                                           measured                 target     met",
  ];
  for (const row of targets) {
    lines.push(
      `${row.target.padEnd(48)} ${row.measured.padEnd(24)} ${row.threshold.padEnd(10)} ` +
        (row.met ? "yes" : `NO — ${row.reason}`),
    );
  }
  return lines.join("\n");
}
