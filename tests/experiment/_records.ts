/**
 * Test helper: every record of a store in a form two stores can be compared by, without what
 * legitimately differs between an interrupted-and-resumed experiment and an uninterrupted one
 * (timestamps, durations, creation time, the output folder, how many times a call was served).
 */
import { ExperimentStore } from "../../lib/experiment/store.ts";

const VOLATILE = new Set(["created_at", "updated_at", "duration_ms", "started_at", "id"]);

function stable(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((row) =>
    Object.fromEntries(Object.entries(row).filter(([key]) => !VOLATILE.has(key)))
  );
}

/** All records of the store at `path`, keyed by table. */
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
