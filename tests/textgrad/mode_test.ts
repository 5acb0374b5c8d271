import assert from "node:assert/strict";
import { criterionGroups, MODE_PRESETS, parseMode } from "../../lib/textgrad/mod.ts";

Deno.test("the five presets have the paper's letters; Single follows the C path", () => {
  const letters = (name: string) => {
    const m = MODE_PRESETS[name];
    return m.loss + m.gradient + m.optimizer;
  };
  assert.deepEqual(Object.keys(MODE_PRESETS), ["SSS", "SSC", "SCC", "CCC", "Single"]);
  for (const name of ["SSS", "SSC", "SCC", "CCC"]) {
    assert.equal(letters(name), name);
    assert.equal(MODE_PRESETS[name].single, false);
  }
  assert.equal(letters("Single"), "CCC");
  assert.equal(MODE_PRESETS.Single.single, true);
});

Deno.test("parseMode accepts presets in any case", () => {
  for (const text of ["SSS", "ssc", "Scc", "CCC", "single", "Single"]) {
    const outcome = parseMode(text);
    assert.ok(outcome.ok, text);
  }
  const single = parseMode("single");
  assert.ok(single.ok && single.value.single);
});

Deno.test("an S after a C is rejected, naming both stages", () => {
  const cases: Record<string, [string, string]> = {
    SCS: ["optimizer", "gradient"],
    CSS: ["gradient", "loss"],
    CSC: ["gradient", "loss"],
    CCS: ["optimizer", "loss"],
  };
  for (const [text, [later, earlier]] of Object.entries(cases)) {
    const outcome = parseMode(text);
    assert.ok(!outcome.ok, text);
    assert.match(
      outcome.issues[0],
      new RegExp(`the ${later} stage is S .* after the ${earlier} stage is C`),
    );
    assert.match(outcome.issues[0], /valid modes: SSS, SSC, SCC, CCC, Single/);
  }
});

Deno.test("text that is not three S/C letters is rejected", () => {
  for (const text of ["", "SS", "SSSS", "SXC", "all"]) {
    const outcome = parseMode(text);
    assert.ok(!outcome.ok, text);
    assert.match(outcome.issues[0], /not three letters/);
  }
});

Deno.test("a letter routes criteria: S one call each, C one call for all", () => {
  assert.deepEqual(criterionGroups("S", ["a", "b", "c"]), [["a"], ["b"], ["c"]]);
  assert.deepEqual(criterionGroups("C", ["a", "b", "c"]), [["a", "b", "c"]]);
});
