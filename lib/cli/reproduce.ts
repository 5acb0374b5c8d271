/**
 * `deno task reproduce`: the paper's whole study in one resumable command (see
 * {@linkcode REPRODUCE_USAGE}). Exit codes: 0 done, 1 error, 2 user error (flags, config, data,
 * files, changed settings, no confirmation), 3 paused (budget reached or interrupted: run the same command again).
 *
 * @module
 */
import { DataError } from "../data/data_error.ts";
import { ManifestDriftError, StoreFormatError } from "../experiment/errors.ts";
import { FileError } from "../file_error.ts";
import { ConfigError } from "../llm/errors.ts";
import { buildStudyPlan } from "../reproduce/plan.ts";
import { runStudy, STUDY_EXIT } from "../reproduce/run_study.ts";
import { parseReproduceArgs, REPRODUCE_USAGE } from "./reproduce_args.ts";
import type { MainIo } from "./run.ts";

/**
 * Runs `deno task reproduce` with `args` and returns the exit code.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { reproduceMain } from "./reproduce.ts";
 * const lines: string[] = [];
 * const code = await reproduceMain(["--runs", "0"], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
 * assert.ok(code === 2 && lines[0].includes("--runs"));
 * ```
 */
export async function reproduceMain(args: string[], io: MainIo = defaultIo()): Promise<number> {
  const parsed = parseReproduceArgs(args);
  if (!parsed.ok) {
    parsed.issues.forEach((issue) => io.err(issue));
    io.err("Run with --help for the flags.");
    return STUDY_EXIT.refused;
  }
  if (parsed.value.help) {
    io.out(REPRODUCE_USAGE);
    return STUDY_EXIT.done;
  }
  const plan = await buildStudyPlan(parsed.value.plan);
  if (!plan.ok) {
    plan.issues.forEach((issue) => io.err(issue));
    return STUDY_EXIT.refused;
  }
  try {
    return await runStudy(plan.value, {
      io,
      yes: parsed.value.yes,
      latencyMs: parsed.value.latencyMs,
      estimateLatencyMs: parsed.value.estimateLatencyMs,
      figureFormats: parsed.value.formats,
    });
  } catch (error) {
    if (error instanceof ManifestDriftError) {
      io.err(
        `${error.message}. These change the results: run with the study's settings and models, or choose another --out.`,
      );
      return STUDY_EXIT.refused;
    }
    if (error instanceof StoreFormatError) {
      io.err(`${error.message}.`);
      return STUDY_EXIT.refused;
    }
    if (error instanceof DataError) {
      io.err(
        `${error.message}\nGet the data with \`deno task data\`, or point COLLIDE_DATA_DIR at it.`,
      );
      return STUDY_EXIT.refused;
    }
    if (error instanceof ConfigError) {
      const where = error.message.split("\n")[0].replace(/:$/, "");
      error.issues.forEach((issue) => io.err(`${where}: ${issue}`));
      return STUDY_EXIT.refused;
    }
    if (error instanceof FileError) {
      io.err(error.message);
      return STUDY_EXIT.refused;
    }
    io.err(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    return STUDY_EXIT.error;
  }
}

function defaultIo(): MainIo {
  return { out: (line) => console.log(line), err: (line) => console.error(line) };
}

if (import.meta.main) Deno.exit(await reproduceMain(Deno.args));
