import assert from "node:assert/strict";
import { parseJudgeOutput, parseJudgeResponse } from "../../lib/judge/mod.ts";

const C = ["fluency", "relevance", "coherence", "consistency"];
const scales = Object.fromEntries(C.map((c) => [c, { min: 1, max: 5 }]));

Deno.test("bare JSON with integers parses", () => {
  const out = parseJudgeResponse(
    '{"fluency": 5, "relevance": 4, "coherence": 3, "consistency": 2}',
    C,
  );
  assert.deepEqual(out, {
    ok: true,
    value: { fluency: 5, relevance: 4, coherence: 3, consistency: 2 },
  });
});

Deno.test("a fenced answer with prose around it parses", () => {
  const out = parseJudgeResponse('Here you go:\n```json\n{"fluency": 4}\n```\nThanks!', [
    "fluency",
  ]);
  assert.deepEqual(out, { ok: true, value: { fluency: 4 } });
});

Deno.test("doubled braces fall back to single braces", () => {
  const out = parseJudgeResponse('{{"fluency": 2}}', ["fluency"]);
  assert.deepEqual(out, { ok: true, value: { fluency: 2 } });
});

Deno.test("numeric strings are coerced; booleans, text and null are dropped", () => {
  const out = parseJudgeOutput(
    '{"fluency": "4", "relevance": true, "coherence": "good", "consistency": null}',
    C,
  );
  assert.ok(out.ok);
  assert.deepEqual(out.value.scores, { fluency: 4 });
  assert.deepEqual(Object.keys(out.value.dropped).sort(), [
    "coherence",
    "consistency",
    "relevance",
  ]);
});

Deno.test("keys are strict: a capitalised key is a missing criterion", () => {
  const out = parseJudgeOutput('{"Fluency": 4, "coherence": 3}', ["fluency", "coherence"]);
  assert.ok(out.ok);
  assert.deepEqual(out.value.scores, { coherence: 3 });
  assert.equal(out.value.dropped.fluency, "no such key");
});

Deno.test("values outside the scale are missing, not clamped", () => {
  const out = parseJudgeOutput('{"fluency": 7, "coherence": 0, "relevance": 5}', C, { scales });
  assert.ok(out.ok);
  assert.deepEqual(out.value.scores, { relevance: 5 });
  assert.match(out.value.dropped.fluency, /outside/);
});

Deno.test("literals keep how a value was written, in Python str() form", () => {
  const out = parseJudgeOutput(
    '{"fluency": 4.0, "relevance": "4", "coherence": "3.50", "consistency": 2}',
    C,
  );
  assert.ok(out.ok);
  assert.deepEqual(out.value.literals, {
    fluency: "4.0",
    relevance: "4",
    coherence: "3.5",
    consistency: "2",
  });
  assert.equal(out.value.scores.fluency, 4);
});

Deno.test("an answer without a JSON object is a parse failure", () => {
  for (const text of ["I would say four.", "{not json", '["fluency", 4]']) {
    const out = parseJudgeResponse(text, ["fluency"]);
    assert.equal(out.ok, false, text);
  }
});
