/**
 * JSON text byte-identical to Python's `json.dumps(obj, ensure_ascii=False, separators=(",", ":"))`,
 * so converted dataset files reproduce the published SHA-256 checksums. Python prints floats with
 * `repr` (`3.0`, `1e-05`), JavaScript would print `3` and `0.00001`: values that Python holds as
 * floats are wrapped in {@linkcode PyFloat}.
 *
 * @module
 */

/**
 * Marks a number Python would hold as a float.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PyFloat, pythonJson } from "./python_json.ts";
 * assert(pythonJson({ a: new PyFloat(3) }) === '{"a":3.0}');
 * ```
 */
export class PyFloat {
  /** Wraps `value`. */
  constructor(readonly value: number) {}
}

/** Values {@linkcode pythonJson} can write. */
export type PythonJsonValue =
  | null
  | boolean
  | number
  | string
  | PyFloat
  | PythonJsonValue[]
  | { [key: string]: PythonJsonValue };

/**
 * Python's `repr` of a finite float.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pythonFloatRepr } from "./python_json.ts";
 * assert(pythonFloatRepr(5) === "5.0" && pythonFloatRepr(1 / 3) === "0.3333333333333333");
 * assert(pythonFloatRepr(0.00001) === "1e-05" && pythonFloatRepr(1e16) === "1e+16");
 * ```
 */
export function pythonFloatRepr(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} as JSON`);
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const [mantissa, exp] = value.toExponential().split("e");
  const exponent = Number(exp);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = negative ? "-" : "";
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exponent).toString().padStart(2, "0");
    return `${sign}${body}e${exponent < 0 ? "-" : "+"}${e}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fraction = digits.slice(exponent + 1) || "0";
  return `${sign}${whole}.${fraction}`;
}

/**
 * Serializes like Python's compact, non-ASCII-preserving `json.dumps` (keys in insertion order).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PyFloat, pythonJson } from "./python_json.ts";
 * assert(pythonJson({ t: "é\n", n: [1, new PyFloat(2.5)] }) === '{"t":"é\\n","n":[1,2.5]}');
 * ```
 */
export function pythonJson(value: PythonJsonValue): string {
  if (value instanceof PyFloat) return pythonFloatRepr(value.value);
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) {
      throw new RangeError(`${value} is not an integer; wrap floats in PyFloat`);
    }
    return String(value);
  }
  if (value === null || typeof value === "boolean" || typeof value === "string") {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(",")}]`;
  const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${pythonJson(v)}`);
  return `{${entries.join(",")}}`;
}
