/** Test helper: runs `lib/cli/run.ts` as a real subprocess. */
import { noTestData } from "../_data_dir.ts";

/** Path of the CLI entry. */
export const CLI = new URL("../../lib/cli/run.ts", import.meta.url).pathname;
/** The project's deno.json (named explicitly: the CLI may run from another working directory). */
const DENO_JSON = new URL("../../deno.json", import.meta.url).pathname;

/** Skip (locally) when the data is missing; in CI a missing dataset fails (see `_data_dir.ts`). */
export const ignoreWithoutData: boolean = noTestData;

/** Starts the CLI with `args`, output piped. */
export function spawnCli(args: string[], cwd?: string): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    cwd,
    args: ["run", "-A", "--config", DENO_JSON, CLI, ...args],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
}

/** Runs the CLI to completion and returns its exit code and output. */
export async function runCli(
  args: string[],
  cwd?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await spawnCli(args, cwd).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}
