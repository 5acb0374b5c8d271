/**
 * Test fixture: an experiment against the fake OpenAI-compatible server, one model per role
 * (`fake-<role>`), and the answers by role in the shape each stage expects.
 */
import type { FakeRequest } from "../lib/testing/fake_openai_server.ts";

/** The roles of a TextGrad step. */
export const STEP_ROLES = ["judge", "loss", "gradient", "optimizer"];

/** `{ <role>: { model: "fake-<role>" } }` for each role. */
export function fakeRoles(
  roles: readonly string[] = STEP_ROLES,
): Record<string, { model: string }> {
  return Object.fromEntries(roles.map((role) => [role, { model: `fake-${role}` }]));
}

/** The `llm` section of a config against the server at `url` (priced, no retries). */
export function fakeLlmSection(
  url: string,
  roles: readonly string[] = STEP_ROLES,
  defaults: Record<string, unknown> = { price: { inputPerMillion: 1, outputPerMillion: 2 } },
): Record<string, unknown> {
  return { defaults: { baseUrl: url, maxRetries: 0, ...defaults }, roles: fakeRoles(roles) };
}

/** Answers by role (each role has its own model name) in the shape each stage expects. */
export function respondByRole(request: FakeRequest): string {
  const body = request.body as { model: string; messages: { content: string }[] };
  const text = body.messages.map((m) => m.content).join("\n");
  const score = (salt: number) => 1 + ((text.length + salt) % 5);
  switch (body.model) {
    case "fake-judge":
      return JSON.stringify({
        coherence: score(0),
        consistency: score(1),
        fluency: score(2),
        relevance: score(3),
      });
    case "fake-loss":
      return "The predicted score is one point above the reference: the instruction is vague.";
    case "fake-gradient":
      return "What works: the scale.\nWhat caused errors: no anchors.\nFixes: describe a 1 and a 5.";
    case "fake-rater":
      return String(1 + (text.length % 10));
    default:
      return JSON.stringify({
        instructions: {
          coherence: "Rate coherence 1-5; 5 = well structured.",
          consistency: "Rate consistency 1-5; 5 = no unsupported facts.",
          fluency: "Rate fluency 1-5; 5 = no grammar errors.",
          relevance: "Rate relevance 1-5; 5 = only key points.",
        },
      });
  }
}
