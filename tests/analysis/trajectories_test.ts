import assert from "node:assert/strict";
import { mainTable } from "../../lib/analysis/main_table.ts";
import { trajectories } from "../../lib/analysis/trajectories.ts";
import { metricRows, runRow } from "./_rows.ts";

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);

Deno.test("trajectories: mean, min–max band and std over runs per criterion and on average", () => {
  const [t] = trajectories([
    { run: runRow("SSS", "mae", 1), metrics: metricRows([{ a: 0.2, b: 0.4 }, { a: 0.3, b: 0.5 }]) },
    { run: runRow("SSS", "mae", 2), metrics: metricRows([{ a: 0.4, b: 0.2 }, { a: 0.1, b: 0.1 }]) },
  ]);
  assert.deepEqual(t.criteria, ["a", "b"]);
  assert.deepEqual(t.steps, [0, 1]);
  close(t.perCriterion.a[1].mean, 0.2);
  assert.equal(t.perCriterion.a[1].min, 0.1);
  assert.equal(t.perCriterion.a[1].max, 0.3);
  close(t.perCriterion.a[1].std, Math.sqrt(((0.3 - 0.2) ** 2 + (0.1 - 0.2) ** 2) / 1));
  // run averages at step 1: 0.4 and 0.1
  close(t.average[1].mean, 0.25);
  assert.equal(t.average[1].min, 0.1);
  close(t.average[1].max, 0.4);
  // HVI of the run-averaged vectors with reference −1: step 0 (0.3, 0.3) → 1.69;
  // step 1 adds (0.2, 0.3), dominated: still 1.69.
  close(t.hvi[0], 1.3 * 1.3);
  close(t.hvi[1], 1.3 * 1.3);
});

Deno.test("trajectories: Single runs are joined by run index, one criterion from each run", () => {
  const rows = [
    // a Single run also stores other keys (e.g. _average); only its own criterion counts
    {
      run: runRow("Single", "none", 1, "a"),
      metrics: metricRows([{ a: 0.1, _average: 9 }, { a: 0.5 }]),
    },
    { run: runRow("Single", "none", 1, "b"), metrics: metricRows([{ b: 0.3 }, { b: 0.1 }]) },
    { run: runRow("Single", "none", 2, "a"), metrics: metricRows([{ a: 0.3 }, { a: 0.3 }]) },
    { run: runRow("Single", "none", 2, "b"), metrics: metricRows([{ b: 0.5 }, { b: 0.5 }]) },
  ];
  const [t] = trajectories(rows);
  assert.equal(t.mode, "Single");
  assert.deepEqual(t.runIndices, [1, 2]);
  // run 1 average per step: 0.2, 0.3; run 2: 0.4, 0.4
  close(t.average[0].mean, 0.3);
  close(t.average[1].mean, 0.35);
  close(t.average[1].min, 0.3);
  const [row] = mainTable([t]);
  assert.equal(row.bestStep, 1);
  close(row.delta, 0.05);
  assert.equal(row.finalHvi, null, "the paper reports no HVI for Single");
  assert.equal(row.neverBeatsStep0, false);
});

Deno.test("main table: best step (first on ties), Δ, std at best, never beats step 0", () => {
  const ts = trajectories([
    { run: runRow("CCC", "mae", 1), metrics: metricRows([{ a: 0.2 }, { a: 0.4 }, { a: 0.4 }]) },
    { run: runRow("CCC", "mae", 2), metrics: metricRows([{ a: 0.2 }, { a: 0.2 }, { a: 0.2 }]) },
    { run: runRow("SSS", "mae", 1), metrics: metricRows([{ a: 0.3 }, { a: 0.3 }, { a: 0.1 }]) },
  ]);
  const rows = mainTable(ts);
  assert.deepEqual(rows.map((r) => r.mode), ["SSS", "CCC"], "paper's mode order");
  const ccc = rows.find((r) => r.mode === "CCC")!;
  assert.equal(ccc.bestStep, 1, "ties keep the first step");
  close(ccc.best, 0.3);
  close(ccc.delta, 0.1);
  close(ccc.bestStd, Math.sqrt(0.02));
  close(ccc.finalHvi!, 1.3);
  const sss = rows.find((r) => r.mode === "SSS")!;
  assert.equal(sss.neverBeatsStep0, true, "a tie with step 0 is not a gain");
  assert.equal(sss.delta, 0);
});
