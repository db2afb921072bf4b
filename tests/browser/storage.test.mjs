// Autosave that survives (issue #4): a reload right after typing, the move of the single
// draft earlier versions kept, several named drafts, two tabs on the same draft, and a
// browser whose storage is full or disabled.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { launch, url } from "./lib.mjs";
import { startNewReport } from "./helpers/app.mjs";

async function ready(page) {
  await page.getByRole("button", { name: "Tải về .docx" }).waitFor();
}

async function start(t, options) {
  const b = await launch(options);
  t.after(b.close);
  await b.page.goto(url());
  await ready(b.page);
  return b;
}

const title = (page) => page.getByLabel("Trích yếu", { exact: true });
const place = (page) => page.getByLabel("Địa danh");
const preview = (page) => page.getByRole("article", { name: "Trang báo cáo xem trước" });
const dialog = (page) => page.getByRole("dialog", { name: "Bản nháp" });
const item = (page, name) => dialog(page).getByRole("listitem").filter({ has: page.getByText(name, { exact: true }) });

async function openDrafts(page) {
  await page.getByRole("button", { name: "Bản nháp" }).click();
  await dialog(page).waitFor();
}

async function names(page) {
  return dialog(page).locator(".draft-name .name").allInnerTexts();
}

/** Wait until `f()` (run in node) is true; for a page whose own timers are faked. */
async function poll(f, what, timeout = 10000) {
  const end = Date.now() + timeout;
  while (!(await f())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function storageSnapshot(page) {
  return page.evaluate(() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)])));
}

test("a reload right after typing loses nothing", async (t) => {
  const { page, errors } = await start(t);
  await title(page).fill("Gõ xong tải lại ngay");
  await place(page).pressSequentially("Bình Sơn");
  // No wait: the page is left within the autosave delay; pagehide saves it.
  await page.reload();
  await ready(page);
  assert.equal(await title(page).inputValue(), "Gõ xong tải lại ngay");
  assert.equal(await place(page).inputValue(), "Bình Sơn");
  await preview(page).getByText("Gõ xong tải lại ngay").waitFor();
  // Closing the tab and opening the app again (a new tab) also finds it.
  const again = await page.context().newPage();
  await page.close();
  await again.goto(url());
  await ready(again);
  assert.equal(await title(again).inputValue(), "Gõ xong tải lại ngay");
  assert.deepEqual(errors, []);
});

test("the draft earlier versions kept is moved into the list on first load", async (t) => {
  const b = await launch();
  t.after(b.close);
  const { page, errors } = b;
  // Earlier versions kept one draft under `baocao.draft`: storage as they left it.
  await page.goto(url());
  await ready(page);
  await page.waitForTimeout(450);
  const legacy = {
    format: "baocao-draft",
    version: 1,
    kind: "dan-van-chinh-quyen",
    period: { type: "annual", year: 2024 },
    title: "Bản nháp từ phiên bản cũ",
    letterhead: { place: "Bình Sơn" },
  };
  await page.evaluate((d) => {
    localStorage.clear();
    sessionStorage.clear();
    localStorage.setItem("baocao.draft", JSON.stringify(d));
    localStorage.setItem("baocao.step", "general");
  }, legacy);
  await page.reload();
  await ready(page);
  assert.equal(await title(page).inputValue(), "Bản nháp từ phiên bản cũ");
  assert.equal(await place(page).inputValue(), "Bình Sơn");
  const s = await storageSnapshot(page);
  assert.equal(s["baocao.draft"], undefined, "the old key is gone once moved");
  const index = JSON.parse(s["baocao.drafts"]);
  assert.equal(index.drafts.length, 1);
  const [entry] = index.drafts;
  assert.equal(entry.name, "Bản nháp từ phiên bản cũ");
  const record = JSON.parse(s[`baocao.draft.${entry.id}`]);
  assert.equal(record.draft.title, "Bản nháp từ phiên bản cũ");
  assert.equal(record.rev, 1);
  // A second load does not move it again.
  await page.reload();
  await ready(page);
  assert.equal(JSON.parse((await storageSnapshot(page))["baocao.drafts"]).drafts.length, 1);

  // An unreadable old draft is kept aside, and the author is told.
  await page.evaluate(() => localStorage.setItem("baocao.draft", '{"format":"baocao-draft","version":7,'));
  await page.reload();
  await ready(page);
  await page.getByRole("alert").getByText(/^Không đọc được bản nháp đã lưu: nội dung không phải JSON hợp lệ/).waitFor();
  const after = await storageSnapshot(page);
  assert.equal(after["baocao.draft.unreadable"], '{"format":"baocao-draft","version":7,');
  assert.equal(after["baocao.draft"], undefined);
  // The draft moved before is still there.
  await openDrafts(page);
  assert.deepEqual(await names(page), ["Bản nháp từ phiên bản cũ"]);
  await page.keyboard.press("Escape");

  // A stored draft that cannot be read (damaged, or saved by a newer version) is never
  // overwritten: the app says so, starts a new report, and keeps it in the list.
  const key = `baocao.draft.${entry.id}`;
  const damaged = JSON.stringify({ rev: 9, updated: entry.updated, name: entry.name, named: false, draft: { ...legacy, version: 99 } });
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [key, damaged]);
  await page.reload();
  await ready(page);
  await page
    .getByRole("alert")
    .getByText("Không mở được bản nháp “Bản nháp từ phiên bản cũ”: tệp được lưu bằng phiên bản mới hơn (định dạng 99); hãy mở bằng phiên bản ứng dụng mới nhất. Bản nháp đó vẫn được giữ trong danh sách “Bản nháp”; đã bắt đầu một báo cáo mới.")
    .waitFor();
  assert.equal(await title(page).inputValue(), "");
  await title(page).fill("Báo cáo mới sau lỗi");
  await page.waitForTimeout(450);
  assert.equal((await storageSnapshot(page))[key], damaged);
  await openDrafts(page);
  assert.deepEqual(await names(page), ["Báo cáo mới sau lỗi", "Bản nháp từ phiên bản cũ"]);
  await item(page, "Bản nháp từ phiên bản cũ").getByRole("button", { name: "Mở" }).click();
  await dialog(page).getByRole("alert").getByText(/^Không mở được bản nháp “Bản nháp từ phiên bản cũ”: tệp được lưu bằng phiên bản mới hơn/).waitFor();
  assert.equal(await title(page).inputValue(), "Báo cáo mới sau lỗi");
  assert.deepEqual(errors, []);
});

test("drafts list: two drafts, rename, duplicate, open, delete with confirmation", async (t) => {
  const { page, errors } = await start(t);
  await title(page).fill("Báo cáo 6 tháng");
  // A draft with content: "Báo cáo mới" asks first, and says the draft stays in the list.
  const question = [];
  page.once("dialog", (d) => { question.push([d.type(), d.message()]); d.accept(); });
  await startNewReport(page);
  await page.getByText("Đã bắt đầu báo cáo mới. Bản đang soạn vẫn ở trong danh sách “Bản nháp”.").waitFor();
  assert.deepEqual(question, [["confirm", "Bắt đầu báo cáo mới? Bản đang soạn vẫn được giữ trong danh sách “Bản nháp”."]]);
  assert.equal(await title(page).inputValue(), "");
  await title(page).fill("Báo cáo năm");

  await openDrafts(page);
  assert.deepEqual(await names(page), ["Báo cáo năm", "Báo cáo 6 tháng"], "most recent first");
  const times = await dialog(page).locator(".draft-time").allInnerTexts();
  for (const t of times) assert.match(t, /^Sửa lần cuối: \d\d:\d\d ngày \d\d\/\d\d\/20\d\d$/);
  assert.equal(await item(page, "Báo cáo năm").getByText("Đang mở").count(), 1);

  // Rename.
  await item(page, "Báo cáo 6 tháng").getByRole("button", { name: "Đổi tên" }).click();
  const field = dialog(page).getByLabel("Tên mới cho “Báo cáo 6 tháng”");
  assert.ok(await field.evaluate((e) => e === document.activeElement), "focus goes to the name field");
  await field.fill("  Báo cáo 6 tháng đầu năm  ");
  await field.press("Enter");
  await dialog(page).getByRole("status").getByText("Đã đổi tên thành “Báo cáo 6 tháng đầu năm”.").waitFor();
  assert.deepEqual(await names(page), ["Báo cáo năm", "Báo cáo 6 tháng đầu năm"]);
  // An empty name is refused.
  await item(page, "Báo cáo năm").getByRole("button", { name: "Đổi tên" }).click();
  await dialog(page).getByLabel("Tên mới cho “Báo cáo năm”").fill("   ");
  await dialog(page).getByRole("button", { name: "Lưu tên" }).click();
  await dialog(page).getByRole("alert").getByText("Tên bản nháp không được để trống.").waitFor();
  await dialog(page).getByRole("button", { name: "Hủy" }).click();
  assert.deepEqual(await names(page), ["Báo cáo năm", "Báo cáo 6 tháng đầu năm"]);

  // Duplicate.
  await item(page, "Báo cáo 6 tháng đầu năm").getByRole("button", { name: "Nhân bản" }).click();
  await dialog(page).getByText("Đã tạo bản nháp “Báo cáo 6 tháng đầu năm (bản sao)”.").waitFor();
  assert.equal((await names(page)).length, 3);

  // Open the copy.
  await item(page, "Báo cáo 6 tháng đầu năm (bản sao)").getByRole("button", { name: "Mở" }).click();
  await dialog(page).waitFor({ state: "detached" });
  await page.getByText("Đã mở bản nháp “Báo cáo 6 tháng đầu năm (bản sao)”.").waitFor();
  assert.equal(await title(page).inputValue(), "Báo cáo 6 tháng");
  // A named draft keeps its name when its title changes.
  await title(page).fill("Báo cáo 6 tháng (sửa)");

  // Delete, with confirmation: "Hủy" keeps it, "OK" deletes it.
  await openDrafts(page);
  const asked = [];
  page.once("dialog", (d) => { asked.push(d.message()); d.dismiss(); });
  await item(page, "Báo cáo năm").getByRole("button", { name: "Xóa" }).click();
  assert.deepEqual(asked, ["Xóa bản nháp “Báo cáo năm”? Không thể hoàn tác."]);
  assert.equal((await names(page)).length, 3);
  page.once("dialog", (d) => d.accept());
  await item(page, "Báo cáo năm").getByRole("button", { name: "Xóa" }).click();
  await dialog(page).getByRole("status").getByText("Đã xóa bản nháp “Báo cáo năm”.").waitFor();
  assert.deepEqual((await names(page)).sort(), ["Báo cáo 6 tháng đầu năm", "Báo cáo 6 tháng đầu năm (bản sao)"]);
  await dialog(page).getByRole("button", { name: "Đóng" }).click();
  await dialog(page).waitFor({ state: "detached" });

  // It all survives a reload, in the order of last change.
  await page.reload();
  await ready(page);
  assert.equal(await title(page).inputValue(), "Báo cáo 6 tháng (sửa)");
  await openDrafts(page);
  assert.deepEqual(await names(page), ["Báo cáo 6 tháng đầu năm (bản sao)", "Báo cáo 6 tháng đầu năm"]);
  const s = await storageSnapshot(page);
  assert.equal(Object.keys(s).filter((k) => /^baocao\.draft\.[0-9a-f]+$/.test(k)).length, 2, "the deleted draft's record is gone");

  // Deleting the draft that is open opens the next one.
  page.once("dialog", (d) => d.accept());
  await item(page, "Báo cáo 6 tháng đầu năm (bản sao)").getByRole("button", { name: "Xóa" }).click();
  await dialog(page).getByRole("status").getByText("Đã xóa bản nháp “Báo cáo 6 tháng đầu năm (bản sao)”.").waitFor();
  assert.deepEqual(await names(page), ["Báo cáo 6 tháng đầu năm"]);
  assert.equal(await item(page, "Báo cáo 6 tháng đầu năm").getByText("Đang mở").count(), 1);
  await page.keyboard.press("Escape");
  await dialog(page).waitFor({ state: "detached" });
  assert.equal(await title(page).inputValue(), "Báo cáo 6 tháng");
  assert.deepEqual(errors, []);
});

test("two tabs on the same draft: each learns of the other's changes and no work is lost", async (t) => {
  const { page: a, context, errors, close } = await launch();
  t.after(close);
  // The tabs' timers (the autosave among them) run only when the test says so, so that a tab
  // can hold unsaved changes. Playwright's clock belongs to the whole context (page.clock is
  // context.clock) and takes over the timers of pages already open, so it is installed, and
  // paused, before the first tab opens: installed later, it would replace tab A's timer
  // functions under timers A had already set, which then fire after the app dropped them.
  await context.clock.install();
  await context.clock.pauseAt(Date.now() + 1000);
  /** Let every tab's timers run past the autosave delay (300 ms). */
  const autosave = () => context.clock.runFor(400);
  await a.goto(url());
  await ready(a);
  await title(a).fill("Sửa ở thẻ A");
  await autosave();
  const b = await context.newPage();
  await b.goto(url());
  await ready(b);
  assert.equal(await title(b).inputValue(), "Sửa ở thẻ A", "a new tab opens the draft last worked on");

  // A types: B follows and says so.
  await title(a).fill("Sửa ở thẻ A lần hai");
  await autosave();
  await poll(async () => (await title(b).inputValue()) === "Sửa ở thẻ A lần hai", "tab B to follow");
  await b.getByText("Bản nháp vừa được sửa ở một thẻ khác; đã tải bản mới nhất.").waitFor();
  await preview(b).getByText("Sửa ở thẻ A lần hai").waitFor();

  // B types afterwards: A follows, and B's save does not drop A's work.
  await place(b).fill("Thẻ B");
  await autosave();
  await a.waitForFunction(() => document.querySelector('[name="letterhead.place"]').value === "Thẻ B");
  assert.equal(await title(a).inputValue(), "Sửa ở thẻ A lần hai");

  // Both type before either has saved: A saves first (it is left). B never writes its older
  // base over A's work: it takes A's version and keeps its own typing as a separate draft.
  await place(b).fill("Thẻ B chưa lưu");
  await title(a).fill("Thẻ A lưu trước");
  await a.evaluate(() => window.dispatchEvent(new Event("pagehide")));
  const warning = "Bản nháp vừa được sửa ở một thẻ khác; đã tải bản mới nhất. Những gì vừa gõ ở thẻ này được giữ trong bản nháp";
  await b.getByText(warning).waitFor();
  assert.equal(await title(b).inputValue(), "Thẻ A lưu trước");
  assert.equal(await place(b).inputValue(), "Thẻ B");
  // B's timers run: B never writes the draft A saved (storage shows A's version), and A keeps it.
  await context.clock.runFor(1000);
  const shared = await a.evaluate(() => JSON.parse(localStorage.getItem("baocao.draft." + sessionStorage.getItem("baocao.current"))).draft);
  assert.equal(shared.title, "Thẻ A lưu trước");
  assert.equal(shared.letterhead.place, "Thẻ B");
  assert.equal(await title(a).inputValue(), "Thẻ A lưu trước");
  // The copy holds B's typing, and the list shows it.
  const kept = await b.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => /^baocao\.draft\.[0-9a-f]+$/.test(k))
      .map((k) => JSON.parse(localStorage.getItem(k))),
  );
  const copy = kept.find((k) => k.name.endsWith("(bản ở thẻ khác)"));
  assert.ok(copy, JSON.stringify(kept.map((k) => k.name)));
  assert.equal(copy.draft.letterhead.place, "Thẻ B chưa lưu");
  await openDrafts(b);
  assert.deepEqual((await names(b)).sort(), ["Thẻ A lưu trước", copy.name].sort());
  await b.keyboard.press("Escape");

  // After all that, a reload of either shows the latest work.
  await a.reload();
  await ready(a);
  assert.equal(await title(a).inputValue(), "Thẻ A lưu trước");
  assert.equal(await place(a).inputValue(), "Thẻ B");

  // A deletes the draft B has open: B is told, keeps it on screen, and saves it again
  // when the author goes on editing.
  await openDrafts(a);
  a.once("dialog", (d) => d.accept());
  await item(a, "Thẻ A lưu trước").getByRole("button", { name: "Xóa" }).click();
  await dialog(a).getByRole("status").getByText("Đã xóa bản nháp “Thẻ A lưu trước”.").waitFor();
  await b.getByText("Bản nháp này vừa bị xóa ở một thẻ khác. Nội dung vẫn còn ở thẻ này; nếu sửa tiếp, bản nháp sẽ được lưu lại.").waitFor();
  assert.equal(await title(b).inputValue(), "Thẻ A lưu trước");
  await title(b).fill("Thẻ B giữ lại");
  await autosave();
  await poll(async () => (await names(a)).includes("Thẻ B giữ lại"), "the list in tab A to show the draft saved again");
  assert.deepEqual(errors, []);
});

/** Make localStorage refuse every write, as a full quota does. */
const QUOTA_FULL = () => {
  Storage.prototype.setItem = function () {
    throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
  };
};
/** No localStorage at all, as some private modes and sandboxes give. */
const NO_STORAGE = () => {
  Object.defineProperty(window, "localStorage", {
    get() {
      throw new DOMException("Access is denied for this document.", "SecurityError");
    },
  });
};

for (const [what, script] of [["full (QuotaExceededError)", QUOTA_FULL], ["disabled (localStorage throws)", NO_STORAGE]]) {
  test(`storage ${what}: a warning, the app works in memory, Lưu tệp still works`, async (t) => {
    const b = await launch();
    t.after(b.close);
    const { page, context, errors } = b;
    await context.addInitScript(script);
    await page.goto(url());
    await ready(page);
    const warning = page.getByText(/^Không lưu được vào trình duyệt \(bộ nhớ đầy hoặc bị tắt\).*Hãy bấm “Lưu tệp”/);
    await warning.waitFor();
    // Editing works.
    await page.getByRole("button", { name: "Tải báo cáo mẫu" }).click();
    await page.getByText("Đã tải báo cáo mẫu.").waitFor();
    await title(page).fill("Soạn khi không lưu được");
    await preview(page).getByText("Soạn khi không lưu được").waitFor();
    assert.equal(await page.getByRole("button", { name: "Bản nháp" }).count(), 0, "no list without storage");
    // "Lưu tệp" downloads the draft, and the file opens.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Lưu tệp" }).click()]);
    const text = await readFile(await download.path(), "utf8");
    const json = JSON.parse(text);
    assert.equal(json.format, "baocao-draft");
    assert.equal(json.title, "Soạn khi không lưu được");
    assert.equal(download.suggestedFilename(), "BC-UBND-dan-van-2021.baocao.json");
    // Opening a file replaces the draft in memory, after asking.
    let asked = "";
    page.once("dialog", (d) => { asked = d.message(); d.accept(); });
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByRole("button", { name: "Mở tệp" }).click()]);
    await chooser.setFiles({ name: "ban-luu.baocao.json", mimeType: "application/json", buffer: Buffer.from(text.replace("Soạn khi không lưu được", "Mở lại từ tệp")) });
    await page.getByText("Đã mở tệp “ban-luu.baocao.json” thành bản nháp “ban-luu”.").waitFor();
    assert.match(asked, /^Mở tệp này thay cho bản đang soạn\?/);
    assert.equal(await title(page).inputValue(), "Mở lại từ tệp");
    assert.ok(await warning.isVisible());
    assert.deepEqual(errors, []);
  });
}

test("storage full in the middle of work: a warning, and it goes when saving works again", async (t) => {
  const { page, errors } = await start(t);
  await title(page).fill("Trước khi đầy");
  await page.waitForTimeout(450);
  await page.evaluate(() => {
    window.__setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function () {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    };
  });
  await title(page).fill("Khi bộ nhớ đầy");
  const warning = page.getByText(/^Không lưu được vào trình duyệt \(bộ nhớ đầy hoặc bị tắt\)/);
  await warning.waitFor();
  await preview(page).getByText("Khi bộ nhớ đầy").waitFor();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Lưu tệp" }).click()]);
  assert.equal(JSON.parse(await readFile(await download.path(), "utf8")).title, "Khi bộ nhớ đầy");
  // Room again (the author deleted something): the next change is saved and the warning goes.
  await page.evaluate(() => (Storage.prototype.setItem = window.__setItem));
  await title(page).fill("Đã lưu lại được");
  await warning.waitFor({ state: "detached" });
  await page.reload();
  await ready(page);
  assert.equal(await title(page).inputValue(), "Đã lưu lại được");
  assert.deepEqual(errors, []);
});

test("typing while the sample is on its way: the question is about the draft as it is then", async (t) => {
  // The worker (which hands out the sample) is held back until the author has typed. (The
  // click's callback reads the state through Yew's reducer handle, which is always current.)
  const { context, page, close } = await launch();
  t.after(close);
  let release;
  const held = new Promise((r) => (release = r));
  await context.route(/core-worker-[0-9a-f]+_bg\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(url());
  await ready(page);
  const sample = page.getByRole("button", { name: "Tải báo cáo mẫu" });
  await sample.click();
  await title(page).fill("Gõ trong lúc chờ báo cáo mẫu");
  // The worker is indeed not there yet, and the button says it is waiting.
  assert.equal(await page.locator(".checks-count").innerText(), "Đang chuẩn bị kiểm tra số liệu…");
  assert.equal(await sample.getAttribute("aria-busy"), "true");
  const asked = [];
  page.once("dialog", (d) => {
    asked.push(d.message());
    d.accept();
  });
  release();
  await page.getByText("Đã tải báo cáo mẫu.").waitFor();
  assert.equal(await sample.getAttribute("aria-busy"), null);
  assert.equal(asked.length, 1, "asked before replacing what was typed");
  assert.match(asked[0], /^Mở báo cáo mẫu\?/);
  // What was typed is kept as a draft of its own.
  await openDrafts(page);
  assert.ok((await names(page)).includes("Gõ trong lúc chờ báo cáo mẫu"), (await names(page)).join(" | "));
});
