/**
 * The optimizer stage: rewrites the instruction(s) from the gradients.
 *
 * @module
 */
import { askUntilValid } from "../judge/ask_until_valid.ts";
import type { JudgePrediction } from "../judge/predict.ts";
import type { PromptState } from "../judge/prompt_state.ts";
import { feedbackGroups } from "./feedback.ts";
import { cleanInstruction, parseInstructionSet } from "./instruction_set.ts";
import { buildCombinedOptimizerPrompt, buildSeparateOptimizerPrompt } from "./optimizer_prompts.ts";
import { callStage, stageCallLabel } from "./stage_call.ts";
import { type StageContext, stepDraw } from "./stage_context.ts";
import { messageOptions, optimizerAsk } from "./judge_policy.ts";
import { promptText, toMessages } from "./stage_prompt.ts";
import type { StageRecord } from "./stage_record.ts";
import { exchangeParts, predictionFor } from "./views.ts";

/** What the optimizer stage returns. */
export interface OptimizerOutcome {
  /** The proposed prompt (not yet gated). */
  candidate: PromptState;
  /** One record per optimizer call; `data` holds the parsed instructions and any warnings. */
  records: StageRecord[];
}

/** What a record's `data` says about a fallback. */
interface FallbackNote {
  criterion: string;
  to: "seed" | "current";
  reason: string;
}

function fallback(ctx: StageContext, criterion: string, reason: string): [string, FallbackNote] {
  const toSeed = ctx.profile.quirks.seedFallbackForMissingTasks;
  const text = toSeed ? ctx.seed.instructions[criterion] : ctx.prompt.instructions[criterion];
  return [text ?? ctx.prompt.instructions[criterion], {
    criterion,
    to: toSeed ? "seed" : "current",
    reason,
  }];
}

function exchanges(ctx: StageContext, predictions: readonly JudgePrediction[], group: string[]) {
  return ctx.batch.map((example) =>
    exchangeParts(ctx, group, example, predictionFor(predictions, example.id))
  );
}

async function separateRewrite(
  ctx: StageContext,
  predictions: readonly JudgePrediction[],
  gradients: readonly StageRecord[],
  criterion: string,
): Promise<[string, StageRecord]> {
  const views = exchanges(ctx, predictions, [criterion]);
  const prompt = buildSeparateOptimizerPrompt({
    criterion,
    instruction: ctx.prompt.instructions[criterion],
    system: views[0]?.system ?? "",
    exchanges: views,
    bullets: gradients.filter((g) => g.criteria.includes(criterion)).map((g) => g.text),
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
    const [text, note] = fallback(ctx, criterion, "empty answer");
    instruction = text;
    notes.push(note);
  }
  const data = { ...(record.data as object), instructions: { [criterion]: instruction }, notes };
  return [instruction, { ...record, data }];
}

async function combinedRewrite(
  ctx: StageContext,
  predictions: readonly JudgePrediction[],
  gradients: readonly StageRecord[],
): Promise<[Record<string, string>, StageRecord]> {
  const views = exchanges(ctx, predictions, ctx.criteria);
  const prompt = buildCombinedOptimizerPrompt({
    criteria: ctx.criteria,
    instructions: ctx.prompt.instructions,
    system: views[0]?.system ?? "",
    exchanges: views,
    groups: feedbackGroups(gradients, ctx.criteria, {
      repeatCombined: ctx.profile.quirks.repeatCombinedGradientsPerTask,
    }),
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
    const [text, note] = fallback(ctx, criterion, reason);
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
 * Runs the optimizer stage. `S`: one call per criterion answering with the plain instruction.
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
 * import { DEFAULT_PROFILE } from "./profile.ts";
 * import { SUMMEVAL_SPEC } from "../data/summeval.ts";
 * import { seedPrompt } from "../judge/prompt_state.ts";
 * const llm = {
 *   complete: () => Promise.resolve({ text: '{"instructions": {"fluency": "Check grammar."}}',
 *     finishReason: "stop", model: "m", usage: { inputTokens: 1, outputTokens: 1, estimated: true },
 *     cached: false, dryRun: true, key: "k" }),
 *   structured: () => Promise.reject(new Error("unused")),
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
export async function runOptimizerStage(
  ctx: StageContext,
  predictions: readonly JudgePrediction[],
  gradients: readonly StageRecord[],
): Promise<OptimizerOutcome> {
  const showOutputFormat = ctx.profile.quirks.dropOutputFormatAfterUpdate
    ? false
    : ctx.prompt.showOutputFormat;
  if (ctx.mode.optimizer === "S") {
    const rewrites = await Promise.all(
      ctx.criteria.map((c) => separateRewrite(ctx, predictions, gradients, c)),
    );
    const instructions = { ...ctx.prompt.instructions };
    ctx.criteria.forEach((c, i) => instructions[c] = rewrites[i][0]);
    return { candidate: { instructions, showOutputFormat }, records: rewrites.map((r) => r[1]) };
  }
  const [rewritten, record] = await combinedRewrite(ctx, predictions, gradients);
  return {
    candidate: { instructions: { ...ctx.prompt.instructions, ...rewritten }, showOutputFormat },
    records: [record],
  };
}
