import assert from "node:assert/strict";
import { oracleTable } from "../../lib/analysis/oracle_table.ts";
import type { Example } from "../../lib/data/types.ts";
import type { OracleCombinationRecord } from "../../lib/experiment/diagnostic_rows.ts";
import type { JudgePrediction } from "../../lib/judge/mod.ts";
import { seededRandom } from "../../lib/random.ts";

const N = 10;
const test: Example[] = Array.from({ length: N }, (_, i) => ({
  id: `e${i}`,
  itemId: `e${i}`,
  group: "g",
  inputs: {},
  labels: { a: i + 1, b: N - i },
}));
const predictions = (f: (e: Example) => Record<string, number | null>): JudgePrediction[] =>
  test.map((e) => ({
    exampleId: e.id,
    scores: f(e),
    literals: {},
    raw: "",
    attempts: 1,
    callKey: "",
    dryRun: true,
  }));
/** Spearman without ties: 1 − 6 Σd² / (n(n² − 1)). */
const rhoNoTies = (x: number[], y: number[]) => {
  const d2 = x.reduce((s, v, i) => s + (v - y[i]) ** 2, 0);
  return 1 - (6 * d2) / (x.length * (x.length ** 2 - 1));
};

Deno.test("oracle table: Initial, Single-Task best and Combined with paired bootstrap CIs", () => {
  const swapped = (v: number) => (v === 1 ? 2 : v === 2 ? 1 : v);
  const record: OracleCombinationRecord = {
    gate: "mae",
    selection: "validation",
    pickMetric: "spearman",
    picks: {},
    prompt: { instructions: {}, showOutputFormat: true },
    // Combined: a perfect, b reversed
    predictions: predictions((e) => ({ a: e.labels.a, b: N + 1 - e.labels.b })),
    metrics: {},
  };
  const table = oracleTable({
    record,
    test,
    // Initial: a perfect; b has one item missing (dropped, never scored)
    initial: predictions((e) => ({ a: e.labels.a, b: e.id === "e0" ? null : e.labels.b })),
    // Single: a with ranks 1 and 2 swapped; b = Initial's
    single: { a: predictions((e) => ({ a: swapped(e.labels.a), b: 0 })) },
  }, { random: seededRandom(11), resamples: 300 });
  const [initial, single, combined] = table.rows;
  assert.equal(initial.values.a, 1);
  assert.equal(combined.values.b, -1);
  const labelsA = test.map((e) => e.labels.a);
  assert.ok(Math.abs(single.values.a - rhoNoTies(labelsA.map(swapped), labelsA)) < 1e-12);
  assert.equal(single.values.b, 1, "b has no Single pick: the seed prompt's predictions");
  assert.equal(combined.values.avg, 0);
  assert.equal(table.items, N);
  const vsInitial = table.differences.find((d) => d.comparison === "Combined − Initial")!;
  assert.equal(vsInitial.values.b.estimate, -2);
  assert.equal(vsInitial.values.a.estimate, 0);
  assert.equal(vsInitial.values.avg.estimate, -1);
  const vsSingle = table.differences.find((d) => d.comparison === "Combined − Single")!;
  const expected = 1 - single.values.a;
  assert.ok(Math.abs(vsSingle.values.a.estimate - expected) < 1e-12);
  assert.ok(vsSingle.values.a.low <= expected && expected <= vsSingle.values.a.high);
  assert.ok(vsSingle.values.a.low >= 0, "the combined a is never worse on any resample");
});
