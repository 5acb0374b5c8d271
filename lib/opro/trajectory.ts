/**
 * OPRO's trajectory: past instruction sets with their per-criterion scores, kept as plain data so
 * it can be stored and restored on resume (paper-method §6.1).
 *
 * @module
 */
import { z } from "zod";
import { type ParseOutcome, validate } from "../schema.ts";

/** One scored instruction set. */
export interface TrajectoryEntry {
  /** Instruction per criterion. */
  instructions: Record<string, string>;
  /** Normalised score per criterion in [0, 1] (higher is better); `null` when undefined. */
  scores: Record<string, number | null>;
  /** Step at which the set was scored. */
  step: number;
  /** `current` (the incumbent scored before optimising) or `candidate`. */
  source: "current" | "candidate";
}

/** The state OPRO carries from step to step (`StepTrace.state`). */
export interface OproState {
  /** Best entries, sorted worst to best. */
  trajectory: TrajectoryEntry[];
}

const TrajectoryEntrySchema: z.ZodType<TrajectoryEntry> = z.object({
  instructions: z.record(z.string(), z.string()),
  scores: z.record(z.string(), z.number().nullable()),
  step: z.number().int(),
  source: z.enum(["current", "candidate"]),
});

const OproStateSchema: z.ZodType<OproState> = z.object({
  trajectory: z.array(TrajectoryEntrySchema),
});

/**
 * Validates a restored state (e.g. read back from the store).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseOproState } from "./trajectory.ts";
 * assert.ok(parseOproState({ trajectory: [] }).ok);
 * assert.ok(!parseOproState({ trajectory: [{ step: "x" }] }).ok);
 * ```
 */
export function parseOproState(input: unknown): ParseOutcome<OproState> {
  return validate(OproStateSchema, input);
}

/**
 * The ranking key of an entry: the mean over criteria of the normalised scores (undefined counts
 * as 0), so every criterion weighs the same.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rankScore } from "./trajectory.ts";
 * const entry = { instructions: {}, scores: { a: 1, b: 0.5, c: null }, step: 1, source: "current" as const };
 * assert.ok(rankScore(entry, ["a", "b", "c"]) === 0.5);
 * ```
 */
export function rankScore(entry: TrajectoryEntry, criteria: readonly string[]): number {
  if (criteria.length === 0) return 0;
  const sum = criteria.reduce((total, c) => total + (entry.scores[c] ?? 0), 0);
  return sum / criteria.length;
}

function sameInstructions(a: TrajectoryEntry, b: TrajectoryEntry): boolean {
  const keys = Object.keys(a.instructions);
  return keys.length === Object.keys(b.instructions).length &&
    keys.every((k) => a.instructions[k] === b.instructions[k]);
}

/** Options of {@linkcode addToTrajectory}. */
export interface AddTrajectoryOptions {
  /**
   * Keep a repeated instruction set as a separate entry, as the paper's bounded heap does
   * (`oproTrajectoryKeepsDuplicates`). Default false: one entry per set, with its better score.
   */
  keepDuplicates?: boolean;
}

/**
 * Adds entries and keeps the best `topK`, sorted worst to best (ties: the older entry ranks lower).
 * An instruction set already present is kept once, with its better score, unless `keepDuplicates`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { addToTrajectory } from "./trajectory.ts";
 * const entry = (text: string, score: number) =>
 *   ({ instructions: { a: text }, scores: { a: score }, step: 1, source: "candidate" as const });
 * const kept = addToTrajectory([entry("x", 0.2)], [entry("y", 0.9), entry("z", 0.1)], ["a"], 2);
 * assert.ok(kept.map((e) => e.instructions.a).join() === "x,y");
 * ```
 */
export function addToTrajectory(
  trajectory: readonly TrajectoryEntry[],
  entries: readonly TrajectoryEntry[],
  criteria: readonly string[],
  topK: number,
  options: AddTrajectoryOptions = {},
): TrajectoryEntry[] {
  const merged: TrajectoryEntry[] = [];
  for (const entry of [...trajectory, ...entries]) {
    const index = options.keepDuplicates ? -1 : merged.findIndex((e) => sameInstructions(e, entry));
    if (index < 0) merged.push(entry);
    else if (rankScore(entry, criteria) > rankScore(merged[index], criteria)) merged[index] = entry;
  }
  const ranked = merged
    .map((entry, order) => ({ entry, order, score: rankScore(entry, criteria) }))
    .sort((a, b) => a.score - b.score || a.order - b.order);
  return ranked.slice(Math.max(0, ranked.length - topK)).map((r) => r.entry);
}
