import assert from "node:assert/strict";
import { validationFromTrain } from "../../lib/data/splits.ts";
import { DEFAULT_PROFILE, PAPER_PROFILE, trainingBatch } from "../../lib/loop/mod.ts";
import { example } from "../judge/_fake_llm.ts";

const train = Array.from({ length: 160 }, (_, i) => example(`r${i}`, { fluency: 3 }));
const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
/** The paper's validation rows drawn from the training rows (the data layer's rule). */
const paperValidation = (size = 100) =>
  validationFromTrain(train, { from: "train", size, seed: 42, reshuffleSeed: 1 });

Deno.test("paper batches: head of numpy RandomState(step).permutation, the same for every run", () => {
  // numpy: RandomState(1).permutation(160)[:3] == [29, 42, 14]; RandomState(2) → [12, 3, 106]
  const options = { size: 3, profile: PAPER_PROFILE };
  assert.deepEqual(ids(trainingBatch(train, { ...options, step: 1, run: 1 })), [
    "r29",
    "r42",
    "r14",
  ]);
  assert.deepEqual(ids(trainingBatch(train, { ...options, step: 1, run: 3 })), [
    "r29",
    "r42",
    "r14",
  ]);
  assert.deepEqual(ids(trainingBatch(train, { ...options, step: 2, run: 1 })), [
    "r12",
    "r3",
    "r106",
  ]);
});

Deno.test("default batches: seeded by (run, step), deterministic, different across runs", () => {
  const batch = (run: number, step: number) =>
    ids(trainingBatch(train, { step, run, size: 3, profile: DEFAULT_PROFILE }));
  assert.deepEqual(batch(1, 1), batch(1, 1));
  assert.notDeepEqual(batch(1, 1), batch(2, 1));
  assert.notDeepEqual(batch(1, 1), batch(1, 2));
  assert.equal(new Set(batch(1, 1)).size, 3);
});

Deno.test("batch sizes outside 1..pool are rejected", () => {
  assert.throws(
    () => trainingBatch(train, { step: 1, run: 1, size: 0, profile: PAPER_PROFILE }),
    RangeError,
  );
  assert.throws(
    () => trainingBatch(train.slice(0, 2), { step: 1, run: 1, size: 3, profile: PAPER_PROFILE }),
    RangeError,
  );
});

Deno.test("validation sample: tail 100 of permutation(42), reshuffled with permutation(1)", () => {
  const validation = paperValidation();
  assert.equal(validation.length, 100);
  assert.deepEqual(ids(validation.slice(0, 4)), ["r154", "r1", "r118", "r129"]);
});

Deno.test("overlapping validation: paper batches from the whole pool hit validation rows; a disjoint pool cannot", () => {
  const held = new Set(ids(paperValidation()));
  const overlapping = [1, 2, 3].flatMap((step) =>
    ids(trainingBatch(train, { step, run: 1, size: 3, profile: PAPER_PROFILE }))
  ).filter((id) => held.has(id));
  assert.ok(overlapping.length > 0, "numpy says steps 1–3 include validation rows 14, 3, 106, 70");

  const disjoint = train.filter((e) => !held.has(e.id));
  assert.equal(disjoint.length, 60);
  for (let step = 1; step <= 12; step++) {
    const batch = trainingBatch(disjoint, { step, run: 1, size: 3, profile: DEFAULT_PROFILE });
    assert.ok(batch.every((e) => !held.has(e.id)));
  }
});

Deno.test("quirk batchesSeededByStepOnly is what makes runs share batches", () => {
  const pool = train.slice(0, 60);
  const a = trainingBatch(pool, { step: 5, run: 1, size: 3, profile: DEFAULT_PROFILE });
  const b = trainingBatch(pool, { step: 5, run: 2, size: 3, profile: DEFAULT_PROFILE });
  const c = trainingBatch(pool, { step: 5, run: 1, size: 3, profile: PAPER_PROFILE });
  const d = trainingBatch(pool, { step: 5, run: 2, size: 3, profile: PAPER_PROFILE });
  assert.notDeepEqual(ids(a), ids(b));
  assert.deepEqual(ids(c), ids(d));
});
