// A stage added from outside the library (tests/fixtures/stages/toy_rater.ts, no existing file
// touched) runs in every step and shows up in the pipeline, the stage records and the call log.
import assert from "node:assert/strict";
import { runExperiment } from "../../lib/experiment/experiment.ts";
import { openExperiment } from "../../lib/experiment/setup.ts";
import { MODE_PRESETS, parseMode, pipelineFor, textGradOptimizer } from "../../lib/textgrad/mod.ts";
import { pipelineOptions } from "../fixtures/stages/toy_rater.ts";
import { toyConfig, toyData } from "../experiment/_toy.ts";

Deno.test("an inserted stage takes its place in the pipeline list", () => {
  assert.deepEqual(pipelineFor(MODE_PRESETS.SCC, pipelineOptions).map((s) => s.name), [
    "judge",
    "loss",
    "gradient",
    "rater",
    "merge",
    "optimizer",
  ]);
  assert.throws(
    () =>
      pipelineFor(MODE_PRESETS.SCC, {
        insert: [{ ...pipelineOptions.insert![0], after: "nowhere" }],
      }),
    /cannot insert stage "rater" after "nowhere"/,
  );
});

Deno.test("an inserted stage's calls reach the call log and its records the store, every step", async () => {
  const dir = await Deno.makeTempDir();
  const config = toyConfig(dir, { modes: ["SSS", "CCC"], gates: ["mae"], steps: 2 });
  const experiment = await openExperiment(config, { data: toyData() });
  try {
    const outcome = await runExperiment({
      config,
      spec: experiment.data.spec,
      splits: experiment.data.splits,
      llm: experiment.llm,
      store: experiment.store,
      profile: experiment.profile,
      optimizer: (run) => {
        const mode = parseMode(run.mode);
        if (!mode.ok) throw new RangeError(mode.issues.join("; "));
        return textGradOptimizer({ mode: mode.value, ...pipelineOptions });
      },
    });
    assert.equal(outcome.counts.done, 2);
    const calls = [...experiment.store.calls({ role: "rater" })];
    assert.deepEqual(
      calls.map((c) => `${c.runId} ${c.label}`).sort(),
      [
        "textgrad/CCC/mae/r1 run 1 step 1 rater all",
        "textgrad/CCC/mae/r1 run 1 step 2 rater all",
        "textgrad/SSS/mae/r1 run 1 step 1 rater all",
        "textgrad/SSS/mae/r1 run 1 step 2 rater all",
      ],
    );
    const records = experiment.store.stageRecords("textgrad/SSS/mae/r1", 2);
    const order = [...new Set(records.map((r) => r.stage))];
    assert.deepEqual(order, ["judge", "loss", "gradient", "rater", "optimizer"]);
    const rater = records.find((r) => r.stage === "rater")!;
    assert.ok(rater.callKey && rater.prompt.includes("Rate how specific"));
    // The rater saw this step's 12 SSS gradients.
    const gradients = records.filter((r) => r.stage === "gradient");
    assert.equal(gradients.length, 12);
    assert.ok(gradients.every((g) => rater.prompt.includes(g.text)));
  } finally {
    experiment.close();
    await Deno.remove(dir, { recursive: true });
  }
});
