// The tiếp công dân report's 29-column Biểu 01/TCD in the form (issue #12): the grid, driven
// as a person would — by labels and roles, and the keyboard. Starting from the kind's sample
// (opened with "Mở tệp", as a file the CLI wrote), a unit is added and its row filled by
// keyboard only (arrow keys between the cells), the Tổng row is filled with its
// "Tính từ các cột thành phần" buttons, a total is broken (the finding at the cell and in the
// panel) and fixed with its button; the appendix shows on landscape pages in the preview;
// the .docx and the .xlsx (the worker's) download, each the same file as the CLI's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { launch, axe, BAOCAO_URL } from "./lib.mjs";
import { checkedAs, goToStep, headerButton, preview, settled, startNewReport, stepList } from "./helpers/app.mjs";
import { baocao } from "./helpers/cli.mjs";
import { valueAt, waitForStoredDraft } from "./helpers/draft.mjs";
import { libreOfficePages } from "./helpers/pages.mjs";

const TABLE = "reception.figures";
const SAMPLE_UNIT = "UBND xã Hòa An";
const NEW_UNIT = "Thôn Đông";
// The new unit's row, c1…c29: the MS relations hold (1=4+13+22, 2=5+14+23,
// 3=6+7+15+16+24+25) and so do the warnings' (people ≥ visits, …).
const ROW = {
  c1: 6, c2: 8, c3: 5, c4: 3, c5: 4, c6: 2, c7: 1, c8: 0, c9: 0, c10: 0, c11: 0, c12: 1, c13: 2, c14: 3, c15: 1,
  c16: 0, c17: 0, c18: 0, c19: 0, c20: 0, c21: 1, c22: 1, c23: 1, c24: 1, c25: 0, c26: 0, c27: 0, c28: 0, c29: 0,
};
const COLS = Object.keys(ROW);

/** The name of the focused element and its accessible label. */
const focused = (page) => page.evaluate(() => ({
  name: document.activeElement?.getAttribute("name") ?? null,
  label: document.activeElement?.getAttribute("aria-label") ?? null,
}));

async function expectFocus(page, name, what) {
  const pattern = name instanceof RegExp ? name.source : null;
  await page.waitForFunction(([n, p]) => {
    const got = document.activeElement?.getAttribute("name") ?? "";
    return p ? new RegExp(p).test(got) : got === n;
  }, [typeof name === "string" ? name : null, pattern], { timeout: 5000 })
    .catch(async () => assert.fail(`${what}: focus should be on ${name}; it is on ${JSON.stringify(await focused(page))}`));
}

/** axe's violations, one line each ("rule (impact): target …"). */
async function violations(page) {
  const r = await axe(page);
  return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")}`));
}

/** The text of the elements a control's aria-describedby names. */
const description = (locator) => locator.evaluate((el) =>
  (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent.replace(/\s+/g, " ").trim() ?? `[missing #${id}]`).join(" | "));

test("Biểu 01/TCD: fill a unit by keyboard, fix a broken total with its button, download .docx and .xlsx", async (t) => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "baocao-kntc-"));
  t.after(() => rm(tmp, { recursive: true, force: true }));
  const { page, errors, close } = await launch({ viewport: { width: 1366, height: 768 } });
  t.after(close);
  page.on("dialog", (d) => d.accept());
  const step = (name, fn) => t.test(name, fn);

  await step("1. open the tiếp công dân sample from a file; the grid of Biểu 01/TCD", async () => {
    const sample = path.join(tmp, "tiep-cong-dan.baocao.json");
    await writeFile(sample, baocao(["sample", "--kind", "tiep-cong-dan"]));
    await page.goto(BAOCAO_URL);
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), headerButton(page, "Mở tệp").click()]);
    await chooser.setFiles(sample);
    await page.getByText(/Đã mở tệp/).waitFor();
    await settled(page);
    await checkedAs(page, /Không có lỗi hay cảnh báo/);
    await goToStep(page, await stepList(page), "I. Tiếp công dân");

    const table = page.getByRole("table", { name: "Biểu 01/TCD — Kết quả tiếp công dân" });
    await table.waitFor();
    // The merged header: column headers for the groups and the leaves, the MS row.
    for (const h of ["Đơn vị", "Tiếp thường xuyên", "Tiếp định kỳ và đột xuất của Thủ trưởng", "Thủ trưởng tiếp", "Ủy quyền tiếp", "Ghi chú"]) {
      assert.ok(await table.getByRole("columnheader", { name: h, exact: true }).first().isVisible(), `header “${h}”`);
    }
    assert.equal(await table.getByRole("cell", { name: "1=4+13+22", exact: true }).count(), 1, "the MS row");
    // A cell's name is its row and its whole header path, with its column number.
    const c6 = table.getByRole("textbox", { name: `${SAMPLE_UNIT}: Tiếp thường xuyên – Số vụ việc – Tiếp lần đầu (cột 6)`, exact: true });
    assert.equal(await c6.getAttribute("name"), `${TABLE}.units.0.c6`);
    assert.equal(await c6.inputValue(), "29");
    assert.equal(await table.getByRole("textbox").count(), 2 * 30 + 1, "one unit row (name, 29 figures, note) and the Tổng row");
    assert.equal(await table.getByRole("rowheader", { name: "Tổng" }).count(), 1);
    // Total cells have their button, named after the cell.
    assert.ok(await page.getByRole("button", { name: `Tính từ các cột thành phần: ${SAMPLE_UNIT}: Tổng số lượt tiếp (cột 1)`, exact: true }).isVisible());
    assert.ok(await page.getByRole("button", { name: "Tính từ các cột thành phần: Tổng: Tiếp thường xuyên – Số lượt tiếp (cột 4)", exact: true }).isVisible());
    // The header stays at the top and the Đơn vị column at the left of the scrolling box.
    const sticky = await page.evaluate(() => {
      const t = document.querySelector("table.grid.units");
      return { head: getComputedStyle(t.tHead).position, first: getComputedStyle(t.tBodies[0].rows[0].cells[0]).position };
    });
    assert.deepEqual(sticky, { head: "sticky", first: "sticky" });
    assert.deepEqual(await violations(page), [], "axe, the grid");
  });

  await step("2. add a unit and fill its row by keyboard only (arrow keys between cells)", async () => {
    await page.getByRole("button", { name: "Thêm đơn vị" }).focus();
    await page.keyboard.press("Enter");
    await expectFocus(page, `${TABLE}.units.1.unit`, "after Thêm đơn vị");
    assert.equal((await focused(page)).label, "Tên đơn vị, dòng 2");
    await page.keyboard.type(NEW_UNIT);
    for (const c of COLS) {
      await page.keyboard.press("ArrowRight");
      await expectFocus(page, `${TABLE}.units.1.${c}`, `ArrowRight to ${c}`);
      await page.keyboard.type(String(ROW[c]));
    }
    // Up, down and left (from the start of the text) move too; Tab keeps its own order.
    assert.equal((await focused(page)).label, `${NEW_UNIT}: Tiếp định kỳ và đột xuất của Thủ trưởng – Ủy quyền tiếp – Trong đó đoàn đông người – Tiếp nhiều lần (cột 29)`);
    await page.keyboard.press("ArrowDown");
    await expectFocus(page, `${TABLE}.total.c29`, "ArrowDown to the Tổng row");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    await expectFocus(page, `${TABLE}.units.0.c29`, "ArrowUp twice");
    await page.keyboard.press("ArrowLeft"); // the content is selected: it starts at 0
    await expectFocus(page, `${TABLE}.units.0.c28`, "ArrowLeft");
    await page.keyboard.press("Tab");
    await expectFocus(page, `${TABLE}.units.0.c29`, "Tab");

    const draft = await waitForStoredDraft(page, (d) => valueAt(d, `${TABLE}.units.1.c29`) === 0 && valueAt(d, `${TABLE}.units.1.c1`) === 6, "the new unit's row");
    assert.equal(valueAt(draft, `${TABLE}.units.1.unit`), NEW_UNIT);
    for (const c of COLS) assert.equal(valueAt(draft, `${TABLE}.units.1.${c}`), ROW[c], c);
    // The Tổng row no longer adds up: one finding per column the new unit changed.
    await settled(page);
    await checkedAs(page, /\d+ lỗi/);
  });

  await step("3. fill the Tổng row with its buttons “Tính từ các cột thành phần”", async () => {
    const buttons = page.getByRole("button", { name: /^Tính từ các cột thành phần: Tổng: / });
    assert.equal(await buttons.count(), 29, "one button per figure of the Tổng row");
    for (let i = 0; i < 29; i++) await buttons.nth(i).click();
    await settled(page);
    await checkedAs(page, /Không có lỗi hay cảnh báo/);
    const total = page.getByRole("textbox", { name: "Tổng: Tổng số lượt tiếp (cột 1)", exact: true });
    assert.equal(await total.inputValue(), "62");
  });

  const c1 = page.getByRole("textbox", { name: `${NEW_UNIT}: Tổng số lượt tiếp (cột 1)`, exact: true });
  await step("4. break a total: the finding at the cell and in the panel", async () => {
    await c1.fill("7");
    await settled(page);
    await checkedAs(page, /^2 lỗi$/);
    assert.equal(await c1.getAttribute("aria-invalid"), "true");
    const said = await description(c1);
    assert.match(said, /Thôn Đông: cột \[1\] tổng số lượt tiếp \(7\) khác \[4\] \(3\) \+ \[13\] \(2\) \+ \[22\] \(1\) = 6; chênh lệch 1 lượt\./);
    assert.match(said, /Dòng Tổng, cột \[1\] tổng số lượt tiếp \(62\) khác/);
    // The cell shows the numbers of the findings naming it.
    assert.match(await c1.locator("xpath=ancestor::td").innerText(), /Lỗi \(1, 2\)/);
    assert.deepEqual(await violations(page), [], "axe, the grid with its findings");
    // In the panel: choosing the finding goes to the cell.
    await page.getByRole("button", { name: "Xem danh sách cần xem lại" }).click();
    const finding = page.getByRole("button", { name: /Thôn Đông: cột \[1\] tổng số lượt tiếp \(7\)/ });
    await finding.click();
    await expectFocus(page, `${TABLE}.units.1.c1`, "the panel's finding");
  });

  await step("5. fix it with its button (keyboard: Tab to it, Enter)", async () => {
    await page.keyboard.press("Tab");
    assert.equal((await focused(page)).label, `Tính từ các cột thành phần: ${NEW_UNIT}: Tổng số lượt tiếp (cột 1)`);
    await page.keyboard.press("Enter");
    await settled(page);
    await checkedAs(page, /Không có lỗi hay cảnh báo/);
    assert.equal(await c1.inputValue(), "6");
    assert.equal(await c1.getAttribute("aria-invalid"), null);
  });

  await step("6. the preview shows the appendix on a landscape page, with the new unit", async () => {
    const pages = preview(page).getByRole("group", { name: /^Trang \d+$/ });
    await page.waitForFunction((u) => [...document.querySelectorAll(".page.landscape")].some((p) => p.textContent.includes(u)), NEW_UNIT);
    const landscape = page.locator(".page.landscape");
    assert.equal(await landscape.count(), 2, "Phụ lục 01 (Biểu 01/TCD) and Phụ lục 02 (Biểu 01/XLD), one page each");
    const first = landscape.first();
    const text = await first.innerText();
    for (const s of ["PHỤ LỤC 01", "Biểu số 01/TCD", "TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN", "Số liệu tính từ ngày", "1=4+13+22", NEW_UNIT, "Tổng"]) {
      assert.ok(text.includes(s), `the appendix page shows “${s}”`);
    }
    const box = await first.boundingBox();
    assert.ok(box.width > box.height * 1.3, `landscape (${box.width}×${box.height})`);
    const count = await pages.count();
    assert.match(await page.locator(".page-count").innerText(), new RegExp(`^${count} trang$`));
  });

  await step("7. download the .docx and the .xlsx: each arrives, the same file as the CLI's", async () => {
    const draft = await waitForStoredDraft(page, (d) => valueAt(d, `${TABLE}.units.1.c1`) === 6, "the fixed total");
    const draftPath = path.join(tmp, "draft.json");
    await writeFile(draftPath, JSON.stringify(draft));
    for (const [button, ext] of [["Tải về .docx", "docx"], ["Tải biểu số liệu (.xlsx)", "xlsx"]]) {
      const [download] = await Promise.all([page.waitForEvent("download", { timeout: 30000 }), headerButton(page, button).click()]);
      const name = download.suggestedFilename();
      assert.match(name, new RegExp(`^BC-UBND-tiep-cong-dan-.*\\.${ext}$`), `${button}: ${name}`);
      const file = path.join(tmp, `browser.${ext}`);
      await download.saveAs(file);
      const bytes = await readFile(file);
      assert.ok(bytes.length > 1000 && bytes.subarray(0, 2).toString() === "PK", `${name}: a zip of ${bytes.length} B`);
      const cli = path.join(tmp, `cli.${ext}`);
      baocao(["render", draftPath, "--format", ext, "-o", cli]);
      const cliBytes = await readFile(cli);
      assert.ok(bytes.equals(cliBytes), `${name}: the same bytes as the CLI's (browser ${bytes.length} B, CLI ${cliBytes.length} B)`);
    }
    // The preview has as many pages as LibreOffice prints of the .docx, the appendices' too,
    // and each appendix page starts with its heading in both.
    const [lo] = libreOfficePages(path.join(tmp, "browser.docx"));
    const shown = await page.locator(".page-count").innerText();
    assert.equal(shown, `${lo.length} trang`, `the preview's count, LibreOffice printed ${lo.length} pages`);
    const loAppendix = lo.map((p, i) => [i + 1, p[0]]).filter(([, first]) => /^PHỤ LỤC \d+$/.test(first ?? ""));
    const previewAppendix = await page.locator(".page.landscape").evaluateAll((ps) =>
      ps.map((p) => [Number(p.getAttribute("aria-label").replace("Trang ", "")), p.querySelector(".ax-heading")?.textContent ?? null]));
    assert.deepEqual(previewAppendix, loAppendix, "the appendices start on the same pages");
  });

  await step("8. keystroke → findings on the 29-column table (timing, printed)", async () => {
    // Each keystroke in a cell of the new unit: from the keydown to the panel no longer
    // aria-busy (the worker's findings for that draft are shown).
    const cell = page.getByRole("textbox", { name: `${NEW_UNIT}: Tiếp định kỳ và đột xuất của Thủ trưởng – Ủy quyền tiếp – Trong đó đoàn đông người – Tiếp nhiều lần (cột 29)`, exact: true });
    await cell.focus();
    await page.keyboard.press("End");
    const times = [];
    for (let i = 0; i < 12; i++) {
      await settled(page);
      await page.evaluate(() => {
        const panel = document.querySelector("section.checks");
        window.__keystroke = new Promise((resolve) => {
          let t0 = null;
          let busy = null;
          document.addEventListener("keydown", () => { t0 = performance.now(); }, { once: true, capture: true });
          const mo = new MutationObserver(() => {
            if (t0 !== null && busy === null && panel.hasAttribute("aria-busy")) busy = performance.now() - t0;
            if (t0 !== null && !panel.hasAttribute("aria-busy")) {
              mo.disconnect();
              resolve([performance.now() - t0, busy]);
            }
          });
          mo.observe(panel, { attributes: true, attributeFilter: ["aria-busy"] });
        });
      });
      await page.keyboard.press(i % 2 ? "Backspace" : "1");
      times.push(await page.evaluate(() => window.__keystroke));
    }
    const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
    const all = times.map((t) => t[0]);
    const first = times.map((t) => t[1] ?? NaN);
    console.log(`keystroke → findings on Biểu 01/TCD (2 units, 29 columns), median of ${times.length}: ${median(all).toFixed(1)} ms ` +
      `(the keystroke's own render ${median(first).toFixed(1)} ms; min ${Math.min(...all).toFixed(1)}, max ${Math.max(...all).toFixed(1)})`);
    await settled(page);
    assert.equal(await cell.inputValue(), "0");
  });

  assert.deepEqual(errors, []);
});

test("the kind picked in “Báo cáo mới”: the blank Biểu 01/TCD grid, a unit added by keyboard, a figure typed and checked", async (t) => {
  const { page, errors, close } = await launch({ viewport: { width: 1366, height: 768 } });
  t.after(close);
  await page.goto(BAOCAO_URL);
  await startNewReport(page, "Báo cáo công tác tiếp công dân, xử lý đơn, giải quyết khiếu nại, tố cáo");
  await page.getByText("Đã bắt đầu báo cáo mới.").waitFor();
  await goToStep(page, await stepList(page), "I. Tiếp công dân");
  const table = page.getByRole("table", { name: "Biểu 01/TCD — Kết quả tiếp công dân" });
  await table.waitFor();
  assert.equal(await table.getByRole("rowheader", { name: "Tổng" }).count(), 1, "the Tổng row");
  const before = await table.getByRole("textbox").count();
  await page.getByRole("button", { name: "Thêm đơn vị" }).focus();
  await page.keyboard.press("Enter");
  await expectFocus(page, new RegExp(`^${TABLE}\\.units\\.\\d+\\.unit$`), "after Thêm đơn vị");
  assert.equal(await table.getByRole("textbox").count(), before + 31, "a unit row: its name, 29 figures, its note");
  await page.keyboard.type(NEW_UNIT);
  await page.keyboard.press("ArrowRight");
  await page.keyboard.type("5");
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
  await expectFocus(page, new RegExp(`^${TABLE}\\.units\\.\\d+\\.c4$`), "ArrowRight to column 4");
  await page.keyboard.type("3");
  await settled(page);
  const c1 = table.getByRole("textbox", { name: `${NEW_UNIT}: Tổng số lượt tiếp (cột 1)`, exact: true });
  assert.equal(await c1.inputValue(), "5");
  await checkedAs(page, /\d+ lỗi/);
  // The row's other figures are still to enter: each empty cell says so, at the cell.
  const c2 = table.getByRole("textbox", { name: `${NEW_UNIT}: Tổng số người được tiếp (cột 2)`, exact: true });
  assert.match(await description(c2), /Chưa nhập/);
  assert.equal(await c2.getAttribute("aria-invalid"), "true");
  assert.deepEqual(errors, []);
});
