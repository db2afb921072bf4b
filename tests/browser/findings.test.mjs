// The consistency findings in the form (issue #3 §3): next to the fields they name (linked
// with aria-describedby, aria-invalid for errors), counted per step, listed in the panel
// "Kiểm tra số liệu" (choosing one focuses its field), announced politely once typing stops,
// and asked about before a download. Also measures keystroke → findings and preview updated.
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, BAOCAO_URL } from "./lib.mjs";
import { checkedAs, previewLaidOut, settled, stepButton } from "./helpers/app.mjs";

/** The sum message of the broken reception figures (periodic visits 11 → 10). */
const SUM = /Tổng số lượt tiếp \(124\) khác tiếp thường xuyên \(113\) \+ tiếp định kỳ, đột xuất \(10\) = 123; chênh lệch 1 lượt\./;
const PERIODIC_VISITS = /Tiếp định kỳ và đột xuất, Lượt$/;
const TOTAL_VISITS = /Tổng số, Lượt$/;

/** A fresh browser on the app with the reference report loaded and checked (its one warning). */
async function withSample(t, options = {}) {
  const b = await launch(options);
  t.after(b.close);
  await b.page.goto(BAOCAO_URL);
  await b.page.getByRole("button", { name: "Tải báo cáo mẫu" }).click();
  await b.page.getByText("Đã tải báo cáo mẫu.").waitFor();
  await checkedAs(b.page, /^1 cảnh báo$/);
  return b;
}


/** The text of the elements a control's aria-describedby names, "" when none. */
function description(locator) {
  return locator.evaluate((el) =>
    (el.getAttribute("aria-describedby") || "")
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => {
        const d = document.getElementById(id);
        return d ? d.textContent.replace(/\s+/g, " ").trim() : `[missing #${id}]`;
      })
      .join(" | "),
  );
}

/** Resolves with the text the live region settles on, and how long after `since` it changed. */
function nextAnnouncement(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const region = document.getElementById("checks-live");
        const t0 = performance.now();
        const mo = new MutationObserver(() => {
          mo.disconnect();
          resolve({ text: region.textContent, after: performance.now() - t0 });
        });
        mo.observe(region, { childList: true, characterData: true, subtree: true });
      }),
  );
}

test("a broken sum shows next to its figures, in the step list and the panel, and goes away when fixed", async (t) => {
  const { page, errors } = await withSample(t);
  const live = page.locator("#checks-live");
  // Exactly one live region speaks for the findings (the other one is the notices'); the
  // messages next to the fields are not live.
  assert.equal(await page.locator("[aria-live]").count(), 2, "the notices and the findings' region");
  assert.equal(await live.getAttribute("aria-live"), "polite");
  assert.equal(await page.locator(".msgs [aria-live], [aria-live] .msgs").count(), 0);
  // Loading the sample took the blank report's errors away: said once, a moment later.
  await page.waitForFunction(() => document.getElementById("checks-live").textContent.startsWith("Không còn lỗi; còn 1 cảnh báo."));

  await stepButton(page, "II.4.a Tiếp công dân").click();
  await page.getByRole("heading", { level: 2, name: "II.4.a Tiếp công dân" }).waitFor();
  const periodic = page.getByLabel(PERIODIC_VISITS);
  const total = page.getByLabel(TOTAL_VISITS);
  assert.equal(await periodic.inputValue(), "11");
  assert.equal(await periodic.getAttribute("name"), "reception.figures.periodic.visits");
  assert.equal(await periodic.getAttribute("aria-invalid"), null);
  assert.doesNotMatch(await description(periodic), SUM);

  const announced = nextAnnouncement(page);
  await periodic.fill("10");
  await settled(page);

  // Next to every figure the sum names, with the severity in words; errors mark the control.
  for (const cell of [periodic, total, page.getByLabel(/Tiếp thường xuyên, Lượt$/)]) {
    assert.match(await description(cell), new RegExp(`Lỗi: ${SUM.source}`));
    assert.equal(await cell.getAttribute("aria-invalid"), "true");
  }
  // The message is on the page, once under the table, and the cells show its number.
  await assert.doesNotReject(page.locator(".t-table .msgs").getByText(SUM).waitFor());
  assert.equal(await page.locator("main .t-table").getByText(SUM).count(), 1);
  assert.match(await periodic.locator("xpath=..").innerText(), /Lỗi \(1, 2\)/);
  // The periodic row now has more cases than visits: a warning, without aria-invalid on its cell.
  const periodicCases = page.getByLabel(/Tiếp định kỳ và đột xuất, Vụ việc$/);
  assert.match(await description(periodicCases), /Cảnh báo: Số vụ việc .* lớn hơn số lượt \(10\)/);
  assert.equal(await periodicCases.getAttribute("aria-invalid"), null);

  // The step list counts them, visibly and in the button's name.
  const step = stepButton(page, "II.4.a Tiếp công dân");
  assert.match(await step.getAttribute("aria-label"), /^II\.4\.a Tiếp công dân, Đã xong, 1 lỗi, 1 cảnh báo$/);
  assert.match(await step.innerText(), /1 lỗi\s+1 cảnh báo/);
  assert.equal(await stepButton(page, "Thông tin chung").getAttribute("aria-label"), "Thông tin chung, Đã xong");

  // The panel: the total, and (opened) every finding, errors first.
  const panel = page.getByRole("region", { name: "Kiểm tra số liệu" });
  assert.match(await panel.locator(".checks-count").innerText(), /1 lỗi\s+2 cảnh báo/);
  const toggle = panel.getByRole("button", { name: "Xem danh sách cần xem lại" });
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  await toggle.click();
  assert.equal(await panel.getByRole("button", { name: "Ẩn danh sách" }).getAttribute("aria-expanded"), "true");
  const items = panel.getByRole("listitem");
  assert.equal(await items.count(), 3);
  assert.match(await items.nth(0).innerText(), /^Lỗi: /);
  assert.match(await items.nth(1).innerText(), /^Cảnh báo: /);
  assert.match(await items.nth(2).innerText(), /^Cảnh báo: /);

  // The live region: one short summary, about a second after the last keystroke.
  const said = await announced;
  assert.equal(said.text, "Có 1 lỗi, 2 cảnh báo.");
  assert.ok(said.after >= 900, `announced ${said.after} ms after typing, expected ≥ ~1 s`);

  // Choosing the finding from another step opens its step and focuses the first field it names.
  await stepButton(page, "Thông tin chung").click();
  await page.getByRole("heading", { level: 2, name: "Thông tin chung" }).waitFor();
  await panel.getByRole("button", { name: SUM }).click();
  await page.getByRole("heading", { level: 2, name: "II.4.a Tiếp công dân" }).waitFor();
  await page.waitForFunction(() => document.activeElement?.name === "reception.figures.total.visits");
  assert.ok(await total.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  }), "the field is scrolled into view");

  // Fix it: gone everywhere, and the live region says so.
  const cleared = nextAnnouncement(page);
  await periodic.fill("11");
  await settled(page);
  for (const cell of [periodic, total]) {
    assert.equal(await cell.getAttribute("aria-invalid"), null);
    assert.doesNotMatch(await description(cell), SUM);
  }
  assert.equal(await page.getByText(SUM).count(), 0);
  assert.equal(await step.getAttribute("aria-label"), "II.4.a Tiếp công dân, Đã xong");
  assert.match(await panel.locator(".checks-count").innerText(), /^1 cảnh báo$/);
  assert.equal((await cleared).text, "Không còn lỗi; còn 1 cảnh báo.");
  assert.deepEqual(errors, []);
});

test("findings show at list items and record columns", async (t) => {
  const { page, errors } = await withSample(t);
  // The reference report's one warning: a recipient line without ";" (recipients.cc.6).
  await stepButton(page, "Nơi nhận và chữ ký").click();
  const cc6 = page.locator('[name="recipients.cc.6"]');
  assert.match(await description(cc6), /^Cảnh báo: Dòng Nơi nhận “UBND các xã, thị trấn” nên kết thúc bằng “;”\./);
  assert.equal(await cc6.getAttribute("aria-invalid"), null);
  assert.match(await stepButton(page, "Nơi nhận và chữ ký").getAttribute("aria-label"), /, 1 cảnh báo$/);
  // Its help stays linked too.
  const cc0 = page.locator('[name="recipients.cc.0"]');
  assert.doesNotMatch(await description(cc0), /Cảnh báo|Lỗi/);

  // A cited document's number in the wrong form: at that record's column.
  await stepButton(page, "II.5 Kỷ luật, kỷ cương").click();
  const number = page.getByLabel(/^Văn bản thực hiện 1 — Số, ký hiệu$/);
  assert.equal(await number.getAttribute("name"), "discipline.citations.0.number");
  const before = await description(number);
  assert.match(before, /Ví dụ: 26\/CT-TTg/, "the help text stays in the description");
  await number.fill("26 CT TTg");
  await settled(page);
  assert.equal(await number.getAttribute("aria-invalid"), "true");
  const after = await description(number);
  assert.match(after, /Ví dụ: 26\/CT-TTg/);
  assert.match(after, /Lỗi: /);
  const msg = page.locator(`#${(await number.getAttribute("aria-describedby")).split(" ").find((id) => id.endsWith("--msg"))}`);
  assert.ok(await msg.isVisible(), "the message is shown next to the field");
  assert.match(await stepButton(page, "II.5 Kỷ luật, kỷ cương").getAttribute("aria-label"), /, \d+ lỗi/);
  assert.deepEqual(errors, []);
});

test("findings about a whole list or table show at that list or table", async (t) => {
  // A new report: its required lists and tables are empty.
  const { page, errors, close } = await launch();
  t.after(close);
  await page.goto(BAOCAO_URL);
  await page.getByRole("heading", { level: 2, name: "Thông tin chung" }).waitFor();
  await settled(page);

  await stepButton(page, "II.1 Quản lý nhà nước").click();
  const list = page.getByRole("group", { name: "Nội dung" });
  assert.equal(await list.getAttribute("data-field"), "governance.paragraphs");
  assert.match(await description(list), /Lỗi: Chưa nhập “Nội dung”/);
  assert.ok(await list.locator(".msgs").getByText(/Chưa nhập “Nội dung”/).isVisible());
  // The (empty) first paragraph tells it too, without being marked invalid itself.
  const first = page.locator('[name="governance.paragraphs.0"]');
  assert.match(await description(first), /Lỗi: Chưa nhập “Nội dung”/);
  assert.equal(await first.getAttribute("aria-invalid"), null);
  assert.match(await stepButton(page, "II.1 Quản lý nhà nước").getAttribute("aria-label"), /, 1 lỗi$/);

  await stepButton(page, "II.4.b Khiếu nại, tố cáo").click();
  const table = page.getByRole("table", { name: /Số liệu giải quyết đơn thư/ });
  assert.match(await description(table), /\(1\) Lỗi: Chưa nhập “Số liệu giải quyết đơn thư/);
  assert.ok(await page.locator(".t-table .msgs").getByText(/Chưa nhập “Số liệu giải quyết đơn thư/).isVisible());
  const cell = page.getByLabel(/Khiếu nại, Số đơn$/);
  assert.match(await description(cell), /Chưa nhập “Số liệu giải quyết đơn thư/);
  // Typing one figure of a row: the table is no longer empty; the row's other figures are due.
  await cell.fill("3");
  await settled(page);
  assert.doesNotMatch(await description(table), /Chưa nhập “Số liệu giải quyết đơn thư/);
  const cases = page.getByLabel(/Khiếu nại, Số vụ$/);
  assert.match(await description(cases), /Lỗi: Chưa nhập “Số liệu giải quyết đơn thư thuộc thẩm quyền — Khiếu nại, Số vụ”/);
  assert.equal(await cases.getAttribute("aria-invalid"), "true");
  assert.deepEqual(errors, []);
});

test("downloading with errors asks first, with the count; no silent block, no silent pass", async (t) => {
  const { page, errors } = await withSample(t);
  const download = page.getByRole("button", { name: "Tải về .docx" });

  // The reference report has no error: no question, the file comes.
  let asked = 0;
  page.on("dialog", () => asked++);
  const [clean] = await Promise.all([page.waitForEvent("download"), download.click()]);
  assert.match(clean.suggestedFilename(), /\.docx$/);
  assert.equal(asked, 0);
  page.removeAllListeners("dialog");

  await stepButton(page, "II.4.a Tiếp công dân").click();
  await page.getByLabel(PERIODIC_VISITS).fill("10");
  await settled(page);

  // Dismissed: nothing is downloaded, and the page says why.
  const messages = [];
  page.once("dialog", (d) => {
    messages.push([d.type(), d.message()]);
    d.dismiss();
  });
  let downloaded = false;
  page.once("download", () => (downloaded = true));
  await download.click();
  assert.deepEqual(messages, [["confirm", "Báo cáo còn 1 lỗi. Vẫn tải về?"]]);
  await page.getByText(/Chưa tải về: báo cáo còn 1 lỗi/).waitFor();
  await page.waitForTimeout(500);
  assert.equal(downloaded, false);

  // Accepted: the file comes.
  page.once("dialog", (d) => {
    messages.push([d.type(), d.message()]);
    d.accept();
  });
  const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
  assert.equal(messages.length, 2);
  assert.match(file.suggestedFilename(), /\.docx$/);
  assert.ok((await file.path()) !== null);
  assert.deepEqual(errors, []);
});

test("a new report shows what is missing step by step, and all of it once a download is tried", async (t) => {
  const { page, errors, close } = await launch();
  t.after(close);
  await page.goto(BAOCAO_URL);
  await page.getByRole("heading", { level: 2, name: "Thông tin chung" }).waitFor();
  await settled(page);
  const label = (title) => stepButton(page, title).getAttribute("aria-label");
  const errorCount = async () => Number((await page.locator(".checks-count").innerText()).match(/(\d+) lỗi/)?.[1] ?? 0);

  // Steps not opened yet: empty ("Chưa nhập"), not yet counted as errors.
  assert.equal(await label("II.4.b Khiếu nại, tố cáo"), "II.4.b Khiếu nại, tố cáo, Chưa nhập");
  assert.equal(await label("IV. Nhiệm vụ kỳ tới"), "IV. Nhiệm vụ kỳ tới, Chưa nhập");
  const atStart = await errorCount();

  // Opening a step shows what it misses, and it stays shown after leaving it.
  await stepButton(page, "II.1 Quản lý nhà nước").click();
  await settled(page);
  await page.waitForFunction(() => /, 1 lỗi$/.test(document.querySelector('nav [aria-current="step"]')?.getAttribute("aria-label") ?? ""));
  await stepButton(page, "Thông tin chung").click();
  await settled(page);
  assert.match(await label("II.1 Quản lý nhà nước"), /, 1 lỗi$/);
  assert.equal(await errorCount(), atStart + 1);

  // A download tried: the question counts every error, and from then on every step shows its own.
  const messages = [];
  page.once("dialog", (d) => {
    messages.push(d.message());
    d.dismiss();
  });
  await page.getByRole("button", { name: "Tải về .docx" }).click();
  assert.equal(messages.length, 1);
  const all = Number(messages[0].match(/còn (\d+) lỗi/)[1]);
  assert.ok(all > atStart + 1, `${all} errors in all, ${atStart + 1} shown before`);
  await page.waitForFunction(() => /lỗi/.test(document.querySelector('nav button[aria-label^="II.4.b"]')?.getAttribute("aria-label") ?? ""));
  await settled(page);
  assert.equal(await errorCount(), all);
  assert.deepEqual(errors, []);
});

/**
 * Median time, over `n` keystrokes in the figure `name`, from the input event to: the DOM
 * updated (preview, and findings: they come back from the worker a moment later), style and
 * layout done, and the next frame's paint. Each keystroke flips the figure between its value
 * and value + 1, so the preview's text and the findings change every time.
 */
async function keystrokes(page, name, n = 20) {
  return page.evaluate(
    async ({ name, n }) => {
      const el = document.querySelector(`[name="${name}"]`);
      const sheet = document.querySelector(".sheet");
      const panel = document.querySelector(".checks");
      const base = Number(el.value.replace(/\D/g, ""));
      const idle = () => new Promise((r) => setTimeout(r, 30));
      const rows = [];
      for (let i = 0; i < n; i++) {
        await idle();
        const value = String(base + ((i + 1) % 2));
        const before = panel.textContent;
        const grouped = value.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
        let sheetAt = null;
        let panelAt = null;
        let mo;
        // Both updated (or given up on after 2 s: `changed` below then fails the test).
        const updated = new Promise((resolve) => {
          const look = () => {
            const now = performance.now();
            if (sheetAt === null && sheet.textContent.includes(grouped)) sheetAt = now;
            if (panelAt === null && panel.textContent !== before) panelAt = now;
            if (sheetAt !== null && panelAt !== null) resolve();
          };
          mo = new MutationObserver(look);
          mo.observe(document.body, { subtree: true, childList: true, characterData: true });
          setTimeout(resolve, 2000);
        });
        const t0 = performance.now();
        el.value = value;
        el.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: value.slice(-1) }));
        await updated;
        const dom = Math.max(sheetAt ?? Infinity, panelAt ?? Infinity) - t0;
        void document.body.offsetHeight; // style + layout
        const layout = performance.now() - t0;
        const frame = await new Promise((r) =>
          requestAnimationFrame(() => {
            const c = new MessageChannel();
            c.port1.onmessage = () => r(performance.now() - t0); // after the frame's paint
            c.port2.postMessage(0);
          }),
        );
        mo.disconnect();
        const changed = sheet.textContent.includes(`${grouped} lượt`) && panel.textContent !== before;
        rows.push({ dom, layout, frame, changed });
      }
      // Leave the figure as it was.
      el.value = String(base);
      el.dispatchEvent(new InputEvent("input", { bubbles: true }));
      const median = (xs) => {
        const s = [...xs].sort((a, b) => a - b);
        return s[Math.floor(s.length / 2)];
      };
      return {
        n,
        allChanged: rows.every((r) => r.changed),
        dom: median(rows.map((r) => r.dom)),
        layout: median(rows.map((r) => r.layout)),
        frame: median(rows.map((r) => r.frame)),
      };
    },
    { name, n },
  );
}

test("keystroke → findings and preview updated (timing, printed)", async (t) => {
  const { page, errors } = await withSample(t, { viewport: { width: 1280, height: 900 } });
  await stepButton(page, "II.4.a Tiếp công dân").click();
  const field = "reception.figures.periodic.visits";
  const reference = await keystrokes(page, field);

  // A report holding 100 × the reference report's figures (a province summing its
  // communes): the stored draft with every figure × 100, loaded at start-up. "pagehide"
  // first saves any change still waiting for the autosave delay (as leaving the page does)
  // and stops its timer, so nothing can overwrite the seed before the reload reads it.
  await page.evaluate(() => {
    window.dispatchEvent(new Event("pagehide"));
    // The draft this tab has open (docs/draft-format.md, "Drafts in the browser").
    const key = "baocao.draft." + sessionStorage.getItem("baocao.current");
    const rec = JSON.parse(localStorage.getItem(key));
    const times100 = (v, key) => {
      if (typeof v === "number") return key === "year" ? v : v * 100;
      if (Array.isArray(v)) return v.map((x) => times100(x));
      if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, times100(x, k)]));
      return v;
    };
    for (const k of ["reception", "cases"]) rec.draft[k] = times100(rec.draft[k]);
    localStorage.setItem(key, JSON.stringify(rec));
  });
  await page.reload();
  await page.getByRole("heading", { level: 2, name: "II.4.a Tiếp công dân" }).waitFor();
  assert.equal(await page.locator(`[name="${field}"]`).inputValue(), "1100");
  await checkedAs(page, /^1 cảnh báo$/); // × 100 keeps the sums
  // The preview's pages may come after the findings: wait for them too.
  await previewLaidOut(page);
  const big = await keystrokes(page, field);

  const fmt = (r) => `DOM ${r.dom.toFixed(2)} ms, + style/layout ${r.layout.toFixed(2)} ms, next frame painted ${r.frame.toFixed(2)} ms`;
  console.log(`keystroke → findings + preview, median of ${reference.n} (reference report): ${fmt(reference)}`);
  console.log(`keystroke → findings + preview, median of ${big.n} (100 × figures):        ${fmt(big)}`);
  assert.ok(reference.allChanged && big.allChanged, "every keystroke changed the preview and the findings");
  assert.deepEqual(errors, []);
});
