/**
 * JSON columns: `undefined` and `null` map to SQL NULL; non-finite numbers become `null` (JSON has
 * no NaN), so a value read back is what an analysis would see after any JSON round trip.
 *
 * @module
 */

/** Serialises a value for a JSON column (`null` for `undefined`). */
export function toJson(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

/** Parses a JSON column (`null` for SQL NULL). */
export function fromJson(value: unknown): unknown {
  return value === null || value === undefined ? null : JSON.parse(String(value));
}
