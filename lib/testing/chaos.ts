/**
 * The fault campaign behind `deno task chaos`: runs a small experiment through the CLI over HTTP
 * against the chaos server (every fault class at a seeded rate), once uninterrupted for reference
 * and once killed with SIGKILL at random points and resumed each time; then a budget stop, a full
 * disk and a read-only store. It reports faults per class, kills, calls repeated after a resume,
 * records differing from the reference, runs not done and files holding the API key.
 *
 * @module
 */
import { CallCache } from "../llm/call_cache.ts";
import { WRITE_FAULT_ENV } from "../file_error.ts";
import { seededRandom } from "../random.ts";
import { ExperimentStore } from "../experiment/store.ts";
import { bodyKey, type ChaosFault, startChaosServer } from "./chaos_server.ts";
import { comparableRecords } from "./comparable_records.ts";

/** Options of {@linkcode runChaosCampaign}. */
export interface ChaosOptions {
  /** Runs per configuration (default 2). */
  runs?: number;
  /** Steps per run (default 3). */
  steps?: number;
  /** SIGKILLs of the interrupted pass (default 10). */
  kills?: number;
  /** Share of requests with a fault (default 0.2). */
  faultRate?: number;
  /** Seed of faults, answers and kill times (default 7). */
  seed?: number;
  /** Test rows evaluated per step (default 8). */
  testLimit?: number;
  /** Validation rows of the gate (default 6). */
  validationSize?: number;
  /** Per-role timeout in ms: how long a hang lasts (default 1500). */
  timeoutMs?: number;
  /** Skip the budget, full-disk and read-only scenarios. */
  skipScenarios?: boolean;
  /** Working folder (default: a new temporary folder, removed at the end). */
  workDir?: string;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** One failure scenario: its first run's exit code and message, and the resumed run's outcome. */
export interface ScenarioOutcome {
  /** `budget`, `full disk` or `read-only`. */
  name: string;
  /** Exit code of the run that hit the failure (3 for a budget stop, 2 for a store error). */
  exitCode: number;
  /** The error line the CLI printed. */
  message: string;
  /** Exit code of the resumed run. */
  resumedExitCode: number;
  /** Records of the resumed store that differ from the reference. */
  recordsDiffering: number;
}

/** What the campaign found. */
export interface ChaosReport {
  /** Faults injected in the interrupted pass, by class. */
  faults: Record<ChaosFault, number>;
  /** SIGKILLs delivered. */
  kills: number;
  /** Where each kill landed: completed steps and the last call's label. */
  killPoints: string[];
  /** Answers a resumed process asked for again although it already had them. */
  callsRepeated: number;
  /** Records of the interrupted-and-resumed store that differ from the uninterrupted one. */
  recordsDiffering: number;
  /** Runs not `done` at the end. */
  runsNotDone: string[];
  /** Runs in the experiment. */
  runs: number;
  /** Requests the server received in the interrupted pass. */
  requests: number;
  /** Files that contain the API key. */
  keyLeaks: string[];
  /** The failure scenarios. */
  scenarios: ScenarioOutcome[];
  /** Wall time of the uninterrupted pass in ms. */
  referenceMs: number;
}

const KEY_ENV = "COLLIDE_CHAOS_API_KEY";
const CLI = new URL("../cli/run.ts", import.meta.url).pathname;
const DENO_JSON = new URL("../../deno.json", import.meta.url).pathname;

/**
 * Runs the campaign and returns its report (it does not assert; see `chaos_cli.ts`).
 *
 * @example
 * ```ts ignore
 * import { runChaosCampaign } from "./chaos.ts";
 * const report = await runChaosCampaign({ runs: 1, steps: 2, kills: 4 });
 * console.log(report.kills, report.callsRepeated, report.recordsDiffering);
 * ```
 */
export async function runChaosCampaign(options: ChaosOptions = {}): Promise<ChaosReport> {
  const o = {
    runs: 2,
    steps: 3,
    kills: 10,
    faultRate: 0.2,
    seed: 7,
    testLimit: 8,
    validationSize: 6,
    timeoutMs: 1500,
    ...options,
  };
  const log = options.log ?? (() => {});
  const work = options.workDir ?? await Deno.makeTempDir({ prefix: "collide-chaos-" });
  const apiKey = `sk-chaos-${crypto.randomUUID()}`;
  const server = await startChaosServer({ apiKey, faultRate: o.faultRate, seed: o.seed });
  try {
    const config = `${work}/experiment.json`;
    await Deno.writeTextFile(config, JSON.stringify(experimentConfig(server.url, o), null, 2));
    const cli = (out: string, extra: string[] = [], env: Record<string, string> = {}) =>
      new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "--config",
          DENO_JSON,
          CLI,
          "--config",
          config,
          "--out",
          out,
          "--no-estimate",
          "--quiet",
          ...extra,
        ],
        env: { NO_COLOR: "1", [KEY_ENV]: apiKey, ...env },
        stdout: "piped",
        stderr: "piped",
      }).spawn();

    log("reference: an uninterrupted run under the same fault schedule");
    server.newSegment({ resetAttempts: true });
    const reference = `${work}/reference`;
    const t0 = Date.now();
    const first = await finish(cli(reference));
    if (first.code !== 0) {
      throw new Error(`the reference run failed (${first.code}): ${first.stderr}`);
    }
    const referenceMs = Date.now() - t0;
    const needed = cachedBodies(`${reference}/cache.sqlite`);
    const referenceRecords = comparableRecords(`${reference}/experiment.sqlite`);
    log(
      `reference: ${server.fake.requests.length} requests in ${(referenceMs / 1000).toFixed(1)} s`,
    );

    log(`interrupted: ${o.kills} SIGKILLs at random points, each followed by --resume`);
    server.newSegment({ resetAttempts: true });
    const faultsBefore = { ...server.faults };
    const requestsBefore = server.fake.requests.length;
    const out = `${work}/interrupted`;
    const random = seededRandom(o.seed);
    // Kills land uniformly in [0, span) after the first request of a segment: about half a
    // share of the work each, so every kill happens before the experiment completes.
    const span = referenceMs / (o.kills + 1);
    const killPoints: string[] = [];
    let callsRepeated = 0;
    for (let segment = 0;; segment++) {
      const had = segment === 0 ? new Map<string, number>() : cachedBodies(`${out}/cache.sqlite`);
      server.newSegment();
      const child = cli(out, segment === 0 ? [] : ["--resume"]);
      const finished = child.output();
      let result: Awaited<ReturnType<typeof finish>> | undefined;
      if (killPoints.length < o.kills) {
        const seen = server.fake.requests.length;
        await until(() => server.fake.requests.length > seen, finished);
        const exited = await Promise.race([
          finished.then(() => true),
          sleep(random.next() * span).then(() => false),
        ]);
        if (!exited) {
          child.kill("SIGKILL");
          await finished;
          killPoints.push(killPoint(`${out}/experiment.sqlite`));
          log(`kill ${killPoints.length}: ${killPoints.at(-1)}`);
        } else result = decode(await finished);
      } else result = decode(await finished);
      callsRepeated += repeats(server.delivered, had, needed);
      if (result) {
        if (result.code !== 0) {
          throw new Error(`the resumed run failed (${result.code}): ${result.stderr}`);
        }
        break;
      }
    }
    const faults = Object.fromEntries(
      Object.entries(server.faults).map(([k, v]) => [k, v - faultsBefore[k as ChaosFault]]),
    ) as Record<ChaosFault, number>;
    const store = ExperimentStore.open(`${out}/experiment.sqlite`);
    const runs = store.runs();
    store.close();
    const report: ChaosReport = {
      faults,
      kills: killPoints.length,
      killPoints,
      callsRepeated,
      recordsDiffering: recordDiff(referenceRecords, comparableRecords(`${out}/experiment.sqlite`)),
      runsNotDone: runs.filter((r) => r.status !== "done").map((r) => `${r.runId} ${r.status}`),
      runs: runs.length,
      requests: server.fake.requests.length - requestsBefore,
      keyLeaks: [],
      scenarios: [],
      referenceMs,
    };
    if (!o.skipScenarios) {
      const calls = referenceRecords.calls as unknown[];
      const scenario = async (
        name: string,
        extra: string[],
        env: Record<string, string>,
        resume: string[],
      ) => {
        const dir = `${work}/${name.replace(/\W+/g, "-")}`;
        server.newSegment();
        const hit = await finish(cli(dir, extra, env));
        const resumed = await finish(cli(dir, ["--resume", ...resume]));
        const outcome: ScenarioOutcome = {
          name,
          exitCode: hit.code,
          message: hit.stderr.trim().split("\n").filter(Boolean).join(" / "),
          resumedExitCode: resumed.code,
          recordsDiffering: recordDiff(
            referenceRecords,
            comparableRecords(`${dir}/experiment.sqlite`),
          ),
        };
        log(
          `${name}: exit ${outcome.exitCode} "${outcome.message}", resumed: exit ${outcome.resumedExitCode}`,
        );
        return outcome;
      };
      const cost = totalCost(`${reference}/experiment.sqlite`);
      report.scenarios.push(
        await scenario("budget", ["--budget", (cost * 0.4).toFixed(6)], {}, [
          "--budget",
          (cost * 10).toFixed(6),
        ]),
        await scenario("full disk", [], {
          [WRITE_FAULT_ENV]: `full@${Math.floor(calls.length / 2)}`,
        }, []),
        await scenario("read-only", [], {
          [WRITE_FAULT_ENV]: `readonly@${Math.floor(calls.length / 3)}`,
        }, []),
      );
    }
    report.keyLeaks = await filesContaining(work, apiKey);
    return report;
  } finally {
    await server.close();
    if (!options.workDir) await Deno.remove(work, { recursive: true }).catch(() => {});
  }
}

function experimentConfig(
  url: string,
  o: Required<Omit<ChaosOptions, "workDir" | "log" | "skipScenarios">>,
) {
  const role = (model: string) => ({ model });
  return {
    dataset: "summeval",
    modes: ["SSS", "CCC"],
    gates: ["mae"],
    runs: o.runs,
    steps: o.steps,
    testLimit: o.testLimit,
    validationSize: o.validationSize,
    profile: "default",
    backend: "openai",
    concurrency: 4,
    llm: {
      defaults: {
        baseUrl: url,
        apiKeyEnv: KEY_ENV,
        timeoutMs: o.timeoutMs,
        maxRetries: 10,
        price: { inputPerMillion: 1, outputPerMillion: 2 },
        limits: { concurrency: 8 },
      },
      roles: {
        judge: role("chaos-judge"),
        loss: role("chaos-loss"),
        gradient: role("chaos-gradient"),
        optimizer: role("chaos-optimizer"),
      },
    },
  };
}

async function finish(child: Deno.ChildProcess) {
  return decode(await child.output());
}

function decode(output: Deno.CommandOutput) {
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: text(output.stdout), stderr: text(output.stderr) };
}

async function until(ready: () => boolean, finished: Promise<unknown>): Promise<void> {
  let done = false;
  finished.then(() => done = true, () => done = true);
  while (!ready() && !done) await sleep(10);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Body keys of the answers in a call cache, with multiplicity (one per cached call). */
function cachedBodies(path: string): Map<string, number> {
  const counts = new Map<string, number>();
  try {
    Deno.statSync(path);
  } catch {
    return counts;
  }
  // Through the cache's API: it stores messages by paragraph.
  const cache = new CallCache(path);
  try {
    for (const entry of cache.entries()) {
      const key = bodyKey(entry.request.model, entry.request.messages);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  } finally {
    cache.close();
  }
  return counts;
}

/**
 * Answers delivered in a segment beyond what was still missing: a body the experiment needs `n`
 * times, of which `had` were cached when the segment started, may be answered `n - had` times.
 */
function repeats(
  delivered: Map<string, number>,
  had: Map<string, number>,
  needed: Map<string, number>,
): number {
  let extra = 0;
  for (const [key, count] of delivered) {
    const missing = Math.max(0, (needed.get(key) ?? 0) - (had.get(key) ?? 0));
    extra += Math.max(0, count - missing);
  }
  return extra;
}

function killPoint(path: string): string {
  try {
    const store = ExperimentStore.open(path);
    try {
      const steps = store.table("steps").length;
      const last = store.table("calls").at(-1)?.label ?? "(no call yet)";
      return `${steps} steps stored, last call "${last}"`;
    } finally {
      store.close();
    }
  } catch (error) {
    return `store unreadable: ${(error as Error).message}`;
  }
}

function totalCost(path: string): number {
  const store = ExperimentStore.open(path);
  try {
    return store.callTotals().costUsd;
  } finally {
    store.close();
  }
}

/** Rows (or manifests) present in one record set and not the other, over every table. */
function recordDiff(a: Record<string, unknown>, b: Record<string, unknown>): number {
  let differing = 0;
  for (const table of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const left = a[table], right = b[table];
    if (!Array.isArray(left) || !Array.isArray(right)) {
      differing += JSON.stringify(left) === JSON.stringify(right) ? 0 : 1;
      continue;
    }
    const counts = new Map<string, number>();
    for (const row of left) {
      counts.set(JSON.stringify(row), (counts.get(JSON.stringify(row)) ?? 0) + 1);
    }
    for (const row of right) {
      counts.set(JSON.stringify(row), (counts.get(JSON.stringify(row)) ?? 0) - 1);
    }
    for (const count of counts.values()) differing += Math.abs(count);
  }
  return differing;
}

async function filesContaining(root: string, secret: string): Promise<string[]> {
  const found: string[] = [];
  const needle = new TextEncoder().encode(secret);
  for await (const entry of Deno.readDir(root)) {
    const path = `${root}/${entry.name}`;
    if (entry.isDirectory) found.push(...await filesContaining(path, secret));
    else if (entry.isFile && contains(await Deno.readFile(path), needle)) found.push(path);
  }
  return found;
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
