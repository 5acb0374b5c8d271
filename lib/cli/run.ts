/**
 * `deno task run`: runs (or resumes) an experiment from a config file and flags, prints the
 * dry-run call/cost estimate before a live run, a progress bar while it runs and a summary table at
 * the end. Exit codes: 0 all runs done, 1 error or failed runs, 2 bad flags or config, 3 runs
 * paused (budget reached or interrupted: resume with `--resume`).
 *
 * @module
 */
import {
  dryRunDefaults,
  type ExperimentConfig,
  loadExperimentConfig,
  overrideConfig,
  parseExperimentConfig,
} from "../experiment/config.ts";
import { loadExperimentData } from "../experiment/dataset.ts";
import { estimateExperiment, formatEstimate } from "../experiment/estimate.ts";
import { profileOf } from "../experiment/components.ts";
import {
  ExperimentExistsError,
  ManifestDriftError,
  NothingToResumeError,
  StoreFormatError,
} from "../experiment/errors.ts";
import { experimentGrid } from "../experiment/grid.ts";
import { openExperiment } from "../experiment/setup.ts";
import { ExperimentStore } from "../experiment/store.ts";
import { formatSummaryTable, summarizeExperiment } from "../experiment/summary.ts";
import { formatRate, stepParseFailures } from "../experiment/parse_failures.ts";
import { DataError } from "../data/data_error.ts";
import { FileError } from "../file_error.ts";
import { ConfigError } from "../llm/errors.ts";
import { ProgressReporter } from "../display/progress.ts";
import type { ParseOutcome } from "../schema.ts";
import { parseRunArgs, RUN_USAGE, type RunArgs } from "./args.ts";

/** Where {@linkcode main} writes. */
export interface MainIo {
  /** Normal output (estimate, step lines, summary). */
  out: (line: string) => void;
  /** Errors. */
  err: (line: string) => void;
}

const DRY_TAG = "DRY RUN (synthetic outputs)";

/**
 * Runs the CLI with `args` and returns the exit code.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { main } from "./run.ts";
 * const lines: string[] = [];
 * const code = await main(["--runs", "zero"], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
 * assert.ok(code === 2 && lines[0].includes("--runs"));
 * ```
 */
export async function main(args: string[], io: MainIo = defaultIo()): Promise<number> {
  const parsed = parseRunArgs(args);
  if (!parsed.ok) {
    parsed.issues.forEach((issue) => io.err(issue));
    io.err("Run with --help for the flags.");
    return 2;
  }
  if (parsed.value.help) {
    io.out(RUN_USAGE);
    return 0;
  }
  try {
    const resolved = await resolveConfig(parsed.value);
    if (!resolved.ok) {
      resolved.issues.forEach((issue) => io.err(issue));
      return 2;
    }
    return await execute(resolved.value, parsed.value, io);
  } catch (error) {
    const expected = userErrorLines(error);
    if (expected) {
      expected.forEach((line) => io.err(line));
      return 2;
    }
    io.err(describeError(error));
    return 1;
  }
}

async function execute(config: ExperimentConfig, args: RunArgs, io: MainIo): Promise<number> {
  // Checked before the data load and the estimate, which can take minutes on a full grid.
  const storePath = `${config.out}/experiment.sqlite`;
  if (args.resume && !storeExists(storePath)) {
    io.err(nothingToResume(storePath));
    return 2;
  }
  if (!args.resume && storeExists(storePath)) {
    io.err(
      `${storePath} already holds an experiment: pass --resume to continue it, or choose another --out.`,
    );
    return 2;
  }
  const dryRun = config.backend === "dry-run";
  const tag = dryRun ? `${DRY_TAG} ` : "";
  const profile = profileOf(config);
  const data = await loadExperimentData(config, profile);
  const grid = experimentGrid(config);
  grid.notes.forEach((note) => io.err(`warning: ${note}`));
  io.out(
    `${tag}experiment ${config.out}: ${config.dataset} (train ${data.splits.train.length}, ` +
      `validation ${data.splits.validation.length}, test ${data.splits.test.length}), ` +
      `${config.algorithm} modes ${grid.modes.join(",")} × gates ${grid.gates.join(",")} × ` +
      `${config.runs} runs, ${config.steps} steps, batch ${config.batchSize}, profile ${profile.name}`,
  );
  let total: number | undefined;
  if (!dryRun && !args.skipEstimate) {
    const usage = await estimateExperiment(config, data);
    io.out(formatEstimate(usage));
    total = usage.total.calls + usage.total.cacheHits;
  }
  const progress = new ProgressReporter({ label: "LLM calls", total, dryRun });
  const experiment = await openExperiment(config, {
    resume: args.resume,
    onCall: progress.observe,
    latencyMs: args.latencyMs,
    data,
  });
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  Deno.addSignalListener("SIGINT", onSignal);
  try {
    const outcome = await experiment.run({
      signal: controller.signal,
      onStep: args.quiet ? undefined : (record) => {
        const spearman = record.test.average.spearman;
        const verdict = record.accepted === null
          ? "seed"
          : record.accepted
          ? "accepted"
          : "rejected";
        const parse = stepParseFailures(record).reduce(
          (sum, c) => ({ failures: sum.failures + c.failures, total: sum.total + c.total }),
          { failures: 0, total: 0 },
        );
        progress.interrupt(() =>
          io.out(
            `${tag}${record.runId} step ${record.step}/${config.steps}: ${verdict}, ` +
              `test avg spearman ${Number.isFinite(spearman) ? spearman.toFixed(3) : "n/a"}, ` +
              `judge parse failures ${formatRate(parse.failures, parse.total)}`,
          )
        );
      },
    });
    progress.finish();
    io.out("");
    io.out(formatSummaryTable(summarizeExperiment(experiment.store), { dryRun }));
    io.out("");
    io.out(formatEstimate(experiment.llm.usage()));
    io.out(`${tag}store: ${experiment.store.path}`);
    if (outcome.counts.failed > 0) {
      for (const run of outcome.runs.filter((r) => r.status === "failed")) {
        io.err(`${run.runId} failed: ${run.message}`);
      }
      return 1;
    }
    if (outcome.counts.paused > 0) {
      const reason = outcome.runs.find((r) => r.status === "paused")?.message ?? "";
      io.err(`${tag}${outcome.counts.paused} run(s) paused: ${reason}`);
      io.err(`Resume with: deno task run --resume --out ${config.out} [--budget <usd>]`);
      return 3;
    }
    return 0;
  } finally {
    Deno.removeSignalListener("SIGINT", onSignal);
    progress.finish();
    experiment.close();
  }
}

/**
 * The configuration: `--config` (or, with `--resume` and no config, the one stored in `--out`),
 * dry-run defaults when `--dry-run` has no config or grid flags, then the flags.
 */
async function resolveConfig(args: RunArgs): Promise<ParseOutcome<ExperimentConfig>> {
  let base: ParseOutcome<ExperimentConfig>;
  if (args.config !== undefined) {
    base = await loadExperimentConfig(args.config);
  } else if (args.resume && args.overrides.out !== undefined) {
    base = storedConfig(`${args.overrides.out}/experiment.sqlite`);
  } else {
    const defaults = args.dryRun && !args.gridFlags
      ? { ...dryRunDefaults(), out: `runs/dry-run-${timestamp()}` }
      : {};
    base = parseExperimentConfig(defaults);
  }
  if (!base.ok) return base;
  const merged = overrideConfig(base.value, args.overrides);
  if (merged.ok) return merged;
  // A problem with a value given as a flag names the flag and says what to do.
  const flagged = merged.issues.map((issue) => {
    const field = issue.split(":")[0];
    const given = (args.overrides as Record<string, unknown>)[field];
    if (given === undefined) return issue;
    const flag = field === "budgetUsd"
      ? "budget"
      : field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    return `--${flag} ${given}: ${issue.slice(field.length + 1).trim()}; see --help`;
  });
  return { ok: false, issues: flagged };
}

function storedConfig(path: string): ParseOutcome<ExperimentConfig> {
  if (!storeExists(path)) return { ok: false, issues: [nothingToResume(path)] };
  const store = ExperimentStore.open(path);
  try {
    const manifest = store.manifest();
    if (!manifest) return { ok: false, issues: [`${path} holds no experiment manifest.`] };
    return parseExperimentConfig(manifest.config);
  } finally {
    store.close();
  }
}

function storeExists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

function nothingToResume(path: string): string {
  return `Nothing to resume: ${path} does not exist. Pass --out <folder> of the experiment to continue.`;
}

/**
 * Expected user errors (data, config, store, cache, flags) as the lines to print, one per problem,
 * each naming the file or setting and what to do; `undefined` for anything else (a bug).
 */
function userErrorLines(error: unknown): string[] | undefined {
  if (error instanceof ExperimentExistsError) {
    return [
      `${error.path} already holds an experiment: pass --resume to continue it, or choose another --out.`,
    ];
  }
  if (error instanceof NothingToResumeError) return [nothingToResume(error.path)];
  if (error instanceof ManifestDriftError) {
    return [
      `${error.message}. Resume with the stored configuration (omit --config), or choose another --out.`,
    ];
  }
  if (error instanceof StoreFormatError) return [`${error.message}.`];
  if (error instanceof DataError) {
    const fix = error.message.includes("deno task data")
      ? " (or point COLLIDE_DATA_DIR at a folder holding verified data)"
      : " (get the data with `deno task data`, or point COLLIDE_DATA_DIR at a folder holding it)";
    return [`${error.message}${fix}`];
  }
  if (error instanceof ConfigError) {
    const where = error.message.split("\n")[0].replace(/:$/, "");
    return error.issues.map((issue) => `${where}: ${issue}`);
  }
  if (error instanceof FileError) return [error.message];
  return undefined;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}

function defaultIo(): MainIo {
  return { out: (line) => console.log(line), err: (line) => console.error(line) };
}

if (import.meta.main) Deno.exit(await main(Deno.args));
