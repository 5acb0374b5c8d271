// The conflict merge removes a planted contradiction between two criteria's gradients and keeps
// every non-conflicting suggestion; the embeddings come from the LLM layer (dry run here).
import assert from "node:assert/strict";
import { createDryRunLlm } from "../../lib/llm/llm.ts";
import type { LlmGateway } from "../../lib/llm/types.ts";
import { PAPER_PROFILE } from "../../lib/loop/mod.ts";
import type { StageRecord } from "../../lib/loop/stage_record.ts";
import {
  type ConflictMergeOptions,
  type ConflictMergeReport,
  conflictMergeStage,
} from "../../lib/mitigations/mod.ts";
import { MODE_PRESETS, newStepState } from "../../lib/textgrad/mod.ts";
import { seedPrompt } from "../../lib/judge/mod.ts";
import { recordingGateway, spec, train } from "./_step.ts";

const PLANTED_A = "Penalize summaries that are longer than three sentences.";
const PLANTED_B = "Do not penalize summaries that are longer than three sentences.";
const KEEP = [
  "Check every sentence for grammar slips and typos.",
  "Reward summaries whose ideas follow the article's order.",
  "Verify each named entity against the source document.",
  "Mention the missing key points when coverage is thin.",
];

function gradient(criterion: string, text: string, exampleId = "e1"): StageRecord {
  return { stage: "gradient", criteria: [criterion], exampleId, prompt: "", text, callKey: null };
}

const GRADIENTS = [
  gradient("fluency", `${KEEP[0]} ${PLANTED_A}`),
  gradient("coherence", `What works:\n- ${KEEP[1]}\n- ${PLANTED_B}`),
  gradient("consistency", KEEP[2]),
  gradient("relevance", KEEP[3]),
];

async function merge(llm: LlmGateway, options: ConflictMergeOptions, gradients = GRADIENTS) {
  const prompt = seedPrompt(spec);
  const state = newStepState({
    llm,
    spec,
    mode: MODE_PRESETS.SSC,
    profile: PAPER_PROFILE,
    prompt,
    seed: prompt,
    batch: train.slice(0, 1),
    criteria: spec.criteria.map((c) => c.name),
    step: 1,
    run: 1,
  });
  state.gradients = gradients;
  const records = await conflictMergeStage(options).run(state);
  const bullets = state.feedback.flatMap((g) => g.bullets);
  return { state, records, bullets, report: records.at(-1)!.data as ConflictMergeReport };
}

Deno.test("conflict merge (embeddings, drop): the planted contradiction goes, every other suggestion stays", async () => {
  const llm = createDryRunLlm({ seed: 1 });
  try {
    const { bullets, report } = await merge(llm, { detect: "embedding", resolve: "drop" });
    assert.ok(!bullets.some((b) => b.includes("penalize summaries")));
    for (const keep of KEEP) assert.ok(bullets.includes(keep), keep);
    assert.equal(report.conflicts.length, 1);
    assert.deepEqual(report.conflicts[0].pair.map((s) => s.criterion), ["fluency", "coherence"]);
    assert.ok(report.conflicts[0].similarity! > 0.9);
    assert.equal(report.suggestions, 6);
    assert.equal(report.kept, 4);
    assert.equal(report.calls.embed, 1, "the six suggestions go in one request");
    assert.equal(llm.usage().roles.embedder.calls, 1, "embeddings go through the LLM layer");
  } finally {
    llm.close();
  }
});

Deno.test("conflict merge: ⌈suggestions / embedBatch⌉ embedding requests, same outcome as one per suggestion", async () => {
  const outcomes = [];
  for (const [embedBatch, requests] of [[undefined, 1], [4, 2], [1, 6]] as const) {
    const llm = recordingGateway();
    try {
      const { bullets, report } = await merge(llm, { embedBatch });
      const sent = llm.requests.filter((r) => r.hint?.kind === "embedding");
      assert.equal(sent.length, requests, `embedBatch ${embedBatch}`);
      assert.equal(report.calls.embed, requests);
      assert.deepEqual(
        sent.map((r) => r.messages.length),
        embedBatch === 4 ? [4, 2] : sent.map(
          () => 6 / requests,
        ),
      );
      outcomes.push({ bullets, conflicts: report.conflicts, kept: report.kept });
    } finally {
      llm.close();
    }
  }
  assert.deepEqual(outcomes[1], outcomes[0]);
  assert.deepEqual(outcomes[2], outcomes[0]);
});

Deno.test("conflict merge (scope, merge): both sides kept under their criterion, or replaced by one note", async () => {
  const llm = createDryRunLlm({ seed: 1 });
  try {
    const scoped = await merge(llm, { resolve: "scope" });
    const fluency = scoped.state.feedback.find((g) => g.label === "fluency")!.bullets;
    assert.ok(fluency.includes(`Only when scoring fluency: ${PLANTED_A}`));
    const merged = await merge(llm, { resolve: "merge" });
    const note = merged.state.feedback.find((g) => g.label.startsWith("conflicting advice"))!;
    assert.equal(note.bullets.length, 1);
    assert.ok(note.bullets[0].includes(PLANTED_A) && note.bullets[0].includes(PLANTED_B));
    for (const keep of KEEP) assert.ok(merged.bullets.includes(keep));
  } finally {
    llm.close();
  }
});

Deno.test("conflict merge (llm, both): the contradiction check decides; `both` checks only similar pairs", async () => {
  const says = (r: { messages: { content: string }[] }) => {
    const text = r.messages[0].content;
    return text.includes(PLANTED_A) && text.includes(PLANTED_B) ? "1" : "0";
  };
  for (const detect of ["llm", "both"] as const) {
    const llm = recordingGateway((r) => r.role === "rater" ? says(r) : undefined);
    try {
      const { bullets, report } = await merge(llm, { detect });
      assert.ok(!bullets.some((b) => b.includes("penalize summaries")), detect);
      for (const keep of KEEP) assert.ok(bullets.includes(keep), `${detect}: ${keep}`);
      const checks = llm.requests.filter((r) => r.role === "rater").length;
      // 6 suggestions from 4 criteria: 13 cross-criterion pairs; `both` checks only the similar one.
      assert.equal(checks, detect === "llm" ? 13 : 1);
      assert.equal(report.calls.check, checks);
    } finally {
      llm.close();
    }
  }
});

Deno.test("conflict merge: no conflict, nothing dropped; combined gradients pass through the paper's merge", async () => {
  const llm = createDryRunLlm({ seed: 1 });
  try {
    const combined: StageRecord = {
      stage: "gradient",
      criteria: ["fluency", "coherence"],
      exampleId: "e1",
      prompt: "",
      text: "A combined gradient.",
      callKey: null,
    };
    const { bullets, report } = await merge(llm, {}, [...GRADIENTS.slice(2), combined]);
    assert.equal(report.conflicts.length, 0);
    assert.deepEqual(bullets.filter((b) => KEEP.includes(b)).sort(), KEEP.slice(2).sort());
    assert.ok(bullets.includes("A combined gradient."));
  } finally {
    llm.close();
  }
});
