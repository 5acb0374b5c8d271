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

Deno.test("an envelope shared by many requests is stored once and decodes with its key order", () => {
  const texts = new ContentTexts(new DatabaseSync(":memory:"));
  const material = (content: string) => ({
    role: "judge",
    endpointId: "e|m",
    model: "m",
    messages: [{ role: "user", content }],
    temperature: 0.1,
    draw: `r1/s0/test/${content.slice(5, 6)}`, // one draw key per row: beside the envelope
  });
  const first = texts.encodeEnvelope(material("Rate A.\n\nArticle one."));
  const before = texts.count();
  const second = texts.encodeEnvelope(material("Rate B.\n\nArticle one."));
  assert.equal(texts.count(), before + 1, "only the new paragraph is stored");
  assert.ok(second.length < JSON.stringify(material("Rate B.\n\nArticle one.")).length / 2);
  for (const [json, content] of [[first, "Rate A."], [second, "Rate B."]]) {
    assert.equal(
      JSON.stringify(texts.decodeJson(json)),
      JSON.stringify(material(`${content}\n\nArticle one.`)),
    );
  }
});

Deno.test("a text encodes to the ids of its paragraphs and back", () => {
  const texts = new ContentTexts(new DatabaseSync(":memory:"));
  for (const text of ["", "one", "a\n\nb\n\n\n\nc", "Überlang ✓ ".repeat(100)]) {
    assert.equal(texts.decodeText(texts.encodeText(text)), text);
  }
  texts.encodeText("shared\n\nx");
  const n = texts.count();
  texts.encodeText("shared\n\ny");
  assert.equal(texts.count(), n + 1);
});
