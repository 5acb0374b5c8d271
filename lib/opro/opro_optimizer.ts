/**
 * OPRO as a {@linkcode PromptOptimizer} (paper-method §6.1): score the current instructions on a
 * fixed training subset, ask the optimizer for N new instruction sets given the scored trajectory,
 * score each, keep the best.
 *
 * @module
 */
import { numpySample } from "../data/mt19937.ts";
import type { Example } from "../data/types.ts";
import { type AskOutcome, askUntilValid } from "../llm/ask_until_valid.ts";
import { evaluatePrompt, type Evaluation } from "../judge/evaluate.ts";
import type { PromptState } from "../judge/prompt_state.ts";
import { type ParsedInstructions, parseInstructionSet } from "../loop/instruction_set.ts";
import { judgeRecords } from "../loop/judge_records.ts";
import { evaluationOptions, messageOptions, optimizerAsk, rewriteRules } from "../loop/policy.ts";
import type { PromptOptimizer, ProposeContext, StepTrace } from "../loop/prompt_optimizer.ts";
import { stepDraw, stepLabel } from "../loop/stage_context.ts";
import { promptText, type StagePrompt, toMessages } from "../loop/stage_prompt.ts";
import type { StageRecord } from "../loop/stage_record.ts";
import { buildOproPrompt } from "./meta_prompt.ts";
import { normalisedScores, type OproMetric } from "./scoring.ts";
import {
  addToTrajectory,
  type OproState,
  parseOproState,
  rankScore,
  type TrajectoryEntry,
} from "./trajectory.ts";

/** Options of {@linkcode oproOptimizer}. */
export interface OproOptions {
  /** Candidate instruction sets per step, each from its own optimizer call (paper: 8). */
  candidates?: number;
  /** Trajectory entries kept (paper: 20). */
  topK?: number;
  /** Training exemplars shown in the meta-prompt (paper: 3). */
  exemplars?: number;
  /** Size of the fixed scoring subset. Default: the step's batch size. */
  subsetSize?: number;
  /** numpy seed of the fixed subset's shuffle (paper: 0). */
  subsetSeed?: number;
  /** Score metric (paper: exact-match accuracy). */
  metric?: OproMetric;
  /** Initial trajectory, used when `ProposeContext.state` is absent (e.g. warm start). */
  trajectory?: TrajectoryEntry[];
}

/**
 * The fixed scoring subset: the head of the training rows shuffled with numpy's seed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fixedSubset } from "./opro_optimizer.ts";
 * const rows = ["a", "b", "c", "d", "e"].map((id) => ({ id, itemId: id, group: id, inputs: {}, labels: {} }));
 * // numpy: RandomState(42).permutation(5) == [1, 4, 2, 0, 3]
 * assert.ok(fixedSubset(rows, 2, 42).map((e) => e.id).join() === "b,e");
 * ```
 */
export function fixedSubset(train: readonly Example[], size: number, seed = 0): Example[] {
  return numpySample(seed, train).slice(0, size);
}
function restoreState(ctx: ProposeContext, options: OproOptions): OproState {
  if (ctx.state === undefined) return { trajectory: [...(options.trajectory ?? [])] };
  const parsed = parseOproState(ctx.state);
  if (!parsed.ok) {
    throw new TypeError(
      `OPRO: the restored state is not a trajectory: ${parsed.issues.join("; ")}`,
    );
  }
  return parsed.value;
}

/** Everything one step needs besides the context. */
interface StepSetup {
  ctx: ProposeContext;
  subset: Example[];
  metric: OproMetric;
}

function score(setup: StepSetup, prompt: PromptState, purpose: string): Promise<Evaluation> {
  const { ctx } = setup;
  return evaluatePrompt(ctx.llm, ctx.spec, prompt, setup.subset, {
    criteria: ctx.criteria,
    draw: stepDraw(ctx, purpose),
    ...evaluationOptions(ctx.profile),
    metrics: [setup.metric],
    label: stepLabel(ctx, purpose),
    signal: ctx.signal,
  });
}

function toEntry(
  setup: StepSetup,
  prompt: PromptState,
  evaluation: Evaluation,
  source: TrajectoryEntry["source"],
): TrajectoryEntry {
  const { ctx } = setup;
  return {
    instructions: Object.fromEntries(ctx.criteria.map((c) => [c, prompt.instructions[c]])),
    scores: normalisedScores(ctx.spec, evaluation, ctx.criteria, setup.metric),
    step: ctx.step,
    source,
  };
}

interface Proposal {
  outcome: AskOutcome<ParsedInstructions>;
  prompt: PromptState;
  entry: TrajectoryEntry;
}

/** Candidate `index`: one optimizer call (draw `r/s/c<index>`), then scored on the subset. */
async function propose(setup: StepSetup, meta: StagePrompt, index: number): Promise<Proposal> {
  const { ctx } = setup;
  const outcome = await askUntilValid(
    ctx.llm,
    {
      role: "optimizer",
      messages: toMessages(meta, messageOptions(ctx.profile)),
      draw: `${stepDraw(ctx)}/c${index}`,
      hint: { kind: "instructions", criteria: [...ctx.criteria] },
      label: stepLabel(ctx, "optimizer", "all", `candidate ${index}`),
    },
    (text) => parseInstructionSet(text, ctx.criteria),
    {
      ...optimizerAsk(ctx.profile),
      signal: ctx.signal,
    },
  );
  const rules = rewriteRules(ctx.profile, { seed: ctx.seed, current: ctx.prompt });
  const instructions = { ...ctx.prompt.instructions };
  for (const c of ctx.criteria) {
    instructions[c] = outcome.value?.instructions[c] ?? rules.fallback(c, "missing").text;
  }
  const { showOutputFormat } = rules;
  const prompt: PromptState = { instructions, showOutputFormat };
  const evaluation = await score(setup, prompt, `opro-c${index}`);
  return { outcome, prompt, entry: toEntry(setup, prompt, evaluation, "candidate") };
}

/** Index of the proposal with the highest mean normalised score (the first on ties). */
function bestIndex(proposals: readonly Proposal[], criteria: readonly string[]): number {
  let best = 0;
  proposals.forEach((p, i) => {
    if (rankScore(p.entry, criteria) > rankScore(proposals[best].entry, criteria)) best = i;
  });
  return best;
}

function proposalRecord(
  ctx: ProposeContext,
  meta: StagePrompt,
  proposal: Proposal,
  index: number,
  chosen: boolean,
): StageRecord {
  return {
    stage: "optimizer",
    criteria: [...ctx.criteria],
    exampleId: null,
    prompt: promptText(meta, messageOptions(ctx.profile)),
    text: proposal.outcome.raw,
    callKey: proposal.outcome.result?.key ?? null,
    data: {
      candidate: index,
      chosen,
      instructions: proposal.entry.instructions,
      scores: proposal.entry.scores,
      rank: rankScore(proposal.entry, ctx.criteria),
      attempts: proposal.outcome.attempts,
      issues: proposal.outcome.issues,
    },
  };
}

/**
 * Creates the OPRO optimizer. Per step: score the current instructions on the fixed subset (role
 * `judge`, draw `r<run>/s<step>/opro-current`) and add them to the trajectory; build the
 * meta-prompt (trajectory worst to best, exemplars drawn with seed = step outside the subset, or
 * from all training rows under `oproExemplarsOverlapSubset`);
 * make `candidates` optimizer calls (draw `r<run>/s<step>/c<i>`), score each (draw
 * `.../opro-c<i>`), add all to the trajectory and return the best as the candidate. It ignores
 * the mode's letters (one call covers all criteria).
 *
 * It is stateless: the trajectory travels in `StepTrace.state` (and a record with stage
 * `opro-trajectory`) and comes back as `ProposeContext.state`, so runs resume exactly and one
 * instance can serve concurrent runs. `propose` rejects with a `TypeError` when the restored
 * state is not a valid trajectory.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { oproOptimizer } from "./opro_optimizer.ts";
 * assert.ok(oproOptimizer({ candidates: 4 }).name === "opro");
 * ```
 */
export function oproOptimizer(options: OproOptions = {}): PromptOptimizer {
  const candidates = options.candidates ?? 8;
  const topK = options.topK ?? 20;
  const exemplarCount = options.exemplars ?? 3;
  return {
    name: "opro",
    async propose(ctx: ProposeContext): Promise<StepTrace> {
      const state = restoreState(ctx, options);
      const subsetSize = options.subsetSize ?? ctx.batch.length;
      const subset = fixedSubset(ctx.train, subsetSize, options.subsetSeed);
      const setup: StepSetup = { ctx, subset, metric: options.metric ?? "accuracy" };

      const current = await score(setup, ctx.prompt, "opro-current");
      const currentEntry = toEntry(setup, ctx.prompt, current, "current");
      const keep = { keepDuplicates: ctx.profile.quirks.oproTrajectoryKeepsDuplicates };
      let trajectory = addToTrajectory(state.trajectory, [currentEntry], ctx.criteria, topK, keep);

      // The paper meant to exclude the scoring rows, but its ids never match, so nothing is excluded.
      const subsetIds = ctx.profile.quirks.oproExemplarsOverlapSubset
        ? new Set<string>()
        : new Set(subset.map((e) => e.id));
      const exemplars = numpySample(Math.abs(ctx.step), ctx.train)
        .filter((e) => !subsetIds.has(e.id))
        .slice(0, exemplarCount);
      const meta = buildOproPrompt({
        spec: ctx.spec,
        criteria: ctx.criteria,
        trajectory,
        exemplars,
        metric: setup.metric,
      });
      const proposals = await Promise.all(
        Array.from({ length: candidates }, (_, i) => propose(setup, meta, i)),
      );
      trajectory = addToTrajectory(
        trajectory,
        proposals.map((p) => p.entry),
        ctx.criteria,
        topK,
        keep,
      );
      const best = bestIndex(proposals, ctx.criteria);
      const nextState: OproState = { trajectory };
      return {
        predictions: current.predictions,
        records: [
          ...judgeRecords(ctx, subset, current.predictions),
          ...proposals.map((p, i) => proposalRecord(ctx, meta, p, i, i === best)),
          {
            stage: "opro-trajectory",
            criteria: [...ctx.criteria],
            exampleId: null,
            prompt: "",
            text: "",
            callKey: null,
            data: nextState,
          },
        ],
        candidate: proposals[best].prompt,
        state: nextState,
      };
    },
  };
}
