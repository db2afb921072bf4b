// Any sub-path, offline after the first visit, updates announced (issue #5 §1–§2).
//
// Each test serves its own copy of dist/ under /bao-cao/ (tests/browser/own-server.mjs), so
// it can stop the server (network gone for real, not only emulated) or deploy a new build.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { launch } from "./lib.mjs";
import { copyDist, deployNewVersion, serve } from "./own-server.mjs";

const FILE_NAME = "BC-UBND-dan-van-2021.docx";

/** Load the sample, walk through every step, download the .docx (built in the worker). */
async function completeFlow(page) {
  await page.getByRole("button", { name: "Tải báo cáo mẫu" }).click();
  await page.getByRole("heading", { level: 2, name: "Thông tin chung" }).waitFor();
  // The sample is in the form (the blank draft has the same symbol: wait for the notice).
  await page.getByText("Đã tải báo cáo mẫu.").waitFor();
  await page.waitForFunction(() => document.querySelector('[name="letterhead.place"]')?.value === "Bình Sơn");

  const count = page.getByText(/^Phần \d+\/\d+$/);
  const [, total] = (await count.textContent()).match(/\/(\d+)/);
  for (let i = 2; i <= Number(total); i++) {
    await page.getByRole("button", { name: "Phần tiếp →" }).click();
    await page.getByText(`Phần ${i}/${total}`, { exact: true }).waitFor();
  }
  assert.equal(await page.getByRole("button", { name: "Phần tiếp →" }).isDisabled(), true, "last step reached");

  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 30_000 }),
    page.getByRole("button", { name: "Tải về .docx" }).click(),
  ]);
  assert.equal(download.suggestedFilename(), FILE_NAME);
  const bytes = await readFile(await download.path());
  assert.ok(bytes.length > 5000, `a real .docx (${bytes.length} bytes)`);
  assert.equal(bytes.subarray(0, 2).toString("latin1"), "PK", "a zip file");
}

/** Wait until the service worker controls the page (every file is cached by then). */
async function waitControlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, {
    timeout: 60_000,
  });
}

test("under a sub-path: the flow works online, then offline after a reload", async (t) => {
  const copy = await copyDist();
  t.after(copy.remove);
  const server = await serve(copy.dir, "/bao-cao/");
  t.after(server.stop);
  const { context, page, errors, close } = await launch();
  t.after(close);
  page.on("dialog", (d) => d.accept());
  const failed = [];
  page.on("requestfailed", (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));

  const res = await page.goto(server.url);
  assert.equal(res.status(), 200);
  assert.match(server.url, /\/bao-cao\/$/);
  await completeFlow(page);
  await waitControlled(page);
  assert.deepEqual(failed, [], "no failed request online");

  // Network off: the server is gone and the browser is offline.
  await server.stop();
  await context.setOffline(true);
  await page.reload();
  await completeFlow(page);
  assert.deepEqual(failed, [], "every request answered from the service worker's cache");
  assert.deepEqual(errors, [], "no page errors or console errors");
});

test("a new deployment is announced and used only when the author asks", async (t) => {
  const copy = await copyDist();
  t.after(copy.remove);
  const server = await serve(copy.dir, "/bao-cao/");
  t.after(server.stop);
  const { page, errors, close } = await launch();
  t.after(close);

  await page.goto(server.url);
  await page.getByRole("button", { name: "Tải báo cáo mẫu" }).waitFor();
  await waitControlled(page);
  const oldKeys = await page.evaluate(() => caches.keys());
  assert.equal(oldKeys.length, 1, `one cache: ${oldKeys}`);
  assert.equal(await page.getByText("Đã có phiên bản mới").count(), 0, "no notice on a first visit");

  // Deploy a new build: another version of sw.js (and so of every cached file).
  const next = await deployNewVersion(copy.dir);

  // The author opens the app again: the page is the old version, told a new one is ready.
  await page.reload();
  const notice = page.getByText("Đã có phiên bản mới — tải lại để dùng.");
  await notice.waitFor({ timeout: 30_000 });
  // Nothing reloads on its own.
  await page.evaluate(() => (window.__stillHere = true));
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => window.__stillHere), true, "the page did not reload by itself");

  await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Tải lại" }).click()]);
  await page.getByRole("button", { name: "Tải báo cáo mẫu" }).waitFor();
  assert.equal(await page.evaluate(() => window.__stillHere), undefined, "reloaded");
  await waitControlled(page);
  assert.deepEqual(await page.evaluate(() => caches.keys()), [`baocao-${next}`], "the old cache is gone");
  assert.equal(await notice.count(), 0, "no notice once on the new version");
  assert.deepEqual(errors, [], "no page errors or console errors");
});
