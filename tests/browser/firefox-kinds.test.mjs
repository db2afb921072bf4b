// Kinds in Firefox ESR (the Chromium tests of the same are in kinds.test.mjs): the kind
// picker, a kind file opened with "Mở mẫu báo cáo…" (Firefox's file picker, answered through
// WebDriver BiDi), a heading renamed in the outline edits, and the .docx holding it.
// Firefox missing is a failure, not a skip.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { BAOCAO_URL } from "./helpers/env.mjs";
import { readDocx } from "./helpers/cli.mjs";
import { waitForPreview, waitUntil } from "./helpers/page.mjs";
import { byRole, goToStep, headerButton, launchFirefox, retype, stepList, textbox } from "./helpers/firefox.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TCD = "Báo cáo công tác tiếp công dân, xử lý đơn, giải quyết khiếu nại, tố cáo";

const kindName = (page) => page.evaluate(() => document.querySelector(".kind-name")?.firstChild?.textContent.trim());

test("Firefox: the kind picker, a kind file opened, a heading renamed, the .docx", async (t) => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "baocao-firefox-kinds-"));
  t.after(() => rm(tmp, { recursive: true, force: true }));
  const { page, errors, offMachine, downloads, close } = await launchFirefox();
  t.after(close);
  page.on("dialog", (d) => d.accept());
  await page.goto(BAOCAO_URL);

  // The picker: the second bundled kind (from the worker) starts a blank report.
  await (await headerButton(page, "Báo cáo mới", { timeout: 15_000 })).click();
  let picker = await byRole(page, "dialog", "Báo cáo mới");
  await (await byRole(picker, "button", `Bắt đầu báo cáo mới: ${TCD}`)).click();
  await waitUntil(() => kindName(page), (n) => n === TCD, (n) => `the header names ${n}`);
  await waitForPreview(page, "TIẾP CÔNG DÂN");

  // A province's version of the dân vận kind, from a file.
  const kind = JSON.parse(await readFile(path.join(ROOT, "src/kinds/dan-van-chinh-quyen.json"), "utf8"));
  const NAME = "Báo cáo công tác dân vận chính quyền (mẫu của tỉnh, Firefox)";
  kind.name = NAME;
  kind.body.find((b) => b.block === "heading" && b.text === "KẾT QUẢ THỰC HIỆN").text = "KẾT QUẢ THEO MẪU TỈNH";
  const file = path.join(tmp, "dan-van-tinh.json");
  await writeFile(file, JSON.stringify(kind, null, 2));
  await (await headerButton(page, "Báo cáo mới")).click();
  // Opened a second time, the dialog is found by the page's markup: Firefox's accessibility
  // tree, which the aria query reads, sometimes names the re-opened modal late. Its name is
  // still checked, from the heading its aria-labelledby points to.
  picker = await page.waitForSelector("dialog[open]");
  assert.equal(await picker.evaluate((d) => document.getElementById(d.getAttribute("aria-labelledby"))?.textContent), "Báo cáo mới");
  const [chooser] = await Promise.all([page.waitForFileChooser(), (await byRole(picker, "button", "Mở mẫu báo cáo…")).click()]);
  await chooser.accept([file]);
  await (await byRole(picker, "button", `Bắt đầu báo cáo mới: ${NAME}`)).click();
  await waitUntil(() => kindName(page), (n) => n === NAME, (n) => `the header names ${n}`);
  await waitForPreview(page, "II. KẾT QUẢ THEO MẪU TỈNH");

  // Rename "1. Việc nâng cao…" in the outline edits of step II.1.
  const steps = await stepList(page);
  await goToStep(page, steps, steps.find((s) => s.title.startsWith("II.1 ")).title);
  const clause = kind.body.find((b) => b.block === "heading" && b.step === "governance" && b.level === "clause");
  await (await byRole(page, "button", `Đổi tên đề mục 1. ${clause.text}`)).click();
  const NEW = "Quản lý nhà nước ở xã (tên đặt trong Firefox)";
  await retype(page, await textbox(page, "Tên mới của đề mục 1."), NEW);
  await waitForPreview(page, `1. ${NEW}`);

  // The .docx holds both.
  const docx = await downloads.next(async () => (await headerButton(page, "Tải về .docx")).click());
  const { paragraphs } = readDocx(docx.path)[docx.path];
  assert.ok(paragraphs.includes("II. KẾT QUẢ THEO MẪU TỈNH"), paragraphs.slice(0, 20).join("\n"));
  assert.ok(paragraphs.includes(`1. ${NEW}`), paragraphs.slice(0, 20).join("\n"));
  assert.deepEqual(errors, [], "no page error or console error");
  assert.deepEqual(offMachine, [], "Firefox itself tried to reach nothing off the machine");
});
