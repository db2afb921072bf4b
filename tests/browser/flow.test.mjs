// Issue #2 end to end, in headless Chromium, driving the app as a person would (by labels
// and roles): load the sample, step through every section (next button and step list),
// check that every control is labelled and named by its draft path, edit figures, a text and
// a list and watch the preview follow, download the .docx and compare it with the CLI's,
// reload and find the draft intact, start a new report, and print.
//
// The subtests share one browser and run in order; after a failure the rest are skipped
// (they depend on the state the earlier ones leave).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { launch, BAOCAO_URL } from "./lib.mjs";
import {
  appReady, currentStep, expectStep, formControls, formValues, goToStep, headerButton, numberedAfter,
  openApp, preview, previewText, startNewReport, stepList, waitForFocus, waitForPreview, waitUntil,
} from "./helpers/app.mjs";
import { draftSchema, readDocx, renderWithCli, sampleDraft } from "./helpers/cli.mjs";
import { isScalarSchema, leaves, readStoredDraft, schemaAt, valueAt, waitForStoredDraft } from "./helpers/draft.mjs";

/** The sections of the reference report, one step each, in order (issue #2 §4). */
const EXPECTED_STEPS = [
  /^Thông tin chung$/, /^I\. /, /^II\.1 /, /^II\.2 /, /^II\.3 /, /^II\.4\.a /, /^II\.4\.b /, /^II\.5 /,
  /^II\.6 /, /^III\. /, /^IV\. /, /chữ ký/,
];
/** Draft keys that are not the author's (no control edits them). */
const META = new Set(["format", "version", "kind"]);
/** Fields that hold the author's own facts: a new report leaves them empty. */
const OWN_FACTS = [
  "letterhead.issuer_name", "letterhead.issuer_self", "letterhead.number", "letterhead.place", "letterhead.date",
  "title", "recipients.to.0", "signature.name",
];

const controlId = (p) => "f-" + p.replace(/[^A-Za-z0-9_.-]/g, "_").replaceAll(".", "-");
const stripMarks = (s) => s.replaceAll("*", "");
const fmt = (list) => list.map((l) => `  - ${l}`).join("\n");

test("issue #2 in the browser: sample, every step, edits, .docx = CLI, reload, new, print", async (t) => {
  const started = Date.now();
  const sample = sampleDraft();
  const schema = draftSchema();
  const tmp = await mkdtemp(path.join(os.tmpdir(), "baocao-flow-"));
  t.after(() => rm(tmp, { recursive: true, force: true }));

  const { page, errors, close } = await launch({ viewport: { width: 1400, height: 900 } });
  t.after(close);
  page.setDefaultTimeout(10000);

  // Every request, to check nothing leaves the machine (README invariant).
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  // Dialogs: recorded, and accepted unless a subtest says otherwise.
  const dialogs = [];
  let dialogAnswer = "accept";
  page.on("dialog", async (d) => {
    dialogs.push({ type: d.type(), message: d.message(), answer: dialogAnswer });
    await (dialogAnswer === "accept" ? d.accept() : d.dismiss());
  });

  let failed = null;
  const step = (name, fn) =>
    t.test(name, { skip: failed ? `skipped: "${failed}" failed` : false }, async () => {
      try {
        await fn();
      } catch (e) {
        failed = name;
        throw e;
      }
    });

  let steps = []; // [{ title, state, current }]
  const namesByStep = []; // control names of each step, from the walk with "Phần tiếp →"
  const title = (re) => steps.find((s) => re.test(s.title))?.title ?? assert.fail(`no step matching ${re}`);

  await step("1. load the sample and step through every section with “Phần tiếp →”", async () => {
    await openApp(page);
    await headerButton(page, "Tải báo cáo mẫu").click();
    await page.getByRole("status").getByText("Đã tải báo cáo mẫu").waitFor();

    steps = await stepList(page);
    assert.equal(steps.length, EXPECTED_STEPS.length,
      `one step per section; the step list has:\n${fmt(steps.map((s) => s.title))}`);
    EXPECTED_STEPS.forEach((re, i) =>
      assert.match(steps[i].title, re, `step ${i + 1} of the list should be the section matching ${re}`));
    const notDone = steps.filter((s) => s.state !== "Đã xong");
    assert.deepEqual(notDone, [], "the reference report fills every step (all “Đã xong”)");
    await page.getByText(`${steps.length}/${steps.length} phần đã xong`).waitFor();

    const next = page.getByRole("main").getByRole("button", { name: "Phần tiếp →", exact: true });
    for (let i = 0; i < steps.length; i++) {
      if (i > 0) await next.click();
      await expectStep(page, steps[i].title, i, steps.length, { focused: i > 0 });
      const controls = await formControls(page);
      const hidden = controls.filter((c) => !c.visible).map((c) => c.name);
      assert.ok(controls.length > 0, `step "${steps[i].title}" shows no control`);
      assert.deepEqual(hidden, [], `step "${steps[i].title}": every control is visible`);
      namesByStep[i] = controls.map((c) => c.name);
    }
    assert.ok(await next.isDisabled(), "“Phần tiếp →” is disabled on the last step");
    await page.getByRole("main").getByRole("button", { name: "← Phần trước", exact: true }).click();
    await expectStep(page, steps.at(-2).title, steps.length - 2, steps.length);
  });

  await step("2. via the step list: every control has a label and is named by its draft path", async () => {
    const problems = [];
    const seen = new Map(); // name → step title
    // Visit the steps in reverse order from the list (the walk above went forward).
    for (let i = steps.length - 1; i >= 0; i--) {
      const where = steps[i].title;
      await goToStep(page, steps, where);
      const controls = await formControls(page);
      assert.deepEqual(controls.map((c) => c.name), namesByStep[i],
        `step "${where}" shows the same controls from the step list as from “Phần tiếp →”`);
      for (const c of controls) {
        const who = `${where}: <${c.tag} name="${c.name}">`;
        if (!c.name) {
          problems.push(`${who} has no name`);
          continue;
        }
        if (seen.has(c.name)) problems.push(`${who}: the name is also used on step "${seen.get(c.name)}"`);
        seen.set(c.name, where);
        if (c.id !== controlId(c.name)) problems.push(`${who}: id "${c.id}", expected "${controlId(c.name)}"`);

        // The accessible name: a visible <label for>, or an aria-label on a table cell whose
        // row and column headers are visible and make up that label.
        let accName;
        if (c.ariaLabel !== null) {
          accName = c.ariaLabel;
          if (!c.headers) problems.push(`${who}: aria-label "${c.ariaLabel}" outside a table; use a visible label`);
          else if (!c.headers.visible) problems.push(`${who}: the row/column headers of its cell are not visible`);
          else if (!(c.ariaLabel.startsWith(c.headers.caption) && c.ariaLabel.endsWith(`${c.headers.row}, ${c.headers.col}`)))
            problems.push(`${who}: aria-label "${c.ariaLabel}" is not "${c.headers.caption} — ${c.headers.row}, ${c.headers.col}"`);
        } else {
          const visible = c.labels.filter((l) => l.visible && l.text && l.htmlFor === c.id);
          if (visible.length === 0) problems.push(`${who}: no visible <label for="${c.id}"> (labels: ${JSON.stringify(c.labels)})`);
          accName = c.labels.map((l) => l.text).join(" ");
        }
        if (!accName) {
          problems.push(`${who}: empty accessible name`);
        } else {
          // The browser's own reading of the label finds exactly this control.
          const byLabel = page.getByRole("main").getByLabel(accName, { exact: true });
          const found = await byLabel.evaluateAll((els) => els.map((e) => e.getAttribute("name")));
          if (found.length !== 1 || found[0] !== c.name)
            problems.push(`${who}: getByLabel("${accName}") finds ${JSON.stringify(found)}, expected just this control`);
        }

        // The name is a path of the draft format, holding this control's value in the sample.
        const node = schemaAt(schema, c.name);
        if (!isScalarSchema(node)) problems.push(`${who}: not a single-value path of the draft JSON Schema`);
        const v = valueAt(sample, c.name);
        if (v !== undefined) {
          const expected = v === null ? "" : String(v);
          if (c.value !== expected)
            problems.push(`${who}: shows ${JSON.stringify(c.value.slice(0, 60))}, the sample has ${JSON.stringify(expected.slice(0, 60))} there`);
        } else {
          const parent = c.name.replace(/\.\d+$/, "");
          const placeholder = c.name.endsWith(".0") && Array.isArray(valueAt(sample, parent)) && valueAt(sample, parent).length === 0;
          if (c.value !== "") problems.push(`${who}: the sample has nothing there but the control shows "${c.value}"`);
          if (!placeholder && !node) problems.push(`${who}: the path resolves neither in the sample nor in the schema`);
        }
      }
      // Every button of the form has a name too (list item buttons carry an aria-label).
      const unnamed = await page.getByRole("main").locator("button").evaluateAll((bs) =>
        bs.filter((b) => !(b.getAttribute("aria-label") || b.textContent).trim()).map((b) => b.id || b.outerHTML));
      if (unnamed.length) problems.push(`${where}: buttons without a name: ${unnamed.join(", ")}`);
    }
    // Every value of the sample can be edited somewhere (an empty list by its first item).
    const missing = leaves(sample)
      .filter(([p]) => !META.has(p.split(".")[0]))
      .filter(([p, v]) => !seen.has(p) && !(Array.isArray(v) && seen.has(`${p}.0`)))
      .map(([p]) => p);
    if (missing.length) problems.push(`sample values without a control: ${missing.join(", ")}`);
    assert.deepEqual(problems, [], `labels and names:\n${fmt(problems)}`);
    t.diagnostic(`${seen.size} controls checked on ${steps.length} steps`);
  });

  const NEW_TASK = "Nhiệm vụ thêm khi kiểm thử: rà soát số liệu tiếp công dân.";
  const NEW_HOST = "Phó Chủ tịch UBND huyện";
  const tasks = sample.tasks.items;

  await step("3. edits: a figure, a text and a list; the preview follows every keystroke", async () => {
    // A figure: the total visits, typed key by key.
    await goToStep(page, steps, title(/^II\.4\.a /));
    const visits = page.getByLabel("Số liệu tiếp công dân — Tổng số, Lượt", { exact: true });
    const { visits: v0, people: p0 } = sample.reception.figures.total;
    await waitForPreview(page, `đã tiếp ${v0} lượt/${p0} người`, { around: "đã tiếp" });
    await visits.fill("");
    await visits.pressSequentially("1");
    await waitForPreview(page, `đã tiếp 01 lượt/${p0} người`, { around: "đã tiếp" });
    await visits.pressSequentially("3");
    await waitForPreview(page, `đã tiếp 13 lượt/${p0} người`, { around: "đã tiếp" });
    await visits.pressSequentially("0");
    await waitForPreview(page, `đã tiếp 130 lượt/${p0} người`, { around: "đã tiếp" });
    // Large delegations: 0 prints "không có đoàn đông người"; 3 prints "có 03 …".
    await waitForPreview(page, "(không có đoàn đông người)", { around: "đoàn đông người" });
    await page.getByLabel("Số đoàn đông người", { exact: true }).fill("3");
    await waitForPreview(page, "(có 03 đoàn đông người)", { gone: "không có đoàn", around: "đoàn đông người" });
    // A text field.
    await page.getByLabel("Người tiếp công dân", { exact: true }).fill(NEW_HOST);
    await waitForPreview(page, `Từ đầu năm đến nay, ${NEW_HOST} đã tiếp 130 lượt`, { around: "Từ đầu năm" });

    // A list: IV's tasks. Add one, type it, move it up, remove the first.
    await goToStep(page, steps, title(/^IV\. /));
    const n = tasks.length;
    const shown = async () => (await numberedAfter(page, "IV.")).map((x) => `${x.n}. ${x.text}`);
    const expectTasks = async (list, what) => {
      const want = list.map((s, i) => `${i + 1}. ${stripMarks(s)}`);
      await waitUntil(shown, (got) => JSON.stringify(got) === JSON.stringify(want),
        (got) => `preview of IV ${what}: expected\n${fmt(want.map((s) => s.slice(0, 70)))}\ngot\n${fmt(got.map((s) => s.slice(0, 70)))}`);
    };
    await expectTasks(tasks, "as in the sample");
    await page.getByRole("main").getByRole("button", { name: /^(\+ )?Thêm mục$/ }).click();
    await waitForFocus(page, `the new item tasks.items.${n}`, (a) => a.name === `tasks.items.${n}`);
    await page.keyboard.type(NEW_TASK);
    await expectTasks([...tasks, NEW_TASK], "after adding an item");
    await page.getByRole("button", { name: `Đưa mục ${n + 1} lên`, exact: true }).click();
    await expectTasks([...tasks.slice(0, n - 1), NEW_TASK, tasks[n - 1]], "after moving the new item up");
    await waitForFocus(page, `the moved item's “Đưa mục ${n} lên” button`, (a) => a.label === `Đưa mục ${n} lên`);
    await page.getByRole("button", { name: "Xóa mục 1", exact: true }).click();
    await expectTasks([...tasks.slice(1, n - 1), NEW_TASK, tasks[n - 1]], "after removing the first item");
    assert.equal(await page.getByLabel(`Nhiệm vụ — mục ${n - 1}`, { exact: true }).inputValue(), NEW_TASK,
      `the form's item ${n - 1} holds the new task`);
  });

  const edited = (d) =>
    valueAt(d, "reception.figures.total.visits") === 130 &&
    valueAt(d, "reception.delegations") === 3 &&
    valueAt(d, "reception.host") === NEW_HOST &&
    JSON.stringify(valueAt(d, "tasks.items")) === JSON.stringify([...tasks.slice(1, -1), NEW_TASK, tasks.at(-1)]);

  await step("4. “Tải về .docx” gives BC-UBND-dan-van-2021.docx, the same file as the CLI's", async () => {
    // The autosaved draft has caught up with the edits: it is what the browser renders.
    const draft = await waitForStoredDraft(page, edited, "the edits of step 3");
    const before = dialogs.length;
    const [download] = await Promise.all([
      page.waitForEvent("download", { timeout: 15000 }),
      headerButton(page, "Tải về .docx").click(),
    ]);
    assert.equal(download.suggestedFilename(), "BC-UBND-dan-van-2021.docx");
    const browserDocx = path.join(tmp, "browser.docx");
    const cliDocx = path.join(tmp, "cli.docx");
    await download.saveAs(browserDocx);
    t.diagnostic(`download dialogs: ${JSON.stringify(dialogs.slice(before))}`);
    await renderWithCli(draft, path.join(tmp, "draft.json"), cliDocx);

    const { [browserDocx]: b, [cliDocx]: c } = readDocx(browserDocx, cliDocx);
    const text = b.paragraphs.join("\n");
    assert.ok(text.includes(`${NEW_HOST} đã tiếp 130 lượt`) && text.includes(NEW_TASK),
      "the downloaded .docx has the edits of step 3");
    const i = b.paragraphs.findIndex((p, k) => p !== c.paragraphs[k]);
    assert.ok(i < 0 && b.paragraphs.length === c.paragraphs.length,
      `document text differs from the CLI's at paragraph ${i + 1}:\n  browser: ${b.paragraphs[i]}\n  cli:     ${c.paragraphs[i]}`);
    assert.ok(b.documentXml === c.documentXml, "word/document.xml is identical in both files");
    const diff = [...new Set([...Object.keys(b.entries), ...Object.keys(c.entries)])].filter((e) => b.entries[e] !== c.entries[e]);
    assert.deepEqual(diff, [], "every part of the .docx is identical to the CLI's");
    const [bb, cb] = [await readFile(browserDocx), await readFile(cliDocx)];
    assert.ok(bb.equals(cb), `the .docx files are byte-identical (browser ${bb.length} B, CLI ${cb.length} B)`);
  });

  await step("5. reload: the draft, the step and the preview are intact", async () => {
    // Every step's values before, then settle on step IV and note what it shows.
    const all = async () => {
      const out = {};
      for (const s of steps) {
        await goToStep(page, steps, s.title);
        Object.assign(out, await formValues(page));
      }
      return out;
    };
    const valuesBefore = await all();
    await goToStep(page, steps, title(/^IV\. /));
    const stepBefore = await currentStep(page);
    const formBefore = await formValues(page);
    const previewBefore = await previewText(page);
    const saved = await waitForStoredDraft(page, edited, "the edits of step 3");

    await page.reload({ waitUntil: "load" });
    await appReady(page);
    const stepAfter = await currentStep(page);
    assert.equal(stepAfter.heading, stepBefore.heading, "the same step is open after reload");
    assert.equal(stepAfter.current, stepBefore.current, "the step list marks the same step");
    assert.deepEqual(await formValues(page), formBefore, "the open step's fields are unchanged");
    assert.equal(await previewText(page), previewBefore, "the preview reads the same");
    assert.deepEqual(await readStoredDraft(page), saved, "the saved draft is unchanged");
    assert.deepEqual(await all(), valuesBefore, "every step's fields are unchanged");
  });

  await step("6. “Báo cáo mới” asks first, then gives a blank report for this year", async () => {
    const year = new Date().getFullYear();
    const ask = async (answer) => {
      dialogAnswer = answer;
      const before = dialogs.length;
      await startNewReport(page);
      const d = await waitUntil(() => dialogs[before], Boolean, () => "“Báo cáo mới” asked nothing although a draft exists");
      assert.equal(d.type, "confirm", `“Báo cáo mới” asks with a confirm dialog (got ${d.type}: ${d.message})`);
      dialogAnswer = "accept";
    };
    await ask("dismiss");
    await waitForPreview(page, `${NEW_HOST} đã tiếp 130 lượt`, { around: "đã tiếp" });
    assert.ok(edited(await readStoredDraft(page)), "declining keeps the draft");

    await ask("accept");
    await page.getByRole("status").getByText("Đã bắt đầu báo cáo mới.").waitFor();
    await expectStep(page, steps[0].title, 0, steps.length, { focused: false });
    assert.equal(await page.getByLabel("Năm báo cáo", { exact: true }).inputValue(), String(year), "period year");
    await waitForStoredDraft(page, (d) => valueAt(d, "period.year") === year && !edited(d), `a new draft for ${year}`);

    const problems = [];
    const kept = [];
    for (const [i, s] of steps.entries()) {
      await goToStep(page, steps, s.title);
      for (const c of await formControls(page)) {
        const bodyStep = i > 0 && i < steps.length - 1; // the report's sections I–IV
        if (c.value === "") continue;
        if (c.name === "period.year") continue;
        kept.push(`${c.name}=${c.value}`);
        if (bodyStep) problems.push(`${s.title}: ${c.name} = ${JSON.stringify(c.value.slice(0, 50))}`);
        else if (c.isCount) problems.push(`${s.title}: figure ${c.name} = ${c.value}`);
        else if (OWN_FACTS.includes(c.name)) problems.push(`${s.title}: ${c.name} = ${JSON.stringify(c.value)}`);
      }
    }
    assert.deepEqual(problems, [], `a new report's fields are empty (but the standing texts):\n${fmt(problems)}`);
    t.diagnostic(`new report keeps the standing texts: ${kept.join("; ")}`);
    const text = await previewText(page);
    for (const s of [sample.letterhead.issuer_name, sample.signature.name, NEW_HOST, NEW_TASK])
      assert.ok(!text.includes(s), `the new report's preview does not contain “${s}”`);
    assert.ok(text.includes(`năm ${year}`), `the new report's preview speaks of năm ${year}`);
  });

  await step("7. print: “In” prints, and print media shows only the A4 document", async () => {
    await headerButton(page, "Tải báo cáo mẫu").click(); // a full document to print
    await waitForPreview(page, `UBND huyện Bình Sơn kính báo cáo`);
    // "In" calls the browser's print (stubbed: headless has no print dialog).
    await page.evaluate(() => {
      window.__printed = 0;
      window.print = () => { window.__printed += 1; };
    });
    await headerButton(page, "In").click();
    await waitUntil(() => page.evaluate(() => window.__printed), (n) => n === 1, (n) => `“In” called print() ${n} times`);

    // On screen the preview is an A4 sheet: 210 mm wide, at least 297 mm tall.
    const mm = (x) => (x * 96) / 25.4;
    const sheet = await preview(page).evaluate((el) => {
      const s = getComputedStyle(el);
      return { width: parseFloat(s.width), minHeight: parseFloat(s.minHeight), height: el.offsetHeight };
    });
    assert.ok(Math.abs(sheet.width - mm(210)) < 1, `preview sheet is 210 mm wide (${sheet.width}px)`);
    assert.ok(Math.abs(sheet.minHeight - mm(297)) < 1, `preview sheet is at least 297 mm tall (${sheet.minHeight}px)`);

    await page.emulateMedia({ media: "print" });
    try {
      const visible = async (loc) => loc.isVisible();
      const shown = {
        header: await visible(page.getByRole("banner")),
        stepList: await visible(page.getByRole("navigation", { name: "Các phần của báo cáo" })),
        form: await visible(page.getByRole("main")),
        previewTitle: await visible(page.getByRole("heading", { name: "Xem trước bản in" })),
        notices: await visible(page.getByRole("status")),
        document: await visible(preview(page)),
      };
      assert.deepEqual(shown, { header: false, stepList: false, form: false, previewTitle: false, notices: false, document: true },
        "print shows the document and nothing else");
      // Nothing visible outside the document: every visible element with text is inside it.
      const strays = await page.evaluate(() => {
        const doc = document.querySelector("article.sheet");
        return [...document.body.querySelectorAll("*")]
          .filter((el) => !doc.contains(el) && !el.contains(doc) && el.checkVisibility() && el.textContent.trim())
          .map((el) => el.outerHTML.slice(0, 80));
      });
      assert.deepEqual(strays, [], "no visible text outside the document in print");

      // The printed pages are A4 (the @page rule), several for the reference report.
      const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: false })).toString("latin1");
      const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [+m[1], +m[2]]);
      assert.ok(boxes.length >= 2, `the reference report prints on several pages (${boxes.length})`);
      const a4 = [595.28, 841.89];
      const off = boxes.filter(([w, h]) => Math.abs(w - a4[0]) > 2 || Math.abs(h - a4[1]) > 2);
      assert.deepEqual(off, [], `every printed page is A4 (${a4.join(" × ")} pt)`);
      t.diagnostic(`printed pages: ${boxes.length}`);
    } finally {
      await page.emulateMedia({ media: "screen" });
    }
  });

  await step("8. nothing left the machine, no script error", async () => {
    const origin = new URL(BAOCAO_URL).origin;
    const foreign = requests.filter((u) => !/^(blob|data):/.test(u) && new URL(u).origin !== origin);
    assert.deepEqual(foreign, [], "no request to another origin");
    assert.deepEqual(errors, [], "no page error or console error");
    const unexpected = dialogs.filter((d) => d.type !== "confirm");
    assert.deepEqual(unexpected, [], "only confirm dialogs");
    t.diagnostic(`flow took ${((Date.now() - started) / 1000).toFixed(1)} s; dialogs: ${dialogs.length}`);
  });
});
