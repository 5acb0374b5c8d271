import assert from "node:assert/strict";
import { runNoiseControl } from "../../lib/diagnostics/noise_control.ts";
import {
  pickInstruction,
  runOracleCombination,
  VALIDATION_POST_GATE_SPLIT,
} from "../../lib/diagnostics/oracle_combination.ts";
import type { DiagnosticsEnvironment } from "../../lib/diagnostics/environment.ts";
import { ExperimentStore } from "../../lib/experiment/store.ts";
import type { StepRecord } from "../../lib/experiment/types.ts";
import type { Example } from "../../lib/data/types.ts";
import type { JudgePrediction } from "../../lib/judge/mod.ts";
import { createDryRunLlm } from "../../lib/llm/llm.ts";
import { DEFAULT_PROFILE } from "../../lib/loop/profile.ts";
import { toyData } from "../experiment/_toy.ts";
import { dryRunStore } from "./_store.ts";

function planted(store: ExperimentStore, run: number, values: number[], metric: string) {
  const key = { algorithm: "textgrad" as const, mode: "Single", gate: "none", run };
  const { runId } = store.ensureRun({ ...key, criterion: "fluency" }, run);
  values.forEach((value, step) => {
    const record: StepRecord = {
      runId,
      step,
      prompt: { instructions: { fluency: `r${run}s${step}` }, showOutputFormat: true },
      renderedPrompt: "",
      candidate: null,
      accepted: null,
      gate: null,
      gateState: {},
      optimizerState: null,
      batchIds: [],
      trainPredictions: [],
      stages: [],
      test: {
        predictions: [],
        parseFailures: 0,
        metrics: { fluency: { [metric]: { value, n: 3, missing: 0 } } },
        average: {},
      },
      validation: [],
      durationMs: 0,
    };
    store.saveStep(record);
  });
  return runId;
}

Deno.test("the oracle pick scans runs 1→N and steps 0→last, keeps the first of ties, skips undefined", () => {
  const store = ExperimentStore.open(":memory:");
  const r1 = planted(store, 1, [0.1, 0.4, NaN], "spearman");
  const r2 = planted(store, 2, [0.4, 0.3, 0.2], "spearman");
  const pick = pickInstruction({ store }, [r1, r2], "fluency", "test", "spearman")!;
  assert.deepEqual([pick.runId, pick.step, pick.score, pick.instruction], [r1, 1, 0.4, "r1s1"]);
  assert.equal(pickInstruction({ store }, [r1, r2], "coherence", "test", "spearman"), null);
  store.close();

  const mae = ExperimentStore.open(":memory:");
  const m1 = planted(mae, 1, [0.9, 0.7, 0.8], "mae");
  const m2 = planted(mae, 2, [0.6, 0.6, 1.0], "mae");
  const lowest = pickInstruction({ store: mae }, [m1, m2], "fluency", "test", "mae")!;
  assert.deepEqual([lowest.runId, lowest.step, lowest.instruction], [m2, 0, "r2s0"]);
  mae.close();
});

function maeOf(predictions: JudgePrediction[], rows: Example[], criterion: string): number {
  const errors = predictions.flatMap((p, i) => {
    const score = p.scores[criterion];
    return score === null || score === undefined
      ? []
      : [Math.abs(score - rows[i].labels[criterion]!)];
  });
  return errors.reduce((a, b) => a + b, 0) / errors.length;
}

Deno.test("the oracle combination packs each criterion's best Single instruction and evaluates it on test", async () => {
  const { dir } = await dryRunStore({ modes: ["Single"], gates: ["none"], runs: 2 });
  const store = ExperimentStore.open(`${dir}/experiment.sqlite`);
  const data = toyData();
  const llm = createDryRunLlm({ seed: 5 });
  const env: DiagnosticsEnvironment = { llm, store, ...data, profile: DEFAULT_PROFILE };

  for (const selection of ["test", "validation"] as const) {
    const [record] = await runOracleCombination(env, { selection, pickMetric: "spearman" });
    const split = selection === "test" ? "test" : VALIDATION_POST_GATE_SPLIT;
    // Independently from the raw metrics table: max Spearman, first of ties in (run, step) order.
    const rows = store.table("metrics").filter((m) => m.split === split && m.metric === "spearman");
    for (const criterion of ["coherence", "consistency", "fluency", "relevance"]) {
      const candidates = rows.filter((m) => m.criterion === criterion && m.value !== null)
        .sort((a, b) =>
          String(a.run_id).localeCompare(String(b.run_id)) || Number(a.step) - Number(b.step)
        );
      const best = candidates.reduce((a, b) => (Number(b.value) > Number(a.value) ? b : a));
      const pick = record.picks[criterion];
      assert.deepEqual([pick.runId, pick.step, pick.score], [best.run_id, best.step, best.value]);
      const steps = store.steps(String(best.run_id));
      assert.equal(
        record.prompt.instructions[criterion],
        steps[Number(best.step)].prompt.instructions[criterion],
      );
      assert.ok(
        Math.abs(
          record.metrics[criterion].mae - maeOf(record.predictions, data.splits.test, criterion),
        ) < 1e-12,
      );
    }
    assert.equal(record.prompt.showOutputFormat, true);
    assert.equal(record.predictions.length, data.splits.test.length);
    assert.ok(record.dryRun);
  }
  // Validation selection evaluated every post-gate prompt of every Single run.
  for (const run of store.runs()) {
    const evaluated = new Set(
      store.stepMetrics(run.runId, { split: VALIDATION_POST_GATE_SPLIT }).map((m) => m.step),
    );
    assert.deepEqual([...evaluated].sort(), store.steps(run.runId).map((s) => s.step));
  }
  assert.equal(store.oracleCombinations().length, 2);
  const calls = llm.usage().total.calls;
  await runOracleCombination(env, { selection: "validation" });
  assert.equal(llm.usage().total.calls, calls, "a stored combination is not recomputed");
  store.close();
  llm.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("the noise control re-evaluates the seed prompt as independent samples and resumes", async () => {
  const store = ExperimentStore.open(":memory:");
  const data = toyData();
  const llm = createDryRunLlm({ seed: 5 });
  const env: DiagnosticsEnvironment = { llm, store, ...data, profile: DEFAULT_PROFILE };
  const three = await runNoiseControl(env, { repeats: 3 });
  assert.deepEqual(three.map((r) => r.repeat), [0, 1, 2]);
  const scores = three.map((r) => JSON.stringify(r.predictions.map((p) => p.scores)));
  assert.equal(new Set(scores).size, 3, "each repeat is its own sample");
  for (const repeat of three) {
    assert.ok(repeat.dryRun);
    assert.ok(
      Math.abs(
        repeat.metrics.fluency.mae - maeOf(repeat.predictions, data.splits.test, "fluency"),
      ) < 1e-12,
    );
    assert.ok(Number.isFinite(repeat.metrics._average.mae));
  }
  const before = llm.usage().total.calls;
  const five = await runNoiseControl(env, { repeats: 5 });
  assert.equal(five.length, 5);
  assert.equal(
    llm.usage().total.calls - before,
    2 * data.splits.test.length,
    "only the 2 new repeats",
  );
  assert.deepEqual(five.slice(0, 3), three);
  store.close();
  llm.close();
});
