// The main flow in Firefox ESR (puppeteer-core over WebDriver BiDi, helpers/firefox.mjs),
// driven as a person would, by roles and labels: load the sample, edit a figure key by key and
// watch the preview follow, see the finding the edit causes next to the field, in the step
// list and in the panel "Kiểm tra số liệu" (the same finding as the CLI's `baocao check`),
// download the .docx (the same file as the CLI's `baocao render`), reload and find the draft
// restored. The Chromium flow of the same story is flow.test.mjs and findings.test.mjs.
//
// The subtests share one browser and run in order; after a failure the rest are skipped
// (they depend on the state the earlier ones leave). Firefox missing is a failure, not a skip.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { BAOCAO_URL } from "./helpers/env.mjs";
import {
  PREVIEW_NAME, checkedAs, checksCount, currentStep, formValues, previewText, settled, waitForFocus, waitForPreview, waitForStep,
  waitUntil,
} from "./helpers/page.mjs";
import {
  allByRole, byRole, goToStep, headerButton, landmark, launchFirefox, retype, stepButton, stepList, textbox,
} from "./helpers/firefox.mjs";
import { baocao, checkWithCli, readDocx, renderWithCli, sampleDraft } from "./helpers/cli.mjs";
import { readStoredDraft, valueAt, waitForStoredDraft } from "./helpers/draft.mjs";
import { pdfPages } from "./helpers/pdf.mjs";

const FILE_NAME = "BC-UBND-dan-van-2021.docx";
const RECEPTION = /^II\.4\.a /;
const TOTAL_VISITS = "Số liệu tiếp công dân — Tổng số, Lượt";
const SEVERITY = { error: "Lỗi", warning: "Cảnh báo", info: "Lưu ý" };

/** `baocao check --json` of a draft, written to a new file in `dir`. */
let checks = 0;
const cliFindings = (draft, dir) => checkWithCli(draft, path.join(dir, `check-${++checks}.json`));

/** The texts of the elements a control's aria-describedby names, with their visibility. */
function described(handle) {
  return handle.evaluate((el) =>
    (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean).map((id) => {
      const d = document.getElementById(id);
      return d ? { text: d.textContent.replace(/\s+/g, " ").trim(), visible: d.checkVisibility() } : { text: `[missing #${id}]`, visible: false };
    }),
  );
}

/** The texts of the page's status regions (the notices, the findings' live region). */
const statusTexts = (page) =>
  page.evaluate(() => [...document.querySelectorAll('[role="status"]')].map((el) => el.textContent.replace(/\s+/g, " ").trim()));

test("Firefox: sample, a figure edited (finding at the field and in the panel, preview follows), .docx = CLI, reload", async (t) => {
  const started = Date.now();
  const sample = sampleDraft();
  const tmp = await mkdtemp(path.join(os.tmpdir(), "baocao-firefox-flow-"));
  t.after(() => rm(tmp, { recursive: true, force: true }));

  const { browser, page, errors, offMachine, downloads, close } = await launchFirefox();
  t.after(close);
  t.diagnostic(`${await browser.version()} started in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // Every request, to check nothing leaves the machine (README invariant).
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  // Dialogs: recorded and accepted.
  const dialogs = [];
  page.on("dialog", async (d) => {
    dialogs.push({ type: d.type(), message: d.message() });
    await d.accept();
  });

  let failed = null;
  const timings = [];
  const step = (name, fn) =>
    t.test(name, { skip: failed ? `skipped: "${failed}" failed` : false }, async () => {
      const t0 = Date.now();
      try {
        await fn();
      } catch (e) {
        failed = name;
        throw e;
      } finally {
        timings.push(`${name.split(" ")[0]} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      }
    });

  let steps = [];
  const title = (re) => steps.find((s) => re.test(s.title))?.title ?? assert.fail(`no step matching ${re}`);
  const { visits: v0, people: p0 } = sample.reception.figures.total;
  const NEW_VISITS = 130;
  const edited = (d) => valueAt(d, "reception.figures.total.visits") === NEW_VISITS;
  let editedDraft = null;
  let sumFinding = null; // the CLI's finding the edit causes

  await step("1. open the app and load the sample: every step done, the sample's one warning", async () => {
    const res = await page.goto(BAOCAO_URL, { waitUntil: "load" });
    assert.equal(res?.status(), 200, `GET ${BAOCAO_URL}`);
    await (await headerButton(page, "Tải báo cáo mẫu", { timeout: 15_000 })).click();
    await waitUntil(() => statusTexts(page), (s) => s.some((x) => x.includes("Đã tải báo cáo mẫu")),
      (s) => `no notice “Đã tải báo cáo mẫu” (status regions: ${JSON.stringify(s)})`);
    steps = await stepList(page);
    assert.equal(steps.length, 12, `one step per section of the reference report: ${steps.map((s) => s.title).join(" | ")}`);
    assert.deepEqual(steps.filter((s) => s.state !== "Đã xong"), [], "the reference report fills every step");
    await waitForStep(page, steps[0].title, 0, steps.length, { focused: false });

    // The panel counts what the CLI finds in the sample.
    const cli = await cliFindings(sample, tmp);
    const want = cli.filter((f) => f.severity === "warning").length;
    assert.equal(cli.filter((f) => f.severity === "error").length, 0, "the CLI finds no error in the sample");
    await checkedAs(page, new RegExp(`^${want} cảnh báo$`));
  });

  await step("2. the date control: “Ngày ban hành” changed with the keyboard, the preview follows", async () => {
    // Still on the first step. Firefox's own date control: ArrowUp raises the part that has
    // focus (the first: the day or the month, in the order of the page's locale).
    const date = await page.$('main input[type="date"][name="letterhead.date"]');
    assert.ok(date, "“Ngày ban hành” is a date control named letterhead.date");
    assert.equal(await date.evaluate((el) => el.labels[0]?.textContent.trim()), "Ngày ban hành");
    const before = await date.evaluate((el) => el.value);
    assert.equal(before, sample.letterhead.date);
    const dateLine = (draft) => {
      const text = baocao(["render", "-", "--format", "text", "-o", "-"], JSON.stringify(draft));
      return text.split("\n").find((l) => l.startsWith(`${draft.letterhead.place}, ngày `)) ?? assert.fail(`no date line in:\n${text}`);
    };
    const lineBefore = dateLine(sample);
    await waitForPreview(page, lineBefore);
    await date.focus();
    await page.keyboard.press("ArrowUp");
    const after = await waitUntil(() => date.evaluate((el) => el.value), (v) => v !== before && /^\d{4}-\d{2}-\d{2}$/.test(v),
      (v) => `ArrowUp in “Ngày ban hành” (${before}) should give another full date; the control holds "${v}"`);
    const draft = await waitForStoredDraft(page, (d) => valueAt(d, "letterhead.date") === after, `letterhead.date = ${after}`);
    const lineAfter = dateLine(draft);
    await waitForPreview(page, lineAfter, { gone: lineBefore });
    t.diagnostic(`date ${before} → ${after}: “${lineAfter}”`);
  });

  await step("3. edit a figure key by key: the preview follows every keystroke", async () => {
    await goToStep(page, steps, title(RECEPTION));
    const visits = await textbox(page, TOTAL_VISITS);
    assert.equal(await visits.evaluate((el) => el.name), "reception.figures.total.visits", "the figure is named by its draft path");
    assert.equal(await visits.evaluate((el) => el.value), String(v0));
    await waitForPreview(page, `đã tiếp ${v0} lượt/${p0} người`, { around: "đã tiếp" });
    await retype(page, visits, "1");
    await waitForPreview(page, `đã tiếp 01 lượt/${p0} người`, { around: "đã tiếp" });
    await page.keyboard.type("3");
    await waitForPreview(page, `đã tiếp 13 lượt/${p0} người`, { around: "đã tiếp" });
    await page.keyboard.type("0");
    await waitForPreview(page, `đã tiếp ${NEW_VISITS} lượt/${p0} người`, { around: "đã tiếp" });
    editedDraft = await waitForStoredDraft(page, edited, `reception.figures.total.visits = ${NEW_VISITS}`);
  });

  await step("4. the finding shows next to the field, in the step list and in “Kiểm tra số liệu”", async () => {
    await settled(page);
    const cli = await cliFindings(editedDraft, tmp);
    sumFinding = cli.find((f) => f.severity === "error" && f.fields.includes("reception.figures.total.visits"));
    assert.ok(sumFinding, `the CLI finds an error at the total visits: ${JSON.stringify(cli)}`);
    assert.match(sumFinding.message, new RegExp(`\\(${NEW_VISITS}\\)`));
    const said = `${SEVERITY.error}: ${sumFinding.message}`;

    // Next to each figure the finding names: described by the visible message, marked invalid.
    for (const field of sumFinding.fields) {
      const cell = await page.$(`main [name="${field}"]`);
      assert.ok(cell, `the control ${field} is on the step`);
      const desc = await described(cell);
      const msg = desc.find((d) => d.text.includes(said));
      assert.ok(msg, `${field} is described by “${said}”; its description: ${JSON.stringify(desc)}`);
      assert.ok(msg.visible, `the message at ${field} is visible next to it`);
      assert.equal(await cell.evaluate((el) => el.getAttribute("aria-invalid")), "true", `${field} is aria-invalid`);
    }

    // The step list counts it, in the button's name.
    const button = await stepButton(page, title(RECEPTION));
    assert.equal(await button.evaluate((el) => el.getAttribute("aria-label")), `${title(RECEPTION)}, Đã xong, 1 lỗi`);

    // The panel: the counts, and (opened) the same findings as the CLI, errors first.
    const panel = await landmark(page, "region", "Kiểm tra số liệu");
    const warnings = cli.filter((f) => f.severity === "warning").length;
    await checkedAs(page, new RegExp(`^1 lỗi\\s+${warnings} cảnh báo$`));
    await (await byRole(panel, "button", "Xem danh sách cần xem lại")).click();
    await byRole(panel, "button", "Ẩn danh sách");
    const items = await allByRole(panel, "listitem");
    const shown = await Promise.all(items.map((li) => li.evaluate((el) => el.textContent.replace(/\s+/g, " ").trim())));
    const expected = [...cli].sort((a, b) => (a.severity === "error" ? 0 : 1) - (b.severity === "error" ? 0 : 1))
      .map((f) => `${SEVERITY[f.severity]}: ${f.message}`);
    assert.deepEqual(shown.map((s) => s.replace(/ — .*$/, "")), expected, "the panel lists the CLI's findings, errors first");

    // Choosing the finding from another step opens its step and focuses the first field it names.
    await goToStep(page, steps, steps[0].title);
    const finding = await byRole(panel, "button", shown[0]);
    await finding.click();
    await waitForStep(page, title(RECEPTION), steps.findIndex((s) => s.title === title(RECEPTION)), steps.length, { focused: false });
    await waitForFocus(page, "the total visits", (a) => a.name === "reception.figures.total.visits");
  });

  await step(`5. “Tải về .docx” (after the question about the error) gives ${FILE_NAME}, the same file as the CLI's`, async () => {
    const draft = await waitForStoredDraft(page, edited, "the edit of step 3");
    const before = dialogs.length;
    const download = await downloads.next(async () => (await headerButton(page, "Tải về .docx")).click());
    assert.equal(download.name, FILE_NAME);
    const asked = dialogs.slice(before);
    assert.equal(asked.length, 1, `one question before downloading a report with an error: ${JSON.stringify(asked)}`);
    assert.equal(asked[0].type, "confirm");
    assert.match(asked[0].message, /1 lỗi/);

    const bytes = await readFile(download.path);
    assert.equal(bytes.subarray(0, 4).toString("latin1"), "PK\x03\x04", "the .docx is a zip file");
    const cliDocx = path.join(tmp, "cli.docx");
    await renderWithCli(draft, path.join(tmp, "draft.json"), cliDocx);
    const { [download.path]: b, [cliDocx]: c } = readDocx(download.path, cliDocx);
    assert.ok(b.paragraphs.some((p) => p.includes(`đã tiếp ${NEW_VISITS} lượt/${p0} người`)),
      "word/document.xml of the download has the edited figure");
    const i = b.paragraphs.findIndex((p, k) => p !== c.paragraphs[k]);
    assert.ok(i < 0 && b.paragraphs.length === c.paragraphs.length,
      `document text differs from the CLI's at paragraph ${i + 1}:\n  browser: ${b.paragraphs[i]}\n  cli:     ${c.paragraphs[i]}`);
    assert.ok(b.documentXml === c.documentXml, "word/document.xml is identical in both files");
    const cb = await readFile(cliDocx);
    assert.ok(bytes.equals(cb), `the .docx files are byte-identical (browser ${bytes.length} B, CLI ${cb.length} B)`);
  });

  await step("6. reload: the draft, the step, the preview and the finding are restored", async () => {
    const stepBefore = await currentStep(page);
    const formBefore = await formValues(page);
    const previewBefore = await previewText(page);
    const saved = await readStoredDraft(page);
    assert.ok(edited(saved), "the saved draft has the edit");

    await page.reload({ waitUntil: "load" });
    await headerButton(page, "Tải báo cáo mẫu", { timeout: 15_000 });
    const index = steps.findIndex((s) => s.title === stepBefore.heading);
    await waitForStep(page, stepBefore.heading, index, steps.length, { focused: false });
    assert.deepEqual(await formValues(page), formBefore, "the open step's fields are unchanged");
    assert.equal((await formValues(page))["reception.figures.total.visits"], String(NEW_VISITS));
    assert.equal(await previewText(page), previewBefore, "the preview reads the same");
    assert.deepEqual(await readStoredDraft(page), saved, "the saved draft is unchanged");
    await settled(page);
    assert.match(await checksCount(page), /^1 lỗi\s+\d+ cảnh báo$/, "the finding is back after the reload");
    const visits = await textbox(page, TOTAL_VISITS);
    assert.equal(await visits.evaluate((el) => el.getAttribute("aria-invalid")), "true", "and marks the field again");
  });

  await step("7. print: “In” calls the browser's print; Firefox prints the document on A4 pages", async () => {
    // "In" calls window.print (stubbed: headless has no print dialog).
    await page.evaluate(() => {
      window.__printed = 0;
      window.print = () => { window.__printed += 1; };
    });
    await (await headerButton(page, "In")).click();
    await waitUntil(() => page.evaluate(() => window.__printed), (n) => n === 1, (n) => `“In” called print() ${n} times`);

    // On screen the preview is an A4 sheet: 210 mm wide, at least 297 mm tall.
    const mm = (x) => (x * 96) / 25.4;
    const sheet = await (await byRole(page, "article", PREVIEW_NAME)).evaluate((el) => {
      const s = getComputedStyle(el);
      return { width: parseFloat(s.width), minHeight: parseFloat(s.minHeight) };
    });
    assert.ok(Math.abs(sheet.width - mm(210)) < 1, `preview sheet is 210 mm wide (${sheet.width}px)`);
    assert.ok(Math.abs(sheet.minHeight - mm(297)) < 1, `preview sheet is at least 297 mm tall (${sheet.minHeight}px)`);

    // What Firefox prints (WebDriver BiDi browsingContext.print, print media): A4 pages,
    // several for the reference report. BiDi has no media emulation and no "use the CSS page
    // size" option, so the paper is asked for as A4 here (flow.test.mjs checks @page in Chromium).
    const pdf = Buffer.from(await page.pdf({ format: "a4", printBackground: false }));
    assert.equal(pdf.subarray(0, 5).toString("latin1"), "%PDF-", "print gives a PDF");
    const { count: pages, boxes } = pdfPages(pdf);
    assert.ok(pages >= 2, `the reference report prints on several pages (${pages})`);
    assert.equal(boxes.length, pages, "every page has its size");
    const a4 = [595.28, 841.89];
    const off = boxes.filter(([w, h]) => Math.abs(w - a4[0]) > 2 || Math.abs(h - a4[1]) > 2);
    assert.deepEqual(off, [], `every printed page is A4 (${a4.join(" × ")} pt): ${JSON.stringify(boxes.slice(0, 3))}`);
    t.diagnostic(`printed pages: ${pages}`);
  });

  await step("8. nothing left the machine, no script error", async () => {
    const origin = new URL(BAOCAO_URL).origin;
    const foreign = requests.filter((u) => !/^(blob|data):/.test(u) && new URL(u).origin !== origin);
    assert.deepEqual(foreign, [], "the page requested nothing from another origin");
    assert.deepEqual(offMachine, [], "Firefox itself tried to reach nothing off the machine");
    assert.deepEqual(errors, [], "no page error or console error");
    assert.deepEqual(dialogs.filter((d) => d.type !== "confirm"), [], "only confirm dialogs");
    t.diagnostic(`Firefox flow took ${((Date.now() - started) / 1000).toFixed(1)} s (${timings.join(", ")})`);
  });
});
