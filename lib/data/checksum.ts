/**
 * SHA-256 checksums of dataset files.
 *
 * @module
 */
import { DataError } from "./data_error.ts";

/**
 * Hex SHA-256 of some bytes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sha256Hex } from "./checksum.ts";
 * const hex = await sha256Hex(new TextEncoder().encode("abc"));
 * assert(hex.startsWith("ba7816bf"));
 * ```
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Throws a {@linkcode DataError} naming `file` and both hashes unless `bytes` hash to `expected`.
 *
 * @example
 * ```ts
 * import { assertSha256 } from "./checksum.ts";
 * const bytes = new TextEncoder().encode("abc");
 * await assertSha256(bytes, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "abc.txt");
 * ```
 */
export async function assertSha256(
  bytes: Uint8Array,
  expected: string,
  file: string,
): Promise<void> {
  const actual = await sha256Hex(bytes);
  if (actual !== expected.toLowerCase()) {
    throw new DataError(
      `sha256 mismatch: expected ${expected}, got ${actual}. The file is corrupted, truncated or ` +
        "a different version; fetch it again with `deno task data --force`.",
      { file },
    );
  }
}
