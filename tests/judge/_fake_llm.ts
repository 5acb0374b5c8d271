// Test doubles shared by tests/judge, tests/textgrad and tests/opro.
import type { ChatRequest, ChatResult, LlmGateway } from "../../lib/llm/types.ts";
import type { Example } from "../../lib/data/types.ts";
import { hashString } from "../../lib/random.ts";

/** A fake gateway that records requests and answers by hint unless `answer` says otherwise. */
export interface FakeLlm extends LlmGateway {
  requests: ChatRequest[];
  byRole(role: string): ChatRequest[];
}

export function defaultAnswer(request: ChatRequest): string {
  const hint = request.hint ?? { kind: "text" as const };
  switch (hint.kind) {
    case "judge":
      return JSON.stringify(Object.fromEntries(hint.criteria.map((c) => [c.name, c.max - 1])));
    case "critique":
      return `critique of ${hint.criteria.join("+")} (${request.label})`;
    case "gradient":
      return `works: a. errors: b. fixes: c. (${request.label})`;
    case "instruction":
      return `New ${hint.criterion} instruction.`;
    case "instructions":
      return JSON.stringify({
        instructions: Object.fromEntries(hint.criteria.map((c) => [c, `New ${c} instruction.`])),
      });
    default:
      return "text";
  }
}

export function fakeLlm(
  answer: (request: ChatRequest, index: number) => string | undefined = () => undefined,
): FakeLlm {
  const requests: ChatRequest[] = [];
  return {
    requests,
    byRole: (role) => requests.filter((r) => r.role === role),
    complete(request: ChatRequest): Promise<ChatResult> {
      const index = requests.push(request) - 1;
      const text = answer(request, index) ?? defaultAnswer(request);
      const key = hashString(JSON.stringify([request.role, request.messages, request.draw]))
        .toString(16);
      return Promise.resolve({
        text,
        finishReason: "stop",
        usage: { inputTokens: 1, outputTokens: 1, estimated: true },
        model: "fake",
        cached: false,
        dryRun: true,
        key,
      });
    },
  };
}

export function example(id: string, labels: Record<string, number>): Example {
  return {
    id,
    itemId: id,
    group: `doc-${id}`,
    inputs: { summary: `Summary ${id}.`, source: `Source text ${id}.` },
    labels,
  };
}

export const ALL_FOUR = { fluency: 4, relevance: 3, coherence: 2, consistency: 5 };
