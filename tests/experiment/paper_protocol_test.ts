// Protocol conformance of the paper profile (paper-method §3–§6): one step of every mode, and of
// OPRO, through the real experiment path (config → profile → LLM layer → runs → store) on the
// dry-run backend, checking every request as the backend receives it: the message count and
// roles, the output-format block, the /no_think suffix, temperature and max tokens per role, the
// per-row draw, and the calls per step by role.
import assert from "node:assert/strict";
import { SUMMEVAL_SPEC } from "../../lib/data/summeval.ts";
import type { Example } from "../../lib/data/types.ts";
import { parseExperimentConfig } from "../../lib/experiment/config.ts";
import type { ExperimentData } from "../../lib/experiment/dataset.ts";
import { runExperiment } from "../../lib/experiment/experiment.ts";
import { openExperiment } from "../../lib/experiment/setup.ts";
import type { StepRecord } from "../../lib/experiment/types.ts";
import type { BackendCall, ChatBackend } from "../../lib/llm/backend.ts";
import { createDryRunBackend } from "../../lib/llm/dry_run_backend.ts";

const SUFFIX = "\n/no_think";
const FORMAT = "## Output format";

function row(id: string, text: string, i: number): Example {
  return {
    id,
    itemId: id,
    group: `doc-${text}`,
    inputs: { summary: `Summary ${text}.`, source: `Source text ${text}.` },
    labels: { fluency: 1 + (i % 5), relevance: 1 + (i % 3), coherence: 3, consistency: 4 },
  };
}

// Validation and test each hold two rows with the same inputs (one summary, two experts).
const data: ExperimentData = {
  spec: SUMMEVAL_SPEC,
  splits: {
    train: Array.from({ length: 30 }, (_, i) => row(`t${i}`, `t${i}`, i)),
    validation: [
      ...Array.from({ length: 5 }, (_, i) => row(`v${i}`, `v${i}`, i)),
      row("v5", "v0", 2),
    ],
    test: [...Array.from({ length: 3 }, (_, i) => row(`x${i}`, `x${i}`, i)), row("x3", "x0", 4)],
  },
  fileChecksum: "synthetic",
  splitChecksum: "synthetic",
};

/** The paper's sampling settings per role (§5), and OPRO's scorer/optimizer temperatures (§6.1). */
const TEXTGRAD_SAMPLING: Record<string, { temperature: number; maxTokens: number }> = {
  judge: { temperature: 0.1, maxTokens: 256 },
  loss: { temperature: 0.7, maxTokens: 1024 },
  gradient: { temperature: 0.7, maxTokens: 8192 },
  optimizer: { temperature: 0.7, maxTokens: 16384 },
};
const OPRO_SAMPLING: Record<string, { temperature: number; maxTokens: number }> = {
  judge: { temperature: 0, maxTokens: 256 },
  optimizer: { temperature: 1, maxTokens: 16384 },
};

interface Observed {
  calls: BackendCall[];
  steps: StepRecord[];
  runs: number;
  settings: Record<string, number | boolean | string> | undefined;
}

async function runOneStep(overrides: Record<string, unknown>): Promise<Observed> {
  const out = await Deno.makeTempDir({ prefix: "collide-protocol-" });
  const parsed = parseExperimentConfig({
    profile: "paper",
    gates: ["mae"],
    runs: 1,
    steps: 1,
    batchSize: 3,
    validationSize: 6,
    backend: "dry-run",
    concurrency: 1,
    llm: { defaults: { promptSuffix: SUFFIX } },
    out,
    ...overrides,
  });
  if (!parsed.ok) throw new Error(parsed.issues.join("\n"));
  const calls: BackendCall[] = [];
  const dryRun = createDryRunBackend({ seed: 3 });
  const backend: ChatBackend = {
    name: dryRun.name,
    dryRun: true,
    send(call, signal) {
      calls.push(call);
      return dryRun.send(call, signal);
    },
  };
  const experiment = await openExperiment(parsed.value, { backend, data });
  const steps: StepRecord[] = [];
  try {
    const outcome = await runExperiment({
      ...experiment,
      spec: data.spec,
      splits: data.splits,
      onStep: (record) => steps.push(record),
    });
    assert.equal(outcome.counts.done, outcome.runs.length, "every run completes");
    return {
      calls,
      steps,
      runs: outcome.runs.length,
      settings: experiment.manifest.profile.settings,
    };
  } finally {
    experiment.close();
    await Deno.remove(out, { recursive: true });
  }
}

/** What a call is, from its label `run r step s <purpose...>`. */
function purposeOf(call: BackendCall): { step: number; what: string; example?: string } {
  const label = call.request.label ?? "";
  const match = /^run \d+ step (\d+) (.*?)(?: ex (\S+))?$/.exec(label);
  assert.ok(match, `unlabelled call: ${label}`);
  return { step: Number(match[1]), what: match[2], example: match[3] };
}

function assertEveryRequestFollowsThePaper(
  calls: readonly BackendCall[],
  sampling: Record<string, { temperature: number; maxTokens: number }>,
): void {
  for (const { request, endpoint } of calls) {
    const where = request.label;
    assert.deepEqual(request.messages.map((m) => m.role), ["user"], `${where}: one user message`);
    assert.ok(request.messages[0].content.endsWith(SUFFIX), `${where}: ends with /no_think`);
    assert.equal(
      request.messages[0].content.indexOf(SUFFIX),
      request.messages[0].content.length - SUFFIX.length,
      `${where}: the suffix is appended once`,
    );
    assert.ok(sampling[request.role], `${where}: role ${request.role} is part of the protocol`);
    assert.equal(endpoint.temperature, sampling[request.role].temperature, `${where}: temperature`);
    assert.equal(endpoint.maxTokens, sampling[request.role].maxTokens, `${where}: max tokens`);
  }
}

function assertPerRowDraws(
  calls: readonly BackendCall[],
  pairs: string[][] = [["v0", "v5"], ["x0", "x3"]],
): void {
  const judged = calls.filter((c) => c.request.role === "judge");
  assert.ok(judged.length > 0);
  for (const call of judged) {
    const { example } = purposeOf(call);
    assert.ok(String(call.request.draw).endsWith(`/${example}`), `${call.request.label}: row draw`);
  }
  // The two rows with the same summary are both sent: two samples, not one cached answer.
  for (const [a, b] of pairs) {
    const sent = (id: string) =>
      judged.filter((c) => purposeOf(c).example === id).map((c) => c.request.messages[0].content);
    assert.ok(sent(a).length > 0 && sent(a).length === sent(b).length, `${a} and ${b} both judged`);
    assert.ok(sent(a).some((text) => sent(b).includes(text)), `${a} and ${b} share inputs`);
  }
}

const EXPECTED: Record<string, Record<string, number>> = {
  SSS: { judge: 3, loss: 12, gradient: 12, optimizer: 4 },
  SSC: { judge: 3, loss: 12, gradient: 12, optimizer: 1 },
  SCC: { judge: 3, loss: 12, gradient: 3, optimizer: 1 },
  CCC: { judge: 3, loss: 3, gradient: 3, optimizer: 1 },
  // Four one-criterion runs of 10 calls each.
  Single: { judge: 12, loss: 12, gradient: 12, optimizer: 4 },
};
const TOTALS: Record<string, number> = { SSS: 31, SSC: 28, SCC: 19, CCC: 10, Single: 40 };

for (const mode of Object.keys(EXPECTED)) {
  Deno.test(`paper protocol, ${mode}: every request of one step is the paper's`, async () => {
    const { calls, steps, runs } = await runOneStep({ modes: [mode] });
    assert.equal(runs, mode === "Single" ? 4 : 1);
    assertEveryRequestFollowsThePaper(calls, TEXTGRAD_SAMPLING);
    assertPerRowDraws(calls);

    // Calls per step by role, before validation and test (paper-method §4.6).
    const stepCalls = calls.filter((c) => {
      const { step, what } = purposeOf(c);
      return step === 1 && !what.startsWith("val-") && !what.startsWith("test");
    });
    const counts: Record<string, number> = {};
    for (const c of stepCalls) counts[c.request.role] = (counts[c.request.role] ?? 0) + 1;
    assert.deepEqual(counts, EXPECTED[mode]);
    // The store keeps each stage prompt as it was sent: one text, without system/user parts.
    const sentTexts = new Set(
      calls.map((c) => c.request.messages[0].content.slice(0, -SUFFIX.length)),
    );
    for (const record of steps.flatMap((s) => s.stages).filter((r) => r.stage !== "judge")) {
      assert.ok(sentTexts.has(record.prompt), `${record.stage} record holds the sent prompt`);
    }
    assert.equal(stepCalls.length, TOTALS[mode]);

    // The output-format block: in the seed prompt (step 0, training batch, the incumbent on
    // validation, the gradient and optimizer views of it), never in a candidate (§3.5).
    const judged = (predicate: (what: string, step: number) => boolean) =>
      calls.filter((c) => {
        const { step, what } = purposeOf(c);
        return c.request.role === "judge" && predicate(what, step);
      });
    const hasFormat = (c: BackendCall) => c.request.messages[0].content.includes(FORMAT);
    assert.ok(judged((what, step) => step === 0 && what === "test judge").every(hasFormat));
    assert.ok(judged((what, step) => step === 1 && what === "train judge").every(hasFormat));
    assert.ok(judged((what) => what === "val-incumbent judge").every(hasFormat));
    const candidate = judged((what) => what === "val-candidate judge");
    assert.equal(candidate.length, 6 * runs);
    assert.ok(candidate.every((c) => !hasFormat(c)), "a candidate has no output-format block");
    for (const record of steps.filter((s) => s.step === 1)) {
      assert.equal(record.candidate?.showOutputFormat, false);
    }
    const views = calls.filter((c) =>
      c.request.role === "gradient" || c.request.role === "optimizer"
    );
    assert.ok(
      views.every((c) =>
        /"(fluency|relevance|coherence|consistency)": 1\|2\|3\|4\|5/
          .test(c.request.messages[0].content)
      ),
      "the stages see the seed prompt's format line",
    );
    // Step 1's test evaluation uses the accepted prompt: the block is gone exactly when accepted.
    const accepted = steps.find((s) => s.step === 1)!.accepted;
    if (runs === 1) {
      const test1 = judged((what, step) => step === 1 && what === "test judge");
      assert.ok(test1.length === 4 && test1.every((c) => hasFormat(c) === !accepted));
    }
  });
}

Deno.test("paper protocol, OPRO: one configuration, no gate, scorer 0.0 and optimizer 1.0", async () => {
  // Two modes and two gates: OPRO runs once (opro/CCC/none), without the gate.
  const { calls, runs } = await runOneStep({
    algorithm: "opro",
    modes: ["SSS", "CCC"],
    gates: ["mae", "none"],
  });
  assert.equal(runs, 1);
  assertEveryRequestFollowsThePaper(calls, OPRO_SAMPLING);
  assertPerRowDraws(calls, [["x0", "x3"]]);
  assert.ok(calls.every((c) => !purposeOf(c).what.startsWith("val-")), "no validation gate");
  const step1 = calls.filter((c) =>
    purposeOf(c).step === 1 && !purposeOf(c).what.startsWith("test")
  );
  const counts: Record<string, number> = {};
  for (const c of step1) counts[c.request.role] = (counts[c.request.role] ?? 0) + 1;
  // Score the current set on the fixed subset (3), 8 candidates, each scored on the subset.
  assert.deepEqual(counts, { judge: 3 + 8 * 3, optimizer: 8 });
});

Deno.test("shareIdenticalJudgeInputs: rows with the same inputs share one sample, recorded in the manifest", async () => {
  const perRow = await runOneStep({ modes: ["CCC"] });
  const shared = await runOneStep({ modes: ["CCC"], shareIdenticalJudgeInputs: true });
  assert.equal(perRow.settings?.shareIdenticalJudgeInputs, false);
  assert.equal(shared.settings?.shareIdenticalJudgeInputs, true);
  const judgeCalls = (o: Observed) => o.calls.filter((c) => c.request.role === "judge").length;
  // Per evaluation, the repeated row (x3 on test, v5 on validation) is answered from the cache:
  // test at steps 0 and 1, validation for the incumbent and the candidate.
  assert.equal(judgeCalls(perRow) - judgeCalls(shared), 4);
});
