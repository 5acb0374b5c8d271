/**
 * Every record of a store in a form two stores can be compared by, without what
 * legitimately differs between an interrupted-and-resumed experiment and an uninterrupted one
 * (timestamps, durations, creation time, the output folder, how many times a call was served,
 * how many attempts it took).
 *
 * @module
 */
import { ExperimentStore } from "../experiment/store.ts";

const VOLATILE = new Set([
  "created_at",
  "updated_at",
  "duration_ms",
  "started_at",
  "id",
  "attempts",
  "retry_errors_json",
]);

function stable(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((row) =>
    Object.fromEntries(Object.entries(row).filter(([key]) => !VOLATILE.has(key)))
  );
}

/**
 * All records of the store at `path`, keyed by table, without volatile fields.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { comparableRecords } from "./comparable_records.ts";
 * import { ExperimentStore } from "../experiment/store.ts";
 * const path = `${await Deno.makeTempDir()}/experiment.sqlite`;
 * const store = ExperimentStore.open(path);
 * store.writeManifest({ kitVersion: "0", createdAt: "t", dryRun: true, backend: "dry-run",
 *   dataset: { name: "d", checksum: "c", train: 1, validation: 1, test: 1 },
 *   profile: { name: "default", quirks: {} }, roles: {}, config: { out: "x" } });
 * store.close();
 * assert.deepEqual((comparableRecords(path) as { steps: unknown[] }).steps, []);
 * ```
 */
export function comparableRecords(path: string): Record<string, unknown> {
  const store = ExperimentStore.open(path);
  try {
    const manifest = store.manifest()!;
    const { createdAt: _createdAt, config, ...rest } = manifest;
    const { out: _out, budgetUsd: _budget, ...grid } = config;
    const sortKey = (row: Record<string, unknown>) => JSON.stringify(row);
    const sorted = (name: string) =>
      stable(store.table(name)).sort((a, b) => sortKey(a) < sortKey(b) ? -1 : 1);
    // Calls: the distinct (run, key, answer) triples. A resumed step asks again what the killed
    // process already asked; the second time the cache answers.
    const calls = new Set(
      store.table("calls").filter((c) => c.error === null).map((c) =>
        JSON.stringify([c.run_id, c.key, c.role, c.text])
      ),
    );
    return {
      manifest: { ...rest, grid },
      runs: sorted("runs").map(({ message: _m, ...run }) => run),
      steps: sorted("steps"),
      stage_records: sorted("stage_records"),
      metrics: sorted("metrics"),
      predictions: sorted("predictions"),
      instruction_lengths: sorted("instruction_lengths"),
      calls: [...calls].sort(),
    };
  } finally {
    store.close();
  }
}
