// The reduced bench, as CI runs it: every phase in its own process, the table printed. It checks
// that the table is produced and consistent; it never asserts a timing target.
import assert from "node:assert/strict";
import { runBench } from "../../bench/bench.ts";
import { benchTargets, formatBench } from "../../bench/report.ts";
import { noTestData, testDataDir } from "../_data_dir.ts";

Deno.test({
  name: "the reduced bench measures every phase and prints a consistent table",
  ignore: noTestData,
  async fn() {
    const results = await runBench({
      concurrency: [16],
      timeScale: 6,
      diagnostics: true,
      env: { COLLIDE_DATA_DIR: testDataDir! },
    });
    const table = formatBench(results);
    console.log(table);
    assert.match(table, /DRY RUN \(synthetic\)/);
    const { dry, analyse, estimate, live } = results;
    assert.ok(dry.calls > 1000 && dry.sent <= dry.calls);
    assert.ok(dry.inputTokens <= dry.inputTokensNoCache);
    assert.equal(analyse.streamedCalls, dry.calls, "calls() streams every logged call");
    assert.ok(Math.abs(estimate.calls - dry.calls) <= 0.1 * dry.calls);
    assert.ok(dry.storeBytes > 0 && dry.cacheBytes > 0 && dry.peakRssMb > 0);
    assert.ok(results.reuse!.sent < dry.sent, "reuseEvaluations sends fewer calls");
    assert.match(table, /reuseEvaluations: calls sent/);
    const parts = results.diagnostics!.parts;
    assert.deepEqual(parts.map((p) => p.name), ["raters", "noise control", "oracle combination"]);
    assert.ok(parts.every((p) => p.calls > 0 && p.sent <= p.calls), "each diagnostic made calls");
    assert.match(table, /diagnostics: raters/);
    const [run] = live;
    assert.equal(run.runsDone, run.runs, "every run finished against the fake server");
    assert.equal(run.failures, 0);
    assert.ok(run.maxInFlight <= 16, "the endpoint's concurrency was respected");
    assert.ok(run.boundMs <= run.wallMs, "a lower bound never exceeds the wall time");
    assert.ok(run.criticalPathMs <= run.boundMs && run.throughputMs <= run.boundMs);
    const targets = benchTargets(results);
    assert.equal(targets.length, 8 + live.length);
    for (const row of targets) {
      assert.ok(table.includes(row.target), `the table shows "${row.target}"`);
      assert.ok(row.met || row.reason.length > 0, `a missed target says why: ${row.target}`);
    }
  },
});
