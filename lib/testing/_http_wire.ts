/**
 * A minimal HTTP/1.1 wire layer over raw TCP for the fake endpoint. Raw TCP (instead of
 * `Deno.serve`) lets the fake do what real networks do and a framework hides: drop a connection
 * before answering, cut a body mid-way, or hang until the client gives up.
 *
 * Request bodies must carry `Content-Length` (as `npm:openai` and `fetch` with a string body do);
 * chunked uploads are not decoded. Internal to `lib/testing`; not exported.
 *
 * @module
 */

/** One parsed HTTP request. */
export interface WireRequest {
  /** HTTP method, upper case. */
  method: string;
  /** Request target without the query string. */
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The body as text (empty when none). */
  body: string;
}

const HEADER_END = new Uint8Array([13, 10, 13, 10]);
const MAX_HEAD_BYTES = 64 * 1024;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Reads one request from `conn`; `null` when the peer closes first or sends garbage. */
export async function readRequest(conn: Deno.Conn): Promise<WireRequest | null> {
  let buffer: Uint8Array = new Uint8Array(0);
  let headEnd = -1;
  while (headEnd < 0) {
    const chunk = await readChunk(conn);
    if (chunk === null) return null;
    buffer = concat(buffer, chunk);
    headEnd = indexOf(buffer, HEADER_END);
    if (headEnd < 0 && buffer.length > MAX_HEAD_BYTES) return null;
  }
  const head = decoder.decode(buffer.subarray(0, headEnd)).split("\r\n");
  const [method = "", target = "/"] = (head[0] ?? "").split(" ");
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0) {
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
  }
  const length = Number(headers["content-length"] ?? "0");
  let body: Uint8Array = buffer.subarray(headEnd + HEADER_END.length);
  while (body.length < length) {
    const chunk = await readChunk(conn);
    if (chunk === null) return null;
    body = concat(body, chunk);
  }
  return {
    method: method.toUpperCase(),
    path: target.split("?")[0],
    headers,
    body: decoder.decode(body.subarray(0, length)),
  };
}

/** Resolves when the peer closes the connection (or it fails). */
export async function waitForPeerClose(conn: Deno.Conn): Promise<void> {
  while ((await readChunk(conn)) !== null) {
    // Discard anything the peer still sends.
  }
}

/** Options of {@linkcode writeResponse}. */
export interface WriteResponseOptions {
  /** Extra headers. */
  headers?: Record<string, string>;
  /** Send only this many bytes of the body (while declaring its full length), then stop. */
  cutAfterBytes?: number;
}

/** Writes a full response (`Connection: close`); returns false if the peer went away. */
export async function writeResponse(
  conn: Deno.Conn,
  status: number,
  contentType: string,
  body: string,
  options: WriteResponseOptions = {},
): Promise<boolean> {
  const bytes = encoder.encode(body);
  const lines = [
    `HTTP/1.1 ${status} ${reasonPhrase(status)}`,
    `content-type: ${contentType}`,
    `content-length: ${bytes.length}`,
    "connection: close",
    ...Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
  ];
  const sent = options.cutAfterBytes === undefined
    ? bytes
    : bytes.subarray(0, options.cutAfterBytes);
  try {
    await writeAll(conn, concat(encoder.encode(lines.join("\r\n") + "\r\n\r\n"), sent));
    return true;
  } catch {
    return false;
  }
}

async function writeAll(conn: Deno.Conn, data: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < data.length) offset += await conn.write(data.subarray(offset));
}

async function readChunk(conn: Deno.Conn): Promise<Uint8Array | null> {
  const chunk = new Uint8Array(16 * 1024);
  try {
    const n = await conn.read(chunk);
    return n === null ? null : chunk.subarray(0, n);
  } catch {
    return null;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

const REASONS: Record<number, string> = {
  200: "OK",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

function reasonPhrase(status: number): string {
  return REASONS[status] ?? "Status";
}
