/**
 * Validation results as data. The kit validates with zod internally; its public API speaks in
 * these small structural types, so any zod schema (or any object with a compatible `safeParse`)
 * can be passed where a {@linkcode Schema} is expected.
 *
 * @module
 */

/** Result of a parse: failures are data (`{ ok: false, issues }`), never exceptions. */
export type ParseOutcome<T> = { ok: true; value: T } | { ok: false; issues: string[] };

/** One validation issue as zod reports it. */
export interface SchemaIssue {
  /** Path to the offending field. */
  readonly path: ReadonlyArray<PropertyKey>;
  /** What is wrong. */
  readonly message: string;
}

/** Anything with zod's `safeParse` shape. Every zod schema is a `Schema`. */
export interface Schema<T> {
  /** Parses without throwing. */
  safeParse(
    input: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { readonly issues: ReadonlyArray<SchemaIssue> } };
}

/**
 * Validates `input`, returning issues as `"path.to.field: message"` strings.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { z } from "zod";
 * import { validate } from "./schema.ts";
 * const outcome = validate(z.object({ score: z.number() }), { score: "high" });
 * assert.ok(!outcome.ok && outcome.issues[0].startsWith("score:"));
 * ```
 */
export function validate<T>(schema: Schema<T>, input: unknown): ParseOutcome<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: parsed.error.issues.map(formatIssue) };
}

/**
 * Formats one issue as `"path.to.field: message"` (`"(root): message"` at the top level).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatIssue } from "./schema.ts";
 * assert.ok(formatIssue({ path: ["a", 0], message: "bad" }) === "a.0: bad");
 * ```
 */
export function formatIssue(issue: SchemaIssue): string {
  const path = issue.path.map(String).join(".");
  return `${path || "(root)"}: ${issue.message}`;
}
