/**
 * Conflict-aware gradient merging (the PCGrad / CAGrad idea, for text): per-criterion gradients
 * are split into atomic suggestions, suggestions of different criteria that contradict each
 * other are found (embedding similarity from the `embedder` role, and/or an LLM contradiction
 * check) and resolved before the optimizer reads them.
 *
 * @module
 */
import { cosineSimilarity, DEFAULT_EMBED_BATCH, embedTexts } from "../llm/embed.ts";
import { stepDraw, stepLabel } from "../loop/stage_context.ts";
import type { StageRecord } from "../loop/stage_record.ts";
import type { FeedbackGroup } from "../textgrad/feedback.ts";
import { MERGE_VARIANTS } from "../textgrad/merge_stage.ts";
import type { Stage } from "../textgrad/stage.ts";

/** Options of {@linkcode conflictMergeStage}. */
export interface ConflictMergeOptions {
  /**
   * How conflicts are found: `embedding` (similar suggestions, cosine ≥ `similarity`, of
   * opposite polarity: one negates, the other does not), `llm` (a contradiction check of every
   * cross-criterion pair) or `both` (the LLM checks the pairs the embeddings flag as similar).
   * Default `embedding`.
   */
  detect?: "embedding" | "llm" | "both";
  /** Cosine similarity from which two suggestions are about the same thing (default 0.6). */
  similarity?: number;
  /**
   * What happens to both sides of a conflict: `drop` (removed), `scope` (kept, each limited
   * explicitly to its own criterion) or `merge` (replaced by one note naming both). Default `drop`.
   */
  resolve?: "drop" | "scope" | "merge";
  /** Most contradiction checks per step (default 64); further pairs stay unchecked. */
  maxChecks?: number;
  /** Role of the contradiction check (default `rater`). */
  checkRole?: string;
  /** Role of the embeddings (default `embedder`). */
  embedRole?: string;
  /**
   * Most suggestions per `/embeddings` request (default `DEFAULT_EMBED_BATCH`, 128): a merge sends
   * ⌈suggestions / embedBatch⌉ requests.
   */
  embedBatch?: number;
}

/** One atomic suggestion of a per-criterion gradient. */
export interface Suggestion {
  /** The criterion of the gradient it comes from. */
  criterion: string;
  /** The suggestion. */
  text: string;
}

/** A detected conflict and how it was resolved. */
export interface ConflictRecord {
  /** The two suggestions. */
  pair: [Suggestion, Suggestion];
  /** Their cosine similarity (`null` when no embeddings were used). */
  similarity: number | null;
  /** The resolution applied. */
  resolution: "drop" | "scope" | "merge";
}

/** What the conflict merge did in one step, stored in its `merge` record's `data`. */
export interface ConflictMergeReport {
  /** Suggestions split from the per-criterion gradients. */
  suggestions: number;
  /** The conflicts found and resolved. */
  conflicts: ConflictRecord[];
  /** Suggestions passed on to the optimizer. */
  kept: number;
  /** Embedding requests (each up to `embedBatch` suggestions) and contradiction-check calls made. */
  calls: { embed: number; check: number };
  /** Candidate pairs left unchecked once `maxChecks` was reached. */
  unchecked: number;
}

const NEGATION = /\b(not|no|never|don't|doesn't|avoid|without|stop|ignore|less)\b/i;

/**
 * Splits a gradient into atomic suggestions: its bullet lines and sentences (headings, `[dry-run]`
 * marks and fragments under three words left out).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { splitSuggestions } from "./conflict_merge.ts";
 * assert.deepEqual(splitSuggestions("Fixes:\n- Penalize long summaries. Check grammar well!"),
 *   ["Penalize long summaries.", "Check grammar well!"]);
 * ```
 */
export function splitSuggestions(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((line) => line.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, "").split(/(?<=[.!?])\s+/))
    .map((s) => s.replace(/\[dry-run\]/g, "").trim())
    .filter((s) => s.split(/\s+/).length >= 3 && !/:$/.test(s));
}

function checkPrompt(a: Suggestion, b: Suggestion): string {
  return [
    "Two pieces of advice were written to improve the instructions of an LLM judge, each for a",
    "different evaluation criterion. Do they contradict each other (following one means going",
    "against the other)?",
    "",
    `Advice for "${a.criterion}": ${a.text}`,
    `Advice for "${b.criterion}": ${b.text}`,
    "",
    "Answer 1 if they contradict, 0 if they do not, and nothing else.",
  ].join("\n");
}

/**
 * The conflict-aware merge, a stage named `merge` (variant `conflict-<detect>-<resolve>`).
 * Combined (multi-criterion) gradients pass through the paper's merge unchanged; per-criterion
 * gradients become their criterion's group of kept suggestions. Returns the contradiction-check
 * records and one `merge` record holding the {@linkcode ConflictMergeReport}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { conflictMergeStage } from "./conflict_merge.ts";
 * assert.ok(conflictMergeStage({ resolve: "scope" }).variant === "conflict-embedding-scope");
 * ```
 */
export function conflictMergeStage(options: ConflictMergeOptions = {}): Stage {
  const detect = options.detect ?? "embedding";
  const resolve = options.resolve ?? "drop";
  const threshold = options.similarity ?? 0.6;
  return {
    name: "merge",
    variant: `conflict-${detect}-${resolve}`,
    async run(state) {
      const { ctx } = state;
      const single = state.gradients.filter((g) => g.criteria.length === 1);
      const combined = state.gradients.filter((g) => g.criteria.length > 1);
      const suggestions: Suggestion[] = single.flatMap((g) =>
        splitSuggestions(g.text).map((text) => ({ criterion: g.criteria[0], text }))
      );
      const vectors = detect === "llm" || suggestions.length < 2 ? null : await embedTexts(
        ctx.llm,
        suggestions.map((s) => s.text),
        {
          role: options.embedRole,
          label: stepLabel(ctx, "merge"),
          signal: ctx.signal,
          batchSize: options.embedBatch,
        },
      );
      const checks: StageRecord[] = [];
      const conflicts: ConflictRecord[] = [];
      const inConflict = new Set<number>();
      const maxChecks = options.maxChecks ?? 64;
      let unchecked = 0;
      for (let i = 0; i < suggestions.length; i++) {
        for (let j = i + 1; j < suggestions.length; j++) {
          const [a, b] = [suggestions[i], suggestions[j]];
          if (a.criterion === b.criterion) continue;
          const similarity = vectors ? cosineSimilarity(vectors[i], vectors[j]) : null;
          if (similarity !== null && similarity < threshold) continue;
          let conflict: boolean;
          if (detect === "embedding") {
            conflict = NEGATION.test(a.text) !== NEGATION.test(b.text);
          } else if (checks.length >= maxChecks) {
            unchecked++;
            continue;
          } else {
            const user = checkPrompt(a, b);
            const result = await ctx.llm.complete({
              role: options.checkRole ?? "rater",
              messages: [{ role: "user", content: user }],
              draw: stepDraw(ctx, `conflict/${i}/${j}`),
              hint: { kind: "rating", min: 0, max: 1 },
              label: stepLabel(ctx, "merge", "conflict check", `${i}×${j}`),
            }, { signal: ctx.signal });
            conflict = /^\s*1\b/.test(result.text);
            checks.push({
              stage: "merge",
              criteria: [a.criterion, b.criterion],
              exampleId: null,
              prompt: user,
              text: result.text,
              callKey: result.key,
              data: { conflict },
            });
          }
          if (!conflict) continue;
          conflicts.push({ pair: [a, b], similarity, resolution: resolve });
          inConflict.add(i).add(j);
        }
      }
      const groups: FeedbackGroup[] = [];
      for (const criterion of ctx.criteria) {
        const bullets = suggestions.flatMap((s, i) => {
          if (s.criterion !== criterion) return [];
          if (!inConflict.has(i)) return [s.text];
          if (resolve === "scope") return [`Only when scoring ${criterion}: ${s.text}`];
          return [];
        });
        if (bullets.length > 0) groups.push({ label: criterion, bullets });
      }
      if (resolve === "merge" && conflicts.length > 0) {
        groups.push({
          label: "conflicting advice (apply each only to its own criterion)",
          bullets: conflicts.map(({ pair: [a, b] }) =>
            `For ${a.criterion}: "${a.text}" — for ${b.criterion}: "${b.text}"`
          ),
        });
      }
      state.feedback = [...groups, ...MERGE_VARIANTS.paper(ctx, combined)];
      const report: ConflictMergeReport = {
        suggestions: suggestions.length,
        conflicts,
        kept: suggestions.length - (resolve === "scope" ? 0 : inConflict.size),
        calls: {
          embed: vectors
            ? Math.ceil(vectors.length / (options.embedBatch ?? DEFAULT_EMBED_BATCH))
            : 0,
          check: checks.length,
        },
        unchecked,
      };
      return [...checks, {
        stage: "merge",
        criteria: [...ctx.criteria],
        exampleId: null,
        prompt: "",
        text:
          `${conflicts.length} conflict(s) among ${suggestions.length} suggestions (${resolve})`,
        callKey: null,
        data: report,
      }];
    },
  };
}
