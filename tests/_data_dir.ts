/**
 * Where the tests find the real datasets: `$COLLIDE_DATA_DIR`, else the project's `data/` once
 * `deno task data` has run. Tests that need them are reported as "ignored" when neither exists,
 * except in CI (`CI=true`), where a missing dataset fails the run instead of hiding tests.
 */
import { existsSync } from "node:fs";
import { projectDataDir } from "../lib/data/locate.ts";

const projectData = projectDataDir();

/** The data folder for tests, or undefined when no dataset is available. */
export const testDataDir: string | undefined = Deno.env.get("COLLIDE_DATA_DIR") ??
  (existsSync(`${projectData}/summeval/summeval.jsonl`) ? projectData : undefined);

if (!testDataDir && Deno.env.get("CI") === "true") {
  throw new Error(
    "CI needs the datasets: set COLLIDE_DATA_DIR (e.g. ../shared/data) or run `deno task data`",
  );
}

/** True when the data-dependent tests must be skipped (outside CI only). */
export const noTestData: boolean = !testDataDir;

/**
 * True when the paper's split files (`<dataset>/splits/wgc-paper.json`, shipped beside the
 * datasets in COLLIDE_DATA_DIR, not downloaded by `deno task data`) are missing (outside CI only).
 */
export const noSplitFiles: boolean = !testDataDir ||
  !existsSync(`${testDataDir}/summeval/splits/wgc-paper.json`);

if (noSplitFiles && testDataDir && Deno.env.get("CI") === "true") {
  throw new Error(`CI needs the paper's split files under ${testDataDir}/<dataset>/splits/`);
}
