import type { InstructionTokenLength } from "../experiment/diagnostic_rows.ts";
import type { RunRow } from "../experiment/types.ts";
import { spearman } from "../metrics/spearman.ts";
import { finiteMean, finiteRange, groupBy } from "./_stats.ts";

/** Run-averaged instruction length of one criterion at one step. */
export interface LengthPoint {
  /** Step. */
  step: number;
  /** Mean tokens over runs. */
  tokens: number;
  /** Fewest tokens over runs. */
  minTokens: number;
  /** Most tokens over runs. */
  maxTokens: number;
  /** Mean characters. */
  chars: number;
  /** Mean words. */
  words: number;
  /** Mean share of the prompt's instruction tokens (criterion ÷ all criteria of the run). */
  share: number;
}

/** Instruction lengths of one configuration. */
export interface ConfigLengths {
  /** `algorithm/mode/gate`. */
  config: string;
  /** Mode. */
  mode: string;
  /** Gate. */
  gate: string;
  /** Tokenizer(s) used, as recorded. */
  tokenizers: string[];
  /** Criteria. */
  criteria: string[];
  /** Per criterion, one point per step. */
  perCriterion: Record<string, LengthPoint[]>;
}

/**
 * Instruction-length asymmetry (paper-method §8): tokens, characters and words per criterion per
 * step (mean over runs, with the min–max of tokens), and each criterion's share of the
 * instruction tokens of its run's prompt (Single runs hold one criterion: share 1).
 *
 * @param lengths Rows from `store.instructionTokenLengths()`.
 * @param runs The runs, for mode and gate.
 * @returns One entry per configuration.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lengthAsymmetry } from "./length_asymmetry.ts";
 * const run = { algorithm: "textgrad" as const, mode: "SSS", gate: "none", run: 1,
 *   criterion: null, runId: "r1", seed: 1, status: "done" as const, lastStep: 0, message: null };
 * const row = (criterion: string, tokens: number) => ({ runId: "r1", step: 0, criterion,
 *   chars: tokens * 4, words: tokens, tokens, tokenizer: "o200k_base" });
 * const [config] = lengthAsymmetry([row("fluency", 30), row("relevance", 10)], [run]);
 * assert.equal(config.perCriterion.fluency[0].share, 0.75);
 * ```
 */
export function lengthAsymmetry(
  lengths: readonly InstructionTokenLength[],
  runs: readonly RunRow[],
): ConfigLengths[] {
  const byId = new Map(runs.map((r) => [r.runId, r]));
  const totals = new Map<string, number>();
  for (const l of lengths) {
    const key = `${l.runId}\u0000${l.step}`;
    totals.set(key, (totals.get(key) ?? 0) + l.tokens);
  }
  const rows = lengths.flatMap((l) => {
    const run = byId.get(l.runId);
    if (!run) return [];
    const total = totals.get(`${l.runId}\u0000${l.step}`)!;
    return [{ ...l, run, share: total > 0 ? l.tokens / total : NaN }];
  });
  const configs = groupBy(rows, (r) => `${r.run.algorithm}/${r.run.mode}/${r.run.gate}`);
  return [...configs].map(([config, group]) => {
    const criteria = [...new Set(group.map((r) => r.criterion))];
    const perCriterion = Object.fromEntries(criteria.map((c) => {
      const steps = groupBy(group.filter((r) => r.criterion === c), (r) => String(r.step));
      const points = [...steps].map(([step, at]) => {
        const { min, max } = finiteRange(at.map((r) => r.tokens));
        return {
          step: Number(step),
          tokens: finiteMean(at.map((r) => r.tokens)),
          minTokens: min,
          maxTokens: max,
          chars: finiteMean(at.map((r) => r.chars)),
          words: finiteMean(at.map((r) => r.words)),
          share: finiteMean(at.map((r) => r.share)),
        };
      }).sort((a, b) => a.step - b.step);
      return [c, points];
    }));
    return {
      config,
      mode: group[0].run.mode,
      gate: group[0].run.gate,
      tokenizers: [...new Set(group.map((r) => r.tokenizer))],
      criteria,
      perCriterion,
    };
  });
}

/** One criterion of {@linkcode lengthShareRelation}. */
export interface LengthShareRow {
  /** Criterion. */
  criterion: string;
  /** Tokens of its instruction in the combined prompt. */
  tokens: number;
  /** Its share of the combined prompt's instruction tokens. */
  share: number;
  /** Change of its ρ when combined (e.g. Combined − Single from the oracle table). */
  deltaRho: number;
}

/** How instruction-token share relates to the change of ρ when instructions are combined. */
export interface LengthShareRelation {
  /** One row per criterion. */
  rows: LengthShareRow[];
  /** Spearman between share and Δρ over criteria (`NaN` with fewer than 3 criteria). */
  spearman: number;
}

/**
 * Relates each criterion's share of the combined prompt's instruction tokens to the change of its
 * ρ when the instructions are combined (the paper's claim: long instructions draw attention
 * from short ones, §8).
 *
 * @param tokens Tokens of each criterion's instruction in the combined prompt.
 * @param deltaRho Per criterion change of ρ (e.g. Combined − Single-Task best).
 * @returns The per-criterion rows and their rank correlation.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lengthShareRelation } from "./length_asymmetry.ts";
 * const r = lengthShareRelation({ a: 800, b: 4, c: 100 }, { a: 0.1, b: -0.2, c: 0 });
 * assert.equal(r.spearman, 1);
 * assert.equal(r.rows[1].share, 4 / 904);
 * ```
 */
export function lengthShareRelation(
  tokens: Readonly<Record<string, number>>,
  deltaRho: Readonly<Record<string, number>>,
): LengthShareRelation {
  const criteria = Object.keys(tokens).filter((c) => c in deltaRho);
  const total = criteria.reduce((s, c) => s + tokens[c], 0);
  const rows = criteria.map((criterion) => ({
    criterion,
    tokens: tokens[criterion],
    share: total > 0 ? tokens[criterion] / total : NaN,
    deltaRho: deltaRho[criterion],
  }));
  return {
    rows,
    spearman: spearman(rows.map((r) => r.share), rows.map((r) => r.deltaRho)).value,
  };
}
