/**
 * One stage call: request building, sending and the resulting record.
 *
 * @module
 */
import type { OutputHint } from "../llm/types.ts";
import { type StageContext, stepDraw, stepLabel } from "./stage_context.ts";
import { messageOptions } from "./policy.ts";
import { promptText, type StagePrompt, toMessages } from "./stage_prompt.ts";
import type { StageRecord } from "./stage_record.ts";

/** What a stage call is about. */
export interface StageCallSpec {
  /** Stage name and LLM role: `loss`, `gradient` or `optimizer`. */
  stage: string;
  /** Criteria the call covers. */
  criteria: string[];
  /** Example the call is about, or `null`. */
  exampleId: string | null;
  /** The prompt. */
  prompt: StagePrompt;
  /** Expected output shape (for the dry-run backend). */
  hint: OutputHint;
}

/**
 * The label of a stage call: `run r step s <stage> <criterion|all> [ex <id>]`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stageCallLabel } from "./stage_call.ts";
 * const label = stageCallLabel({ run: 1, step: 2 }, "loss", ["fluency"], "e7");
 * assert.ok(label === "run 1 step 2 loss fluency ex e7");
 * ```
 */
export function stageCallLabel(
  ctx: Pick<StageContext, "run" | "step">,
  stage: string,
  criteria: readonly string[],
  exampleId: string | null,
): string {
  const who = criteria.length === 1 ? criteria[0] : "all";
  return stepLabel(ctx, stage, who, ...(exampleId === null ? [] : [`ex ${exampleId}`]));
}

/**
 * Sends one stage call (role = stage, draw `r<run>/s<step>` plus `/<exampleId>` for per-sample
 * calls) and returns its record. An answer cut at max_tokens is kept (the paper uses the truncated
 * text) and flagged `data.truncated`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { callStage } from "./stage_call.ts";
 * const llm = {
 *   complete: () => Promise.resolve({ text: "ok", finishReason: "stop", model: "m",
 *     usage: { inputTokens: 1, outputTokens: 1, estimated: true }, cached: false, dryRun: true,
 *     key: "k" }),
 * };
 * const record = await callStage({ llm, run: 1, step: 1 }, {
 *   stage: "loss", criteria: ["a"], exampleId: "e1", prompt: { system: "s", user: "u" },
 *   hint: { kind: "critique", criteria: ["a"] },
 * });
 * assert.ok(record.text === "ok" && record.callKey === "k");
 * ```
 */
export async function callStage(
  ctx:
    & Pick<StageContext, "llm" | "run" | "step" | "signal">
    & Partial<Pick<StageContext, "profile">>,
  call: StageCallSpec,
): Promise<StageRecord> {
  const layout = ctx.profile ? messageOptions(ctx.profile) : {};
  const result = await ctx.llm.complete({
    role: call.stage,
    messages: toMessages(call.prompt, layout),
    // Per-sample calls carry the example in their draw: the loss prompt shows only prediction and
    // label, so two samples can yield the same prompt and must still be independent samples.
    draw: call.exampleId === null ? stepDraw(ctx) : `${stepDraw(ctx)}/${call.exampleId}`,
    hint: call.hint,
    label: stageCallLabel(ctx, call.stage, call.criteria, call.exampleId),
  }, { signal: ctx.signal, acceptTruncated: true });
  return {
    stage: call.stage,
    criteria: call.criteria,
    exampleId: call.exampleId,
    prompt: promptText(call.prompt, layout),
    text: result.text,
    callKey: result.key,
    // A free-text answer cut at max_tokens is used as it is (as in the paper), and flagged.
    ...(result.finishReason === "length" ? { data: { truncated: true } } : {}),
  };
}
