/**
 * Flags of `deno task reproduce`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import type { StudyPlanInput } from "../reproduce/plan.ts";
import type { ParseOutcome } from "../schema.ts";

/** Parsed command line of `deno task reproduce`. */
export interface ReproduceArgs {
  /** Inputs of the study plan. */
  plan: Omit<StudyPlanInput, "env">;
  /** Skip the confirmation before paid calls. */
  yes: boolean;
  /** Artificial latency per dry-run call, ms. */
  latencyMs?: number;
  /** Assumed latency per live call for wall-time estimates, ms. */
  estimateLatencyMs?: number;
  /** Figure formats. */
  formats?: ("svg" | "png" | "html")[];
  /** Show the usage text. */
  help: boolean;
}

/** Usage text of `deno task reproduce`. */
export const REPRODUCE_USAGE: string = `Usage: deno task reproduce [flags]

Runs the paper's whole study: every mode (SSS, SSC, SCC, CCC, Single) under gates mae and none,
both raters, the noise-only control, the oracle combination, every analysis and figure, and
<out>/REPORT.md beside the paper's values. Run the same command again to continue after a stop.

Without --config and COLLIDE_LLM_CONFIG it rehearses a reduced study offline (DRY RUN, synthetic)
and prints what the full study would cost.

  --config <file>          experiment config (JSON, with "llm": the endpoint config)
  --out <dir>              output folder (default runs/reproduce-<dataset>[-dry-run])
  --dataset summeval|brighter
  --profile paper|default  paper (default) reproduces the paper's quirks; default fixes them
  --yes                    start paid calls without asking (needed without a terminal)
  --mitigations            add the paired mitigation study: the baseline and each mitigation
                           (the config's "mitigations" switches, or all five) on the same splits,
                           rated, with a noise control; a report section and figures. Adding it
                           to a finished study runs only it (and redoes figures and report)
  --runs <n>  --steps <n>  --test-limit <n>  --validation-size <n>  --noise <n>
                           a smaller (or other) grid; the paper: 3 runs, 12 steps, full test, 100, 13
  --budget <usd>           dollar cap: the study pauses cleanly when reached (exit 3)
  --concurrency <n>        runs executed at once
  --formats svg,png,html   figure formats (default all three; svg and png need Chromium)
  --estimate-latency-ms <n>  assumed latency per call for the wall-time estimate (default 1000)
  --latency-ms <n>         artificial latency per dry-run call (rehearsals, tests)
  --help

Exit codes: 0 done, 1 error, 2 a user error (flags, config, data, files, changed settings,
no confirmation), 3 paused.`;

/**
 * Parses the flags; problems come back as data, each naming its flag.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseReproduceArgs } from "./reproduce_args.ts";
 * const ok = parseReproduceArgs(["--runs", "1", "--yes"]);
 * assert.ok(ok.ok && ok.value.plan.runs === 1 && ok.value.yes && !ok.value.plan.mitigations);
 * assert.ok(parseReproduceArgs(["--mitigations"]).ok);
 * const bad = parseReproduceArgs(["--profile", "odd"]);
 * assert.ok(!bad.ok && bad.issues[0].includes("--profile"));
 * ```
 */
export function parseReproduceArgs(args: string[]): ParseOutcome<ReproduceArgs> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args,
      options: {
        config: { type: "string" },
        out: { type: "string" },
        dataset: { type: "string" },
        profile: { type: "string" },
        yes: { type: "boolean" },
        mitigations: { type: "boolean" },
        runs: { type: "string" },
        steps: { type: "string" },
        "test-limit": { type: "string" },
        "validation-size": { type: "string" },
        noise: { type: "string" },
        budget: { type: "string" },
        concurrency: { type: "string" },
        formats: { type: "string" },
        "estimate-latency-ms": { type: "string" },
        "latency-ms": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return { ok: false, issues: [(error as Error).message] };
  }
  const issues: string[] = [];
  const int = (flag: string, min: number): number | undefined => {
    const raw = values[flag];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) {
      issues.push(`--${flag}: expected an integer ≥ ${min}, got ${raw}`);
    }
    return n;
  };
  const dataset = values.dataset as string | undefined;
  if (dataset !== undefined && !["summeval", "brighter"].includes(dataset)) {
    issues.push(`--dataset: expected summeval or brighter, got ${dataset}`);
  }
  const profile = values.profile as string | undefined;
  if (profile !== undefined && !["paper", "default"].includes(profile)) {
    issues.push(`--profile: expected paper or default, got ${profile}`);
  }
  const budgetRaw = values.budget as string | undefined;
  const budget = budgetRaw === undefined ? undefined : Number(budgetRaw);
  if (budget !== undefined && !(budget > 0)) {
    issues.push(`--budget: expected dollars > 0, got ${budgetRaw}`);
  }
  const formats = (values.formats as string | undefined)?.split(",").map((f) => f.trim());
  for (const f of formats ?? []) {
    if (!["svg", "png", "html"].includes(f)) {
      issues.push(`--formats: unknown format ${f} (svg, png, html)`);
    }
  }
  const parsed: ReproduceArgs = {
    plan: {
      config: values.config as string | undefined,
      out: values.out as string | undefined,
      dataset,
      profile: profile as "paper" | "default" | undefined,
      runs: int("runs", 1),
      steps: int("steps", 0),
      testLimit: int("test-limit", 1),
      validationSize: int("validation-size", 1),
      noiseRepeats: int("noise", 0),
      budgetUsd: budget,
      concurrency: int("concurrency", 1),
      mitigations: values.mitigations === true,
    },
    yes: values.yes === true,
    latencyMs: int("latency-ms", 0),
    estimateLatencyMs: int("estimate-latency-ms", 0),
    formats: formats as ReproduceArgs["formats"],
    help: values.help === true,
  };
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: parsed };
}
