// A TextGradContext over the fake gateway for stage tests.
import { SUMMEVAL_SPEC } from "../../lib/data/summeval.ts";
import type { Example } from "../../lib/data/types.ts";
import { type JudgePrediction, seedPrompt } from "../../lib/judge/mod.ts";
import type { Profile } from "../../lib/loop/mod.ts";
import { MODE_PRESETS, type TextGradContext } from "../../lib/textgrad/mod.ts";
import { ALL_FOUR, example, type FakeLlm, fakeLlm } from "../judge/_fake_llm.ts";

export const spec = SUMMEVAL_SPEC;
export const CRITERIA = spec.criteria.map((c) => c.name);
export const batch: Example[] = ["b1", "b2", "b3"].map((id) => example(id, ALL_FOUR));

export function predictions(
  raw = '{"fluency": 4, "relevance": 2, "coherence": 2, "consistency": 5}',
) {
  const scores = JSON.parse(raw);
  return batch.map((e): JudgePrediction => ({
    exampleId: e.id,
    scores,
    literals: Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, String(v)])),
    raw,
    attempts: 1,
    callKey: `judge-${e.id}`,
    dryRun: true,
  }));
}

export function context(
  mode: string,
  profile: Profile,
  llm: FakeLlm = fakeLlm(),
  overrides: Partial<TextGradContext> = {},
): TextGradContext {
  const prompt = seedPrompt(spec);
  return {
    llm,
    spec,
    mode: MODE_PRESETS[mode],
    profile,
    prompt,
    seed: prompt,
    batch,
    criteria: CRITERIA,
    step: 2,
    run: 1,
    ...overrides,
  };
}
