/**
 * Flags of `deno task rate`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import type { RatingKind } from "../experiment/diagnostic_rows.ts";
import type { OracleSelection } from "../experiment/diagnostic_rows.ts";
import type { OraclePickMetric } from "../diagnostics/oracle_combination.ts";
import type { ParseOutcome } from "../schema.ts";

/** Parsed command line of `deno task rate`. */
export interface RateArgs {
  /** The experiment folder. */
  out: string;
  /** Endpoint config for the calls (default: the experiment's). */
  config?: string;
  /** Answer offline with the dry-run backend. */
  dryRun: boolean;
  /** Raters to run (empty: none). */
  kinds: RatingKind[];
  /** Repeats of the noise-only control (0: skip). */
  noise: number;
  /** Run the oracle combination. */
  oracle: boolean;
  /** Oracle selection split. */
  selection: OracleSelection;
  /** Oracle pick metric. */
  pick: OraclePickMetric;
  /** Rater calls in flight. */
  concurrency: number;
  /** Dollar cap. */
  budgetUsd?: number;
  /** Artificial latency of each dry-run call, in ms. */
  latencyMs: number;
  /** Show the usage text. */
  help: boolean;
}

/** Usage text of `deno task rate`. */
export const RATE_USAGE: string = `Usage: deno task rate --out <dir> [flags]

Adds the paper's diagnostics to a finished experiment in <dir> (its store and call cache):
gradient-specificity and feedback-adherence ratings of every (run, step, criterion), and
optionally the noise-only control and the oracle combination. Units already stored are skipped,
so an interrupted command continues where it stopped when run again.

  --out <dir>            experiment folder (holds experiment.sqlite)
  --config <file>        endpoint config (JSON) for the rater and judge calls (default: the experiment's)
  --dry-run              answer offline with synthetic ratings (always so for a dry-run experiment)
  --kinds specificity,adherence
                         raters to run (default both; "none" runs no rater)
  --noise <n>            re-evaluate the seed prompt n times on the test split (paper's 13; default 0)
  --oracle               run the oracle combination of the Single runs' best instructions
  --selection validation|test
                         where the oracle picks (default validation; test is the paper's oracle)
  --pick spearman|offByOne|mae   oracle pick metric (default spearman)
  --concurrency <n>      rater calls in flight (default 8)
  --budget <usd>         dollar cap of the calls made now
  --latency-ms <n>       artificial latency per dry-run call (rehearsals, tests)
  --help`;

const KINDS: readonly RatingKind[] = ["specificity", "adherence"];
const PICKS: readonly OraclePickMetric[] = ["spearman", "offByOne", "mae"];

/**
 * Parses the flags of `deno task rate`; problems are returned as data.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseRateArgs } from "./rate_args.ts";
 * const parsed = parseRateArgs(["--out", "runs/x", "--kinds", "specificity", "--noise", "13"]);
 * assert.ok(parsed.ok && parsed.value.kinds.length === 1 && parsed.value.noise === 13);
 * assert.ok(!parseRateArgs(["--kinds", "specificity"]).ok); // --out is required
 * ```
 */
export function parseRateArgs(args: string[]): ParseOutcome<RateArgs> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        out: { type: "string" },
        config: { type: "string" },
        "dry-run": { type: "boolean" },
        kinds: { type: "string" },
        noise: { type: "string" },
        oracle: { type: "boolean" },
        selection: { type: "string" },
        pick: { type: "string" },
        concurrency: { type: "string" },
        budget: { type: "string" },
        "latency-ms": { type: "string" },
        help: { type: "boolean" },
      },
    }).values;
  } catch (error) {
    return { ok: false, issues: [(error as Error).message] };
  }
  const issues: string[] = [];
  const count = (flag: string, fallback: number, min: number): number => {
    const text = values[flag];
    if (typeof text !== "string") return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) {
      issues.push(`--${flag}: expected an integer ≥ ${min}, got ${text}`);
    }
    return value;
  };
  const kindsText = typeof values.kinds === "string" ? values.kinds : KINDS.join(",");
  const kinds = kindsText === "none"
    ? []
    : kindsText.split(",").map((k) => k.trim()).filter(Boolean) as RatingKind[];
  for (const kind of kinds) {
    if (!KINDS.includes(kind)) issues.push(`--kinds: unknown rater ${kind} (${KINDS.join(", ")})`);
  }
  const selection = (values.selection ?? "validation") as OracleSelection;
  if (selection !== "validation" && selection !== "test") {
    issues.push(`--selection: expected validation or test, got ${selection}`);
  }
  const pick = (values.pick ?? "spearman") as OraclePickMetric;
  if (!PICKS.includes(pick)) issues.push(`--pick: expected ${PICKS.join(", ")}, got ${pick}`);
  let budgetUsd: number | undefined;
  if (typeof values.budget === "string") {
    budgetUsd = Number(values.budget);
    if (!(budgetUsd >= 0)) issues.push(`--budget: not a dollar amount: ${values.budget}`);
  }
  const help = values.help === true;
  if (!help && typeof values.out !== "string") issues.push("--out <dir> is required");
  const noise = count("noise", 0, 0), concurrency = count("concurrency", 8, 1);
  const latencyMs = count("latency-ms", 0, 0);
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: {
      out: typeof values.out === "string" ? values.out : "",
      config: typeof values.config === "string" ? values.config : undefined,
      dryRun: values["dry-run"] === true,
      kinds,
      noise,
      oracle: values.oracle === true,
      selection,
      pick,
      concurrency,
      budgetUsd,
      latencyMs,
      help,
    },
  };
}
