/** Test helper: runs `lib/cli/run.ts` as a real subprocess. */

/** Path of the CLI entry. */
export const CLI = new URL("../../lib/cli/run.ts", import.meta.url).pathname;
/** The project's deno.json (named explicitly: the CLI may run from another working directory). */
const DENO_JSON = new URL("../../deno.json", import.meta.url).pathname;

/** Whether SummEval is reachable through `COLLIDE_DATA_DIR` (CI sets it; a test fails without). */
export function dataAvailable(): boolean {
  const dir = Deno.env.get("COLLIDE_DATA_DIR");
  if (!dir) return false;
  try {
    Deno.statSync(`${dir}/summeval/summeval.jsonl`);
    return true;
  } catch {
    return false;
  }
}

/** Skip (locally) when the data is missing; in CI a missing dataset must fail, not skip. */
export const ignoreWithoutData = !dataAvailable() && Deno.env.get("CI") !== "true";

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
