// The report in its chain, in the browser (issue #13): a .docx baocao wrote opens with its
// draft ("Mở tệp"), and says so when it was edited in Word; "Báo cáo kỳ tiếp theo" starts the
// next period from the draft; "Tổng hợp báo cáo đơn vị" sums the units' reports. Each result
// is compared with what the command line gives for the same files.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { launch, BAOCAO_URL } from "./lib.mjs";
import { appReady, goToStep, headerButton, settled, stepList } from "./helpers/app.mjs";
import { baocao, baocaoBin } from "./helpers/cli.mjs";
import { readStoredDraft, valueAt, waitForStoredDraft } from "./helpers/draft.mjs";

async function start(t) {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "baocao-chain-"));
  t.after(() => rm(tmp, { recursive: true, force: true }));
  const b = await launch();
  t.after(b.close);
  b.page.on("dialog", (d) => d.accept());
  await b.page.goto(BAOCAO_URL);
  await appReady(b.page);
  return { ...b, tmp };
}

/** Choose `files` in the file picker the header button `button` opens. */
async function choose(page, button, files) {
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), headerButton(page, button).click()]);
  await chooser.setFiles(files);
}

async function loadSample(page) {
  await headerButton(page, "Tải báo cáo mẫu").click();
  await page.getByText("Đã tải báo cáo mẫu.").waitFor();
  return waitForStoredDraft(page, (d) => valueAt(d, "letterhead.place") === "Bình Sơn", "the sample");
}


test("a .docx baocao wrote opens with its draft; edited in Word, it opens as written and says which paragraphs differ", async (t) => {
  const { page, errors, tmp } = await start(t);
  const sample = await loadSample(page);
  const [download] = await Promise.all([page.waitForEvent("download"), headerButton(page, "Tải về .docx").click()]);
  const docx = path.join(tmp, download.suggestedFilename());
  await download.saveAs(docx);

  await choose(page, "Mở tệp", docx);
  await page.getByText(`Đã mở tệp “${path.basename(docx)}”`).waitFor();
  const opened = await waitForStoredDraft(page, (d) => valueAt(d, "letterhead.place") === "Bình Sơn", "the .docx's draft");
  assert.deepEqual(opened, sample, "the draft the .docx carries is the one it was written from");
  assert.deepEqual(opened, JSON.parse(baocao(["draft", docx])), "the same draft as `baocao draft`");

  // Edited in Word: one sentence of the body changed (python's zipfile rewrites the package).
  const edited = path.join(tmp, "edited.docx");
  execFileSync("python3", ["-c", String.raw`
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
    for i in z.infolist():
        data = z.read(i.filename)
        if i.filename == "word/document.xml":
            data = data.replace("kính báo cáo".encode(), "xin báo cáo".encode(), 1)
        out.writestr(i, data)
`, docx, edited]);
  await choose(page, "Mở tệp", edited);
  await page.getByText("Đã mở tệp “edited.docx”").waitFor();
  const notice = page.getByText(/^Văn bản trong tệp \.docx đã được sửa sau khi baocao tạo ra; bản nháp được mở đúng như baocao đã ghi, không có các chỗ sửa ở 1 đoạn: “.*xin báo cáo/);
  await notice.waitFor();
  assert.deepEqual(await readStoredDraft(page), sample, "opened as baocao wrote it");

  // A .docx that is not baocao's: one sentence, the draft stays.
  const plain = path.join(tmp, "khac.docx");
  execFileSync("python3", ["-c", String.raw`
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, zipfile.ZipFile(sys.argv[2], "w") as out:
    for i in z.infolist():
        if not i.filename.startswith("customXml/"):
            out.writestr(i, z.read(i.filename))
`, docx, plain]);
  await choose(page, "Mở tệp", plain);
  await page.getByText(/^Không mở được tệp “khac\.docx”: /).waitFor();
  assert.deepEqual(await readStoredDraft(page), sample);
  assert.deepEqual(errors, []);
});

test("Báo cáo kỳ tiếp theo: from the dân vận sample, năm 2022 with the open cases carried over, as `baocao next`", async (t) => {
  const { page, errors, tmp } = await start(t);
  const sample = await loadSample(page);
  await headerButton(page, "Báo cáo kỳ tiếp theo").click();
  await page.getByText(/^Đã bắt đầu báo cáo kỳ tiếp theo/).waitFor();
  const next = await waitForStoredDraft(page, (d) => valueAt(d, "period.year") === 2022, "the next period's draft");
  for (const [row, carried] of [["complaints", 4], ["land", 3], ["petitions", 1], ["denunciations", 0]]) {
    assert.equal(valueAt(next, `cases.${row}.carried`), carried, row);
  }
  assert.equal(valueAt(next, "cases.complaints.in_progress"), undefined, "this period's figures are empty");
  assert.equal(valueAt(next, "letterhead.number"), "");
  assert.equal(valueAt(next, "previous.fields.cases.complaints.in_progress"), 4, "the previous report is linked");
  const file = path.join(tmp, "sample.json");
  await writeFile(file, JSON.stringify(sample));
  assert.deepEqual(next, JSON.parse(baocao(["next", file, "-o", "-"])), "the same draft as `baocao next`");
  // The texts kept from last period are marked, each until edited or confirmed.
  await goToStep(page, await stepList(page), "I. Lãnh đạo, chỉ đạo");
  await settled(page);
  const keep = page.getByRole("button", { name: /^Giữ nguyên nội dung kỳ trước: / });
  const marked = await keep.count();
  assert.ok(marked >= 1, "a kept text of the step has its button");
  const said = page.locator("[data-field]").filter({ hasText: /Nội dung này giữ nguyên từ báo cáo kỳ trước ngày 05\/01\/2022: sửa cho kỳ này, hoặc bấm “Giữ nguyên” nếu vẫn đúng\./ });
  assert.equal(await said.count(), marked, "each field with its sentence");
  const kept = valueAt(next, "previous.texts").length;
  await keep.first().click();
  await waitForStoredDraft(page, (d) => valueAt(d, "previous.texts").length === kept - 1, "the text confirmed");
  await settled(page);
  assert.equal(await keep.count(), marked - 1, "confirmed: its mark is gone");
  if (marked > 1) {
    const field = page.locator("[data-field]").filter({ has: keep.first() }).last();
    const box = field.locator("textarea").first();
    await box.focus();
    await page.keyboard.press("End");
    await page.keyboard.type(" Kỳ này đã sửa.");
    await settled(page);
    assert.equal(await keep.count(), marked - 2, "edited: its mark is gone");
  }

  // The comparison view: each figure, last period against this one.
  const compared = page.getByRole("group").filter({ has: page.getByText(/^So sánh với kỳ trước \(\d+ số liệu\)$/) });
  await page.getByText(/^So sánh với kỳ trước \(\d+ số liệu\)$/).click();
  const lines = await compared.getByRole("listitem").allInnerTexts();
  assert.ok(lines.some((l) => /: kỳ trước 4, kỳ này —$/.test(l)), `an emptied figure: ${lines.slice(0, 5).join(" | ")}`);
  assert.ok(lines.some((l) => /: kỳ trước —, kỳ này 4$/.test(l) || /kỳ này 4 \(/.test(l)), `a carried-over figure: ${lines.slice(0, 8).join(" | ")}`);

  // The previous period's draft stays in the list.
  await headerButton(page, "Bản nháp").click();
  const dialog = page.getByRole("dialog", { name: "Bản nháp" });
  await dialog.waitFor();
  assert.equal(await dialog.getByRole("listitem").count(), 2);
  assert.deepEqual(errors, []);
});

test("Tổng hợp báo cáo đơn vị: three units summed as `baocao aggregate`, another period refused, a unit's broken total named", async (t) => {
  const { page, errors, tmp } = await start(t);
  const sample = JSON.parse(baocao(["sample", "--kind", "tiep-cong-dan"]));
  const base = path.join(tmp, "tinh.baocao.json");
  await writeFile(base, JSON.stringify(sample));
  await choose(page, "Mở tệp", base);
  await page.getByText("Đã mở tệp “tinh.baocao.json”").waitFor();

  const unit = (name, edit = () => {}) => {
    const d = structuredClone(sample);
    d.letterhead.issuer_name = name;
    d.reception.figures.units[0].unit = name;
    d.letters.figures.units[0].unit = name;
    edit(d);
    return d;
  };
  const units = [
    ["xa-a.baocao.json", unit("UBND xã A")],
    ["xa-b.baocao.json", unit("UBND xã B")],
    ["xa-c.baocao.json", unit("UBND xã C", (d) => (d.reception.figures.units[0].c1 += 1))],
    ["xa-d.baocao.json", unit("UBND xã D", (d) => (d.period.number = 2))],
  ];
  const files = [];
  for (const [name, d] of units) {
    files.push(path.join(tmp, name));
    await writeFile(files.at(-1), JSON.stringify(d));
  }
  // A file that is not a report: named, the others summed.
  const junk = path.join(tmp, "rac.baocao.json");
  await writeFile(junk, "không phải bản nháp");
  await choose(page, "Tổng hợp báo cáo đơn vị", [...files, junk]);
  await page.getByText(/^Không mở được tệp “rac\.baocao\.json”: /).waitFor();
  await page.getByText(/^Đã tổng hợp báo cáo của 3 đơn vị thành bản nháp mới/).waitFor();
  await page.getByText("xa-d.baocao.json: báo cáo quý II năm 2026, không phải quý III năm 2026; không cộng.").waitFor();
  const sum = await waitForStoredDraft(page, (d) => valueAt(d, "aggregate.units")?.length === 3, "the summary");
  assert.deepEqual(valueAt(sum, "aggregate.units"), ["UBND xã A", "UBND xã B", "UBND xã C"]);
  const c4 = valueAt(sample, "reception.figures.total.c4");
  assert.equal(valueAt(sum, "reception.figures.total.c4"), 3 * c4, "Tổng of Biểu 01/TCD, column 4");

  const cliOut = path.join(tmp, "sum.json");
  try {
    execFileSync(baocaoBin(), ["aggregate", ...files, "--base", base, "-o", cliOut], { stdio: "pipe" });
  } catch (e) {
    assert.equal(e.status, 1, `baocao aggregate: exit 1 (a unit has errors): ${e.stderr}`);
  }
  assert.deepEqual(sum, JSON.parse(await readFile(cliOut, "utf8")), "the same summary as `baocao aggregate`");

  // The unit whose total does not add up is named in the summary's findings.
  await page.getByRole("button", { name: "Xem danh sách cần xem lại" }).click();
  await page.getByText(/UBND xã C: cột \[1\] tổng số lượt tiếp/).first().waitFor();

  // The units' texts, beside the form: shown on request, not in the report until added.
  const texts = valueAt(sample, "reception.paragraphs");
  await page.getByRole("navigation", { name: "Các phần của báo cáo" }).getByRole("button", { name: /^I\. Tiếp công dân/ }).click();
  const show = page.getByRole("button", { name: `Nội dung báo cáo của các đơn vị (${3 * texts.length})` });
  await show.click();
  assert.equal(await show.getAttribute("aria-expanded"), "true");
  const list = page.getByRole("list", { name: /^Nội dung của các đơn vị cho/ });
  assert.equal(await list.getByRole("listitem").count(), 3 * texts.length);
  assert.match(await list.getByRole("listitem").nth(texts.length).innerText(), new RegExp(`^UBND xã B: ${texts[0].slice(0, 30)}`));
  await list.getByRole("button", { name: "Thêm vào báo cáo nội dung của UBND xã B" }).last().click();
  const added = await waitForStoredDraft(page, (d) => valueAt(d, "reception.paragraphs")?.length === texts.length + 1, "the unit's text added");
  assert.equal(valueAt(added, "reception.paragraphs").at(-1), texts.at(-1));
  await page.locator(`textarea[name="reception.paragraphs.${texts.length}"]`).waitFor();
  await show.click();
  assert.equal(await list.count(), 0, "hidden again");
  assert.deepEqual(errors, []);
});
