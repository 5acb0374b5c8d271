import assert from "node:assert/strict";
import {
  correlationPolicy,
  DEFAULT_PROFILE,
  evaluationOptions,
  PAPER_PROFILE,
  QUIRK_DESCRIPTIONS,
  rewriteRules,
  withQuirks,
} from "../../lib/loop/mod.ts";

/** For each quirk and re-ask setting, the one module of lib/ that reads it. */
const READERS: Record<string, string> = {
  dropOutputFormatAfterUpdate: "loop/policy.ts",
  seedFallbackForMissingTasks: "loop/policy.ts",
  spearmanZeroOnConstant: "loop/policy.ts",
  judgeReask: "loop/policy.ts",
  optimizerReask: "loop/policy.ts",
  judgeStructuredOutput: "loop/policy.ts",
  repeatCombinedGradientsPerTask: "textgrad/merge_stage.ts",
  cccFirstTaskLabel: "textgrad/gradient_stage.ts",
  stringEqualityCorrectness: "textgrad/loss_stage.ts",
  batchesSeededByStepOnly: "loop/batches.ts",
  validationOverlapsTraining: "experiment/dataset.ts",
  incumbentNeverReevaluated: "loop/gate.ts",
  singleUserMessage: "loop/policy.ts",
  scoreOffScaleValues: "loop/policy.ts",
  evaluationCountsOnlyUnparseable: "loop/policy.ts",
  reaskResendsSamePrompt: "loop/policy.ts",
  zeroOnEmptyMetrics: "loop/policy.ts",
  oproWithoutGate: "experiment/grid.ts",
  oproExemplarsOverlapSubset: "opro/opro_optimizer.ts",
  oproTrajectoryKeepsDuplicates: "opro/opro_optimizer.ts",
};

/** Modules of lib/ whose code (not comments or JSDoc) reads `.<name>` of a profile. */
function readersOf(name: string): string[] {
  const lib = new URL("../../lib/", import.meta.url);
  const found: string[] = [];
  const walk = (dir: URL, prefix: string) => {
    for (const entry of Deno.readDirSync(dir)) {
      if (entry.isDirectory) walk(new URL(`${entry.name}/`, dir), `${prefix}${entry.name}/`);
      else if (entry.name.endsWith(".ts") && !/(^|\/)profile\.ts$/.test(`${prefix}${entry.name}`)) {
        const code = Deno.readTextFileSync(new URL(entry.name, dir)).split("\n")
          .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line)).join("\n");
        if (new RegExp(`\\.${name}\\b`).test(code)) found.push(`${prefix}${entry.name}`);
      }
    }
  };
  walk(lib, "");
  return found.sort();
}

Deno.test("each quirk is read in exactly one place of the library", () => {
  assert.deepEqual(
    Object.keys(QUIRK_DESCRIPTIONS).sort(),
    Object.keys(READERS).filter((k) => !k.startsWith("judge") && !k.startsWith("optimizer"))
      .sort(),
    "every quirk has its reader listed",
  );
  for (const [name, reader] of Object.entries(READERS)) {
    assert.deepEqual(readersOf(name), [reader], name);
  }
});

Deno.test("the evaluation options follow the profile: re-asks, correlation, layout, samples", () => {
  assert.deepEqual(evaluationOptions(PAPER_PROFILE), {
    reask: 0,
    constantSpearman: "zero",
    emptyMetrics: "zero",
    structuredOutput: "off",
    singleMessage: true,
    keepOffScale: true,
    shareIdenticalInputs: false,
    resendOnReask: true,
    strategy: "joint",
  });
  assert.deepEqual(
    evaluationOptions({
      ...DEFAULT_PROFILE,
      judgeStructuredOutput: "json_schema",
      shareIdenticalJudgeInputs: true,
    }),
    {
      reask: 2,
      constantSpearman: "nan",
      emptyMetrics: "nan",
      structuredOutput: "json_schema",
      singleMessage: false,
      keepOffScale: false,
      shareIdenticalInputs: true,
      resendOnReask: false,
      strategy: "joint",
    },
  );
  assert.equal(
    evaluationOptions({ ...DEFAULT_PROFILE, judgeStrategy: "field-masked" }).strategy,
    "field-masked",
  );
  assert.equal(
    correlationPolicy(withQuirks(DEFAULT_PROFILE, { spearmanZeroOnConstant: true })),
    "zero",
  );
});

Deno.test("rewrite rules: seed fallback and output-format block, one quirk at a time", () => {
  const seed = { instructions: { a: "seed a", b: "seed b" }, showOutputFormat: true };
  const current = { instructions: { a: "now a" }, showOutputFormat: true };
  const onlySeed = rewriteRules(
    withQuirks(DEFAULT_PROFILE, { seedFallbackForMissingTasks: true }),
    { seed, current },
  );
  assert.equal(onlySeed.fallback("a", "missing").text, "seed a");
  assert.equal(onlySeed.showOutputFormat, true);
  const onlyDrop = rewriteRules(
    withQuirks(DEFAULT_PROFILE, { dropOutputFormatAfterUpdate: true }),
    { seed, current },
  );
  assert.deepEqual(onlyDrop.fallback("a", "empty answer"), {
    text: "now a",
    note: { criterion: "a", to: "current", reason: "empty answer" },
  });
  assert.equal(onlyDrop.showOutputFormat, false);
  assert.equal(rewriteRules(PAPER_PROFILE, { seed, current }).reask, 2);
});
