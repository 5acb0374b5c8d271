import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { ContentTexts } from "../../lib/llm/content_texts.ts";

const request = (content: string) => ({
  messages: [{ role: "system", content: "Judge." }, { role: "user", content }],
  draw: "r1/s2",
});

Deno.test("every string survives encoding, blank lines and long paragraphs included", () => {
  const texts = new ContentTexts(new DatabaseSync(":memory:"));
  const long = "Überlang ✓ ".repeat(100);
  for (const content of ["", "\n\n", "a\n\n\n\nb", "x\n\n", `${long}\n\n${long}`, "one\ntwo"]) {
    assert.deepEqual(texts.decodeJson(texts.encodeJson(request(content))), request(content));
  }
});

Deno.test("a paragraph shared by many requests is stored once, also across connections", async () => {
  const dir = await Deno.makeTempDir();
  const article = "The article body. ".repeat(50);
  const first = new DatabaseSync(`${dir}/t.sqlite`);
  const texts = new ContentTexts(first);
  for (let i = 0; i < 20; i++) texts.encodeJson(request(`Row ${i % 2}\n\n${article}`));
  assert.equal(texts.count(), 4); // "Judge.", "Row 0", "Row 1", the article
  first.close();
  const second = new DatabaseSync(`${dir}/t.sqlite`);
  const again = new ContentTexts(second);
  const json = again.encodeJson(request(`Row 1\n\n${article}`));
  assert.equal(again.count(), 4);
  assert.ok(json.length < article.length, "the stored request refers to the article");
  second.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("plain JSON written before content addressing decodes as it was", () => {
  const texts = new ContentTexts(new DatabaseSync(":memory:"));
  const plain = JSON.stringify(request("Rate this."));
  assert.deepEqual(texts.decodeJson(plain), request("Rate this."));
  assert.deepEqual(texts.decodeJson(JSON.stringify({ other: 1 })), { other: 1 });
});

Deno.test("ids learnt in a rolled-back transaction are not reused", () => {
  const db = new DatabaseSync(":memory:");
  const texts = new ContentTexts(db);
  db.exec("BEGIN");
  texts.encodeJson(request("lost paragraph"));
  db.exec("ROLLBACK");
  texts.rollback();
  const json = texts.encodeJson(request("lost paragraph"));
  assert.deepEqual(texts.decodeJson(json), request("lost paragraph"));
});
