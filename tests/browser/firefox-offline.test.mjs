// Any sub-path, offline after the first visit, updates announced — in Firefox ESR (the
// Chromium tests of the same are offline.test.mjs).
//
// Each test serves its own copy of dist/ under /bao-cao/ (tests/browser/own-server.mjs), so
// it can stop the server (network gone for real, and the page offline too) or deploy a new
// build. Firefox missing is a failure, not a skip.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";

import { copyDist, deployNewVersion, serve } from "./own-server.mjs";
import { currentStep, waitUntil } from "./helpers/page.mjs";
import { byRole, launchFirefox, mainButton } from "./helpers/firefox.mjs";
import { readDocx } from "./helpers/cli.mjs";

const FILE_NAME = "BC-UBND-dan-van-2021.docx";
/** A sentence of the reference report's body, as the .docx prints it. */
const SAMPLE_SENTENCE = "UBND huyện Bình Sơn kính báo cáo";

/** Load the sample, walk through every step, download the .docx (built in the worker). */
async function completeFlow(page, downloads) {
  await (await byRole(page, "button", "Tải báo cáo mẫu", { timeout: 30_000 })).click();
  await byRole(page, "heading", "Thông tin chung");
  // The sample is in the form (the blank draft has the same symbol: wait for the notice).
  await page.waitForFunction(
    () =>
      document.body.innerText.includes("Đã tải báo cáo mẫu.") &&
      document.querySelector('[name="letterhead.place"]')?.value === "Bình Sơn",
  );

  const total = Number((await currentStep(page)).count.match(/^Phần 1\/(\d+)$/)?.[1]);
  assert.ok(total > 1, "the form counts its steps (“Phần 1/N”)");
  const next = await mainButton(page, "Phần tiếp →");
  for (let i = 2; i <= total; i++) {
    await next.click();
    await waitUntil(() => currentStep(page), (s) => s.count === `Phần ${i}/${total}`,
      (s) => `expected “Phần ${i}/${total}” after “Phần tiếp →”; the form shows ${JSON.stringify(s)}`);
  }
  assert.equal(await next.evaluate((el) => el.disabled), true, "last step reached");

  const download = await downloads.next(async () => (await byRole(page, "button", "Tải về .docx")).click());
  assert.equal(download.name, FILE_NAME);
  const bytes = await readFile(download.path);
  assert.ok(bytes.length > 5000, `a real .docx (${bytes.length} bytes)`);
  assert.equal(bytes.subarray(0, 2).toString("latin1"), "PK", "a zip file");
  const { [download.path]: docx } = readDocx(download.path);
  assert.ok(docx.paragraphs.some((p) => p.includes(SAMPLE_SENTENCE)), `word/document.xml has “${SAMPLE_SENTENCE}”`);
}

/** Wait until the service worker controls the page (every file is cached by then). */
async function waitControlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, { timeout: 60_000 });
}

test("Firefox, under a sub-path: the flow works online, then offline after a reload", async (t) => {
  const started = Date.now();
  const copy = await copyDist();
  t.after(copy.remove);
  const server = await serve(copy.dir, "/bao-cao/");
  t.after(server.stop);
  const { page, errors, offMachine, downloads, close } = await launchFirefox();
  t.after(close);
  page.on("dialog", (d) => d.accept());
  const failed = [];
  page.on("requestfailed", (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));

  const res = await page.goto(server.url);
  assert.equal(res?.status(), 200);
  assert.match(server.url, /\/bao-cao\/$/);
  await completeFlow(page, downloads);
  await waitControlled(page);
  assert.deepEqual(failed, [], "no failed request online");
  const online = Date.now();

  // Network off: the server is gone and the page is offline.
  await server.stop();
  await page.setOfflineMode(true);
  const probe = `no-such-file-${Date.now()}.txt`;
  const outcome = await page.evaluate((u) => fetch(u).then((r) => `HTTP ${r.status}`, (e) => e.name), probe);
  assert.equal(outcome, "TypeError", "the network is really gone (a file not in the cache cannot be fetched)");
  // The probe's failure is expected, also as the error Firefox logs for it, whenever that
  // arrives (the service worker's cache miss falls back to the network, which is gone).
  const notProbe = (list) => list.filter((f) => !f.includes(probe));

  await page.reload();
  await completeFlow(page, downloads);
  assert.deepEqual(notProbe(failed), [], "every request answered from the service worker's cache");
  assert.deepEqual(notProbe(errors), [], "no page errors or console errors");
  assert.deepEqual(offMachine, [], "Firefox itself tried to reach nothing off the machine");
  t.diagnostic(`online ${((online - started) / 1000).toFixed(1)} s, offline ${((Date.now() - online) / 1000).toFixed(1)} s`);
});

test("Firefox: a new deployment is announced and used only when the author asks", async (t) => {
  const copy = await copyDist();
  t.after(copy.remove);
  const server = await serve(copy.dir, "/bao-cao/");
  t.after(server.stop);
  const { page, errors, close } = await launchFirefox();
  t.after(close);

  await page.goto(server.url);
  await byRole(page, "button", "Tải báo cáo mẫu", { timeout: 30_000 });
  await waitControlled(page);
  const oldKeys = await page.evaluate(() => caches.keys());
  assert.equal(oldKeys.length, 1, `one cache: ${oldKeys}`);
  const notices = () => page.evaluate(() => document.body.innerText.includes("Đã có phiên bản mới"));
  assert.equal(await notices(), false, "no notice on a first visit");

  // Deploy a new build: another version of sw.js (and so of every cached file).
  const next = await deployNewVersion(copy.dir);

  // The author opens the app again: the page is the old version, told a new one is ready.
  await page.reload();
  await waitUntil(notices, Boolean, () => "no notice “Đã có phiên bản mới — tải lại để dùng.” after the new deployment", 30_000);
  // Nothing reloads on its own.
  await page.evaluate(() => (window.__stillHere = true));
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await page.evaluate(() => window.__stillHere), true, "the page did not reload by itself");

  const reload = await byRole(page, "button", "Tải lại");
  await Promise.all([page.waitForNavigation({ waitUntil: "load", timeout: 30_000 }), reload.click()]);
  await byRole(page, "button", "Tải báo cáo mẫu", { timeout: 30_000 });
  assert.equal(await page.evaluate(() => window.__stillHere), undefined, "reloaded");
  await waitControlled(page);
  assert.deepEqual(await page.evaluate(() => caches.keys()), [`baocao-${next}`], "the old cache is gone");
  assert.equal(await notices(), false, "no notice once on the new version");
  assert.deepEqual(errors, [], "no page errors or console errors");
});
