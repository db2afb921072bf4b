// The preview's pages are LibreOffice's pages of the same draft's .docx: the same number of
// "Trang N" pages, each starting within two lines of where LibreOffice starts it; the last
// body paragraph keeps with the signature; a closing table taller than a page is a warning;
// printing prints one preview page per A4 page.
//
// The .docx comes from the CLI (`baocao render`), LibreOffice converts it to PDF and
// pdftotext reads each page (tests/docx/_lo_pages.py; poppler-utils). The app is driven only
// through `goto` and `evaluate` (helpers/pages.mjs), so another launcher runs it too:
//   BAOCAO_LAUNCHER=./helpers/firefox.mjs node --test tests/browser/pages.test.mjs
// (a module exporting `launch()` → { page, errors, close }, like lib.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { BAOCAO_URL } from "./lib.mjs";
import { sampleDraft } from "./helpers/cli.mjs";
import { comparePages, libreOfficePages, openWithDraft, previewPages, renderDocx, waitFor, words } from "./helpers/pages.mjs";

const { launch } = await import(process.env.BAOCAO_LAUNCHER ?? "./lib.mjs");

/** The sample with every list of paragraphs (and bullets, items) repeated `times` times. */
function longDraft(times) {
  const d = structuredClone(sampleDraft());
  const grow = (o) => {
    for (const [k, v] of Object.entries(o)) {
      if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string") && !/^(recipients|signature|letterhead)/.test(k))
        o[k] = Array.from({ length: times }, () => v).flat();
      else if (v && typeof v === "object" && !Array.isArray(v)) grow(v);
    }
  };
  for (const [k, v] of Object.entries(d)) if (v && typeof v === "object" && !/^(recipients|signature|letterhead)$/.test(k)) grow(v);
  return d;
}

test("the preview's pages are LibreOffice's pages", async (t) => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "baocao-pages-"));
  t.after(() => rm(tmp, { recursive: true, force: true }));
  const { page, errors, close } = await launch({ viewport: { width: 1400, height: 900 } });
  t.after(close);

  const compare = async (name, draft) => {
    const docx = renderDocx(draft, tmp, name);
    const [lo] = libreOfficePages(docx);
    await openWithDraft(page, BAOCAO_URL, draft);
    const shown = await previewPages(page);
    const { problems, report } = comparePages(shown, lo);
    t.diagnostic(`${name}: preview ${shown.pages.length} pages, LibreOffice ${lo.length}\n  ${report.join("\n  ")}`);
    assert.deepEqual(problems, [], `${name}: the preview's pages differ from LibreOffice's`);
    return { shown, lo };
  };

  await t.test("the sample", async () => {
    const { shown } = await compare("sample", sampleDraft());
    assert.ok(shown.pages.length >= 2, "the sample fills several pages");
    // Every page but the last is full: it ends within two lines of the page's foot.
    assert.deepEqual(shown.pages.map((p) => p.label), shown.pages.map((_, i) => `Trang ${i + 1}`));
  });

  await t.test("a long draft (the sample's lists three times over)", async () => {
    const { shown } = await compare("long", longDraft(3));
    assert.ok(shown.pages.length >= 12, `the long draft has ${shown.pages.length} pages`);
  });

  await t.test("the signature never starts a page alone: the last paragraph goes with it", async () => {
    // Add one-line tasks to the last list until the preview's last page starts with the last
    // body paragraph while the page before had room for it: without the .docx's keep rules
    // the signature would start that page alone.
    // Each added task is one line; the first count that overflows the last page of the
    // sample moves the closing table, and with it the last paragraph, to a new page.
    const base = sampleDraft();
    const withTasks = (k) => {
      const d = structuredClone(base);
      d.tasks.items = [...d.tasks.items, ...Array.from({ length: k }, (_, i) => `Thực hiện nhiệm vụ bổ sung số ${i + 1}.`)];
      return d;
    };
    const geometry = () =>
      page.evaluate(() => {
        const pages = [...document.querySelectorAll('[role="group"][aria-label^="Trang "]')];
        const room = (p) => {
          const body = p.querySelector(".page-body");
          const blocks = [...body.querySelectorAll(".para, .closing")];
          return body.getBoundingClientRect().top + (257 * 96) / 25.4 - blocks.at(-1).getBoundingClientRect().bottom;
        };
        const last = pages.at(-1);
        const first = last.querySelector(".page-body > *");
        const para = last.querySelector(".body > .para");
        return {
          pages: pages.length,
          room: room(last),
          roomBefore: pages.length > 1 ? room(pages.at(-2)) : null,
          startsWithLastParagraph: !!para && first === para.parentElement && para.parentElement.children.length === 1,
          needs: para?.getBoundingClientRect().height ?? null,
          text: para?.textContent ?? "",
        };
      });
    await openWithDraft(page, BAOCAO_URL, withTasks(0));
    await previewPages(page);
    const g0 = await geometry();
    const line = (14 * 1.15 * 96) / 72 + 8; // one line and the space after it
    let found = null;
    for (let k = Math.floor(g0.room / line) + 1, tries = 0; tries < 4 && !found; k++, tries++) {
      await openWithDraft(page, BAOCAO_URL, withTasks(k));
      await previewPages(page);
      const g = await geometry();
      if (g.pages === g0.pages + 1 && g.startsWithLastParagraph && g.roomBefore >= g.needs) found = { k, d: withTasks(k), ...g };
    }
    assert.ok(found, "some number of added tasks brings the signature to the top of a page");
    t.diagnostic(`with ${found.k} added tasks: ${Math.round(found.roomBefore)} px free on the page before, the last paragraph needs ${Math.round(found.needs)} px`);
    const { lo } = await compare(`alone-${found.k}`, found.d);
    const lastPage = lo.at(-1);
    assert.equal(words(lastPage.join(" ")).slice(0, 4).join(" "), words(found.text).slice(0, 4).join(" "),
      "LibreOffice's last page starts with the last body paragraph too");
  });

  await t.test("a closing table taller than a page is a layout.split warning", async () => {
    const d = structuredClone(sampleDraft());
    d.recipients.cc = Array.from({ length: 70 }, (_, i) => `UBND xã số ${i + 1};`);
    await openWithDraft(page, BAOCAO_URL, d);
    const message = await waitFor(page, () => {
      const open = [...document.querySelectorAll("main button")].find((b) => b.textContent.trim() === "Xem danh sách cần xem lại");
      if (open && open.getAttribute("aria-expanded") !== "true") open.click();
      return [...document.querySelectorAll(".checks li")].map((li) => li.textContent).find((s) => s.includes("Phần nơi nhận và chữ ký"));
    }, "the split warning in the panel “Kiểm tra số liệu”");
    assert.match(message, /Cảnh báo/, "it is a warning");
    assert.match(message, /dài hơn một trang nên bị tách ra hai trang \(trang \d+ và trang \d+\)/);
  });

  await t.test("printing prints the preview's pages, one per A4 page", { skip: typeof page.pdf !== "function" && "no page.pdf" }, async () => {
    await openWithDraft(page, BAOCAO_URL, sampleDraft());
    const { pages } = await previewPages(page);
    const pdf = Buffer.from(await page.pdf({ preferCSSPageSize: true })).toString("latin1");
    const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)];
    assert.equal(boxes.length, pages.length, "one printed page per preview page");
    for (const b of boxes) assert.ok(Math.abs(+b[1] - 595.28) < 2 && Math.abs(+b[2] - 841.89) < 2, `A4: ${b[1]} × ${b[2]}`);
  });

  assert.deepEqual(errors, [], "no page error or console error");
});
