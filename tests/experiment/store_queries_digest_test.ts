// The storage guard: what the store's queries (and the call cache) return for a dry-run grid,
// digested and compared with the digest committed before the storage layout changed (prepared
// statements, batched call log, content-addressed texts). `COLLIDE_UPDATE_DIGEST=1` rewrites the
// committed digest (only when a change of records is meant).
import { createHash } from "node:crypto";
import type { ExperimentConfig } from "../../lib/experiment/config.ts";
import { ExperimentStore } from "../../lib/experiment/store.ts";
import { CallCache } from "../../lib/llm/call_cache.ts";
import { assertDigests, withToyGrid } from "./_toy.ts";

const DIGEST_FILE = new URL("../fixtures/experiment/store_queries_digest.json", import.meta.url);
const SPLITS = ["test", "train", "val-incumbent", "val-candidate"];

const GRIDS: Record<string, Partial<ExperimentConfig>> = {
  "textgrad/paper": {
    profile: "paper",
    modes: ["SSS", "SSC", "SCC", "CCC", "Single"],
    gates: ["mae", "none"],
  },
  "opro/default": { profile: "default", algorithm: "opro", modes: ["CCC"], gates: ["mae"] },
};

function sha256(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex");
}

function sortedByJson<T>(rows: T[]): T[] {
  return rows.map((row) => [JSON.stringify(row), row] as const)
    .sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0).map(([, row]) => row);
}

/** What the store's queries and the cache return, per query, digested. */
function queryDigest(dir: string): Record<string, string> {
  const store = ExperimentStore.open(`${dir}/experiment.sqlite`);
  const cache = new CallCache(`${dir}/cache.sqlite`);
  try {
    const runs = store.runs().map(({ message: _m, ...run }) => run);
    const perRun = runs.map((run) => {
      const steps = store.steps(run.runId);
      return {
        runId: run.runId,
        steps,
        metrics: SPLITS.map((split) => store.stepMetrics(run.runId, { split })),
        stages: steps.map((s) => store.stageRecords(run.runId, s.step)),
        losses: steps.map((s) => store.stageRecords(run.runId, s.step, "loss")),
        predictions: steps.map((s) =>
          SPLITS.map((split) => store.predictions(run.runId, s.step, split))
        ),
        calls: sortedByJson(
          [...store.calls({ runId: run.runId })].map(({ startedAt: _s, durationMs: _d, ...c }) =>
            c
          ),
        ),
        judgeCalls: [...store.calls({ runId: run.runId, role: "judge" })].length,
        totals: store.callTotals(run.runId),
      };
    });
    const { createdAt: _c, config: _config, ...manifest } = store.manifest()!;
    return {
      manifest: sha256(manifest),
      runs: sha256(runs),
      steps: sha256(perRun.map((r) => r.steps)),
      stepMetrics: sha256(perRun.map((r) => r.metrics)),
      stageRecords: sha256(perRun.map((r) => [r.stages, r.losses])),
      predictions: sha256(perRun.map((r) => r.predictions)),
      calls: sha256(perRun.map((r) => [r.calls, r.judgeCalls])),
      callTotals: sha256([perRun.map((r) => r.totals), store.callTotals()]),
      allCalls: sha256(
        sortedByJson(
          [...store.calls()].map(({ startedAt: _s, durationMs: _d, ...c }) => c),
        ),
      ),
      cache: sha256(cache.entries().map(({ createdAt: _c, ...entry }) => entry)),
    };
  } finally {
    cache.close();
    store.close();
  }
}

function digestOf(grid: Partial<ExperimentConfig>): Promise<Record<string, string>> {
  return withToyGrid(grid, queryDigest);
}

Deno.test("the store's queries and the call cache return the records committed before the storage change", async () => {
  await assertDigests(DIGEST_FILE, GRIDS, digestOf);
});
