/**
 * `deno task bench`: the kit at the paper's scale, on synthetic answers.
 *
 * ```sh
 * deno task bench                 # the reduced grid (what CI runs)
 * deno task bench --full          # the paper's grid: 5 modes × 2 gates × 3 runs × 12 steps
 * deno task bench --concurrency 16,64 --time-scale 20 --keep runs/bench
 * deno task bench --diagnostics   # also the raters, noise control and oracle on the dry store
 * ```
 *
 * Each phase runs in a process of its own (`bench/phase.ts`), so CPU time and peak RSS are its
 * own. See `bench/README.md` for the latency model, the critical-path bound and the results.
 *
 * @module
 */
import { DEFAULT_LATENCY, PAPER_GRID, REDUCED_GRID } from "./grid.ts";
import type { PhaseInput } from "./phase.ts";
import { type BenchResults, benchTargets, formatBench } from "./report.ts";

/** Options of {@linkcode runBench}. */
export interface BenchOptions {
  /** The paper's grid instead of the reduced one. */
  full?: boolean;
  /** Endpoint concurrencies of the live phases. Default 16, 64, 256. */
  concurrency?: number[];
  /**
   * Model time per real time. Default per concurrency: 24 / concurrency, which keeps the endpoint
   * at about 60 calls per real second, well below what the kit and the fake server can serve on
   * one core, so that their CPU and HTTP overhead stay small against the modelled latency.
   */
  timeScale?: number;
  /**
   * Also run the diagnostics of `deno task reproduce` (raters, noise control, oracle combination)
   * on the dry pass's store, and report their calls and time.
   */
  diagnostics?: boolean;
  /** Keep the stores in this folder (default: a temporary folder, removed). */
  keep?: string;
  /** Extra environment of the phases (e.g. `COLLIDE_DATA_DIR`). */
  env?: Record<string, string>;
  /** Progress lines. */
  log?: (line: string) => void;
}

const PHASE = new URL("./phase.ts", import.meta.url).pathname;

async function phase<T>(input: PhaseInput, options: BenchOptions): Promise<T> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--v8-flags=--expose-gc", PHASE, JSON.stringify(input)],
    env: options.env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(output.stdout).trim();
  if (!output.success) {
    const stderr = new TextDecoder().decode(output.stderr).trim();
    throw new Error(`bench phase ${input.phase} failed:\n${stderr || stdout}`);
  }
  return JSON.parse(stdout.split("\n").at(-1)!) as T;
}

/**
 * Runs every phase and returns the measurements.
 *
 * @example
 * ```ts ignore
 * import { runBench } from "./bench.ts";
 * const results = await runBench({ concurrency: [16] });
 * ```
 */
export async function runBench(options: BenchOptions = {}): Promise<BenchResults> {
  const grid = options.full ? PAPER_GRID : REDUCED_GRID;
  const root = options.keep ?? await Deno.makeTempDir({ prefix: "collide-bench-" });
  const log = options.log ?? (() => {});
  await Deno.mkdir(root, { recursive: true });
  try {
    log(`dry-run pass of the ${options.full ? "paper" : "reduced"} grid…`);
    const dry = await phase<BenchResults["dry"]>(
      { phase: "dry", grid, out: `${root}/dry` },
      options,
    );
    log("dry-run pass with reuseEvaluations…");
    const reuse = await phase<BenchResults["dry"]>(
      { phase: "dry", grid: { ...grid, reuseEvaluations: true }, out: `${root}/dry-reuse` },
      options,
    );
    log("summary and analyses of the finished store…");
    const analyse = await phase<BenchResults["analyse"]>(
      { phase: "analyse", out: `${root}/dry` },
      options,
    );
    let diagnostics: BenchResults["diagnostics"];
    if (options.diagnostics) {
      log("diagnostics (raters, noise control, oracle) on the dry store…");
      diagnostics = await phase<NonNullable<BenchResults["diagnostics"]>>({
        phase: "diagnostics",
        grid,
        out: `${root}/dry`,
        noiseRepeats: options.full ? 13 : 3,
      }, options);
    }
    log("pre-run estimate…");
    const estimate = await phase<BenchResults["estimate"]>({ phase: "estimate", grid }, options);
    const live: BenchResults["live"] = [];
    for (const concurrency of options.concurrency ?? [16, 64, 256]) {
      log(`live run against the fake server, concurrency ${concurrency}…`);
      live.push(
        await phase({
          phase: "live",
          grid,
          out: `${root}/live-${concurrency}`,
          concurrency,
          latency: DEFAULT_LATENCY,
          timeScale: options.timeScale ?? autoTimeScale(concurrency),
        }, options),
      );
    }
    return {
      grid: options.full ? "paper (full)" : "reduced",
      dry,
      analyse,
      estimate,
      live,
      reuse,
      diagnostics,
    };
  } finally {
    if (options.keep === undefined) await Deno.remove(root, { recursive: true });
  }
}

/**
 * The default clock scale of a live phase: 24 / concurrency (see {@linkcode BenchOptions.timeScale}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { autoTimeScale } from "./bench.ts";
 * assert.equal(autoTimeScale(16), 1.5);
 * ```
 */
export function autoTimeScale(concurrency: number): number {
  return 24 / concurrency;
}

function flag(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

if (import.meta.main) {
  const args = Deno.args;
  if (args.includes("--help")) {
    console.log(
      "deno task bench [--full] [--diagnostics] [--concurrency 16,64,256|none] [--time-scale N] " +
        "[--keep DIR] [--json FILE]",
    );
    Deno.exit(0);
  }
  const list = flag(args, "--concurrency");
  const concurrency = list === "none" ? [] : list?.split(",").map(Number);
  const scale = flag(args, "--time-scale");
  const results = await runBench({
    full: args.includes("--full"),
    diagnostics: args.includes("--diagnostics"),
    concurrency,
    timeScale: scale === undefined ? undefined : Number(scale),
    keep: flag(args, "--keep"),
    log: (line) => console.error(line),
  });
  console.log(formatBench(results));
  const json = flag(args, "--json");
  if (json) {
    await Deno.writeTextFile(
      json,
      JSON.stringify({ results, targets: benchTargets(results) }, null, 2),
    );
  }
}
