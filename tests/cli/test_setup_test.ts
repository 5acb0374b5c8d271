import assert from "node:assert/strict";
import { inspectTestEnvironment } from "../../lib/cli/test_setup.ts";

const SETUP = new URL("../../lib/cli/test_setup.ts", import.meta.url).pathname;
const jupyter = inspectTestEnvironment().jupyter;

Deno.test({
  name:
    "test setup: a Jupyter without the deno kernel gets it (no more `No such kernel named deno`)",
  ignore: !jupyter,
  async fn() {
    const home = await Deno.makeTempDir(); // a user whose Jupyter has no deno kernel yet
    const env = { HOME: home, XDG_DATA_HOME: `${home}/.local/share`, NO_COLOR: "1" };
    const setup = () =>
      new Deno.Command(Deno.execPath(), { args: ["run", "-A", SETUP], env, stderr: "piped" })
        .output();
    const first = await setup();
    assert.ok(first.success);
    assert.match(new TextDecoder().decode(first.stderr), /installed the deno Jupyter kernel/);
    const spec = JSON.parse(
      await Deno.readTextFile(`${home}/.local/share/jupyter/kernels/deno/kernel.json`),
    );
    assert.equal(spec.language, "typescript");
    const second = await setup();
    assert.doesNotMatch(new TextDecoder().decode(second.stderr), /installed/, "installed once");
    await Deno.remove(home, { recursive: true });
  },
});
