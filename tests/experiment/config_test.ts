import assert from "node:assert/strict";
import { profileOf } from "../../lib/experiment/components.ts";
import { overrideConfig, parseExperimentConfig } from "../../lib/experiment/config.ts";
import { planRuns } from "../../lib/experiment/components.ts";

Deno.test("config: an invalid mode is rejected when the config is read, naming the stages", () => {
  const outcome = parseExperimentConfig({ modes: ["SSS", "SCS"] });
  assert.ok(!outcome.ok);
  assert.match(outcome.issues[0], /^modes\.1: mode "SCS" is invalid: the optimizer stage is S/);
  const typo = parseExperimentConfig({ modes: ["SXS"] });
  assert.ok(!typo.ok);
  assert.match(typo.issues[0], /^modes\.0: mode "SXS" is not three letters/);
});

Deno.test("config: mode names are written canonically and repeats are dropped", () => {
  const outcome = parseExperimentConfig({ modes: ["single", "sss", "SSS"], gates: ["mae", "mae"] });
  assert.ok(outcome.ok, !outcome.ok ? outcome.issues.join("; ") : "");
  assert.deepEqual(outcome.value.modes, ["Single", "SSS"]);
  assert.deepEqual(outcome.value.gates, ["mae"]);
  const base = parseExperimentConfig({});
  assert.ok(base.ok);
  assert.deepEqual(base.value.modes, ["SSS", "SSC", "SCC", "CCC", "Single"]);
  const merged = overrideConfig(base.value, { modes: ["ccc"] });
  assert.ok(merged.ok);
  assert.deepEqual(merged.value.modes, ["CCC"]);
});

Deno.test("planRuns: the Single mode gets one run per criterion however it is spelled", () => {
  const keys = planRuns(
    { optimizer: { name: "textgrad" }, modes: ["single"], gates: ["none"], runs: 1 },
    ["a", "b"],
  );
  assert.deepEqual(keys.map((k) => k.criterion), ["a", "b"]);
});

Deno.test("judge.structuredOutput: json_schema under the default profile; never under the paper profile", () => {
  const constrained = parseExperimentConfig({ judge: { structuredOutput: "json_schema" } });
  assert.ok(constrained.ok);
  assert.equal(profileOf(constrained.value).judgeStructuredOutput, "json_schema");
  const paper = parseExperimentConfig({
    profile: "paper",
    judge: { structuredOutput: "json_schema" },
  });
  assert.ok(!paper.ok);
  assert.match(paper.issues[0], /^judge\.structuredOutput: the paper profile never constrains/);
  const plain = parseExperimentConfig({ profile: "paper" });
  assert.ok(plain.ok && !("judge" in plain.value), "configs without it keep their stored shape");
  assert.equal(profileOf(plain.value).judgeStructuredOutput, undefined);
});
