/**
 * Content-addressed text storage inside a SQLite file: each distinct paragraph is stored once
 * (deflated when long) in a `texts` table and referred to by its integer id. A chat message is
 * kept as the ids of its paragraphs (split at blank lines), so the article a judge call quotes is
 * stored once for every call that quotes it. `decode(encode(x)) === x` for every string.
 *
 * Used by the call cache and the experiment store for the messages of every logged request.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { deflateRawSync, inflateRawSync } from "node:zlib";

const SEPARATOR = "\n\n";
/** Paragraphs at least this long (in UTF-8 bytes) are stored deflated. */
const DEFLATE_FROM = 400;

/** DDL of the texts table, idempotent. */
export const CONTENT_TEXTS_SCHEMA = `CREATE TABLE IF NOT EXISTS texts (
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  deflated INTEGER NOT NULL,
  body BLOB NOT NULL
)`;

/** A message whose content is stored as paragraph ids. */
interface EncodedContent {
  t: number[];
}

/**
 * Paragraph-level content addressing over one SQLite connection.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DatabaseSync } from "node:sqlite";
 * import { ContentTexts } from "./content_texts.ts";
 * const texts = new ContentTexts(new DatabaseSync(":memory:"));
 * const article = "A long article.\n\nSecond paragraph.";
 * const a = texts.encodeJson({ messages: [{ role: "user", content: `Rate this.\n\n${article}` }] });
 * const b = texts.encodeJson({ messages: [{ role: "user", content: `Score it.\n\n${article}` }] });
 * assert.equal(texts.count(), 4); // the article's two paragraphs are stored once
 * assert.equal(texts.decodeJson(a).messages[0].content, `Rate this.\n\n${article}`);
 * assert.equal(texts.decodeJson(b).messages[0].content, `Score it.\n\n${article}`);
 * ```
 */
export class ContentTexts {
  readonly #db: DatabaseSync;
  readonly #ids = new Map<string, number>();
  readonly #bodies = new Map<number, string>();
  #select?: StatementSync;
  #insert?: StatementSync;
  #read?: StatementSync;

  /** Creates the `texts` table on `db` if needed. */
  constructor(db: DatabaseSync) {
    this.#db = db;
    db.exec(CONTENT_TEXTS_SCHEMA);
  }

  /** The id of `text`, stored if new. Call inside the transaction that stores the reference. */
  idOf(text: string): number {
    const known = this.#ids.get(text);
    if (known !== undefined) return known;
    const hash = createHash("sha256").update(text).digest("base64");
    this.#select ??= this.#db.prepare("SELECT id FROM texts WHERE hash = ?");
    let id = (this.#select.get(hash) as { id: number } | undefined)?.id;
    if (id === undefined) {
      const bytes = new TextEncoder().encode(text);
      const deflated = bytes.length >= DEFLATE_FROM;
      this.#insert ??= this.#db.prepare(
        "INSERT INTO texts (hash, deflated, body) VALUES (?, ?, ?)",
      );
      const body = deflated ? deflateRawSync(bytes) : bytes;
      id = Number(this.#insert.run(hash, deflated ? 1 : 0, body).lastInsertRowid);
    }
    // A bounded memo: a paragraph it forgot is found again by its hash.
    if (this.#ids.size >= 8192) this.#ids.clear();
    this.#ids.set(text, Number(id));
    return Number(id);
  }

  /** The text stored under `id`. */
  textOf(id: number): string {
    const known = this.#bodies.get(id);
    if (known !== undefined) return known;
    this.#read ??= this.#db.prepare("SELECT deflated, body FROM texts WHERE id = ?");
    const row = this.#read.get(id) as { deflated: number; body: Uint8Array } | undefined;
    if (!row) throw new RangeError(`No stored text with id ${id}`);
    const bytes = row.deflated === 1 ? inflateRawSync(row.body) : row.body;
    const text = new TextDecoder().decode(bytes);
    if (this.#bodies.size >= 4096) this.#bodies.clear(); // A bounded read cache.
    this.#bodies.set(id, text);
    return text;
  }

  /** Forgets the ids learnt since the last commit (call after a rollback). */
  rollback(): void {
    this.#ids.clear();
    this.#bodies.clear();
  }

  /** Number of distinct stored paragraphs. */
  count(): number {
    return Number((this.#db.prepare("SELECT COUNT(*) AS n FROM texts").get() as { n: number }).n);
  }

  /** JSON of the ids of `text`'s paragraphs (see {@linkcode ContentTexts.decodeText}). */
  encodeText(text: string): string {
    return JSON.stringify(text.split(SEPARATOR).map((p) => this.idOf(p)));
  }

  /** The text {@linkcode ContentTexts.encodeText} encoded. */
  decodeText(json: string): string {
    return (JSON.parse(json) as number[]).map((id) => this.textOf(id)).join(SEPARATOR);
  }

  /**
   * JSON of `value` with the `content` of every entry of its `messages` array replaced by the ids
   * of its paragraphs. Other fields are kept as they are.
   */
  encodeJson(value: unknown): string {
    const messages = (value as { messages?: unknown } | null)?.messages;
    if (!Array.isArray(messages)) return JSON.stringify(value);
    return JSON.stringify({ ...(value as object), messages: this.#encodeMessages(messages) });
  }

  #encodeMessages(messages: unknown[]): unknown[] {
    return messages.map((message) => {
      const content = (message as { content?: unknown } | null)?.content;
      return typeof content === "string"
        ? {
          ...message as object,
          content: { t: content.split(SEPARATOR).map((p) => this.idOf(p)) },
        }
        : message;
    });
  }

  /**
   * Like {@linkcode ContentTexts.encodeJson}, and everything but the messages and the draw key
   * (the envelope: role, endpoint, sampling settings …, shared by many calls) is itself stored
   * once as a text: `{"e": <envelope id>, "m": <encoded messages>, "d": <draw>}`. {@linkcode ContentTexts.decodeJson} restores
   * the value with its keys in their original order.
   */
  encodeEnvelope(value: { messages: unknown[] }): string {
    // The draw key is per row or per evaluation: kept beside the envelope, not in it.
    const draw = (value as { draw?: unknown }).draw;
    const shared = draw === undefined
      ? { ...value, messages: 0 }
      : { ...value, messages: 0, draw: 0 };
    const envelope = this.idOf(JSON.stringify(shared));
    const messages = this.#encodeMessages(value.messages);
    return JSON.stringify(
      draw === undefined ? { e: envelope, m: messages } : { e: envelope, m: messages, d: draw },
    );
  }

  /** The value {@linkcode ContentTexts.encodeJson} encoded (plain JSON is returned as parsed). */
  // deno-lint-ignore no-explicit-any
  decodeJson(json: string): any {
    let value = JSON.parse(json);
    if (typeof value?.e === "number" && Array.isArray(value.m)) {
      const messages = value.m;
      const draw = value.d;
      value = JSON.parse(this.textOf(value.e));
      value.messages = messages; // The keys keep their place in the envelope.
      if (draw !== undefined) value.draw = draw;
    }
    const messages = value?.messages;
    if (!Array.isArray(messages)) return value;
    value.messages = messages.map((message) =>
      isEncoded(message?.content)
        ? {
          ...message,
          content: message.content.t.map((id: number) => this.textOf(id)).join(SEPARATOR),
        }
        : message
    );
    return value;
  }
}

function isEncoded(content: unknown): content is EncodedContent {
  return typeof content === "object" && content !== null &&
    Array.isArray((content as EncodedContent).t);
}
