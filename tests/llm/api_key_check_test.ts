import assert from "node:assert/strict";
import { AuthenticationError, ConfigError } from "../../lib/llm/errors.ts";
import { OpenAiBackend } from "../../lib/llm/openai_backend.ts";
import { isLocalBaseUrl } from "../../lib/llm/api_key_check.ts";
import { openExperiment } from "../../lib/experiment/setup.ts";
import { testConfig } from "./_llm_fixtures.ts";
import { toyConfig, toyData } from "../experiment/_toy.ts";

const REMOTE = { baseUrl: "https://llm.example.com/v1", apiKeyEnv: "COLLIDE_TEST_UNSET_KEY" };

Deno.test("a missing key for a remote endpoint fails before any request, naming the variable", async () => {
  let requests = 0;
  const fetch = () => {
    requests++;
    return Promise.resolve(new Response("{}", { status: 500 }));
  };
  const config = testConfig({ defaults: REMOTE });
  const backend = new OpenAiBackend({ env: {}, fetch: fetch as typeof globalThis.fetch });
  const call = { endpoint: config.roles.judge, request: { role: "judge", messages: [] } };
  await assert.rejects(
    backend.send(call, new AbortController().signal),
    (error) => error instanceof AuthenticationError && /COLLIDE_TEST_UNSET_KEY/.test(error.message),
  );
  assert.equal(requests, 0, "no request was sent with a dummy key");
});

Deno.test("an experiment on a remote endpoint without its key stops before writing anything", async () => {
  const out = await Deno.makeTempDir();
  const config = toyConfig(`${out}/exp`, { backend: "openai", llm: { defaults: REMOTE } });
  await assert.rejects(
    openExperiment(config, { data: toyData() }),
    (error) =>
      error instanceof ConfigError &&
      /roles\.judge\.apiKeyEnv: environment variable COLLIDE_TEST_UNSET_KEY is not set/.test(
        error.message,
      ),
  );
  await assert.rejects(Deno.stat(`${out}/exp`), Deno.errors.NotFound);
  await Deno.remove(out, { recursive: true });
});

Deno.test("local and private servers need no key", () => {
  for (
    const url of [
      "http://localhost:11434/v1",
      "http://127.0.0.1:8000/v1",
      "http://[::1]:80/v1",
      "http://192.168.1.4/v1",
      "http://172.20.0.2/v1",
    ]
  ) {
    assert.ok(isLocalBaseUrl(url), url);
  }
  for (
    const url of [
      "https://api.openai.com/v1",
      "http://172.32.0.1/v1",
      "http://8.8.8.8/v1",
      "not a url",
    ]
  ) {
    assert.ok(!isLocalBaseUrl(url), url);
  }
});
