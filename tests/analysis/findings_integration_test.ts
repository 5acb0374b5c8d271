/**
 * The whole findings pipeline on one dry-run store (all five modes, both gates, 2 runs, 2 steps,
 * the Single runs), checked against values computed here from the raw store tables.
 */
import assert from "node:assert/strict";
import { buildDryRunFindings } from "../../lib/analysis/dry_run_findings.ts";
import { findingsOf } from "../../lib/analysis/findings.ts";
import { countTokens } from "../../lib/metrics/tokenizer.ts";
import { ExperimentStore } from "../../lib/experiment/store.ts";
import { seededRandom } from "../../lib/random.ts";
import { toyData } from "../experiment/_toy.ts";

/** Spearman with midranks, written out here (the test does not trust the library's). */
function rho(x: number[], y: number[]): number {
  const ranks = (v: number[]) => {
    const order = v.map((value, i) => ({ value, i })).sort((a, b) => a.value - b.value);
    const r = new Array<number>(v.length);
    for (let k = 0; k < order.length;) {
      let end = k;
      while (end + 1 < order.length && order[end + 1].value === order[k].value) end++;
      for (let m = k; m <= end; m++) r[order[m].i] = (k + end) / 2 + 1;
      k = end + 1;
    }
    return r;
  };
  const [a, b] = [ranks(x), ranks(y)];
  const mean = (v: number[]) => v.reduce((s, t) => s + t, 0) / v.length;
  const [ma, mb] = [mean(a), mean(b)];
  let num = 0, da = 0, db = 0;
  a.forEach((_, i) => {
    num += (a[i] - ma) * (b[i] - mb);
    da += (a[i] - ma) ** 2;
    db += (b[i] - mb) ** 2;
  });
  return num / Math.sqrt(da * db);
}
const close = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} ≠ ${b}`);

Deno.test("findings: raters and every analysis on a dry-run store match independent values", async () => {
  const dir = await Deno.makeTempDir();
  const data = toyData();
  try {
    await buildDryRunFindings(`${dir}/x`, { data, runs: 2, steps: 2, noiseRepeats: 3 });
    const store = ExperimentStore.open(`${dir}/x/experiment.sqlite`);
    try {
      const findings = await findingsOf(store, {
        random: seededRandom(1),
        resamples: 200,
        test: data.splits.test,
      });
      assert.ok(findings.dryRun);
      const runs = store.runs();
      const modeOf = new Map(runs.map((r) => [r.runId, r.mode]));
      assert.deepEqual(
        [...new Set(runs.map((r) => `${r.mode}/${r.gate}`))].sort(),
        ["CCC", "SCC", "SSC", "SSS", "Single"].flatMap((m) => [`${m}/mae`, `${m}/none`]).sort(),
      );
      assert.equal(runs.filter((r) => r.mode === "Single").length, 4 * 2 * 2);

      // 1. The specificity drop, from the raw ratings table.
      const raw = store.table("ratings").filter((r) => r.kind === "specificity");
      assert.ok(raw.length > 0);
      const modeMean = (mode: string) => {
        const values = raw.filter((r) => modeOf.get(String(r.run_id)) === mode && r.rating !== null)
          .map((r) => Number(r.rating));
        return values.reduce((s, v) => s + v, 0) / values.length;
      };
      const perTask = ["Single", "SSS", "SSC"].map(modeMean).reduce((s, v) => s + v, 0) / 3;
      const combined = ["SCC", "CCC"].map(modeMean).reduce((s, v) => s + v, 0) / 2;
      const drop = findings.specificity!.drops.find((d) => d.gate === "all")!;
      close(drop.perTask, perTask, "per-task mean");
      close(drop.combined, combined, "combined mean");
      close(drop.dropPercent, 100 * (1 - combined / perTask), "drop %");
      assert.ok(drop.low <= drop.dropPercent && drop.dropPercent <= drop.high);
      // every (run, step ≥ 1, criterion) unit is rated: 4 criteria per multi-task run, 1 per Single
      const units = runs.reduce((s, r) => s + 2 * (r.mode === "Single" ? 1 : 4), 0);
      assert.equal(raw.length, units);

      // 2. The oracle pick and combination, from the raw metrics and prompts.
      const metrics = store.table("metrics");
      assert.equal(findings.oracle.length, 4, "2 gates × picks on validation and on test");
      for (const [i, record] of findings.oracleRecords.entries()) {
        const split = record.selection === "test" ? "test" : "val-post";
        for (const criterion of Object.keys(record.picks)) {
          const candidates = runs
            .filter((r) =>
              r.mode === "Single" && r.gate === record.gate && r.criterion === criterion
            )
            .sort((a, b) => a.run - b.run)
            .flatMap((r) =>
              metrics
                .filter((m) =>
                  m.run_id === r.runId && m.split === split && m.criterion === criterion &&
                  m.metric === "spearman" && m.value !== null
                )
                .sort((a, b) => Number(a.step) - Number(b.step))
                .map((m) => ({ runId: r.runId, step: Number(m.step), value: Number(m.value) }))
            );
          const best = candidates.reduce((a, b) => (b.value > a.value ? b : a));
          const pick = record.picks[criterion];
          assert.equal(pick.runId, best.runId, `${record.gate}/${record.selection} ${criterion}`);
          assert.equal(pick.step, best.step);
          // the combined prompt holds the picked run's post-gate instruction at that step
          const stepRow = store.table("steps").find((s) =>
            s.run_id === best.runId && Number(s.step) === best.step
          )!;
          const prompt = JSON.parse(String(stepRow.prompt_json));
          assert.equal(record.prompt.instructions[criterion], prompt.instructions[criterion]);
          // Table 2's Combined row = Spearman of the combination's test predictions, recomputed
          const ids = new Map(data.splits.test.map((e) => [e.id, e.labels[criterion]]));
          const pairs = record.predictions
            .filter((p) => Number.isFinite(p.scores[criterion] ?? NaN))
            .map((p) => [p.scores[criterion]!, ids.get(p.exampleId)!]);
          const table = findings.oracle[i];
          const expected = rho(pairs.map((p) => p[0]), pairs.map((p) => p[1]));
          const got = table.rows.find((r) => r.method === "Combined")!.values[criterion];
          if (Number.isFinite(expected)) close(got, expected, `Combined ρ ${criterion}`);
          // Single-Task best (test selection) = the pick's own test ρ
          if (record.selection === "test") {
            close(
              table.rows.find((r) => r.method === "Single-Task best")!.values[criterion],
              pick.score,
              "Single ρ",
            );
          }
        }
        assert.equal(record.prompt.showOutputFormat, true, "the full output-format block");
      }

      // 3. Token counts of known strings under each tokenizer.
      for (const tokenizer of ["qwen3", "o200k_base"] as const) {
        assert.equal(await countTokens("Hello, world!", tokenizer), 4); // Hello | , | ␣world | !
        // Rate | ␣from | ␣ | 1 | ␣to | ␣ | 5 | . : a digit is its own token, its space another
        assert.equal(await countTokens("Rate from 1 to 5.", tokenizer), 8);
      }
      const seedLengths = findings.lengths.flatMap((l) =>
        l.criteria.map((c) => l.perCriterion[c].find((p) => p.step === 0)!)
      );
      assert.ok(seedLengths.length > 0);
      for (const point of seedLengths) {
        assert.equal(point.tokens, 8, "every run starts from the 8-token seed instruction");
        assert.equal(point.words, 5);
      }
      assert.deepEqual(findings.lengths[0].tokenizers, ["o200k_base"], "dry-run judge: not Qwen");

      // 4. The main table's step-0 ρ = the mean over criteria and runs of the stored metrics.
      const sssMae = runs.filter((r) => r.mode === "SSS" && r.gate === "mae");
      const step0 = sssMae.map((r) => {
        const values = metrics.filter((m) =>
          m.run_id === r.runId && Number(m.step) === 0 && m.split === "test" &&
          m.metric === "spearman" && m.criterion !== "_average"
        ).map((m) => Number(m.value));
        return values.reduce((s, v) => s + v, 0) / values.length;
      });
      const row = findings.mainTable.find((r) => r.mode === "SSS" && r.gate === "mae")!;
      close(row.initial, (step0[0] + step0[1]) / 2, "initial ρ");
      assert.equal(findings.noise?.repeats, 3);
    } finally {
      store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
