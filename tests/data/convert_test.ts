import assert from "node:assert/strict";
import { convertSummEval } from "../../lib/data/convert_summeval.ts";
import { convertBrighter } from "../../lib/data/convert_brighter.ts";
import { parseCsv } from "../../lib/data/csv.ts";
import { PyFloat, pythonJson } from "../../lib/data/python_json.ts";
import { DataError } from "../../lib/data/data_error.ts";

const fixtures = new URL("../fixtures/data/", import.meta.url);
const read = (path: string) => Deno.readFile(new URL(path, fixtures));
const text = async (path: string) => new TextDecoder().decode(await read(path));
const bytes = (s: string) => new TextEncoder().encode(s);

async function sources() {
  return {
    ppairs: await read("raw/ppairs_synthetic.jsonl"),
    metricEval: await read("raw/metric_scores_long.csv"),
    bartscore: await read("raw/data.pkl"),
  };
}
const awaitSources = await sources();

Deno.test("convertSummEval matches an independent Python conversion byte for byte", async () => {
  assert.equal(
    convertSummEval(await sources()),
    await text("expected/summeval/summeval.synthetic.jsonl"),
  );
});

Deno.test("convertBrighter matches an independent Python conversion byte for byte", async () => {
  for (const split of ["train", "dev", "test"] as const) {
    assert.equal(
      convertBrighter(await read(`raw/track_b/${split}/eng.csv`), split),
      await text(`expected/brighter/eng_${split}.synthetic.jsonl`),
    );
  }
});

Deno.test("convertSummEval refuses a MetricEval order that is not SummEval's paired order", async () => {
  const csv = (await text("raw/metric_scores_long.csv")).split("\n");
  [csv[1], csv[2]] = [csv[2], csv[1]]; // M13 before M11
  const swapped = { ...(await sources()), metricEval: bytes(csv.join("\n")) };
  assert.throws(() => convertSummEval(swapped), /row order differs from SUMMEVAL_PAIRED/);
});

Deno.test("convertSummEval refuses PPairS rows whose means disagree with the experts", async () => {
  const lines = (await text("raw/ppairs_synthetic.jsonl")).split("\n");
  const row = JSON.parse(lines[1]);
  row.fluency = row.fluency === 5 ? 4 : 5;
  lines[1] = JSON.stringify(row);
  assert.throws(
    () => convertSummEval({ ...awaitSources, ppairs: bytes(lines.join("\n")) }),
    (e: unknown) => e instanceof DataError && e.line === 2 && e.field === "fluency",
  );
});

Deno.test("convertBrighter names file, line and field of a bad label or header", () => {
  const header = "id,text,anger,fear,joy,sadness,surprise\n";
  assert.throws(
    () => convertBrighter(bytes(`${header}eng_dev_track_b_00001,hi,0,1,2,3,4\n`), "dev"),
    (e: unknown) =>
      e instanceof DataError && e.file === "track_b/dev/eng.csv" && e.line === 2 &&
      e.field === "surprise",
  );
  assert.throws(
    () => convertBrighter(bytes("id,text,anger\nx,y,0\n"), "dev"),
    (e: unknown) => e instanceof DataError && e.line === 1,
  );
  assert.throws(
    () => convertBrighter(bytes(`${header}eng_train_track_b_00001,hi,0,0,0,0,0\n`), "dev"),
    (e: unknown) => e instanceof DataError && e.field === "id",
  );
});

Deno.test("parseCsv handles quotes, doubled quotes, embedded newlines and CRLF", () => {
  const { header, records } = parseCsv('a,b\r\n"x, ""y""","line1\nline2"\r\nplain,\r\n');
  assert.deepEqual(header, ["a", "b"]);
  assert.deepEqual(records, [{ a: 'x, "y"', b: "line1\nline2" }, { a: "plain", b: "" }]);
  assert.throws(() => parseCsv('a,b\n"open,1\n'), /unterminated/);
  assert.throws(
    () => parseCsv("a,b\n1,2,3\n"),
    (e: unknown) => e instanceof DataError && e.line === 2,
  );
});

Deno.test("pythonJson writes floats as Python does and strings as json.dumps(ensure_ascii=False)", () => {
  assert.equal(
    pythonJson({
      s: 'é"\\\u0001\t',
      f: [new PyFloat(4), new PyFloat(14 / 3), new PyFloat(1e-7)],
      i: 3,
    }),
    '{"s":"é\\"\\\\\\u0001\\t","f":[4.0,4.666666666666667,1e-07],"i":3}',
  );
  assert.throws(() => pythonJson({ x: 0.5 }), /wrap floats in PyFloat/);
});

Deno.test("convertBrighter names the right line after a text that spans several lines", () => {
  const csv = "id,text,anger,fear,joy,sadness,surprise\n" +
    'eng_dev_track_b_00001,"first line\nsecond line",0,1,2,3,0\n' +
    "eng_dev_track_b_00002,fine,0,1,2,3,9\n";
  assert.throws(
    () => convertBrighter(bytes(csv), "dev"),
    (e: unknown) => e instanceof DataError && e.line === 4 && e.field === "surprise",
  );
  const { lines } = parseCsv('a,b\n"x\ny",1\nz,2\n');
  assert.deepEqual(lines, [2, 4]);
});
