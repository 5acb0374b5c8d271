/**
 * `deno task rate`: adds the paper's diagnostics to a finished experiment (raters, and optionally
 * the noise-only control and the oracle combination), with a progress bar and a short summary.
 * Exit codes: 0 done, 1 error, 2 bad flags or no experiment, 3 budget reached (run again to
 * continue: stored units are skipped).
 *
 * @module
 */
import { DataError } from "../data/data_error.ts";
import { runNoiseControl } from "../diagnostics/noise_control.ts";
import { openDiagnostics } from "../diagnostics/open_diagnostics.ts";
import { runOracleCombination } from "../diagnostics/oracle_combination.ts";
import { rateExperiment } from "../diagnostics/rate_experiment.ts";
import { ratingUnits } from "../diagnostics/rating_units.ts";
import { BudgetExceededError } from "../llm/errors.ts";
import { ProgressReporter } from "../display/progress.ts";
import { parseRateArgs, RATE_USAGE, type RateArgs } from "./rate_args.ts";
import type { MainIo } from "./run.ts";

const DRY_TAG = "DRY RUN (synthetic outputs) ";

/**
 * Runs `deno task rate` with `args` and returns the exit code.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rateMain } from "./rate.ts";
 * const lines: string[] = [];
 * const code = await rateMain(["--out", "/nonexistent"], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
 * assert.ok(code === 2 && lines[0].includes("holds no experiment"));
 * ```
 */
export async function rateMain(args: string[], io: MainIo = defaultIo()): Promise<number> {
  const parsed = parseRateArgs(args);
  if (!parsed.ok) {
    parsed.issues.forEach((issue) => io.err(issue));
    io.err("Run with --help for the flags.");
    return 2;
  }
  if (parsed.value.help) {
    io.out(RATE_USAGE);
    return 0;
  }
  try {
    await Deno.stat(`${parsed.value.out}/experiment.sqlite`);
  } catch {
    io.err(
      `${parsed.value.out} holds no experiment (no experiment.sqlite): run deno task run first.`,
    );
    return 2;
  }
  try {
    return await execute(parsed.value, io);
  } catch (error) {
    if (error instanceof BudgetExceededError) {
      io.err(`Budget reached: ${error.message}. Run again (with a higher --budget) to continue.`);
      return 3;
    }
    io.err(describeError(error));
    return 1;
  }
}

async function execute(args: RateArgs, io: MainIo): Promise<number> {
  const progress = new ProgressReporter({ label: "diagnostic calls", dryRun: true });
  const opened = await openDiagnostics(args.out, {
    llmConfig: args.config,
    dryRun: args.dryRun,
    budgetUsd: args.budgetUsd,
    latencyMs: args.latencyMs,
    onCall: progress.observe,
  });
  progress.dryRun = opened.dryRun;
  const tag = opened.dryRun ? DRY_TAG : "";
  const { store } = opened;
  const say = (line: string) => progress.interrupt(() => io.out(line));
  try {
    if (args.kinds.length > 0) {
      const units = ratingUnits(store, { kinds: args.kinds });
      const before = store.ratings();
      const stored = before.filter((r) => args.kinds.includes(r.kind)).length;
      say(
        `${tag}rating ${args.out}: ${units.length} units (${
          args.kinds.join(", ")
        }), ${stored} already stored`,
      );
      progress.addTotal(Math.max(0, units.length - stored));
      await rateExperiment(store, opened.llm, {
        kinds: args.kinds,
        concurrency: args.concurrency,
      });
      for (const kind of args.kinds) {
        const rows = store.ratings({ kind });
        const valid = rows.map((r) => r.rating).filter((v): v is number => v !== null);
        const mean = valid.length > 0 ? valid.reduce((a, b) => a + b, 0) / valid.length : NaN;
        say(
          `${tag}${kind}: ${rows.length} ratings stored (${
            rows.length - valid.length
          } unparseable or out of range, excluded), ` +
            `mean ${Number.isFinite(mean) ? mean.toFixed(2) : "n/a"}; ${
              rows.length - before.filter((r) => r.kind === kind).length
            } new this pass`,
        );
      }
    }
    if (args.noise > 0 || args.oracle) {
      const env = await opened.environment();
      if (args.noise > 0) {
        const done = store.noiseRepeats().filter((r) => r.repeat < args.noise).length;
        progress.addTotal((args.noise - done) * env.splits.test.length);
        const repeats = await runNoiseControl(env, { repeats: args.noise });
        const values = repeats.map((r) => r.metrics._average?.spearman ?? NaN);
        say(
          `${tag}noise control: ${repeats.length} repeats of the seed prompt, test avg spearman ${
            spread(values)
          }`,
        );
      }
      if (args.oracle) {
        const records = await runOracleCombination(env, {
          selection: args.selection,
          pickMetric: args.pick,
        });
        if (records.length === 0) say(`${tag}oracle combination: the store has no Single runs`);
        for (const record of records) {
          const spearman = record.metrics._average?.spearman ?? NaN;
          say(
            `${tag}oracle combination gate ${record.gate} (${record.selection} selection, pick ${record.pickMetric}): ` +
              `test avg spearman ${Number.isFinite(spearman) ? spearman.toFixed(3) : "n/a"}`,
          );
        }
      }
    }
    progress.finish();
    const usage = opened.llm.usage().total;
    io.out(
      `${tag}calls: ${usage.calls} (${usage.cacheHits} from the cache), $${
        usage.costUsd.toFixed(4)
      }`,
    );
    io.out(`${tag}store: ${store.path}`);
    return 0;
  } finally {
    opened.close();
  }
}

function spread(values: number[]): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return "n/a";
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  const [min, max] = [Math.min(...finite), Math.max(...finite)];
  return `mean ${mean.toFixed(3)}, min ${min.toFixed(3)}, max ${max.toFixed(3)}`;
}

function describeError(error: unknown): string {
  if (error instanceof DataError) {
    return `${error.message}\nGet the data with \`deno task data\`, or point COLLIDE_DATA_DIR at a folder holding it.`;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function defaultIo(): MainIo {
  return { out: (line) => console.log(line), err: (line) => console.error(line) };
}

if (import.meta.main) Deno.exit(await rateMain(Deno.args));
