// promptSuffix per role: appended to the last user message of every call (the paper's Qwen3
// `/no_think`), part of the cache key, and validated with the rest of the endpoint config.
import assert from "node:assert/strict";
import { parseLlmConfig } from "../../lib/llm/config.ts";
import { createDryRunLlm } from "../../lib/llm/llm.ts";
import type { ChatRequest } from "../../lib/llm/types.ts";

Deno.test("promptSuffix: per role or in defaults, a role's own setting wins", () => {
  const outcome = parseLlmConfig({
    defaults: { promptSuffix: "\n/no_think" },
    roles: { rater: { promptSuffix: "" } },
  }, {});
  assert.ok(outcome.ok);
  assert.equal(outcome.value.roles.judge.promptSuffix, "\n/no_think");
  assert.equal(outcome.value.roles.optimizer.promptSuffix, "\n/no_think");
  assert.equal(outcome.value.roles.rater.promptSuffix, undefined);
  const bad = parseLlmConfig({ roles: { judge: { promptSuffix: 3 } } }, {});
  assert.ok(!bad.ok && bad.issues[0].startsWith("roles.judge.promptSuffix"));
});

Deno.test("promptSuffix is sent on the last user message, logged, and keys the cache", async () => {
  const config = parseLlmConfig({ roles: { judge: { promptSuffix: "\n/no_think" } } }, {});
  assert.ok(config.ok);
  const seen: ChatRequest[] = [];
  const llm = createDryRunLlm({ config: config.value, onCall: (e) => seen.push(e.request) });
  const plain = createDryRunLlm();
  try {
    const messages = [
      { role: "system" as const, content: "Frame." },
      { role: "user" as const, content: "Rate." },
    ];
    const withSuffix = await llm.complete({ role: "judge", messages });
    const loss = await llm.complete({ role: "loss", messages });
    const without = await plain.complete({ role: "judge", messages });
    assert.deepEqual(seen[0].messages, [messages[0], {
      role: "user",
      content: "Rate.\n/no_think",
    }]);
    assert.deepEqual(seen[1].messages, messages, "only the configured role gets the suffix");
    assert.notEqual(withSuffix.key, without.key);
    assert.ok(loss.key);
    assert.equal(messages[1].content, "Rate.", "the caller's request is not mutated");
  } finally {
    llm.close();
    plain.close();
  }
});
