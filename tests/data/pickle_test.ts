import assert from "node:assert/strict";
import { unpickle } from "../../lib/data/pickle.ts";
import { DataError } from "../../lib/data/data_error.ts";

const dir = new URL("../fixtures/data/pickle/", import.meta.url);
const read = (name: string) => Deno.readFile(new URL(name, dir));

Deno.test("unpickle loads plain data written by Python with protocols 0-5", async () => {
  const expected = JSON.parse(await Deno.readTextFile(new URL("expected.json", dir)));
  for (let protocol = 0; protocol <= 5; protocol++) {
    const value = unpickle(await read(`plain_p${protocol}.pkl`));
    assert.deepEqual(JSON.parse(JSON.stringify(value)), expected, `protocol ${protocol}`);
  }
});

Deno.test("unpickle refuses pickles that would import or call anything", async () => {
  for (const name of ["global_p2.pkl", "global_p4.pkl"]) {
    const bytes = await read(name);
    assert.throws(
      () => unpickle(bytes, { file: name }),
      (error: unknown) =>
        error instanceof DataError && error.file === name && /refused opcode/.test(error.message),
    );
  }
  const set = await read("set_p4.pkl");
  assert.throws(() => unpickle(set), /unsupported opcode/);
});

Deno.test("unpickle reports truncated input instead of returning a partial value", async () => {
  const whole = await read("plain_p4.pkl");
  assert.throws(() => unpickle(whole.subarray(0, whole.length - 1)), DataError);
  assert.throws(() => unpickle(whole.subarray(0, 40)), /truncated|without STOP/);
});
