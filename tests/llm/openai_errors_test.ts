import assert from "node:assert/strict";
import { parseRetryAfter, scrub } from "../../lib/llm/_openai_errors.ts";

Deno.test("retry-after is read as milliseconds, seconds or an HTTP date", () => {
  const now = Date.parse("2026-05-01T12:00:00Z");
  const read = (init: Record<string, string>) => parseRetryAfter(new Headers(init), now);
  assert.equal(read({ "retry-after-ms": "250" }), 250);
  assert.equal(read({ "retry-after-ms": "250", "retry-after": "9" }), 250);
  assert.equal(read({ "retry-after": "2" }), 2000);
  assert.equal(read({ "retry-after": "0.5" }), 500);
  assert.equal(read({ "retry-after": "Fri, 01 May 2026 12:00:07 GMT" }), 7000);
  assert.equal(read({ "retry-after": "Fri, 01 May 2026 11:00:00 GMT" }), 0);
  assert.equal(read({ "retry-after": "soon" }), undefined);
  assert.equal(read({}), undefined);
  assert.equal(parseRetryAfter(undefined), undefined);
});

Deno.test("scrub removes every occurrence of the key", () => {
  assert.equal(
    scrub("bad key sk-abcdef and sk-abcdef", "sk-abcdef"),
    "bad key [redacted] and [redacted]",
  );
  assert.equal(scrub("nothing here", undefined), "nothing here");
});
