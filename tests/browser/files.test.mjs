// Bad input gets a clear answer and nothing typed is lost (issue #4), as an official meets
// it: figures typed the Vietnamese way, text pasted from other programs, a 100,000-character
// paragraph, drafts saved to and opened from files ("Lưu tệp", "Mở tệp", drag-and-drop),
// and broken files that must leave the current draft exactly as it was.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launch, url } from "./lib.mjs";
import { dropFile, previewReady } from "./helpers/page.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

async function start(t, options) {
  const b = await launch(options);
  t.after(b.close);
  await b.page.goto(url());
  await b.page.getByRole("button", { name: "Tải về .docx" }).waitFor();
  return b;
}

const preview = (page) => page.getByRole("article", { name: "Trang báo cáo xem trước" });
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const step = (page, title) => page.getByRole("button", { name: new RegExp("^" + esc(title)) }).click();

/** Load the reference report (the app starts empty, so nothing is asked). */
async function loadSample(page) {
  await page.getByRole("button", { name: "Tải báo cáo mẫu" }).click();
  await page.getByText("Đã tải báo cáo mẫu.").waitFor();
}

/** "Lưu tệp": the download's file name and parsed JSON. */
async function saveFile(page) {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Lưu tệp" }).click(),
  ]);
  const file = await download.path();
  const text = await readFile(file, "utf8");
  return { name: download.suggestedFilename(), text, json: JSON.parse(text) };
}

/** "Mở tệp" with a file of this name and content. */
async function openFile(page, name, content) {
  const [chooser] = await Promise.all([
    page.waitForEvent("filechooser"),
    page.getByRole("button", { name: "Mở tệp" }).click(),
  ]);
  assert.equal(await chooser.element().getAttribute("accept"), ".json,.baocao.json,application/json,.docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  await chooser.setFiles({ name, mimeType: "application/json", buffer: Buffer.from(content) });
}

/** What must not change when a file is refused. */
async function snapshot(page) {
  return page.evaluate(() => {
    const id = sessionStorage.getItem("baocao.current");
    const rec = JSON.parse(localStorage.getItem("baocao.draft." + id) || "null");
    return {
      id,
      draft: rec && JSON.stringify(rec.draft),
      index: localStorage.getItem("baocao.drafts"),
      preview: document.querySelector(".sheet").innerText,
      fields: [...document.querySelectorAll("main [name]")].map((e) => [e.name, e.value]),
    };
  });
}

/** The text of the elements a control's aria-describedby names, "" when none. */
function description(locator) {
  return locator.evaluate((el) =>
    (el.getAttribute("aria-describedby") || "")
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent.replace(/\s+/g, " ").trim() ?? `[missing #${id}]`)
      .join(" | "),
  );
}

async function waitSaved(page) {
  // Autosave runs 300 ms after the last change.
  await page.waitForTimeout(450);
}

test("figures are read as officials type them; invalid text stays in the field", async (t) => {
  const { page, errors } = await start(t);
  await loadSample(page);
  await step(page, "II.4.a Tiếp công dân");
  const visits = page.locator('[name="reception.figures.total.visits"]');
  await visits.fill("1.234");
  await assert.doesNotReject(preview(page).getByText(/đã tiếp 1\.234 lượt\//).first().waitFor());
  assert.equal(await visits.inputValue(), "1.234", "the text stays as typed");
  // Read as 1234: no finding about the typed text. (The field is now in error, but only
  // because the sum no longer adds up, and the sum's message quotes the figure as read.)
  const said = await description(visits);
  assert.doesNotMatch(said, /không phải số/, "1.234 is a valid figure");
  assert.match(said, /Lỗi: Tổng số lượt tiếp \(1\.234\) khác/);

  for (const [typed, printed] of [["1 234 567", "1.234.567"], ["１２３", "123"], ["  42 ", "42"]]) {
    await visits.fill(typed);
    await preview(page).getByText(new RegExp(`đã tiếp ${esc(printed)} lượt/`)).first().waitFor();
    assert.equal(await visits.inputValue(), typed);
  }

  const delegations = page.getByLabel("Số đoàn đông người");
  await delegations.fill("7");
  await preview(page).getByText("có 07 đoàn đông người").first().waitFor();
  const bad = [
    ["12a", "Chỉ nhập chữ số"],
    ["-3", "không được âm"],
    ["1,5", "không nhập phần thập phân"],
    ["12.34", "Dấu chấm chỉ dùng để tách hàng nghìn"],
    ["1000000001", "quá lớn"],
  ];
  for (const [typed, reason] of bad) {
    await delegations.fill(typed);
    // The finding `figure.whole`, next to the field: what was typed and why it is no figure.
    const message = page.locator("#f-reception-delegations--msg");
    const why = new RegExp(`^Lỗi: Số đoàn đông người: “${esc(typed)}” chưa phải số liệu hợp lệ\\. .*${esc(reason)}`);
    await assert.doesNotReject(message.getByText(why).waitFor());
    assert.equal(await delegations.inputValue(), typed, "the typed text is never wiped");
    assert.equal(await delegations.getAttribute("aria-invalid"), "true");
    assert.match(await delegations.getAttribute("aria-describedby"), /f-reception-delegations--msg/);
    // The preview keeps the last valid figure.
    await preview(page).getByText("có 07 đoàn đông người").first().waitFor();
  }
  // The draft keeps the raw text and the last valid value.
  await delegations.fill("12a");
  await waitSaved(page);
  const stored = await page.evaluate(() => {
    const id = sessionStorage.getItem("baocao.current");
    return JSON.parse(localStorage.getItem("baocao.draft." + id)).draft.reception.delegations;
  });
  assert.deepEqual(stored, { raw: "12a", value: 7 });
  // After a reload the text is still there, with its message.
  await page.reload();
  await assert.doesNotReject(page.getByLabel("Số đoàn đông người").waitFor());
  assert.equal(await page.getByLabel("Số đoàn đông người").inputValue(), "12a");
  await page.locator("#f-reception-delegations--msg").getByText("“12a” chưa phải số liệu hợp lệ").waitFor();
  // Corrected: the message goes.
  await page.getByLabel("Số đoàn đông người").fill("12");
  await page.locator("#f-reception-delegations--msg").waitFor({ state: "detached" });
  await preview(page).getByText("có 12 đoàn đông người").first().waitFor();
  assert.deepEqual(errors, []);
});

test("pasted and decomposed text reaches the draft as plain NFC text; the caret stays", async (t) => {
  const { page, context, errors } = await start(t);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(url()).origin });
  await loadSample(page);
  await step(page, "II.1 Quản lý nhà nước");
  const para = page.locator('[name="governance.paragraphs.0"]');
  await para.fill("");
  // Rich text as a word processor or a PDF viewer puts it on the clipboard: HTML with
  // formatting, and plain text with decomposed Vietnamese and Windows / old-Mac line ends.
  await page.evaluate(async () => {
    const html = '<p><b style="color:red">Đậm</b> và <i>nghiêng</i></p><p>dòng hai</p><img src="x" onerror="window.__pwned=1">';
    const plain = "Đa\u0323\u0302m va\u0300 nghie\u0302ng\r\ndo\u0300ng hai\rdòng ba";
    await navigator.clipboard.write([
      new ClipboardItem({
        "text/html": new Blob([html], { type: "text/html" }),
        "text/plain": new Blob([plain], { type: "text/plain" }),
      }),
    ]);
  });
  await para.focus();
  await page.keyboard.press("Control+V");
  const want = "Đậm và nghiêng\ndòng hai\ndòng ba";
  await page.waitForFunction((w) => document.querySelector('[name="governance.paragraphs.0"]').value === w, want);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, "no HTML was inserted");
  await preview(page).getByText("Đậm và nghiêng").first().waitFor();
  await waitSaved(page);
  const stored = await page.evaluate(() => {
    const id = sessionStorage.getItem("baocao.current");
    return JSON.parse(localStorage.getItem("baocao.draft." + id)).draft.governance.paragraphs[0];
  });
  assert.equal(stored, want);
  assert.equal(stored, stored.normalize("NFC"));

  // Decomposed text typed in the middle: composed in place, the caret where it was.
  await para.fill("Viet Nam");
  await para.evaluate((el) => el.setSelectionRange(3, 3));
  await page.keyboard.insertText("\u0323\u0302");
  await page.keyboard.type("X");
  assert.equal(await para.inputValue(), "ViệXt Nam");
  // Control characters never reach the draft.
  await para.fill("a\u0001b\u0007c");
  assert.equal(await para.inputValue(), "abc");
  // A one-line field gets the line breaks as spaces (the browser) and NFC (the app).
  await step(page, "Thông tin chung");
  await page.evaluate(async () => {
    await navigator.clipboard.writeText("Bi\u0300nh So\u031Bn\r\nxã");
  });
  const place = page.getByLabel("Địa danh");
  await place.fill("");
  await place.focus();
  await page.keyboard.press("Control+V");
  assert.equal(await place.inputValue(), "Bình Sơn xã");
  // Chromium sanitises the clipboard's HTML above inside this page, whose Content-Security-
  // Policy refuses that HTML's inline style and onerror handler (as it should) and says so in
  // the console. Those reports are about the test's HTML, not the app.
  const csp = /^console\.error: (Applying inline style|Executing inline event handler) violates the following Content Security Policy/;
  assert.deepEqual(errors.filter((e) => !csp.test(e)), []);
});

test("a 100,000-character paragraph keeps typing responsive", async (t) => {
  const { page, errors } = await start(t);
  await loadSample(page);
  await step(page, "II.1 Quản lý nhà nước");
  const para = page.locator('[name="governance.paragraphs.0"]');
  const big = "Nội dung báo cáo rất dài. ".repeat(4000).slice(0, 100000);
  await para.fill(big);
  await page.waitForFunction(() => document.querySelector('.sheet [data-field^="governance.paragraphs"]')?.textContent.length >= 99000);
  await para.evaluate((el) => el.setSelectionRange(el.value.length, el.value.length));
  // Keystroke → the character is in the field and the next frame is drawn.
  await page.evaluate(() => {
    window.__lat = [];
    let t0 = 0;
    document.addEventListener("keydown", () => (t0 = performance.now()), true);
    document.addEventListener("input", () => {
      const s = t0;
      requestAnimationFrame(() => setTimeout(() => window.__lat.push(performance.now() - s), 0));
    });
  });
  for (let i = 0; i < 21; i++) {
    await page.keyboard.press("x");
    await page.waitForTimeout(150);
  }
  const lat = await page.evaluate(() => window.__lat);
  assert.equal(lat.length, 21);
  const median = lat.slice().sort((a, b) => a - b)[10];
  t.diagnostic(`100,000-character paragraph: keystroke to next frame, median ${median.toFixed(1)} ms (max ${Math.max(...lat).toFixed(1)} ms)`);
  // A loose bound for a shared 2-core machine; the median measured here is reported above.
  assert.ok(median < 150, `median ${median} ms`);
  // The preview follows once typing pauses, and has every character.
  await page.waitForFunction(() => {
    const text = document.querySelector('.sheet [data-field^="governance.paragraphs"]')?.textContent ?? "";
    return text.length >= 100021 && text.includes("x".repeat(21));
  });
  // Autosave keeps it.
  await page.reload();
  await step(page, "II.1 Quản lý nhà nước");
  assert.equal((await page.locator('[name="governance.paragraphs.0"]').inputValue()).length, 100021);
  assert.deepEqual(errors, []);
});

/** The preview's text once it has not changed for 600 ms (its breaks settled). */
async function settledPreview(page) {
  await previewReady(page);
  let text = await preview(page).innerText();
  for (let same = 0; same < 3; ) {
    await page.waitForTimeout(200);
    const now = await preview(page).innerText();
    same = now === text ? same + 1 : 0;
    text = now;
  }
  return text;
}

test("Lưu tệp saves <name>.baocao.json; Mở tệp and drag-and-drop open it as a new draft", async (t) => {
  const { page, errors } = await start(t);
  await loadSample(page);
  await page.getByLabel("Trích yếu", { exact: true }).fill("Kết quả công tác dân vận chính quyền năm 2021 (thử lưu tệp)");
  await step(page, "II.4.a Tiếp công dân");
  await page.getByLabel("Số đoàn đông người").fill("3x");
  const saved = await saveFile(page);
  assert.equal(saved.name, "BC-UBND-dan-van-2021.baocao.json");
  assert.match(saved.text, /^\{\n  "format": "baocao-draft",\n  "version": 1,\n  "kind": "dan-van-chinh-quyen",/);
  // The figure as typed, with the last valid value (the sample's 0).
  assert.deepEqual(saved.json.reception.delegations, { raw: "3x", value: 0 });
  // The pages as laid out: the breaks follow a change once typing pauses.
  const before = await settledPreview(page);

  // Open it: a new draft named after the file, showing the same report.
  await openFile(page, "Báo cáo năm 2021.baocao.json", saved.text);
  await page.getByText("Đã mở tệp “Báo cáo năm 2021.baocao.json” thành bản nháp “Báo cáo năm 2021”.").waitFor();
  assert.equal(await settledPreview(page), before);
  await step(page, "II.4.a Tiếp công dân");
  assert.equal(await page.getByLabel("Số đoàn đông người").inputValue(), "3x");
  await page.getByRole("button", { name: "Bản nháp" }).click();
  const dialog = page.getByRole("dialog", { name: "Bản nháp" });
  await dialog.getByText("Báo cáo năm 2021").waitFor();
  assert.equal(await dialog.getByRole("listitem").count(), 2, "the draft it was opened over is still in the list");
  await dialog.getByRole("button", { name: "Đóng" }).click();
  // Saving again uses the draft's name.
  assert.equal((await saveFile(page)).name, "bao-cao-nam-2021.baocao.json");

  // Drag-and-drop: the hint shows, then the file opens.
  const hint = await dropFile(page, "keo-tha.baocao.json", saved.text);
  assert.equal(hint, "Thả tệp bản nháp (.baocao.json) hoặc tệp .docx do baocao tạo vào đây để mở");
  await page.getByText("Đã mở tệp “keo-tha.baocao.json” thành bản nháp “keo-tha”.").waitFor();
  assert.equal(await settledPreview(page), before);
  assert.equal(await page.locator(".drop-hint").count(), 0);
  assert.deepEqual(errors, []);
});

test("a file that cannot be used says why and leaves the current draft exactly as it was", async (t) => {
  const { page, errors } = await start(t);
  await loadSample(page);
  const sample = (await saveFile(page)).text;
  await page.getByLabel("Trích yếu", { exact: true }).fill("Bản đang soạn — không được mất");
  await step(page, "II.4.a Tiếp công dân");
  await page.getByLabel("Số đoàn đông người").fill("12a");
  await waitSaved(page);
  const before = await snapshot(page);
  assert.ok(before.draft.includes("Bản đang soạn — không được mất"));

  const json = JSON.parse(sample);
  const variant = (f) => {
    const d = structuredClone(json);
    f(d);
    return JSON.stringify(d, null, 2);
  };
  const cases = [
    ["ghi-chu.json", "đây không phải JSON", "tệp không phải JSON hợp lệ (dòng 1, cột 1)."],
    ["rong.json", "", "tệp rỗng nên không phải bản nháp báo cáo."],
    ["danh-sach.json", "[1, 2, 3]", "tệp không phải bản nháp báo cáo (thiếu thông tin loại báo cáo)."],
    ["cau-hinh.json", '{"theme": "dark"}', "tệp không phải bản nháp báo cáo của ứng dụng này (thiếu dấu hiệu “baocao-draft”)."],
    ["khong-phien-ban.json", variant((d) => delete d.version), "tệp thiếu số phiên bản định dạng bản nháp."],
    ["loai-khac.baocao.json", variant((d) => (d.kind = "bao-cao-tai-chinh")), "ứng dụng chưa hỗ trợ loại báo cáo “bao-cao-tai-chinh”."],
    ["moi-hon.baocao.json", variant((d) => (d.version = 99)), "tệp được lưu bằng phiên bản mới hơn (định dạng 99); hãy mở bằng phiên bản ứng dụng mới nhất."],
    ["chu-thay-so.baocao.json", variant((d) => (d.reception.figures.total.visits = "một trăm")), "phải là số, nhưng tệp ghi “một trăm”."],
    ["so-qua-lon.baocao.json", variant((d) => (d.reception.figures.total.visits = 1e300)), "phải là một số trong khoảng cho phép"],
    ["sai-kieu.baocao.json", variant((d) => (d.recipients.to = "UBND huyện")), "phải là một danh sách, nhưng tệp ghi “UBND huyện”."],
    ["long-nhau.json", "[".repeat(100000), "tệp lồng quá nhiều cấp nên không phải bản nháp báo cáo."],
    ["nhi-phan.json", Buffer.from([0xff, 0xfe, 0x00, 0x41]), "tệp không phải văn bản UTF-8 nên không phải bản nháp báo cáo."],
    ["qua-lon.baocao.json", Buffer.alloc(10 * 1024 * 1024 + 1, 0x20), "tệp quá lớn (11 MB); bản nháp báo cáo không vượt quá 10 MB."],
  ];
  for (const [name, content, reason] of cases) {
    const t0 = Date.now();
    await openFile(page, name, content);
    const alert = page.getByRole("alert").filter({ hasText: `Không mở được tệp “${name}”` });
    await assert.doesNotReject(alert.waitFor({ timeout: 5000 }), name);
    const shown = await alert.innerText();
    assert.ok(shown.startsWith(`Không mở được tệp “${name}”: `) && shown.includes(reason), `${name}: ${shown}`);
    t.diagnostic(`${name}: ${shown.split("\n")[0]} (${Date.now() - t0} ms)`);
    await waitSaved(page);
    assert.deepEqual(await snapshot(page), before, `${name} left the draft as it was`);
    await alert.getByRole("button", { name: "Đóng thông báo" }).click();
  }
  // The same through drag-and-drop.
  await dropFile(page, "keo-hong.json", "{");
  await page.getByRole("alert").filter({ hasText: "Không mở được tệp “keo-hong.json”: tệp không phải JSON hợp lệ" }).waitFor();
  assert.deepEqual(await snapshot(page), before);
  assert.deepEqual(errors, []);
});

test("no user text goes through innerHTML unescaped", async (t) => {
  // The app is built from Yew nodes (text is set as text), except the preview's pages, which
  // the worker writes as HTML (src/ui/sheet.rs, every text escaped there and tested
  // natively) and the page sets as they are. No other source sets HTML from strings.
  const offenders = [];
  const check = async (p) => {
    const text = await readFile(p, "utf8");
    const allowed = /src\/ui\/(preview|app)\.rs$/.test(p);
    if (!allowed && /inner_html|innerHTML|outer_html|outerHTML|insertAdjacentHTML|insert_adjacent_html|from_html_unchecked|VRaw|document\.write/.test(text)) offenders.push(p);
    if (allowed && (text.match(/from_html_unchecked/g) || []).length !== 1) offenders.push(`${p}: one from_html_unchecked, of the worker's pages`);
  };
  const walk = async (dir) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (/\.(rs|html|js|mjs)$/.test(e.name)) await check(p);
    }
  };
  await walk(path.join(ROOT, "src"));
  await check(path.join(ROOT, "index.html"));
  assert.deepEqual(offenders, []);

  // Markup typed into the report is text in the preview.
  const { page, errors } = await start(t);
  await loadSample(page);
  await page.getByLabel("Trích yếu", { exact: true }).fill('Báo cáo <img src=x onerror="window.__owned=1"> & <b>đậm</b>');
  await previewReady(page);
  const sheet = preview(page);
  assert.match(await sheet.innerText(), /Báo cáo <img src=x onerror="window.__owned=1"> & <b>đậm<\/b>/);
  assert.equal(await sheet.locator("img, b").count(), 0);
  assert.equal(await page.evaluate(() => window.__owned), undefined);
  assert.deepEqual(errors, []);
});
