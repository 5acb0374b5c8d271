/** Test helpers: `deno task reproduce` as a real subprocess, and comparable store records. */
import assert from "node:assert/strict";
import { ExperimentStore } from "../../lib/experiment/store.ts";
import { VOLATILE_SECTION } from "../../lib/reproduce/report.ts";
import { testDataDir } from "../_data_dir.ts";
import { comparableRecords } from "../experiment/_records.ts";

const ENTRY = new URL("../../lib/cli/reproduce.ts", import.meta.url).pathname;
const DENO_JSON = new URL("../../deno.json", import.meta.url).pathname;

/** The relative output folder `deno task reproduce` picks without an endpoint. */
export const DRY_OUT = "runs/reproduce-summeval-dry-run";

/** Starts `deno task reproduce` in `cwd` with no endpoint configured (unless `env` names one). */
export function spawnReproduce(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    cwd,
    args: ["run", "-A", "--config", DENO_JSON, ENTRY, ...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", COLLIDE_LLM_CONFIG: "", COLLIDE_DATA_DIR: testDataDir ?? "", ...env },
  }).spawn();
}

/** Runs it to completion. */
export async function reproduce(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await spawnReproduce(args, cwd, env).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}

const VOLATILE = new Set(["created_at", "updated_at", "duration_ms", "started_at", "id"]);

/** Every record of a study's store, diagnostics included, without what legitimately differs. */
export function studyRecords(path: string): Record<string, unknown> {
  const store = ExperimentStore.open(path);
  const table = (name: string) =>
    store.table(name).map((row) =>
      Object.fromEntries(Object.entries(row).filter(([k]) => !VOLATILE.has(k)))
    ).map((row) => JSON.stringify(row)).sort();
  try {
    return {
      ratings: table("ratings"),
      noise: table("noise_repeats"),
      oracle: table("oracle_combinations"),
    };
  } finally {
    store.close();
  }
}

/** Both: the experiment's records and the diagnostics'. */
export function allRecords(path: string): Record<string, unknown> {
  return { ...comparableRecords(path), ...studyRecords(path) };
}

/** The report without its volatile section (calls, tokens, dollars and wall time per phase). */
export function stableReport(text: string): string {
  const at = text.indexOf(VOLATILE_SECTION);
  return at < 0 ? text : text.slice(0, at);
}

/** Waits until `ready()` holds, then SIGKILLs the child; fails if it ended first. */
export async function killWhen(child: Deno.ChildProcess, ready: () => boolean | Promise<boolean>) {
  const ended = child.status.then(() => true);
  let finished = false;
  ended.then(() => finished = true);
  const deadline = Date.now() + 120_000;
  while (!(await ready())) {
    assert.ok(!finished, "reproduce finished before it could be killed");
    assert.ok(Date.now() < deadline, "the kill point was not reached within 120 s");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  child.kill("SIGKILL");
  await child.status;
  await child.stdout.cancel().catch(() => {});
  await child.stderr.cancel().catch(() => {});
}
