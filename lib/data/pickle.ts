/**
 * A restricted unpickler for plain data: dicts, lists, tuples, str, int, float, bool and None
 * (pickle protocols 0–5). Every opcode that could name a class or call a function (GLOBAL,
 * STACK_GLOBAL, REDUCE, BUILD, INST, OBJ, NEWOBJ, persistent ids, extensions, buffers) is refused,
 * so loading an untrusted pickle cannot run code.
 *
 * @module
 */
import { DataError } from "./data_error.ts";

/** A value a restricted pickle can hold. Tuples load as arrays; dict keys must be strings. */
export type PickleValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | PickleValue[]
  | { [key: string]: PickleValue };

/** Options of {@linkcode unpickle}. */
export interface UnpickleOptions {
  /** File name used in error messages. Default `"<pickle>"`. */
  file?: string;
}

const MARK = Symbol("mark");
type StackItem = PickleValue | typeof MARK;

const REFUSED: Record<number, string> = {
  0x63: "GLOBAL",
  0x93: "STACK_GLOBAL",
  0x52: "REDUCE",
  0x62: "BUILD",
  0x69: "INST",
  0x6f: "OBJ",
  0x81: "NEWOBJ",
  0x92: "NEWOBJ_EX",
  0x50: "PERSID",
  0x51: "BINPERSID",
  0x82: "EXT1",
  0x83: "EXT2",
  0x84: "EXT4",
  0x97: "NEXT_BUFFER",
  0x98: "READONLY_BUFFER",
};

/**
 * Loads a pickle of plain data.
 *
 * @throws {DataError} On a refused or unknown opcode, truncated input or a non-string dict key.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unpickle } from "./pickle.ts";
 * // python3 -c "import pickle; print(list(pickle.dumps({'a': [1, 2.5, None]}, protocol=2)))"
 * const bytes = new Uint8Array([128, 2, 125, 113, 0, 88, 1, 0, 0, 0, 97, 113, 1, 93, 113, 2, 40,
 *   75, 1, 71, 64, 4, 0, 0, 0, 0, 0, 0, 78, 101, 115, 46]);
 * const value = unpickle(bytes) as { a: unknown[] };
 * assert(value.a[1] === 2.5 && value.a[2] === null);
 * ```
 */
export function unpickle(bytes: Uint8Array, options: UnpickleOptions = {}): PickleValue {
  const file = options.file ?? "<pickle>";
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  const stack: StackItem[] = [];
  const memo = new Map<number, PickleValue>();
  let pos = 0;
  const fail = (message: string): never => {
    throw new DataError(`${message} at byte ${pos}`, { file });
  };
  const need = (n: number) => {
    if (pos + n > bytes.length) fail("truncated pickle");
  };
  const take = (n: number): Uint8Array => {
    need(n);
    pos += n;
    return bytes.subarray(pos - n, pos);
  };
  const u8 = () => take(1)[0];
  const u32 = () => (need(4), pos += 4, view.getUint32(pos - 4, true));
  const u64 = () => (need(8), pos += 8, Number(view.getBigUint64(pos - 8, true)));
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) fail("truncated pickle");
    const text = Array.from(bytes.subarray(pos, end), (b) => String.fromCharCode(b)).join("");
    pos = end + 1;
    return text;
  };
  const text = (n: number) => {
    try {
      return utf8.decode(take(n));
    } catch {
      return fail("invalid UTF-8 string");
    }
  };
  const pop = (): PickleValue => {
    const value = stack.pop();
    if (value === undefined || value === MARK) return fail("stack underflow");
    return value;
  };
  const top = (): StackItem => stack.length ? stack[stack.length - 1] : fail("stack underflow");
  const popMark = (): PickleValue[] => {
    const at = stack.lastIndexOf(MARK);
    if (at < 0) fail("missing MARK");
    const items = stack.splice(at) as PickleValue[];
    return items.slice(1);
  };
  const setItems = (target: StackItem, pairs: PickleValue[]) => {
    if (target === null || typeof target !== "object" || Array.isArray(target)) {
      fail("SETITEM(S) on a non-dict");
    }
    for (let i = 0; i < pairs.length; i += 2) {
      const key = pairs[i];
      if (typeof key !== "string") fail("only string dict keys are supported");
      Object.defineProperty(target, key as string, {
        value: pairs[i + 1],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  };
  const append = (target: StackItem, values: PickleValue[]) => {
    if (!Array.isArray(target)) fail("APPEND(S) on a non-list");
    (target as PickleValue[]).push(...values);
  };
  const signedInt = (raw: Uint8Array): number | bigint => {
    let value = 0n;
    for (let i = raw.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(raw[i]);
    if (raw.length && raw[raw.length - 1] & 0x80) value -= 1n << BigInt(8 * raw.length);
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value;
  };
  const textInt = (s: string): number | bigint | boolean => {
    if (s === "01") return true;
    if (s === "00") return false;
    const big = BigInt(s.replace(/L$/, ""));
    return Number.isSafeInteger(Number(big)) ? Number(big) : big;
  };

  while (true) {
    if (pos >= bytes.length) fail("pickle ends without STOP");
    const at = pos;
    const op = u8();
    switch (op) {
      case 0x80:
        u8();
        break; // PROTO
      case 0x95:
        take(8);
        break; // FRAME
      case 0x2e: { // STOP
        const result = pop();
        if (stack.length) fail("stack not empty at STOP");
        return result;
      }
      case 0x28:
        stack.push(MARK);
        break; // MARK
      case 0x7d:
        stack.push(Object.create(null));
        break; // EMPTY_DICT
      case 0x5d:
      case 0x29:
        stack.push([]);
        break; // EMPTY_LIST, EMPTY_TUPLE
      case 0x64: {
        const dict = Object.create(null);
        setItems(dict, popMark());
        stack.push(dict);
        break;
      } // DICT
      case 0x6c:
      case 0x74:
        stack.push(popMark());
        break; // LIST, TUPLE
      case 0x85:
        stack.push([pop()]);
        break; // TUPLE1
      case 0x86: {
        const b = pop();
        stack.push([pop(), b]);
        break;
      } // TUPLE2
      case 0x87: {
        const c = pop(), b = pop();
        stack.push([pop(), b, c]);
        break;
      } // TUPLE3
      case 0x73: {
        const v = pop(), k = pop();
        setItems(top(), [k, v]);
        break;
      } // SETITEM
      case 0x75: {
        const pairs = popMark();
        setItems(top(), pairs);
        break;
      } // SETITEMS
      case 0x61: {
        const v = pop();
        append(top(), [v]);
        break;
      } // APPEND
      case 0x65: {
        const values = popMark();
        append(top(), values);
        break;
      } // APPENDS
      case 0x4e:
        stack.push(null);
        break; // NONE
      case 0x88:
        stack.push(true);
        break; // NEWTRUE
      case 0x89:
        stack.push(false);
        break; // NEWFALSE
      case 0x4a:
        stack.push((need(4), pos += 4, view.getInt32(pos - 4, true)));
        break; // BININT
      case 0x4b:
        stack.push(u8());
        break; // BININT1
      case 0x4d:
        stack.push((need(2), pos += 2, view.getUint16(pos - 2, true)));
        break; // BININT2
      case 0x8a:
        stack.push(signedInt(take(u8())));
        break; // LONG1
      case 0x8b:
        stack.push(signedInt(take(u32())));
        break; // LONG4
      case 0x49:
      case 0x4c:
        stack.push(textInt(line()));
        break; // INT, LONG
      case 0x47:
        stack.push((need(8), pos += 8, view.getFloat64(pos - 8, false)));
        break; // BINFLOAT
      case 0x46:
        stack.push(Number(line()));
        break; // FLOAT
      case 0x58:
        stack.push(text(u32()));
        break; // BINUNICODE
      case 0x56:
        stack.push(rawUnicodeEscape(line()));
        break; // UNICODE (protocol 0)
      case 0x8c:
        stack.push(text(u8()));
        break; // SHORT_BINUNICODE
      case 0x8d:
        stack.push(text(u64()));
        break; // BINUNICODE8
      case 0x94:
        memo.set(memo.size, top() as PickleValue);
        break; // MEMOIZE
      case 0x71:
        memo.set(u8(), top() as PickleValue);
        break; // BINPUT
      case 0x72:
        memo.set(u32(), top() as PickleValue);
        break; // LONG_BINPUT
      case 0x70:
        memo.set(Number(line()), top() as PickleValue);
        break; // PUT
      case 0x68:
      case 0x6a:
      case 0x67: { // BINGET, LONG_BINGET, GET
        const key = op === 0x68 ? u8() : op === 0x6a ? u32() : Number(line());
        if (!memo.has(key)) fail(`memo key ${key} missing`);
        stack.push(memo.get(key)!);
        break;
      }
      case 0x30:
        pop();
        break; // POP
      case 0x31:
        popMark();
        break; // POP_MARK
      case 0x32:
        stack.push(top());
        break; // DUP
      default: {
        pos = at;
        const name = REFUSED[op];
        fail(
          name
            ? `refused opcode ${name} (only plain data may be unpickled)`
            : `unsupported opcode 0x${op.toString(16)}`,
        );
      }
    }
  }
}

function rawUnicodeEscape(latin1: string): string {
  return latin1.replace(
    /\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g,
    (_, short: string | undefined, long: string | undefined) =>
      String.fromCodePoint(parseInt(short ?? long!, 16)),
  );
}
