/**
 * The dry-run backend: answers every call offline with deterministic, clearly synthetic text
 * shaped like the role's real output (judge JSON, critiques, three-paragraph gradients, rewritten
 * instructions) and of realistic length, so a whole experiment can be rehearsed to count calls,
 * tokens and estimated dollars before any money is spent.
 *
 * Prose carries a `[dry-run]` prefix so it can never pass for a model's answer, and every result
 * it produces is marked `dryRun: true`.
 *
 * @module
 */
import type { BackendCall, BackendReply, ChatBackend } from "./backend.ts";
import { callKey, callKeyMaterial } from "./call_key.ts";
import { CancelledError } from "./errors.ts";
import { estimateMessageTokens, estimateTextTokens } from "./token_estimate.ts";
import type { OutputHint } from "./types.ts";
import { hashedEmbedding } from "./embed.ts";
import { randomInt, type RandomSource, seededRandom } from "../random.ts";

/** Options of {@linkcode createDryRunBackend}. */
export interface DryRunBackendOptions {
  /** Seed mixed into every call's own seed (default 0). */
  seed?: number | string;
  /**
   * Share of structured answers (judge, instructions, rating) that are deliberately unparseable,
   * to exercise parse-failure handling. Default 0.
   */
  faultRate?: number;
}

/** Marker that starts every piece of synthetic prose. */
export const DRY_RUN_MARK = "[dry-run]";

const PHRASES = [
  "the {c} instruction names a scale but not what separates adjacent scores",
  "predictions for {c} drift toward the middle of the scale",
  "examples with short inputs were scored higher on {c} than the references",
  "the wording about {c} overlaps with the wording of other criteria",
  "a concrete anchor for the lowest and highest {c} score would help",
  "the current text keeps the {c} rating focused on the summary itself",
  "disagreements on {c} were largest where the source text was long",
  "the {c} guidance should say which errors outweigh minor slips",
  "the references penalise repeated content under {c} more strictly",
  "stating how to treat borderline {c} cases would reduce variance",
  "the instruction for {c} is short and easy to follow",
  "no example in this batch showed a systematic {c} error",
];

interface Span {
  min: number;
  max: number;
}

const LENGTHS = {
  critique: { min: 60, max: 150 },
  gradient: { min: 250, max: 500 },
  instruction: { min: 40, max: 300 },
  text: { min: 50, max: 200 },
} satisfies Record<string, Span>;

type Generators = {
  [K in Exclude<OutputHint["kind"], "embedding">]: (
    hint: Extract<OutputHint, { kind: K }>,
    rng: RandomSource,
  ) => string;
};

const GENERATORS: Generators = {
  judge: (hint, rng) => {
    const scores = Object.fromEntries(
      hint.criteria.map((c) => [c.name, c.min + randomInt(rng, c.max - c.min + 1)]),
    );
    return jsonVariant(JSON.stringify(scores), rng);
  },
  critique: (hint, rng) => {
    const subjects = hint.criteria.length > 0 ? hint.criteria : ["the task"];
    const share = spanShare(LENGTHS.critique, rng, subjects.length);
    return subjects
      .map((c) => headed(`${DRY_RUN_MARK} ${c}:`, (head) => prose(c, share - head, rng)))
      .join("\n");
  },
  gradient: (hint, rng) => {
    const subject = hint.criteria.join(", ") || "the task";
    const share = spanShare(LENGTHS.gradient, rng, 3);
    return ["What works:", "What caused errors:", "Concrete fixes:"]
      .map((title) =>
        headed(`${DRY_RUN_MARK} ${title}`, (head) => prose(subject, share - head, rng))
      )
      .join("\n\n");
  },
  instruction: (hint, rng) => instructionText(hint.criterion, rng),
  instructions: (hint, rng) => {
    const texts = Object.fromEntries(hint.criteria.map((c) => [c, instructionText(c, rng)]));
    return jsonVariant(JSON.stringify({ instructions: texts }), rng);
  },
  rating: (hint, rng) => {
    if (!hint.basis) return String(hint.min + randomInt(rng, hint.max - hint.min + 1));
    // Synthetic, text-dependent: the share of the text that fits the basis, spread over the
    // scale, plus a deterministic jitter of at most one point. Never a model's judgement.
    const share = hint.basis.kind === "focus" ? focusShare(hint.basis) : overlapShare(hint.basis);
    const value = Math.round(hint.min + share * (hint.max - hint.min)) + randomInt(rng, 3) - 1;
    return String(Math.min(hint.max, Math.max(hint.min, value)));
  },
  text: (_hint, rng) => {
    const target = draw(LENGTHS.text, rng);
    return headed(DRY_RUN_MARK, (head) => prose("the task", target - head, rng));
  },
};

const STRUCTURED_KINDS: ReadonlySet<OutputHint["kind"]> = new Set([
  "judge",
  "instructions",
  "rating",
]);

/**
 * Creates the dry-run backend. Equal calls (and equal seeds) give equal answers; different
 * `draw`s of a call give different ones. No network is used.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createDryRunBackend } from "./dry_run_backend.ts";
 * import type { RoleEndpoint } from "./config.ts";
 * const backend = createDryRunBackend({ seed: 1 });
 * const endpoint = {
 *   role: "judge", endpointId: "dry", model: "m", temperature: 0, maxTokens: 64,
 *   structuredOutput: "prompt",
 * } as RoleEndpoint;
 * const request = {
 *   role: "judge", messages: [{ role: "user" as const, content: "Rate it." }],
 *   hint: { kind: "judge" as const, criteria: [{ name: "fluency", min: 1, max: 5 }] },
 * };
 * const reply = await backend.send({ endpoint, request }, new AbortController().signal);
 * assert(reply.text.includes('"fluency"') && reply.model === "dry-run/m");
 * ```
 */
export function createDryRunBackend(options: DryRunBackendOptions = {}): ChatBackend {
  const seed = options.seed ?? 0;
  const faultRate = options.faultRate ?? 0;
  return {
    name: "dry-run",
    dryRun: true,
    send(call: BackendCall, signal: AbortSignal): Promise<BackendReply> {
      if (signal.aborted) {
        return Promise.reject(new CancelledError("Call cancelled", { label: call.request.label }));
      }
      const key = callKey(callKeyMaterial(call.request, call.endpoint));
      const rng = seededRandom(`${seed}:${key}`);
      const hint: OutputHint = call.request.hint ?? { kind: "text" };
      const inputTokens = estimateMessageTokens(call.request.messages);
      if (hint.kind === "embedding") {
        const vectors = call.request.messages.map((m) => hashedEmbedding(m.content));
        return Promise.resolve({
          text: JSON.stringify(vectors),
          finishReason: "stop",
          model: `dry-run/${call.endpoint.model}`,
          usage: { inputTokens, outputTokens: 0 },
        });
      }
      const faulty = STRUCTURED_KINDS.has(hint.kind) && rng.next() < faultRate;
      const text = faulty
        ? `${DRY_RUN_MARK} no usable ${hint.kind} answer here.`
        : generate(hint, rng);
      return Promise.resolve({
        text,
        finishReason: "stop",
        model: `dry-run/${call.endpoint.model}`,
        usage: { inputTokens, outputTokens: estimateTextTokens(text) },
      });
    },
  };
}

function generate(hint: Exclude<OutputHint, { kind: "embedding" }>, rng: RandomSource): string {
  const generator = GENERATORS[hint.kind] as (hint: OutputHint, rng: RandomSource) => string;
  return generator(hint, rng);
}

/** Words that mark a sentence as a concrete fix (a proposal, not a diagnosis). */
const FIX_CUES = /\b(should|would help|would reduce|anchor|stating)\b/i;

/**
 * How focused `text` is on the target: the target's share of the mentions of every criterion
 * (0 when none is named), plus, for the rest, credit for concrete fixes (1.5 times the share of the
 * text's sentences that propose one, at most all of it). A text about the target alone scores 1;
 * a text naming every criterion equally scores 1/K when it only diagnoses, and more the more of
 * it proposes concrete fixes, so the combined gradients of a dry run are rated on both sides of a
 * middling threshold, depending on their text.
 */
function focusShare(basis: { text: string; target: string; criteria: string[] }): number {
  const mentions = (name: string) => basis.text.toLowerCase().split(name.toLowerCase()).length - 1;
  const all = basis.criteria.reduce((sum, name) => sum + mentions(name), 0);
  const share = all === 0 ? 0 : mentions(basis.target) / all;
  const sentences = basis.text.split(/(?<=[.!?])\s+/).filter((s) => /[a-z]{3}/i.test(s));
  const fixes = sentences.filter((s) => FIX_CUES.test(s)).length;
  const concrete = sentences.length === 0 ? 0 : Math.min(1, (1.5 * fixes) / sentences.length);
  return share + (1 - share) * concrete;
}

/** Share of the text's distinct longer words that also occur in the reference. */
function overlapShare(basis: { text: string; reference: string }): number {
  const words = (text: string) => new Set(text.toLowerCase().match(/[a-z]{5,}/g) ?? []);
  const own = words(basis.text), reference = words(basis.reference);
  if (own.size === 0) return 0;
  return [...own].filter((word) => reference.has(word)).length / own.size;
}

function instructionText(criterion: string, rng: RandomSource): string {
  const target = draw(LENGTHS.instruction, rng);
  const lead = `${DRY_RUN_MARK} Rate ${criterion} on the given scale.`;
  return headed(lead, (head) => prose(criterion, target - head, rng));
}

/** Sentences about `subject` adding up to about `tokens` tokens (at least one sentence). */
function prose(subject: string, tokens: number, rng: RandomSource): string {
  const sentences: string[] = [];
  let used = 0;
  for (;;) {
    const phrase = PHRASES[randomInt(rng, PHRASES.length)].replaceAll("{c}", subject);
    const sentence = phrase[0].toUpperCase() + phrase.slice(1) + ".";
    const cost = estimateTextTokens(sentence);
    // Stop when one more sentence would land farther from the target than stopping here.
    if (sentences.length > 0 && used + cost - tokens > tokens - used) return sentences.join(" ");
    sentences.push(sentence);
    used += cost;
  }
}

/** JSON bare (most often), in a code fence, or after a marked lead-in, to exercise parsers. */
function jsonVariant(json: string, rng: RandomSource): string {
  const roll = rng.next();
  if (roll < 0.6) return json;
  if (roll < 0.85) return "```json\n" + json + "\n```";
  return `${DRY_RUN_MARK} Answer:\n${json}`;
}

/** `head`, a space, and a body told how many tokens the head took. */
function headed(head: string, body: (headTokens: number) => string): string {
  return `${head} ${body(estimateTextTokens(head))}`;
}

function draw(span: Span, rng: RandomSource): number {
  return span.min + randomInt(rng, span.max - span.min + 1);
}

/** A per-part target; the span is narrowed so that per-part rounding stays inside it. */
function spanShare(span: Span, rng: RandomSource, parts: number): number {
  const count = Math.max(1, parts);
  const slack = Math.min(6 * count, Math.floor((span.max - span.min) / 4));
  const total = draw({ min: span.min + slack, max: span.max - slack }, rng);
  return Math.max(8, Math.round(total / count));
}
