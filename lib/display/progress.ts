/**
 * Progress of LLM calls: done/total, cache hits, failures, tokens, dollars and ETA, rendered as a
 * one-line bar on a terminal (stderr, redrawn in place, throttled) or as an updating display in a
 * Jupyter notebook (Deno kernel). Runs of the dry-run backend are labelled `DRY RUN — synthetic`.
 * The LLM layer knows nothing of it: a reporter is fed by the layer's call observer
 * (`createLlm({ onCall: reporter.observe })`).
 *
 * @module
 */
import type { CallEvent } from "../llm/llm.ts";

/** What the reporter shows. Plain data. */
export interface ProgressSnapshot {
  /** Caption, e.g. an experiment name. */
  label: string;
  /** Calls finished (sent, served from cache, or failed). */
  done: number;
  /** Calls expected in total, when callers announced them. */
  total?: number;
  /** Calls answered without a request. */
  cacheHits: number;
  /** Calls that failed. */
  failures: number;
  /** Retried requests (rate limits, 5xx, timeouts, resets, malformed bodies); 0 when absent. */
  retries?: number;
  /** Prompt tokens of sent calls. */
  inputTokens: number;
  /** Completion tokens of sent calls. */
  outputTokens: number;
  /** Dollars of sent calls. */
  costUsd: number;
  /** Time since the reporter was created, in ms. */
  elapsedMs: number;
  /** Estimated time to finish, in ms (needs a total and at least one call done). */
  etaMs?: number;
  /** True when answers are synthetic (dry-run backend). */
  dryRun: boolean;
}

/** One finished call as the reporter counts it. */
export interface ProgressCall {
  /** Answered without a request. */
  cached: boolean;
  /** The call failed. */
  failed: boolean;
  /** Requests retried before the call succeeded or failed (default 0). */
  retries?: number;
  /** Prompt tokens (0 for hits and failures). */
  inputTokens: number;
  /** Completion tokens (0 for hits and failures). */
  outputTokens: number;
  /** Dollars charged. */
  costUsd: number;
}

/** Where a reporter draws. */
export interface ProgressSink {
  /** Draws `snapshot`; `final` is true for the last draw. */
  render(snapshot: ProgressSnapshot, final: boolean): void;
  /** Removes the drawing so other output can be written (a terminal line); optional. */
  clear?(): void;
}

/** Built-in outputs: `auto` picks Jupyter, then a terminal on stderr, else nothing. */
export type ProgressOutput = "auto" | "terminal" | "jupyter" | "silent";

/** Options of {@linkcode ProgressReporter}. */
export interface ProgressReporterOptions {
  /** Caption (default `LLM calls`). */
  label?: string;
  /** Calls expected. */
  total?: number;
  /** Where to draw (default `auto`). */
  output?: ProgressOutput | ProgressSink;
  /** Minimum time between two draws in ms (default 200). */
  throttleMs?: number;
  /** Clock in ms (default `Date.now`). */
  now?: () => number;
  /** Label the bar as a dry run. */
  dryRun?: boolean;
}

/**
 * Counts finished calls and redraws a progress display.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ProgressReporter } from "./progress.ts";
 * const progress = new ProgressReporter({ output: "silent", total: 2 });
 * progress.record({ cached: true, failed: false, inputTokens: 0, outputTokens: 0, costUsd: 0 });
 * assert(progress.snapshot().done === 1 && progress.snapshot().cacheHits === 1);
 * progress.finish();
 * ```
 */
export class ProgressReporter {
  /** Label the display as a dry run (set by the LLM facade when its backend is the dry run). */
  dryRun: boolean;
  #label: string;
  #total?: number;
  #counts = {
    done: 0,
    cacheHits: 0,
    failures: 0,
    retries: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
  };
  #sink: ProgressSink;
  #throttleMs: number;
  #now: () => number;
  #startedAt: number;
  #lastDraw = Number.NEGATIVE_INFINITY;
  #finished = false;

  /** Builds a reporter; nothing is drawn until the first call is recorded. */
  constructor(options: ProgressReporterOptions = {}) {
    this.#label = options.label ?? "LLM calls";
    this.#total = options.total;
    this.#throttleMs = options.throttleMs ?? 200;
    this.#now = options.now ?? Date.now;
    this.#startedAt = this.#now();
    this.dryRun = options.dryRun ?? false;
    const output = options.output ?? "auto";
    this.#sink = typeof output === "string" ? builtinSink(output) : output;
  }

  /** Announces `count` more expected calls. */
  addTotal(count: number): void {
    this.#total = (this.#total ?? 0) + count;
  }

  /** Sets the number of expected calls. */
  setTotal(total: number): void {
    this.#total = total;
  }

  /**
   * The LLM layer's call observer: counts each call as {@linkcode ProgressReporter.record} does,
   * and switches to the `DRY RUN` label at the first synthetic answer.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProgressReporter } from "./progress.ts";
   * import { createDryRunLlm } from "../llm/llm.ts";
   * const progress = new ProgressReporter({ output: "silent" });
   * const llm = createDryRunLlm({ seed: 1, onCall: progress.observe });
   * await llm.complete({ role: "loss", messages: [{ role: "user", content: "Critique." }] });
   * assert.ok(progress.snapshot().done === 1 && progress.dryRun);
   * llm.close();
   * ```
   */
  readonly observe = (event: CallEvent): void => {
    if (event.result?.dryRun) this.dryRun = true;
    const sent = event.result !== undefined && !event.cached;
    this.record({
      cached: event.cached,
      failed: event.error !== undefined,
      retries: event.retries.length,
      inputTokens: sent ? event.result!.usage.inputTokens : 0,
      outputTokens: sent ? event.result!.usage.outputTokens : 0,
      costUsd: event.costUsd ?? 0,
    });
  };

  /** Counts one finished call and redraws (throttled). */
  record(call: ProgressCall): void {
    const counts = this.#counts;
    counts.done += 1;
    counts.cacheHits += call.cached ? 1 : 0;
    counts.failures += call.failed ? 1 : 0;
    counts.retries += call.retries ?? 0;
    counts.inputTokens += call.inputTokens;
    counts.outputTokens += call.outputTokens;
    counts.costUsd += call.costUsd;
    const now = this.#now();
    if (now - this.#lastDraw >= this.#throttleMs) {
      this.#lastDraw = now;
      this.#sink.render(this.snapshot(), false);
    }
  }

  /** The current counts. */
  snapshot(): ProgressSnapshot {
    const elapsedMs = Math.max(0, this.#now() - this.#startedAt);
    const { done } = this.#counts;
    const total = this.#total;
    const etaMs = total !== undefined && done > 0
      ? Math.max(0, (elapsedMs / done) * (total - done))
      : undefined;
    return { label: this.#label, ...this.#counts, total, elapsedMs, etaMs, dryRun: this.dryRun };
  }

  /**
   * Runs `print` (which writes log lines) with the display cleared first and redrawn after, so
   * log lines never run into a terminal's progress bar.
   *
   * @example
   * ```ts
   * import { ProgressReporter } from "./progress.ts";
   * const progress = new ProgressReporter({ output: "silent" });
   * progress.interrupt(() => console.log("step 1 done"));
   * ```
   */
  interrupt(print: () => void): void {
    const drawn = this.#lastDraw !== Number.NEGATIVE_INFINITY && !this.#finished;
    if (drawn) this.#sink.clear?.();
    print();
    if (drawn) this.#sink.render(this.snapshot(), false);
  }

  /** Draws the final state once (later calls do nothing). */
  finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#sink.render(this.snapshot(), true);
  }
}

/**
 * Formats a snapshot as one line with a bar, e.g.
 * `LLM calls ▕██████░░░░▏ 30/50 60% | hits 4 | fail 0 | retries 2 | 12.3k tok | $0.0412 | ETA 1m05s`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatProgress } from "./progress.ts";
 * const line = formatProgress({
 *   label: "run", done: 1, total: 4, cacheHits: 0, failures: 0, retries: 0, inputTokens: 900, outputTokens: 100,
 *   costUsd: 0.5, elapsedMs: 1000, etaMs: 3000, dryRun: true,
 * });
 * assert(line.startsWith("DRY RUN — synthetic") && line.includes("1/4 25%"));
 * ```
 */
export function formatProgress(snapshot: ProgressSnapshot, barWidth = 20): string {
  const { done, total } = snapshot;
  const fraction = total ? Math.min(1, done / total) : undefined;
  const filled = Math.round((fraction ?? 0) * barWidth);
  const bar = fraction === undefined || barWidth <= 0
    ? ""
    : ` ▕${"█".repeat(filled)}${"░".repeat(barWidth - filled)}▏`;
  const count = total === undefined
    ? `${done}`
    : `${done}/${total} ${Math.floor(fraction! * 100)}%`;
  const parts = [
    `${snapshot.dryRun ? "DRY RUN — synthetic | " : ""}${snapshot.label}${bar} ${count}`,
    `hits ${snapshot.cacheHits}`,
    `fail ${snapshot.failures}`,
    `retries ${snapshot.retries ?? 0}`,
    `${compact(snapshot.inputTokens + snapshot.outputTokens)} tok`,
    `$${snapshot.costUsd.toFixed(4)}${snapshot.dryRun ? " (est.)" : ""}`,
  ];
  if (snapshot.etaMs !== undefined) parts.push(`ETA ${duration(snapshot.etaMs)}`);
  return parts.join(" | ");
}

/**
 * Whether code runs inside a Deno Jupyter kernel (`Deno.jupyter` throws elsewhere).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { inJupyter } from "./progress.ts";
 * assert(typeof inJupyter() === "boolean");
 * ```
 */
export function inJupyter(): boolean {
  try {
    return typeof Deno.jupyter?.display === "function";
  } catch {
    return false;
  }
}

function builtinSink(output: ProgressOutput): ProgressSink {
  if (output === "auto") {
    if (inJupyter()) return jupyterProgressSink();
    return Deno.stderr.isTerminal() ? terminalSink() : silentSink();
  }
  const sinks = {
    terminal: terminalSink,
    jupyter: () => jupyterProgressSink(),
    silent: silentSink,
  };
  return sinks[output]();
}

function silentSink(): ProgressSink {
  return { render() {} };
}

function terminalSink(): ProgressSink {
  const encoder = new TextEncoder();
  return {
    render(snapshot, final) {
      const line = `\r${formatProgress(snapshot)}\x1b[K${final ? "\n" : ""}`;
      Deno.stderr.writeSync(encoder.encode(line));
    },
    clear() {
      Deno.stderr.writeSync(encoder.encode("\r\x1b[K"));
    },
  };
}

/** The shape of `Deno.jupyter.display`. */
export type JupyterDisplay = (
  bundle: Record<string, string>,
  options: { raw: boolean; update: boolean; display_id: string },
) => Promise<void>;

let displayCounter = 0;

/**
 * A sink drawing into one Jupyter output that is updated in place: the first draw sends
 * `display_data` with a `display_id`, later draws send `update_display_data` for that id.
 * `display` defaults to `Deno.jupyter.display` (only available inside `deno jupyter`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jupyterProgressSink, ProgressReporter } from "./progress.ts";
 * const sent: boolean[] = [];
 * const sink = jupyterProgressSink((_bundle, options) => {
 *   sent.push(options.update);
 *   return Promise.resolve();
 * });
 * const progress = new ProgressReporter({ output: sink, throttleMs: 0 });
 * progress.record({ cached: false, failed: false, inputTokens: 1, outputTokens: 1, costUsd: 0 });
 * progress.finish();
 * assert(sent.join() === "false,true");
 * ```
 */
export function jupyterProgressSink(display?: JupyterDisplay): ProgressSink {
  const displayId = `collide-progress-${Date.now()}-${++displayCounter}`;
  let shown = false;
  return {
    render(snapshot) {
      const bundle = {
        "text/plain": formatProgress(snapshot),
        "text/html": progressHtml(snapshot),
      };
      const update = shown;
      shown = true;
      const send = display ?? ((b, o) => Deno.jupyter.display(b, o));
      send(bundle, { raw: true, update, display_id: displayId }).catch(() => {});
    },
  };
}

function progressHtml(snapshot: ProgressSnapshot): string {
  const max = snapshot.total ?? Math.max(1, snapshot.done);
  const text = formatProgress(snapshot, 0).replaceAll("&", "&amp;").replaceAll("<", "&lt;");
  const color = snapshot.dryRun ? "#b45309" : "inherit";
  return `<div style="font-family:monospace;color:${color}">` +
    `<progress value="${snapshot.done}" max="${max}" style="width:16em"></progress> ${text}</div>`;
}

function compact(count: number): string {
  if (count >= 1e6) return `${(count / 1e6).toFixed(1)}M`;
  if (count >= 1e3) return `${(count / 1e3).toFixed(1)}k`;
  return String(count);
}

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}
