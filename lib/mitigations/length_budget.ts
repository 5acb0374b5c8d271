/**
 * Length-aware instruction synthesis (against length asymmetry): every criterion's instruction
 * gets a token budget. The optimizer is told the budget with its feedback, and every instruction
 * it proposes is held within it: re-asked to compress while over, then cut at the budget.
 *
 * @module
 */
import { countTokens, type TokenizerName } from "../metrics/tokenizer.ts";
import { cleanInstruction } from "../loop/instruction_set.ts";
import { stepDraw, stepLabel } from "../loop/stage_context.ts";
import type { StageRecord } from "../loop/stage_record.ts";
import type { Stage } from "../textgrad/stage.ts";

/** Options of the length-budget stages. */
export interface LengthBudgetOptions {
  /** Tokens per instruction: one budget for every criterion, or one per criterion. */
  tokens: number | Readonly<Record<string, number>>;
  /** The tokenizer that counts (default `qwen3`, the paper's judge). */
  tokenizer?: TokenizerName;
  /** Re-asks to compress an instruction over its budget before it is cut (default 2). */
  attempts?: number;
}

/** What the length-budget stage did in one step, stored in its summary record's `data`. */
export interface LengthBudgetReport {
  /** Budget per criterion. */
  budgets: Record<string, number>;
  /** Tokens of each accepted instruction. */
  tokens: Record<string, number>;
  /** Tokens of the optimizer's proposal, before any compression. */
  proposedTokens: Record<string, number>;
  /** `within`, `compressed` (a re-ask brought it under) or `cut` (shortened at the budget). */
  actions: Record<string, "within" | "compressed" | "cut">;
  /** Largest minus smallest accepted instruction length in tokens, across criteria. */
  spread: number;
  /** Compression calls made. */
  calls: number;
  /** The tokenizer. */
  tokenizer: TokenizerName;
}

function budgetOf(options: LengthBudgetOptions, criterion: string): number {
  const budget = typeof options.tokens === "number" ? options.tokens : options.tokens[criterion];
  if (!(Number.isInteger(budget) && budget > 0)) {
    throw new RangeError(`length budget of "${criterion}" must be a positive integer`);
  }
  return budget;
}

/**
 * The stage inserted after `merge`: adds one bullet per criterion to the optimizer's feedback,
 * "keep the instruction within N tokens" (under that criterion's group, created when absent).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lengthBudgetBriefStage } from "./length_budget.ts";
 * const state = { ctx: { criteria: ["a"] }, feedback: [] } as never;
 * await lengthBudgetBriefStage({ tokens: 40 }).run(state);
 * assert.match((state as { feedback: { bullets: string[] }[] }).feedback[0].bullets[0], /40 tokens/);
 * ```
 */
export function lengthBudgetBriefStage(options: LengthBudgetOptions): Stage {
  return {
    name: "length-brief",
    variant: `budget`,
    run(state) {
      for (const criterion of state.ctx.criteria) {
        const note = `Length budget: keep the instruction for "${criterion}" within ` +
          `${budgetOf(options, criterion)} tokens.`;
        const group = state.feedback.find((g) => g.label === criterion);
        if (group) group.bullets = [...group.bullets, note];
        else state.feedback = [...state.feedback, { label: criterion, bullets: [note] }];
      }
      return Promise.resolve([]);
    },
  };
}

/** The longest prefix of `text`'s words within `budget` tokens (binary search over words). */
async function cutToBudget(text: string, budget: number, tokenizer: TokenizerName) {
  const words = text.split(/\s+/).filter((w) => w !== "");
  let lo = 0, hi = words.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (await countTokens(words.slice(0, mid).join(" "), tokenizer) <= budget) lo = mid;
    else hi = mid - 1;
  }
  return words.slice(0, lo).join(" ");
}

function compressPrompt(criterion: string, instruction: string, budget: number, tokens: number) {
  return [
    `The instruction below tells an LLM judge how to score "${criterion}". It is ${tokens} ` +
    `tokens long; its budget is ${budget} tokens.`,
    `Rewrite it within ${budget} tokens, keeping every rule that changes a score and dropping ` +
    "repetition and examples first. Answer with the instruction only.",
    "",
    "<INSTRUCTION>",
    instruction,
    "</INSTRUCTION>",
  ].join("\n");
}

/**
 * The stage inserted after `optimizer`: counts each proposed instruction's tokens; one over its
 * budget is re-asked (role `optimizer`) to compress up to `attempts` times, then cut at the
 * budget, so no accepted instruction exceeds it. Writes the new `state.candidate` and returns
 * one record per compression call and a `length-budget` record holding the
 * {@linkcode LengthBudgetReport}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lengthBudgetStage } from "./length_budget.ts";
 * const llm = { complete: () => Promise.resolve({ text: "still far too long ".repeat(20),
 *   finishReason: "stop", model: "m", usage: { inputTokens: 1, outputTokens: 1,
 *   estimated: true }, cached: false, dryRun: true, key: "k" }) };
 * const state = { ctx: { llm, criteria: ["a"], run: 1, step: 1 }, records: [],
 *   candidate: { instructions: { a: "word ".repeat(50) }, showOutputFormat: true } };
 * const records = await lengthBudgetStage({ tokens: 10, tokenizer: "o200k_base", attempts: 1 })
 *   .run(state as never);
 * const report = records.at(-1)!.data as { tokens: { a: number }; actions: { a: string } };
 * assert.ok(report.tokens.a <= 10 && report.actions.a === "cut");
 * ```
 */
export function lengthBudgetStage(options: LengthBudgetOptions): Stage {
  const tokenizer = options.tokenizer ?? "qwen3";
  const attempts = options.attempts ?? 2;
  return {
    name: "length-budget",
    variant: tokenizer,
    async run(state) {
      const { ctx } = state;
      if (state.candidate === null) throw new Error("length-budget runs after the optimizer");
      const instructions = { ...state.candidate.instructions };
      const report: LengthBudgetReport = {
        budgets: {},
        tokens: {},
        proposedTokens: {},
        actions: {},
        spread: 0,
        calls: 0,
        tokenizer,
      };
      const calls: StageRecord[] = [];
      for (const criterion of ctx.criteria) {
        const budget = budgetOf(options, criterion);
        let text = instructions[criterion];
        let tokens = await countTokens(text, tokenizer);
        report.budgets[criterion] = budget;
        report.proposedTokens[criterion] = tokens;
        let action: "within" | "compressed" | "cut" = "within";
        for (let attempt = 1; tokens > budget && attempt <= attempts; attempt++) {
          const user = compressPrompt(criterion, text, budget, tokens);
          const label = stepLabel(ctx, "length-budget", criterion, `attempt ${attempt}`);
          const result = await ctx.llm.complete({
            role: "optimizer",
            messages: [{ role: "user", content: user }],
            draw: stepDraw(ctx, `compress/${criterion}/${attempt}`),
            hint: { kind: "instruction", criterion },
            label,
          }, { signal: ctx.signal });
          calls.push({
            stage: "length-budget",
            criteria: [criterion],
            exampleId: null,
            prompt: user,
            text: result.text,
            callKey: result.key,
          });
          const shorter = cleanInstruction(result.text);
          if (shorter === "") continue;
          text = shorter;
          tokens = await countTokens(text, tokenizer);
          action = "compressed";
        }
        if (tokens > budget) {
          text = await cutToBudget(text, budget, tokenizer);
          tokens = await countTokens(text, tokenizer);
          action = "cut";
        }
        instructions[criterion] = text;
        report.tokens[criterion] = tokens;
        report.actions[criterion] = action;
      }
      const lengths = Object.values(report.tokens);
      report.spread = lengths.length === 0 ? 0 : Math.max(...lengths) - Math.min(...lengths);
      report.calls = calls.length;
      state.candidate = { ...state.candidate, instructions };
      return [...calls, {
        stage: "length-budget",
        criteria: [...ctx.criteria],
        exampleId: null,
        prompt: "",
        text: `instruction tokens ${
          ctx.criteria.map((c) => `${c} ${report.tokens[c]}/${report.budgets[c]}`).join(", ")
        }; spread ${report.spread}`,
        callKey: null,
        data: report,
      }];
    },
  };
}
