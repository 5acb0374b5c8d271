import assert from "node:assert/strict";
import {
  addToTrajectory,
  parseOproState,
  rankScore,
  type TrajectoryEntry,
} from "../../lib/opro/mod.ts";

const entry = (text: string, scores: Record<string, number | null>, step = 1): TrajectoryEntry => ({
  instructions: { a: text, b: text },
  scores,
  step,
  source: "candidate",
});

Deno.test("ranking is the mean over criteria of normalised scores (missing counts 0)", () => {
  assert.equal(rankScore(entry("x", { a: 1, b: 0 }), ["a", "b"]), 0.5);
  assert.equal(rankScore(entry("x", { a: 0.6, b: null }), ["a", "b"]), 0.3);
});

Deno.test("the mean ranks a balanced set above a lopsided one with a lower mean", () => {
  const kept = addToTrajectory(
    [],
    [entry("lopsided", { a: 1, b: 0 }), entry("balanced", { a: 0.6, b: 0.6 })],
    ["a", "b"],
    20,
  );
  assert.deepEqual(kept.map((e) => e.instructions.a), ["lopsided", "balanced"]);
});

Deno.test("the trajectory keeps the top k, sorted worst to best, one copy per instruction set", () => {
  const entries = [0.5, 0.1, 0.9, 0.3].map((s, i) => entry(`s${i}`, { a: s, b: s }));
  const kept = addToTrajectory([], entries, ["a", "b"], 3);
  assert.deepEqual(kept.map((e) => e.instructions.a), ["s3", "s0", "s2"]);
  const again = addToTrajectory(kept, [entry("s3", { a: 0.95, b: 0.95 }, 2)], ["a", "b"], 3);
  assert.deepEqual(again.map((e) => e.instructions.a), ["s0", "s2", "s3"]);
  assert.equal(again.length, 3);
});

Deno.test("a restored state is validated", () => {
  const state = { trajectory: [entry("x", { a: 0.5, b: null })] };
  const roundTrip = parseOproState(JSON.parse(JSON.stringify(state)));
  assert.ok(roundTrip.ok);
  assert.deepEqual(roundTrip.value, state);
  const bad = parseOproState({
    trajectory: [{ instructions: {}, scores: {}, step: 1, source: "x" }],
  });
  assert.ok(!bad.ok);
  assert.match(bad.issues[0], /source/);
});
