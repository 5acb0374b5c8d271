import assert from "node:assert/strict";
import {
  DEFAULT_PROFILE,
  PAPER_PROFILE,
  QUIRK_DESCRIPTIONS,
  withQuirks,
} from "../../lib/loop/mod.ts";

Deno.test("the paper profile turns every quirk on, the default profile fixes them all", () => {
  const names = Object.keys(QUIRK_DESCRIPTIONS).sort();
  assert.equal(names.length, 17);
  assert.deepEqual(Object.keys(PAPER_PROFILE.quirks).sort(), names);
  assert.deepEqual(Object.keys(DEFAULT_PROFILE.quirks).sort(), names);
  assert.ok(Object.values(PAPER_PROFILE.quirks).every((v) => v === true));
  assert.ok(Object.values(DEFAULT_PROFILE.quirks).every((v) => v === false));
  assert.equal(PAPER_PROFILE.judgeReask, 0);
  assert.equal(DEFAULT_PROFILE.judgeReask, 2);
});

Deno.test("profiles are frozen so a run cannot mutate a shared profile", () => {
  assert.throws(() => {
    (PAPER_PROFILE.quirks as { cccFirstTaskLabel: boolean }).cccFirstTaskLabel = false;
  }, TypeError);
});

Deno.test("withQuirks derives a named single-quirk ablation", () => {
  const profile = withQuirks(DEFAULT_PROFILE, { batchesSeededByStepOnly: true });
  assert.equal(profile.name, "default+batchesSeededByStepOnly");
  assert.equal(profile.quirks.batchesSeededByStepOnly, true);
  assert.equal(profile.quirks.cccFirstTaskLabel, false);
  assert.equal(DEFAULT_PROFILE.quirks.batchesSeededByStepOnly, false);
});
