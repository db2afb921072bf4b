// Kinds in the page (issue #11): "Báo cáo mới" asks which kind; the outline of any kind is
// edited in the form and the .docx follows; a kind file opened with "Mở mẫu báo cáo" (a
// province's version of a bundled kind) is used by the page as by the command line and is
// there again after a reload; a broken kind file is refused with its Vietnamese sentences and
// nothing typed is lost.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { launch, BAOCAO_URL } from "./lib.mjs";
import {
  DAN_VAN, appReady, expectStep, goToStep, headerButton, kindPicker, openApp, preview, previewText, settled, startNewReport,
  stepList, waitForPreview, waitUntil,
} from "./helpers/app.mjs";
import { baocao, readDocx } from "./helpers/cli.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TCD = "Báo cáo công tác tiếp công dân, xử lý đơn, giải quyết khiếu nại, tố cáo";

async function start(t) {
  const b = await launch({ viewport: { width: 1400, height: 1000 } });
  t.after(b.close);
  await openApp(b.page);
  return b;
}

/** "Tải về .docx" (accepting the question about errors): the download's paragraphs and XML. */
async function downloadDocx(page, dir, name) {
  page.once("dialog", (d) => d.accept());
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 30_000 }), headerButton(page, "Tải về .docx").click()]);
  const file = path.join(dir, name);
  await download.saveAs(file);
  return { name: download.suggestedFilename(), ...readDocx(file)[file] };
}

/** "Mở mẫu báo cáo…" in the kind picker, with a file of this name and text. */
async function openKindFile(page, name, text) {
  const picker = kindPicker(page);
  if (!(await picker.isVisible())) await headerButton(page, "Báo cáo mới").click();
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), picker.getByRole("button", { name: "Mở mẫu báo cáo…" }).click()]);
  assert.equal(await chooser.element().getAttribute("accept"), ".json,application/json");
  await chooser.setFiles({ name, mimeType: "application/json", buffer: Buffer.from(text) });
}

/** The kinds the picker lists: [{ name, own }]. */
async function listedKinds(page) {
  return kindPicker(page).locator(".kind-option h3").evaluateAll((hs) =>
    hs.map((h) => ({ name: h.firstChild.textContent.trim(), own: !!h.querySelector(".badge.own") })));
}

/** The draft open in this tab, as stored. */
const storedDraft = (page) =>
  page.evaluate(() => JSON.parse(localStorage.getItem("baocao.draft." + sessionStorage.getItem("baocao.current"))).draft);

/** What must not change when a kind file is refused: the stored draft, the kind files kept. */
async function snapshot(page) {
  return page.evaluate(() => {
    const id = sessionStorage.getItem("baocao.current");
    return {
      id,
      record: localStorage.getItem("baocao.draft." + id),
      kinds: Object.keys(localStorage).filter((k) => k.startsWith("baocao.kind.")),
    };
  });
}

test("kind picker: name, basis and periods of each kind, keyboard; a new report of the kind chosen", async (t) => {
  const { page, errors } = await start(t);
  assert.equal(await page.locator(".kind-name").innerText(), DAN_VAN, "the header names the open draft's kind");
  await page.getByLabel("Trích yếu", { exact: true }).fill("Báo cáo dân vận đang soạn");
  // It has content: starting another report asks first, and keeps it in the drafts list.
  page.once("dialog", (d) => d.accept());
  await headerButton(page, "Báo cáo mới").click();
  const picker = kindPicker(page);
  await picker.waitFor();
  // Both bundled kinds (the second came from the worker: the page embeds only the first).
  assert.deepEqual(await listedKinds(page), [{ name: DAN_VAN, own: false }, { name: TCD, own: false }]);
  const tcd = picker.getByRole("listitem").filter({ has: page.getByRole("heading", { name: TCD }) });
  assert.match(await tcd.innerText(), /Kỳ báo cáo: Quý, 6 tháng đầu năm, 9 tháng đầu năm, Cả năm/);
  assert.match(await tcd.innerText(), /Căn cứ:[\s\S]*Luật Tiếp công dân số 42\/2013\/QH13/);
  // Keyboard: Tab reaches the second kind's button, Enter starts it.
  const button = picker.getByRole("button", { name: `Bắt đầu báo cáo mới: ${TCD}`, exact: true });
  for (let i = 0; i < 12 && !(await button.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press("Tab");
  assert.ok(await button.evaluate((b) => b === document.activeElement), "Tab reaches “Bắt đầu” of the second kind");
  await page.keyboard.press("Enter");
  await picker.waitFor({ state: "detached" });
  await page.getByText("Đã bắt đầu báo cáo mới. Bản đang soạn vẫn ở trong danh sách “Bản nháp”.").waitFor();
  await waitUntil(() => page.locator(".kind-name").innerText(), (n) => n === TCD, (n) => `header names ${n}`);
  const steps = await stepList(page);
  await expectStep(page, steps[0].title, 0, steps.length, { focused: false });
  assert.equal(await page.getByLabel("Năm báo cáo", { exact: true }).inputValue(), String(new Date().getFullYear()));
  await waitForPreview(page, "TIẾP CÔNG DÂN");

  // Esc closes the picker; nothing changes.
  await headerButton(page, "Báo cáo mới").click();
  await picker.waitFor();
  await page.keyboard.press("Escape");
  await picker.waitFor({ state: "detached" });
  assert.equal(await page.locator(".kind-name").innerText(), TCD);

  // A reload opens the draft of the kind the page does not embed, once the worker has it.
  await page.reload();
  await appReady(page);
  assert.equal(await page.locator(".kind-name").innerText(), TCD);
  await waitForPreview(page, "TIẾP CÔNG DÂN");
  // The drafts list names each draft's kind.
  await page.getByRole("button", { name: "Bản nháp" }).click();
  const drafts = page.getByRole("dialog", { name: "Bản nháp" });
  assert.deepEqual((await drafts.locator(".draft-kind").allInnerTexts()).sort(), [DAN_VAN, TCD].sort());
  await page.keyboard.press("Escape");
  assert.deepEqual(errors, []);
});

test("outline edits: rename a heading, add a sub-section with a paragraph; the .docx holds both; each is undone in one click", async (t) => {
  const { page, errors } = await start(t);
  const dir = await mkdtemp(path.join(os.tmpdir(), "baocao-kinds-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  // A new report of the dân vận kind, through the picker.
  await startNewReport(page, DAN_VAN);
  await page.getByText("Đã bắt đầu báo cáo mới.").waitFor();
  const steps = await stepList(page);
  await goToStep(page, steps, steps.find((s) => s.title.startsWith("II.1 ")).title);
  const outline = page.getByRole("region", { name: "Đề mục trong báo cáo" });
  const NEW_NAME = "Nâng cao hiệu lực quản lý nhà nước ở xã (tên mới)";
  const SUB = "Chuyển đổi số trong quản lý";
  const PARA = "Đã đưa 12 thủ tục hành chính lên Cổng dịch vụ công trực tuyến.";

  // Rename "1. Việc nâng cao hiệu lực…": a field that starts empty (the kind's text).
  await outline.getByRole("button", { name: /^Đổi tên đề mục 1\. Việc nâng cao/ }).click();
  const field = outline.getByLabel("Tên mới của đề mục 1.", { exact: true });
  assert.ok(await field.evaluate((e) => e === document.activeElement), "focus goes to the new name");
  assert.match(await field.getAttribute("placeholder"), /^Việc nâng cao hiệu lực/);
  await field.fill(NEW_NAME);
  await waitForPreview(page, `1. ${NEW_NAME}`);

  // A sub-section at the end of section 1, with a paragraph.
  await outline.getByRole("button", { name: /^Thêm mục con vào đề mục 1\. / }).click();
  const title = outline.getByLabel("Tên mục con 1 của đề mục 1.", { exact: true });
  assert.ok(await title.evaluate((e) => e === document.activeElement), "focus goes to the sub-section's title");
  await title.fill(SUB);
  await outline.getByLabel(/Các đoạn của mục con — đoạn 1$/).fill(PARA);
  await waitForPreview(page, `a) ${SUB}`);
  await waitForPreview(page, PARA);

  // The .docx (written by the worker from the same draft) holds both.
  const docx = await downloadDocx(page, dir, "outline.docx");
  assert.ok(docx.paragraphs.includes(`1. ${NEW_NAME}`), `renamed heading in word/document.xml:\n${docx.paragraphs.slice(0, 30).join("\n")}`);
  assert.ok(docx.paragraphs.includes(`a) ${SUB}`), "the sub-section's heading in word/document.xml");
  assert.ok(docx.paragraphs.some((p) => p === PARA || p === `${PARA.slice(0, -1)}./.`), "its paragraph in word/document.xml");
  assert.ok(docx.documentXml.includes(NEW_NAME) && docx.documentXml.includes(PARA.slice(0, -1)));

  // One click undoes each: the sub-section goes, the heading gets the kind's text back.
  await outline.getByRole("button", { name: /^Hoàn tác: bỏ mục con 1/ }).click();
  await waitForPreview(page, `1. ${NEW_NAME}`, { gone: SUB });
  await outline.getByRole("button", { name: /^Hoàn tác đổi tên đề mục 1\./ }).click();
  await waitForPreview(page, "1. Việc nâng cao hiệu lực", { gone: NEW_NAME });
  assert.equal(await outline.getByLabel("Tên mới của đề mục 1.", { exact: true }).count(), 0);
  await waitUntil(
    () => storedDraft(page).then((d) => d.outline),
    (o) => o && o.renamed.length === 0 && o.added.length === 0,
    (o) => `the stored outline has no edits left: ${JSON.stringify(o)}`,
  );
  assert.deepEqual(errors, []);
});

test("an optional section is left out and put back (tiếp công dân: VI. Kiến nghị, đề xuất)", async (t) => {
  const { page, errors } = await start(t);
  await startNewReport(page, TCD);
  await page.getByText("Đã bắt đầu báo cáo mới.").waitFor();
  const steps = await stepList(page);
  await goToStep(page, steps, steps.find((s) => /kiến nghị/i.test(s.title)).title);
  const outline = page.getByRole("region", { name: "Đề mục trong báo cáo" });
  await waitForPreview(page, "VI. KIẾN NGHỊ, ĐỀ XUẤT");
  await outline.getByRole("button", { name: /^Bỏ mục này: VI\. / }).click();
  await waitForPreview(page, "V. PHƯƠNG HƯỚNG", { gone: "VI. KIẾN NGHỊ" });
  const restore = outline.getByRole("button", { name: /^Khôi phục đề mục VI\. / });
  assert.ok(await restore.evaluate((e) => e === document.activeElement), "focus goes to “Khôi phục”");
  await restore.click();
  await waitForPreview(page, "VI. KIẾN NGHỊ, ĐỀ XUẤT");
  assert.deepEqual(errors, []);
});

test("Mở mẫu báo cáo: a province's version of the dân vận kind, used by the page as by the command line, kept after a reload", async (t) => {
  const { page, errors } = await start(t);
  const dir = await mkdtemp(path.join(os.tmpdir(), "baocao-kinds-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const RENAMED = "KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM (THEO MẪU CỦA TỈNH)";
  const NAME = `${DAN_VAN} (mẫu của tỉnh)`;
  const kind = JSON.parse(await readFile(path.join(ROOT, "src/kinds/dan-van-chinh-quyen.json"), "utf8"));
  const heading = kind.body.find((b) => b.block === "heading" && b.text === "KẾT QUẢ THỰC HIỆN");
  assert.ok(heading, "the bundled kind has the heading “KẾT QUẢ THỰC HIỆN”");
  heading.text = RENAMED;
  kind.name = NAME;
  const text = JSON.stringify(kind, null, 2);
  const kindFile = path.join(dir, "dan-van-tinh.json");
  await writeFile(kindFile, text);

  await openKindFile(page, "dan-van-tinh.json", text);
  const picker = kindPicker(page);
  await picker.getByRole("status").getByText(`Đã mở mẫu “${NAME}” từ tệp “dan-van-tinh.json”.`).waitFor();
  // It replaces the bundled kind of the same id, marked as opened from a file.
  assert.deepEqual(await listedKinds(page), [{ name: TCD, own: false }, { name: NAME, own: true }]);
  const begin = picker.getByRole("button", { name: `Bắt đầu báo cáo mới: ${NAME}`, exact: true });
  assert.ok(await begin.evaluate((e) => e === document.activeElement), "focus goes to the new kind's “Bắt đầu”");
  await begin.click();
  await page.getByText("Đã bắt đầu báo cáo mới.").waitFor();
  await waitForPreview(page, `II. ${RENAMED}`);
  assert.match(await page.locator(".kind-name").innerText(), /mẫu của tỉnh[\s\S]*mẫu mở từ tệp/);
  await page.getByLabel("Trích yếu", { exact: true }).fill("Báo cáo theo mẫu của tỉnh");
  await settled(page);
  await waitUntil(() => storedDraft(page), (d) => d.title === "Báo cáo theo mẫu của tỉnh", () => "the draft is saved");

  // The command line, given the same file, gives the same document.
  const docx = await downloadDocx(page, dir, "page.docx");
  const draftFile = path.join(dir, "draft.json");
  const draft = await storedDraft(page);
  await writeFile(draftFile, JSON.stringify(draft));
  const cliDocx = path.join(dir, "cli.docx");
  baocao(["--kind-file", kindFile, "render", draftFile, "-o", cliDocx]);
  const cli = readDocx(cliDocx)[cliDocx];
  assert.deepEqual(docx.paragraphs, cli.paragraphs, "the page's .docx has the command line's paragraphs");
  assert.ok(docx.paragraphs.includes(`II. ${RENAMED}`));
  const cliText = baocao(["--kind-file", kindFile, "render", draftFile, "--format", "text", "-o", "-"]);
  assert.ok(cliText.includes(`II. ${RENAMED}`), "the command line's text has the renamed heading");
  assert.ok((await previewText(page)).includes(`II. ${RENAMED}`));

  // After a reload: the kind file is read again (kept beside the drafts), the draft opens.
  await page.reload();
  await appReady(page);
  await waitForPreview(page, `II. ${RENAMED}`);
  assert.equal(await page.getByLabel("Trích yếu", { exact: true }).inputValue(), "Báo cáo theo mẫu của tỉnh");
  await headerButton(page, "Báo cáo mới").click();
  assert.deepEqual(await listedKinds(page), [{ name: TCD, own: false }, { name: NAME, own: true }]);
  await page.keyboard.press("Escape");
  assert.deepEqual(errors, []);
});

test("a broken kind file is refused with every Vietnamese sentence; the page keeps working and the draft is untouched", async (t) => {
  const { page, errors } = await start(t);
  await page.getByLabel("Trích yếu", { exact: true }).fill("Đang soạn dở");
  await waitUntil(() => snapshot(page), (s) => s.record?.includes("Đang soạn dở"), () => "the draft is saved");
  const before = await snapshot(page);

  // A field of a type that does not exist: the problems, each with its line and place.
  const kind = JSON.parse(await readFile(path.join(ROOT, "src/kinds/dan-van-chinh-quyen.json"), "utf8"));
  kind.steps[1].fields[0].type = "bang-la";
  await openKindFile(page, "loi-kieu.json", JSON.stringify(kind, null, 2));
  const alert = kindPicker(page).getByRole("alert");
  await alert.getByText("Không dùng được tệp mẫu báo cáo này:").waitFor();
  const sentences = await alert.getByRole("listitem").allInnerTexts();
  assert.ok(sentences.length >= 1, sentences.join("\n"));
  assert.match(sentences[0], /^Dòng \d+ \(steps\[1\]\.fields\[0\]\.type\): Kiểu trường “bang-la” không có; chọn trong “line”/);
  assert.ok(sentences.every((s) => /^Dòng \d+ \(/.test(s)), sentences.join("\n"));
  assert.deepEqual(await listedKinds(page), [{ name: DAN_VAN, own: false }, { name: TCD, own: false }]);

  // Not JSON at all.
  await openKindFile(page, "hong.json", '{\n  "format": "baocao-kind",\n  "version": 1,\n');
  await waitUntil(() => alert.getByRole("listitem").allInnerTexts(), (l) => l.length === 1 && l[0].includes("không phải JSON"), (l) => l.join("\n"));
  assert.match((await alert.getByRole("listitem").allInnerTexts())[0], /^Dòng 4: Tệp không phải JSON hợp lệ \(cột \d+\): tệp kết thúc giữa chừng/);

  // The page still works: the picker closes, the draft is as it was and takes typing.
  await page.keyboard.press("Escape");
  await kindPicker(page).waitFor({ state: "detached" });
  assert.deepEqual(await snapshot(page), before, "the stored draft and kind files are untouched");
  assert.equal(await page.getByLabel("Trích yếu", { exact: true }).inputValue(), "Đang soạn dở");
  await page.getByLabel("Trích yếu", { exact: true }).fill("Đang soạn dở, tiếp");
  await waitForPreview(page, "Đang soạn dở, tiếp");
  assert.deepEqual(errors, []);
});

test("a draft of a kind opened from a file (a new id) waits for it after a reload, and nothing is lost", async (t) => {
  const { page, errors } = await start(t);
  const kind = JSON.parse(await readFile(path.join(ROOT, "src/kinds/dan-van-chinh-quyen.json"), "utf8"));
  kind.id = "dan-van-xa-thu";
  kind.name = "Báo cáo dân vận (mẫu thử của xã)";
  await openKindFile(page, "mau-xa.json", JSON.stringify(kind));
  await kindPicker(page).getByRole("status").getByText(`Đã mở mẫu “${kind.name}” từ tệp “mau-xa.json”.`).waitFor();
  assert.deepEqual(await listedKinds(page), [{ name: DAN_VAN, own: false }, { name: TCD, own: false }, { name: kind.name, own: true }]);
  await kindPicker(page).getByRole("button", { name: `Bắt đầu báo cáo mới: ${kind.name}`, exact: true }).click();
  await page.getByText("Đã bắt đầu báo cáo mới.").waitFor();
  await page.getByLabel("Trích yếu", { exact: true }).fill("Bản nháp của mẫu riêng");
  await waitUntil(() => storedDraft(page), (d) => d.kind === kind.id && d.title === "Bản nháp của mẫu riêng", () => "the draft is saved");
  // The worker is held back: the page says what it waits for, and saves nothing meanwhile.
  let release;
  const held = new Promise((r) => (release = r));
  await page.context().route(/core-worker-[0-9a-f]+_bg\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.reload();
  await page.getByRole("status").getByText(`Đang tải mẫu báo cáo “${kind.id}” của bản nháp đang mở…`).waitFor();
  assert.equal((await storedDraft(page)).title, "Bản nháp của mẫu riêng");
  release();
  await appReady(page);
  assert.equal(await page.getByLabel("Trích yếu", { exact: true }).inputValue(), "Bản nháp của mẫu riêng");
  assert.match(await page.locator(".kind-name").innerText(), /mẫu thử của xã/);
  await waitForPreview(page, "Bản nháp của mẫu riêng");
  assert.deepEqual(errors, []);
});

test("every file of the broken-kind corpus gets in the page the sentences the CLI gives, and no panic", async (t) => {
  const { readdir } = await import("node:fs/promises");
  const { execFileSync } = await import("node:child_process");
  const { baocaoBin } = await import("./helpers/cli.mjs");
  const { page, errors } = await start(t);
  const dir = path.join(ROOT, "tests/kinds/broken");
  const files = (await readdir(dir)).filter((f) => f.endsWith(".json")).sort();
  assert.ok(files.length >= 20, `corpus: ${files.length} files`);
  const alert = kindPicker(page).getByRole("alert");
  let previous = "";
  for (const f of files) {
    const text = await readFile(path.join(dir, f), "utf8");
    // The CLI's sentences (exit 1), without the "file: " each line starts with.
    let out = "";
    try {
      execFileSync(baocaoBin(), ["kind", "check", path.join(dir, f)], { encoding: "utf8" });
    } catch (e) {
      out = e.stdout;
    }
    const cli = out.trim().split("\n").map((l) => l.slice(l.indexOf(": ") + 2));
    assert.ok(cli.length >= 1 && cli[0], `${f}: the CLI refuses it`);
    await openKindFile(page, f, text);
    const shown = await waitUntil(
      () => alert.getByRole("listitem").allInnerTexts(),
      (l) => l.length > 0 && l.join("\n") !== previous,
      (l) => `${f}: ${l.join("\n")}`
    );
    assert.deepEqual(shown, cli, f);
    previous = shown.join("\n");
  }
  await page.keyboard.press("Escape");
  assert.deepEqual(errors, [], "no error or panic in the page");
});
