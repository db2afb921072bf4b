// Drafts as files in Firefox ESR: "Lưu tệp" downloads the draft, "Mở tệp" (the file picker)
// and drag-and-drop open it as a new draft showing the same report (the Chromium test of the
// same is in files.test.mjs). Firefox missing is a failure, not a skip.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { BAOCAO_URL } from "./helpers/env.mjs";
import { dropFile, previewText, waitUntil } from "./helpers/page.mjs";
import { headerButton, launchFirefox, retype, textbox } from "./helpers/firefox.mjs";

const TITLE = "Kết quả công tác dân vận chính quyền năm 2021 (thử lưu tệp trong Firefox)";

/** The texts of the page's status regions (the notices, the findings' live region). */
const statusTexts = (page) =>
  page.evaluate(() => [...document.querySelectorAll('[role="status"]')].map((el) => el.textContent.replace(/\s+/g, " ").trim()));
const notice = (page, text) =>
  waitUntil(() => statusTexts(page), (s) => s.some((x) => x.includes(text)),
    (s) => `no notice “${text}” (status regions: ${JSON.stringify(s)})`);

test("Firefox: Lưu tệp saves <name>.baocao.json; Mở tệp and drag-and-drop open it as a new draft", async (t) => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "baocao-firefox-files-"));
  t.after(() => rm(tmp, { recursive: true, force: true }));
  const { page, errors, offMachine, downloads, close } = await launchFirefox();
  t.after(close);
  page.on("dialog", (d) => d.accept());

  await page.goto(BAOCAO_URL);
  await (await headerButton(page, "Tải báo cáo mẫu", { timeout: 15_000 })).click();
  await notice(page, "Đã tải báo cáo mẫu.");
  await retype(page, await textbox(page, "Trích yếu"), TITLE);
  await waitUntil(() => previewText(page), (s) => s.includes(TITLE), () => `the preview never showed the new title`);

  // "Lưu tệp": the draft as JSON, named after the report.
  const saved = await downloads.next(async () => (await headerButton(page, "Lưu tệp")).click());
  assert.equal(saved.name, "BC-UBND-dan-van-2021.baocao.json");
  const text = await readFile(saved.path, "utf8");
  assert.match(text, /^\{\n  "format": "baocao-draft",\n  "version": 1,\n  "kind": "dan-van-chinh-quyen",/);
  assert.equal(JSON.parse(text).title, TITLE);
  const before = await previewText(page);

  // "Mở tệp": Firefox's file picker (answered through WebDriver BiDi) with that file.
  const file = path.join(tmp, "Báo cáo năm 2021.baocao.json");
  await writeFile(file, text);
  const [chooser] = await Promise.all([page.waitForFileChooser(), (await headerButton(page, "Mở tệp")).click()]);
  await chooser.accept([file]);
  await notice(page, "Đã mở tệp “Báo cáo năm 2021.baocao.json” thành bản nháp “Báo cáo năm 2021”.");
  assert.equal(await previewText(page), before, "the opened file shows the same report");
  assert.equal((await downloads.next(async () => (await headerButton(page, "Lưu tệp")).click())).name,
    "bao-cao-nam-2021.baocao.json", "saving again uses the draft's name");

  // Drag-and-drop: the hint shows, then the file opens.
  const hint = await dropFile(page, "keo-tha.baocao.json", text);
  assert.equal(hint, "Thả tệp bản nháp (.baocao.json) hoặc tệp .docx do baocao tạo vào đây để mở");
  await notice(page, "Đã mở tệp “keo-tha.baocao.json” thành bản nháp “keo-tha”.");
  assert.equal(await previewText(page), before);
  assert.equal(await page.evaluate(() => document.querySelector(".drop-hint")), null, "the hint is gone");
  assert.deepEqual(errors, [], "no page error or console error");
  assert.deepEqual(offMachine, [], "Firefox itself tried to reach nothing off the machine");
});
