// One TextGrad step over a recording gateway, for the mitigation tests.
import { SUMMEVAL_SPEC } from "../../lib/data/summeval.ts";
import { seedPrompt } from "../../lib/judge/mod.ts";
import { createDryRunLlm } from "../../lib/llm/llm.ts";
import type { ChatRequest, ChatResult, LlmGateway } from "../../lib/llm/types.ts";
import { PAPER_PROFILE, type Profile, trainingBatch } from "../../lib/loop/mod.ts";
import { mitigationPipeline, type MitigationsConfig } from "../../lib/mitigations/mod.ts";
import { MODE_PRESETS, pipelineFor, runPipeline } from "../../lib/textgrad/mod.ts";
import type { StepTrace } from "../../lib/loop/prompt_optimizer.ts";
import { example } from "../judge/_fake_llm.ts";

export const spec = SUMMEVAL_SPEC;
export const CRITERIA = spec.criteria.map((c) => c.name);
export const train = Array.from(
  { length: 30 },
  (_, i) => example(`t${i}`, { fluency: 1 + (i % 5), relevance: 5, coherence: 3, consistency: 4 }),
);

/** A gateway that answers through the dry run, except where `override` returns a text. */
export function recordingGateway(
  override: (request: ChatRequest) => string | undefined = () => undefined,
  seed = 7,
): LlmGateway & { requests: ChatRequest[]; close(): void } {
  const llm = createDryRunLlm({ seed });
  const requests: ChatRequest[] = [];
  return {
    requests,
    async complete(request: ChatRequest): Promise<ChatResult> {
      requests.push(request);
      const text = override(request);
      if (text === undefined) return await llm.complete(request);
      return {
        text,
        finishReason: "stop",
        model: "fake",
        usage: { inputTokens: 1, outputTokens: 1, estimated: true },
        cached: false,
        dryRun: true,
        key: `fake-${requests.length}`,
      };
    },
    close: () => llm.close(),
  };
}

/** Runs one step of `mode` under `mitigations`. */
export function step(
  mode: string,
  mitigations: MitigationsConfig,
  llm: LlmGateway,
  options: { profile?: Profile; criteria?: string[]; step?: number } = {},
): Promise<StepTrace> {
  const profile = options.profile ?? PAPER_PROFILE;
  const criteria = options.criteria ?? CRITERIA;
  const prompt = seedPrompt(spec, criteria);
  const stepNo = options.step ?? 1;
  return runPipeline(
    pipelineFor(MODE_PRESETS[mode], mitigationPipeline(MODE_PRESETS[mode], mitigations)),
    {
      llm,
      spec,
      mode: MODE_PRESETS[mode],
      profile,
      prompt,
      seed: prompt,
      batch: trainingBatch(train, { step: stepNo, run: 1, size: 3, profile }),
      criteria,
      step: stepNo,
      run: 1,
    },
  );
}

/** Requests by role. */
export function byRole(requests: readonly ChatRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of requests) counts[r.role] = (counts[r.role] ?? 0) + 1;
  return counts;
}
