/**
 * Flags of `deno task run`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import type { ParseOutcome } from "../schema.ts";
import type { ExperimentConfig } from "../experiment/config.ts";

/** Parsed command line of `deno task run`. */
export interface RunArgs {
  /** Experiment config file. */
  config?: string;
  /** Flags that override the config. */
  overrides: Partial<ExperimentConfig>;
  /** True when a flag changed the grid or its size (so dry-run defaults do not apply). */
  gridFlags: boolean;
  /** Continue the experiment in `--out`. */
  resume: boolean;
  /** Run offline through the dry-run backend. */
  dryRun: boolean;
  /** Skip the dry-run estimate before a live run. */
  skipEstimate: boolean;
  /** Artificial latency of each dry-run call, in ms. */
  latencyMs: number;
  /** Print no per-step lines. */
  quiet: boolean;
  /** Show the usage text. */
  help: boolean;
}

/** Usage text of `deno task run`. */
export const RUN_USAGE: string = `Usage: deno task run [flags]

Runs an experiment (a grid of modes × gates × runs) and stores everything in <out>/experiment.sqlite.

  --config <file>        experiment config (JSON); flags override it
  --dataset <name>       summeval (default) or brighter
  --modes SSS,CCC        modes (SSS, SSC, SCC, CCC, Single)
  --gates mae,none       validation gates (none, mae, spearman, off-by-one)
  --runs <n>             runs per configuration (default 3)
  --steps <n>            optimization steps (default 12)
  --batch-size <n>       training examples per step (default 3)
  --validation-size <n>  validation examples of the gate (default 100)
  --test-limit <n>       evaluate only the first n test examples
  --profile default|paper  default fixes the paper's quirks; paper reproduces them (default: default)
  --sampling independent|paired
                         independent (default): each configuration samples its own answers;
                         paired: configurations share identical calls (common random numbers)
  --algorithm textgrad|opro
  --reuse-evaluations    score an unchanged prompt on the same rows once and reuse the answers
                         (opt-in, recorded in the manifest; off: the paper's protocol)
  --concurrency <n>      runs executed at once (default 4)
  --out <dir>            output folder (store + call cache)
  --resume               continue the experiment in --out (completed steps are not recomputed)
  --dry-run              run offline with synthetic outputs and print the call/cost estimate
  --backend dry-run|openai
  --budget <usd>         dollar cap; runs pause (resumable) when it is reached
  --no-estimate          skip the dry-run estimate before a live run
  --latency-ms <n>       artificial latency per dry-run call (rehearsals, tests)
  --quiet                no per-step lines
  --help

With --dry-run and no config or grid flags: SSS and CCC, gate mae, 1 run, 2 steps, 40 test and
20 validation examples, written to runs/dry-run-<time>.`;

const GRID_FLAGS = [
  "modes",
  "gates",
  "runs",
  "steps",
  "batch-size",
  "validation-size",
  "test-limit",
  "algorithm",
] as const;

/**
 * Parses the flags of `deno task run`; problems are returned as data.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseRunArgs } from "./args.ts";
 * const parsed = parseRunArgs(["--modes", "SSS,CCC", "--runs", "1", "--dry-run"]);
 * assert.ok(parsed.ok && parsed.value.overrides.modes?.length === 2 && parsed.value.dryRun);
 * assert.ok(!parseRunArgs(["--runs", "many"]).ok);
 * ```
 */
export function parseRunArgs(args: string[]): ParseOutcome<RunArgs> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: joinNegativeValues(args),
      strict: true,
      allowPositionals: false,
      options: {
        config: { type: "string" },
        dataset: { type: "string" },
        modes: { type: "string" },
        gates: { type: "string" },
        runs: { type: "string" },
        steps: { type: "string" },
        "batch-size": { type: "string" },
        "validation-size": { type: "string" },
        "test-limit": { type: "string" },
        profile: { type: "string" },
        sampling: { type: "string" },
        algorithm: { type: "string" },
        "reuse-evaluations": { type: "boolean" },
        concurrency: { type: "string" },
        out: { type: "string" },
        resume: { type: "boolean" },
        "dry-run": { type: "boolean" },
        backend: { type: "string" },
        budget: { type: "string" },
        "no-estimate": { type: "boolean" },
        "latency-ms": { type: "string" },
        quiet: { type: "boolean" },
        help: { type: "boolean" },
      },
    }).values;
  } catch (error) {
    return { ok: false, issues: [(error as Error).message] };
  }
  const issues: string[] = [];
  const number = (flag: string): number | undefined => {
    const text = values[flag];
    if (typeof text !== "string") return undefined;
    const value = Number(text);
    if (text.trim() === "" || !Number.isFinite(value)) {
      issues.push(`--${flag}: not a number: ${text}`);
    }
    return value;
  };
  const list = (flag: string) =>
    typeof values[flag] === "string"
      ? (values[flag] as string).split(",").map((s) => s.trim()).filter(Boolean)
      : undefined;
  const text = (
    flag: string,
  ) => (typeof values[flag] === "string" ? values[flag] as string : undefined);
  const overrides = {
    dataset: text("dataset"),
    modes: list("modes"),
    gates: list("gates"),
    runs: number("runs"),
    steps: number("steps"),
    batchSize: number("batch-size"),
    validationSize: number("validation-size"),
    testLimit: number("test-limit"),
    profile: text("profile"),
    sampling: text("sampling"),
    algorithm: text("algorithm"),
    concurrency: number("concurrency"),
    out: text("out"),
    backend: values["dry-run"] ? "dry-run" : text("backend"),
    budgetUsd: number("budget"),
    reuseEvaluations: values["reuse-evaluations"] === true ? true : undefined,
  } as Partial<ExperimentConfig>;
  const backend = text("backend");
  if (backend !== undefined && backend !== "dry-run" && backend !== "openai") {
    issues.push(`--backend: expected dry-run or openai, got ${backend}`);
  }
  const latencyMs = number("latency-ms") ?? 0;
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: {
      config: text("config"),
      overrides,
      gridFlags: GRID_FLAGS.some((flag) => values[flag] !== undefined),
      resume: values.resume === true,
      dryRun: values["dry-run"] === true || values.backend === "dry-run",
      skipEstimate: values["no-estimate"] === true,
      latencyMs,
      quiet: values.quiet === true,
      help: values.help === true,
    },
  };
}

/** `--steps -2` → `--steps=-2`, so a negative number reaches validation as the flag's value. */
function joinNegativeValues(args: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const next = args[i + 1];
    if (/^--[^=]+$/.test(args[i]) && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${args[i]}=${next}`);
      i++;
    } else {
      joined.push(args[i]);
    }
  }
  return joined;
}
