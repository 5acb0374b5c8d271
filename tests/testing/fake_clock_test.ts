import assert from "node:assert/strict";
import { FakeClock } from "../../lib/testing/mod.ts";

Deno.test("fake clock wakes sleepers in time order and only when advanced", async () => {
  const clock = new FakeClock(100);
  const woke: string[] = [];
  clock.sleep(300).then(() => woke.push(`b@${clock.now()}`));
  clock.sleep(200).then(() => woke.push(`a@${clock.now()}`));
  await clock.advance(199);
  assert.deepEqual(woke, []);
  await clock.advance(500);
  assert.deepEqual(woke, ["a@300", "b@400"]);
  assert.equal(clock.now(), 799);
  assert.equal(clock.pending, 0);
});

Deno.test("fake clock sleeps end early when their signal aborts", async () => {
  const clock = new FakeClock();
  const controller = new AbortController();
  let woke = false;
  const sleeping = clock.sleep(10_000, controller.signal).then(() => woke = true);
  controller.abort();
  await sleeping;
  assert.ok(woke);
  assert.equal(clock.now(), 0);
  assert.equal(clock.pending, 0);
});

Deno.test("a sleep started while advancing runs if it falls due within the advance", async () => {
  const clock = new FakeClock();
  const woke: number[] = [];
  clock.sleep(10).then(() => clock.sleep(10).then(() => woke.push(clock.now())));
  await clock.advance(25);
  assert.deepEqual(woke, [20]);
});
