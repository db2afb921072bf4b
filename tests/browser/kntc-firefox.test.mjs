// The Biểu 01/TCD grid in Firefox ESR (puppeteer-core over WebDriver BiDi, helpers/firefox.mjs),
// short: the tiếp công dân sample opened from a file, a cell found by its full accessible
// name, the arrow keys moving between cells, a total broken (the finding at the cell) and
// filled again from its button "Tính từ các cột thành phần", and the .xlsx download the
// same file as the CLI's. The whole story in Chromium is kntc.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { BAOCAO_URL } from "./helpers/env.mjs";
import { checkedAs, settled, waitUntil } from "./helpers/page.mjs";
import { byRole, goToStep, headerButton, launchFirefox, stepList, textbox } from "./helpers/firefox.mjs";
import { baocao } from "./helpers/cli.mjs";
import { valueAt, waitForStoredDraft } from "./helpers/draft.mjs";

const UNIT = "UBND xã Hòa An";
const C1 = `${UNIT}: Tổng số lượt tiếp (cột 1)`;

const focusedName = (page) => page.evaluate(() => document.activeElement?.getAttribute("name") ?? null);

test("Firefox: the Biểu 01/TCD grid — names, arrow keys, a broken total fixed by its button, .xlsx = CLI", async (t) => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "baocao-kntc-ff-"));
  t.after(() => rm(tmp, { recursive: true, force: true }));
  const { page, errors, offMachine, downloads, close } = await launchFirefox({ viewport: { width: 1366, height: 768 } });
  t.after(close);
  page.on("dialog", (d) => d.accept());

  const sample = path.join(tmp, "tiep-cong-dan.baocao.json");
  await writeFile(sample, baocao(["sample", "--kind", "tiep-cong-dan"]));
  await page.goto(BAOCAO_URL);
  const [chooser] = await Promise.all([page.waitForFileChooser(), (await headerButton(page, "Mở tệp")).click()]);
  await chooser.accept([sample]);
  await settled(page);
  await checkedAs(page, /Không có lỗi hay cảnh báo/);
  await goToStep(page, await stepList(page), "I. Tiếp công dân");

  // A cell by its name: the row and the whole header path.
  const c6 = await textbox(page, `${UNIT}: Tiếp thường xuyên – Số vụ việc – Tiếp lần đầu (cột 6)`);
  assert.equal(await c6.evaluate((el) => el.name), "reception.figures.units.0.c6");
  // Arrow keys: right from the end of the text, down to the Tổng row, up again.
  await c6.focus();
  await page.keyboard.press("End");
  await page.keyboard.press("ArrowRight");
  await waitUntil(() => focusedName(page), (n) => n === "reception.figures.units.0.c7", (n) => `ArrowRight: focus on ${n}`);
  await page.keyboard.press("ArrowDown");
  await waitUntil(() => focusedName(page), (n) => n === "reception.figures.total.c7", (n) => `ArrowDown: focus on ${n}`);
  await page.keyboard.press("ArrowUp");
  await waitUntil(() => focusedName(page), (n) => n === "reception.figures.units.0.c7", (n) => `ArrowUp: focus on ${n}`);

  // Break a total; the finding at the cell; fill it from its button.
  const c1 = await textbox(page, C1);
  await c1.click({ count: 3 });
  await page.keyboard.type("57");
  await settled(page);
  await checkedAs(page, /^2 lỗi$/);
  assert.equal(await c1.evaluate((el) => el.getAttribute("aria-invalid")), "true");
  const said = await c1.evaluate((el) => el.getAttribute("aria-describedby").split(" ").map((id) => document.getElementById(id)?.textContent).join(" | "));
  assert.match(said, /cột \[1\] tổng số lượt tiếp \(57\) khác \[4\] \(40\) \+ \[13\] \(12\) \+ \[22\] \(4\) = 56/);
  await (await byRole(page, "button", `Tính từ các cột thành phần: ${C1}`)).click();
  await settled(page);
  await checkedAs(page, /Không có lỗi hay cảnh báo/);
  assert.equal(await c1.evaluate((el) => el.value), "56");

  // The .xlsx, from the worker: the same bytes as the CLI's.
  const draft = await waitForStoredDraft(page, (d) => valueAt(d, "reception.figures.units.0.c1") === 56, "the filled total");
  const draftPath = path.join(tmp, "draft.json");
  await writeFile(draftPath, JSON.stringify(draft));
  const got = await downloads.next(async () => (await headerButton(page, "Tải biểu số liệu (.xlsx)")).click());
  assert.match(got.name, /^BC-UBND-tiep-cong-dan-.*\.xlsx$/);
  const cli = path.join(tmp, "cli.xlsx");
  baocao(["render", draftPath, "--format", "xlsx", "-o", cli]);
  const [b, c] = [await readFile(got.path), await readFile(cli)];
  assert.ok(b.length > 1000 && b.equals(c), `the .xlsx is the CLI's (browser ${b.length} B, CLI ${c.length} B)`);

  assert.deepEqual(offMachine, [], "no request left the machine");
  assert.deepEqual(errors, []);
});
