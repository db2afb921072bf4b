// Accessibility (issue #5 §4): axe-core finds no violation on any step, with the reference
// report and with errors shown; the whole flow works with the keyboard alone and a visible
// focus ring; the layout holds at 360 px and at 200 % zoom, and the preview scales.
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, axe, BAOCAO_URL } from "./lib.mjs";
import { checkedAs, kindPicker, startNewReport } from "./helpers/app.mjs";

/** axe's violations, one line each ("rule (impact): target …"), for a readable failure. */
async function violations(page) {
  const r = await axe(page);
  return r.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}${v.nodes.length > 3 ? " …" : ""}`,
  );
}

function steps(page) {
  return page.getByRole("navigation", { name: "Các phần của báo cáo" }).getByRole("button");
}

async function loadSample(page) {
  await page.getByRole("button", { name: "Tải báo cáo mẫu" }).click();
  await page.getByText("Đã tải báo cáo mẫu.").waitFor();
  await checkedAs(page, /^1 cảnh báo$/);
}

test("axe: no violation on any step, with the reference report and with errors shown", async (t) => {
  const { page, errors, close } = await launch({ viewport: { width: 1280, height: 900 } });
  t.after(close);
  await page.goto(BAOCAO_URL);
  await page.getByRole("heading", { level: 2, name: "Thông tin chung" }).waitFor();
  const found = {};
  const run = async (label) => {
    const v = await violations(page);
    if (v.length) found[label] = v;
  };
  await run("blank report");
  // What is there at start-up is not announced (the live region speaks of changes only).
  await page.waitForTimeout(1200);
  assert.equal(await page.locator("#checks-live").textContent(), "");
  await loadSample(page);
  const n = await steps(page).count();
  assert.ok(n >= 10, `${n} steps`);
  for (let i = 0; i < n; i++) {
    await steps(page).nth(i).click();
    await page.locator("#step-title").waitFor();
    await run(`sample, step ${i + 1}: ${await page.locator("#step-title").innerText()}`);
  }

  // Errors shown: a broken sum (cells, table messages, step counts), a broken citation (record
  // column), the panel opened.
  await page.getByRole("button", { name: /^II\.4\.a Tiếp công dân,/ }).click();
  await page.getByLabel(/Tiếp định kỳ và đột xuất, Lượt$/).fill("10");
  await page.getByRole("button", { name: /^II\.5 Kỷ luật, kỷ cương,/ }).click();
  await page.getByLabel(/^Văn bản thực hiện 1 — Số, ký hiệu$/).fill("26 CT TTg");
  await page.getByRole("button", { name: "Xem danh sách cần xem lại" }).click();
  assert.ok((await page.locator("main .msgs").count()) > 0, "messages shown next to fields");
  for (let i = 0; i < n; i++) {
    await steps(page).nth(i).click();
    await run(`errors shown, step ${i + 1}: ${await page.locator("#step-title").innerText()}`);
  }
  await page.locator(".checks-list button").first().click();
  await run("after choosing a finding");

  // A new, empty report: every required field is an error.
  // The kind picker, first: no violation there either.
  await page.getByRole("button", { name: "Báo cáo mới" }).click();
  await kindPicker(page).waitFor();
  await run("kind picker");
  await page.keyboard.press("Escape");
  await kindPicker(page).waitFor({ state: "detached" });
  page.once("dialog", (d) => d.accept());
  await startNewReport(page);
  await page.getByText("Đã bắt đầu báo cáo mới.").waitFor();
  assert.match(await page.locator(".checks-count").innerText(), /\d+ lỗi/);
  for (let i = 0; i < n; i++) {
    await steps(page).nth(i).click();
    await run(`new report, step ${i + 1}`);
  }
  assert.deepEqual(found, {});
  assert.deepEqual(errors, []);
});

test("contrast: severity texts and badges meet WCAG AA", async (t) => {
  const { page, close } = await launch({ viewport: { width: 1280, height: 900 } });
  t.after(close);
  await page.goto(BAOCAO_URL);
  await loadSample(page);
  await page.getByRole("button", { name: /^II\.4\.a Tiếp công dân,/ }).click();
  await page.getByLabel(/Tiếp định kỳ và đột xuất, Lượt$/).fill("10");
  await page.getByRole("button", { name: "Xem danh sách cần xem lại" }).click();
  // axe's color-contrast rule on the whole page, and on the findings' parts with none left
  // "incomplete" (undecided).
  const r = await axe(page, { runOnly: ["color-contrast"] });
  const scoped = await page.evaluate(async () => {
    const res = await globalThis.axe.run(
      { include: [[".checks"], [".t-table"], [".steps .meta"]] },
      { runOnly: ["color-contrast"] },
    );
    return { violations: res.violations.length, passes: res.passes.flatMap((p) => p.nodes).length, incomplete: res.incomplete.flatMap((p) => p.nodes.map((n) => n.target.join(" "))) };
  });
  assert.equal(r.violations.length, 0);
  assert.equal(scoped.violations, 0);
  assert.ok(scoped.passes > 20, `${scoped.passes} texts checked`);
  assert.deepEqual(scoped.incomplete, [], "every text's contrast could be computed");
  // The badges, computed here too: text on its own background ≥ 4.5:1.
  const ratios = await page.evaluate(() => {
    const rgb = (s) => s.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
    const lum = ([r, g, b]) => {
      const f = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    return [...document.querySelectorAll(".badge")].map((b) => {
      const cs = getComputedStyle(b);
      const [l1, l2] = [lum(rgb(cs.color)), lum(rgb(cs.backgroundColor))].sort((a, b) => b - a);
      return [b.textContent, (l1 + 0.05) / (l2 + 0.05)];
    });
  });
  assert.ok(ratios.length >= 4, JSON.stringify(ratios));
  for (const [text, ratio] of ratios) assert.ok(ratio >= 4.5, `${text}: ${ratio.toFixed(2)}:1`);
});

/** The focused element, described: its tag, name/id, text, and whether a focus ring shows. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const cs = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      name: el.getAttribute("name") ?? "",
      id: el.id,
      text: (el.getAttribute("aria-label") || el.textContent || "").replace(/\s+/g, " ").trim(),
      ring: el.matches(":focus-visible") && cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2,
      outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`,
    };
  });
}

/** Press `key` until the focused element satisfies `pred` (at most `max` times); every
 *  element passed on the way must show a focus ring. */
async function pressUntil(page, key, pred, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    if (f.tag !== "body") assert.ok(f.ring, `no visible focus ring on ${JSON.stringify(f)}`);
    if (pred(f)) return f;
  }
  throw new Error(`${key} × ${max} did not reach the element`);
}

test("keyboard only: load the sample, move through steps, fix an error from the panel, download", async (t) => {
  const { page, errors, close } = await launch({ viewport: { width: 1280, height: 900 } });
  t.after(close);
  await page.goto(BAOCAO_URL);
  await page.getByRole("heading", { level: 2, name: "Thông tin chung" }).waitFor();
  const kb = page.keyboard;

  // Load the sample.
  await pressUntil(page, "Tab", (f) => f.text === "Tải báo cáo mẫu", 5);
  await kb.press("Enter");
  await page.getByText("Đã tải báo cáo mẫu.", { exact: false }).waitFor();

  // Through the steps with the shortcut; focus follows to each step's heading.
  for (let i = 0; i < 5; i++) await kb.press("Alt+PageDown");
  await page.waitForFunction(() => document.activeElement?.id === "step-title");
  assert.equal(await page.locator("#step-title").innerText(), "II.4.a Tiếp công dân");
  assert.equal((await focused(page)).ring, true, "the step heading shows the focus ring");
  await kb.press("Alt+PageUp");
  await kb.press("Alt+PageDown");
  await page.waitForFunction(() => document.activeElement?.textContent === "II.4.a Tiếp công dân");

  // Break a sum in the table.
  await pressUntil(page, "Tab", (f) => f.name === "reception.figures.periodic.visits");
  await kb.press("Control+A");
  await kb.type("10");
  await page.waitForFunction(() => document.activeElement.getAttribute("aria-invalid") === "true");
  await page.waitForFunction(() => document.getElementById("checks-live").textContent === "Có 1 lỗi, 2 cảnh báo.");

  // Back to the panel, open its list (Space), choose the error (Enter).
  await pressUntil(page, "Shift+Tab", (f) => f.text === "Xem danh sách cần xem lại");
  await kb.press("Space");
  const first = await pressUntil(page, "Tab", (f) => f.tag === "button" && f.text.startsWith("Lỗi:"), 3);
  assert.match(first.text, /Tổng số lượt tiếp \(124\) khác/);
  await kb.press("Enter");
  await page.waitForFunction(() => document.activeElement?.name === "reception.figures.total.visits");
  assert.equal((await focused(page)).ring, true, "the field chosen from the panel shows the focus ring");

  // Fix it: the periodic visits back to 11.
  await pressUntil(page, "Tab", (f) => f.name === "reception.figures.periodic.visits", 10);
  await kb.press("Control+A");
  await kb.type("11");
  await page.waitForFunction(() => !document.querySelector("[aria-invalid=true]"));
  assert.doesNotMatch(await page.locator(".checks-count").innerText(), /lỗi/);
  await page.waitForFunction(() => document.getElementById("checks-live").textContent.startsWith("Không còn lỗi"));

  // Download.
  await pressUntil(page, "Shift+Tab", (f) => f.text === "Tải về .docx");
  const [download] = await Promise.all([page.waitForEvent("download"), kb.press("Enter")]);
  assert.match(download.suggestedFilename(), /\.docx$/);
  assert.deepEqual(errors, []);
});

/** Horizontal overflow of the page, and of the preview page inside its column. */
function overflow(page) {
  return page.evaluate(() => {
    const col = document.querySelector(".preview-col").getBoundingClientRect();
    const sheet = document.querySelector(".sheet").getBoundingClientRect();
    return {
      page: document.scrollingElement.scrollWidth - innerWidth,
      sheetInColumn: sheet.left >= col.left - 1 && sheet.right <= col.right + 1,
      sheetWidth: Math.round(sheet.width),
    };
  });
}

for (const [label, options] of [
  ["360 px wide", { viewport: { width: 360, height: 740 }, deviceScaleFactor: 1 }],
  // 200 % zoom of a 1280 × 800 window: 640 × 400 CSS pixels at 2 device pixels each.
  ["200 % zoom", { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 }],
]) {
  test(`layout at ${label}: no horizontal page scroll, the preview scales, findings usable`, async (t) => {
    const { page, errors, close } = await launch(options);
    t.after(close);
    await page.goto(BAOCAO_URL);
    await loadSample(page);
    const n = await steps(page).count();
    for (let i = 0; i < n; i++) {
      await steps(page).nth(i).click();
      const o = await overflow(page);
      assert.ok(o.page <= 0, `step ${i + 1}: page scrolls sideways by ${o.page} px`);
      assert.ok(o.sheetInColumn, `step ${i + 1}: the preview (${o.sheetWidth} px) overflows its column`);
    }
    // With findings shown: still no sideways scroll; the panel's finding is reachable and works.
    await page.getByRole("button", { name: /^II\.4\.a Tiếp công dân,/ }).click();
    await page.getByLabel(/Tiếp định kỳ và đột xuất, Lượt$/).fill("10");
    await page.getByRole("button", { name: "Xem danh sách cần xem lại" }).click();
    assert.ok((await overflow(page)).page <= 0);
    const finding = page.locator(".checks-list button").first();
    const box = await finding.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= options.viewport.width, `finding button at ${JSON.stringify(box)}`);
    await finding.click();
    await page.waitForFunction(() => document.activeElement?.name === "reception.figures.total.visits");
    const field = await page.evaluate(() => {
      const r = document.activeElement.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    });
    assert.ok(field.top >= 0 && field.bottom <= options.viewport.height, `the focused field is in view: ${JSON.stringify(field)}`);
    assert.deepEqual(await violations(page), []);
    if (process.env.BAOCAO_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.BAOCAO_SCREENSHOTS}/a11y-${options.viewport.width}.png`, fullPage: true });
    }
    assert.deepEqual(errors, []);
  });
}
