import assert from "node:assert/strict";
import { runExperiment } from "../../lib/experiment/experiment.ts";
import { openExperiment } from "../../lib/experiment/setup.ts";
import { formatSummaryTable, summarizeExperiment } from "../../lib/experiment/summary.ts";
import type { ChatBackend } from "../../lib/llm/backend.ts";
import { createDryRunBackend } from "../../lib/llm/dry_run_backend.ts";
import { toyConfig, toyData } from "./_toy.ts";

const WRONG_FORMAT = "Sure! I would rate this summary quite well overall.";

/** The dry run, except that the judge answers in prose for `share` of the examples. */
function proseJudge(share: (label: string) => boolean): ChatBackend {
  const dry = createDryRunBackend({ seed: 1 });
  return {
    name: "prose-judge",
    dryRun: true,
    send(call, signal) {
      if (call.request.role === "judge" && share(call.request.label ?? "")) {
        return Promise.resolve({ text: WRONG_FORMAT, finishReason: "stop", model: "m" });
      }
      return dry.send(call, signal);
    },
  };
}

async function runWith(backend: ChatBackend, overrides = {}) {
  const dir = await Deno.makeTempDir();
  const config = toyConfig(dir, { modes: ["CCC"], gates: ["mae"], ...overrides });
  const experiment = await openExperiment(config, { data: toyData(), backend });
  try {
    const outcome = await runExperiment({
      config,
      spec: experiment.data.spec,
      splits: experiment.data.splits,
      llm: experiment.llm,
      store: experiment.store,
      profile: experiment.profile,
      optimizer: experiment.optimizer,
    });
    const summary = summarizeExperiment(experiment.store);
    return { outcome, summary, table: formatSummaryTable(summary, { dryRun: true }) };
  } finally {
    experiment.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a judge that never answers in the expected format fails the run, naming rate and answer", async () => {
  const { outcome, summary, table } = await runWith(proseJudge(() => true));
  assert.equal(outcome.counts.failed, 1);
  const message = outcome.runs[0].message ?? "";
  assert.match(message, /step 0 test: 8\/8 judge answers \(100%\) could not be parsed/);
  assert.match(message, /tolerance of 50%/);
  assert.ok(message.includes(WRONG_FORMAT), "the message shows one raw answer");
  assert.match(table, /parse fail/);
  assert.equal(summary[0].judged, 0, "the failed step is not stored");
});

Deno.test("parse failures under the tolerance are counted and shown per configuration", async () => {
  // One test example in eight answers in prose: 12.5 % < 50 %, the run completes.
  const { outcome, summary, table } = await runWith(
    proseJudge((label) => label.endsWith("ex te3")),
  );
  assert.equal(outcome.counts.done, 1);
  assert.equal(summary[0].parseFailures, 3, "one per stored test evaluation (steps 0..2)");
  assert.ok(summary[0].judged > 24);
  assert.match(table, new RegExp(`3/${summary[0].judged} \\(`));
});

Deno.test("the tolerance is configurable: the paper's 5 % stops the same run", async () => {
  const { outcome } = await runWith(proseJudge((label) => label.endsWith("ex te3")), {
    profile: "paper",
  });
  assert.equal(outcome.counts.failed, 1);
  assert.match(outcome.runs[0].message ?? "", /1\/8 judge answers \(12\.5%\).*tolerance of 5%/);
  const relaxed = await runWith(proseJudge((label) => label.endsWith("ex te3")), {
    profile: "paper",
    parseFailureTolerance: 0.2,
  });
  assert.equal(relaxed.outcome.counts.done, 1);
});
