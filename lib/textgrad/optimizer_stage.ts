/**
 * The optimizer stage: rewrites the instruction(s) from the gradients.
 *
 * @module
 */
import { askUntilValid } from "../llm/ask_until_valid.ts";
import type { JudgePrediction } from "../judge/predict.ts";
import type { PromptState } from "../judge/prompt_state.ts";
import type { FeedbackGroup } from "./feedback.ts";
import { MERGE_VARIANTS } from "./merge_stage.ts";
import type { Strategy } from "./mode.ts";
import type { Stage } from "./stage.ts";
import { type FallbackNote, type RewriteRules, rewriteRules } from "../loop/policy.ts";
import { cleanInstruction, parseInstructionSet } from "../loop/instruction_set.ts";
import { buildCombinedOptimizerPrompt, buildSeparateOptimizerPrompt } from "./optimizer_prompts.ts";
import { callStage, stageCallLabel } from "../loop/stage_call.ts";
import { stepDraw } from "../loop/stage_context.ts";
import type { TextGradContext } from "./context.ts";
import { messageOptions, optimizerAsk } from "../loop/policy.ts";
import { promptText, toMessages } from "../loop/stage_prompt.ts";
import type { StageRecord } from "../loop/stage_record.ts";
import { exchangeParts, predictionFor } from "./views.ts";

/** What the optimizer stage returns. */
export interface OptimizerOutcome {
  /** The proposed prompt (not yet gated). */
  candidate: PromptState;
  /** One record per optimizer call; `data` holds the parsed instructions and any warnings. */
  records: StageRecord[];
}

function exchanges(ctx: TextGradContext, predictions: readonly JudgePrediction[], group: string[]) {
  return ctx.batch.map((example) =>
    exchangeParts(ctx, group, example, predictionFor(predictions, example.id))
  );
}

async function separateRewrite(
  ctx: TextGradContext,
  predictions: readonly JudgePrediction[],
  feedback: readonly FeedbackGroup[],
  criterion: string,
): Promise<[string, StageRecord]> {
  const views = exchanges(ctx, predictions, [criterion]);
  const prompt = buildSeparateOptimizerPrompt({
    criterion,
    instruction: ctx.prompt.instructions[criterion],
    system: views[0]?.system ?? "",
    exchanges: views,
    bullets: feedback.find((group) => group.label === criterion)?.bullets ?? [],
  });
  const record = await callStage(ctx, {
    stage: "optimizer",
    criteria: [criterion],
    exampleId: null,
    prompt,
    hint: { kind: "instruction", criterion },
  });
  let instruction = cleanInstruction(record.text);
  const notes: FallbackNote[] = [];
  if (instruction === "") {
    const { text, note } = rulesOf(ctx).fallback(criterion, "empty answer");
    instruction = text;
    notes.push(note);
  }
  const data = { ...(record.data as object), instructions: { [criterion]: instruction }, notes };
  return [instruction, { ...record, data }];
}

async function combinedRewrite(
  ctx: TextGradContext,
  predictions: readonly JudgePrediction[],
  feedback: readonly FeedbackGroup[],
): Promise<[Record<string, string>, StageRecord]> {
  const views = exchanges(ctx, predictions, ctx.criteria);
  const prompt = buildCombinedOptimizerPrompt({
    criteria: ctx.criteria,
    instructions: ctx.prompt.instructions,
    system: views[0]?.system ?? "",
    exchanges: views,
    groups: [...feedback],
  });
  const outcome = await askUntilValid(
    ctx.llm,
    {
      role: "optimizer",
      messages: toMessages(prompt, messageOptions(ctx.profile)),
      draw: stepDraw(ctx),
      hint: { kind: "instructions", criteria: [...ctx.criteria] },
      label: stageCallLabel(ctx, "optimizer", ctx.criteria, null),
    },
    (text) => parseInstructionSet(text, ctx.criteria),
    {
      ...optimizerAsk(ctx.profile),
      signal: ctx.signal,
    },
  );
  const instructions: Record<string, string> = { ...outcome.value?.instructions };
  const notes: FallbackNote[] = [];
  for (const criterion of ctx.criteria) {
    if (criterion in instructions) continue;
    const reason = outcome.value ? "missing from the answer" : "no usable answer";
    const { text, note } = rulesOf(ctx).fallback(criterion, reason);
    instructions[criterion] = text;
    notes.push(note);
  }
  const record: StageRecord = {
    stage: "optimizer",
    criteria: [...ctx.criteria],
    exampleId: null,
    prompt: promptText(prompt, messageOptions(ctx.profile)),
    text: outcome.raw,
    callKey: outcome.result?.key ?? null,
    data: {
      instructions,
      notes,
      attempts: outcome.attempts,
      issues: outcome.issues,
      ignored: outcome.value?.ignored ?? [],
    },
  };
  return [instructions, record];
}

/**
 * Runs the optimizer stage after the paper's merge ({@linkcode OPTIMIZER_VARIANTS}). `S`: one call per criterion answering with the plain instruction.
 * `C`: one call answering with `{"instructions": {...}}`, validated and re-asked
 * (`profile.optimizerReask`). A criterion without a usable rewrite keeps its current instruction
 * (default) or reverts to the seed (`seedFallbackForMissingTasks`); either way a note is recorded
 * in the record's `data.notes`. The candidate drops the output-format block under
 * `dropOutputFormatAfterUpdate`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runOptimizerStage } from "./optimizer_stage.ts";
 * import { MODE_PRESETS } from "./mode.ts";
 * import { DEFAULT_PROFILE } from "../loop/profile.ts";
 * import { SUMMEVAL_SPEC } from "../data/summeval.ts";
 * import { seedPrompt } from "../judge/prompt_state.ts";
 * const llm = {
 *   complete: () => Promise.resolve({ text: '{"instructions": {"fluency": "Check grammar."}}',
 *     finishReason: "stop", model: "m", usage: { inputTokens: 1, outputTokens: 1, estimated: true },
 *     cached: false, dryRun: true, key: "k" }),
 * };
 * const example = { id: "e1", itemId: "e1", group: "g", inputs: { summary: "S.", source: "T." },
 *   labels: { fluency: 5 } };
 * const prediction = { exampleId: "e1", scores: { fluency: 4 }, literals: {},
 *   raw: '{"fluency": 4}', attempts: 1, callKey: "", dryRun: true };
 * const prompt = seedPrompt(SUMMEVAL_SPEC, ["fluency"]);
 * const { candidate } = await runOptimizerStage({ llm, spec: SUMMEVAL_SPEC,
 *   mode: MODE_PRESETS.Single, profile: DEFAULT_PROFILE, prompt, seed: prompt, batch: [example],
 *   criteria: ["fluency"], step: 1, run: 1 }, [prediction], []);
 * assert.ok(candidate.instructions.fluency === "Check grammar.");
 * ```
 */
export function runOptimizerStage(
  ctx: TextGradContext,
  predictions: readonly JudgePrediction[],
  gradients: readonly StageRecord[],
): Promise<OptimizerOutcome> {
  const feedback = MERGE_VARIANTS.paper(ctx, gradients);
  return OPTIMIZER_VARIANTS[ctx.mode.optimizer](ctx, predictions, feedback);
}

/** One variant of the optimizer stage: the candidate and its records. */
export type OptimizerVariant = (
  ctx: TextGradContext,
  predictions: readonly JudgePrediction[],
  feedback: readonly FeedbackGroup[],
) => Promise<OptimizerOutcome>;

/**
 * The optimizer stage's variants: `S` one plain-instruction rewrite per criterion from that
 * criterion's feedback group; `C` one JSON rewrite of all instructions from every group.
 */
export const OPTIMIZER_VARIANTS: Readonly<Record<Strategy, OptimizerVariant>> = Object.freeze({
  S: async (
    ctx: TextGradContext,
    predictions: readonly JudgePrediction[],
    feedback: readonly FeedbackGroup[],
  ) => {
    const rewrites = await Promise.all(
      ctx.criteria.map((c) => separateRewrite(ctx, predictions, feedback, c)),
    );
    const instructions = { ...ctx.prompt.instructions };
    ctx.criteria.forEach((c, i) => instructions[c] = rewrites[i][0]);
    const { showOutputFormat } = rulesOf(ctx);
    return { candidate: { instructions, showOutputFormat }, records: rewrites.map((r) => r[1]) };
  },
  C: async (
    ctx: TextGradContext,
    predictions: readonly JudgePrediction[],
    feedback: readonly FeedbackGroup[],
  ) => {
    const [rewritten, record] = await combinedRewrite(ctx, predictions, feedback);
    const { showOutputFormat } = rulesOf(ctx);
    return {
      candidate: { instructions: { ...ctx.prompt.instructions, ...rewritten }, showOutputFormat },
      records: [record],
    };
  },
});

/**
 * The optimizer stage of a pipeline: the variant for `strategy` over `state.feedback`; it writes
 * `state.candidate`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { optimizerStage } from "./optimizer_stage.ts";
 * assert.ok(optimizerStage("C").name === "optimizer");
 * ```
 */
export function optimizerStage(strategy: Strategy): Stage {
  const variant = OPTIMIZER_VARIANTS[strategy];
  return {
    name: "optimizer",
    variant: strategy,
    async run(state) {
      const outcome = await variant(state.ctx, state.predictions, state.feedback);
      state.candidate = outcome.candidate;
      return outcome.records;
    },
  };
}

function rulesOf(ctx: TextGradContext): RewriteRules {
  return rewriteRules(ctx.profile, { seed: ctx.seed, current: ctx.prompt });
}
