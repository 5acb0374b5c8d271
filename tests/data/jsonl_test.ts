import assert from "node:assert/strict";
import { z } from "zod";
import { parseJsonl, readJsonl } from "../../lib/data/jsonl.ts";
import { DataError } from "../../lib/data/data_error.ts";
import { sha256Hex } from "../../lib/data/checksum.ts";

const Row = z.object({ id: z.string(), score: z.number().int().min(0).max(3) });

function errorOf(fn: () => unknown): DataError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof DataError);
    return error;
  }
  assert.fail("expected a DataError");
}

Deno.test("parseJsonl accepts CRLF and a final newline, keeps order", () => {
  const rows = parseJsonl('{"id":"a","score":1}\r\n{"id":"b","score":3}\n', Row);
  assert.deepEqual(rows.map((r) => r.id), ["a", "b"]);
});

Deno.test("parseJsonl names the line of a blank line, bad JSON and a schema violation", () => {
  const blank = errorOf(() =>
    parseJsonl('{"id":"a","score":1}\n\n{"id":"b","score":1}\n', Row, { file: "f" })
  );
  assert.deepEqual([blank.file, blank.line], ["f", 2]);
  const bad = errorOf(() => parseJsonl('{"id":"a","score":1}\n{"id":', Row));
  assert.equal(bad.line, 2);
  assert.match(bad.message, /malformed JSON/);
  const out = errorOf(() => parseJsonl('{"id":"a","score":1}\n{"id":"b","score":9}\n', Row));
  assert.deepEqual([out.line, out.field], [2, "score"]);
  const missing = errorOf(() => parseJsonl('{"score":1}\n', Row));
  assert.deepEqual([missing.line, missing.field], [1, "id"]);
});

Deno.test("readJsonl checks the checksum before parsing and rejects invalid UTF-8", async () => {
  const dir = await Deno.makeTempDir();
  const text = '{"id":"a","score":2}\n';
  await Deno.writeTextFile(`${dir}/ok.jsonl`, text);
  const sha = await sha256Hex(new TextEncoder().encode(text));
  assert.equal((await readJsonl(`${dir}/ok.jsonl`, Row, { sha256: sha }))[0].score, 2);
  await assert.rejects(
    () => readJsonl(`${dir}/ok.jsonl`, Row, { sha256: "0".repeat(64) }),
    (e: unknown) =>
      e instanceof DataError && e.message.includes(sha) && e.message.includes("0".repeat(64)),
  );
  await Deno.writeFile(`${dir}/bad.jsonl`, new Uint8Array([0x7b, 0xff, 0x7d, 0x0a]));
  await assert.rejects(() => readJsonl(`${dir}/bad.jsonl`, Row), /not valid UTF-8/);
  await assert.rejects(
    () => readJsonl(`${dir}/absent.jsonl`, Row),
    (e: unknown) => e instanceof DataError && e.file === `${dir}/absent.jsonl`,
  );
});
