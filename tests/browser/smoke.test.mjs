// Smoke test for the browser-test harness: the built app loads and has its title.
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, BAOCAO_URL } from "./lib.mjs";

test("index page loads with the Báo cáo title", async (t) => {
  const { page, close } = await launch();
  t.after(close);
  const res = await page.goto(BAOCAO_URL, { waitUntil: "load" });
  assert.equal(res.status(), 200, `GET ${BAOCAO_URL}`);
  assert.match(await page.title(), /Báo cáo/);
});
