/**
 * OPRO's meta-prompt (paper-method §6.1, the kit's own wording): the task, the trajectory worst to
 * best, exemplars with instruction placeholders, and the JSON answer shape.
 *
 * @module
 */
import type { DatasetSpec, Example } from "../data/types.ts";
import { renderSampleFields } from "../judge/render.ts";
import type { StagePrompt } from "../loop/stage_prompt.ts";
import { OPRO_METRIC_WORDING, type OproMetric } from "./scoring.ts";
import type { TrajectoryEntry } from "./trajectory.ts";

/** Inputs of {@linkcode buildOproPrompt}. */
export interface OproPromptInput {
  /** The dataset (directive and input labels). */
  spec: DatasetSpec;
  /** Criteria whose instructions are written. */
  criteria: readonly string[];
  /** Past instruction sets, sorted worst to best. */
  trajectory: readonly TrajectoryEntry[];
  /** Training examples shown with their ratings. */
  exemplars: readonly Example[];
  /** The metric behind the scores. */
  metric: OproMetric;
}

const SYSTEM = "You write instructions for an LLM judge that rates texts on several criteria. " +
  "You learn from how earlier instructions scored and propose better ones.";

function formatScore(score: number | null): string {
  return score === null ? "n/a" : (100 * score).toFixed(1);
}

/**
 * Renders one trajectory entry: per criterion its name, an `- Instruction:` and a `- Score:` line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderTrajectoryEntry } from "./meta_prompt.ts";
 * const text = renderTrajectoryEntry(
 *   { instructions: { fluency: "Rate." }, scores: { fluency: 2 / 3 }, step: 1, source: "current" },
 *   ["fluency"],
 * );
 * assert.ok(text === "fluency\n- Instruction: Rate.\n- Score: 66.7");
 * ```
 */
export function renderTrajectoryEntry(entry: TrajectoryEntry, criteria: readonly string[]): string {
  return criteria
    .map((c) =>
      `${c}\n- Instruction: ${entry.instructions[c] ?? ""}\n- Score: ${
        formatScore(entry.scores[c] ?? null)
      }`
    )
    .join("\n");
}

function renderExemplar(input: OproPromptInput, example: Example, index: number): string {
  const firstLine = input.spec.directive.trim().split("\n")[0];
  const placeholders = input.criteria.map((c) => `<INS_${c}>`).join("\n");
  const expected = input.criteria.map((c) => `${c}: ${example.labels[c] ?? "n/a"}`).join(", ");
  return [
    `Example ${index + 1}`,
    `Input:\n${renderSampleFields(input.spec, example)}`,
    `Judge prompt: ${firstLine}\n${placeholders}`,
    `Expected scores: ${expected}`,
  ].join("\n");
}

/**
 * Builds OPRO's meta-prompt.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildOproPrompt } from "./meta_prompt.ts";
 * import { SUMMEVAL_SPEC } from "../data/summeval.ts";
 * const prompt = buildOproPrompt({ spec: SUMMEVAL_SPEC, criteria: ["fluency"], metric: "accuracy",
 *   trajectory: [{ instructions: { fluency: "Rate." }, scores: { fluency: 0.5 }, step: 1,
 *     source: "current" }],
 *   exemplars: [] });
 * assert.ok(prompt.user.includes("- Score: 50.0"));
 * assert.ok(prompt.user.includes('{"instructions": {"fluency": "<new instruction>"}}'));
 * ```
 */
export function buildOproPrompt(input: OproPromptInput): StagePrompt {
  const { criteria } = input;
  const trajectory = input.trajectory.map((e) => renderTrajectoryEntry(e, criteria)).join(
    "\n---\n",
  );
  const shape = `{"instructions": {${
    criteria.map((c) => `"${c}": "<new instruction>"`).join(", ")
  }}}`;
  const parts = [
    `Your task is to write an improved instruction for each of these evaluation criteria: ` +
    `${criteria.join(", ")}. Below are earlier instruction sets with the score each instruction ` +
    "earned.",
    "The sets are ordered from worst to best, so the best ones come last.",
    `Each score is ${OPRO_METRIC_WORDING[input.metric]}, on a fixed set of examples, as a number ` +
    "from 0 to 100; higher is better.",
    trajectory || "(no earlier instruction sets yet)",
    "---",
  ];
  if (input.exemplars.length > 0) {
    parts.push(
      "Here is how the instructions are used. In each judge prompt below, every <INS_criterion> " +
        "placeholder is replaced by that criterion's instruction, and the expected scores are the " +
        "human ratings the judge should reproduce.",
      input.exemplars.map((e, i) => renderExemplar(input, e, i)).join("\n\n"),
    );
  }
  parts.push(
    "Write a new set of instructions that differs from every set above, would earn higher " +
      "scores, and is concise and applicable to any sample. Reply with one JSON object and no " +
      "text outside it, shaped like:",
    shape,
  );
  return { system: SYSTEM, user: parts.join("\n\n") };
}
