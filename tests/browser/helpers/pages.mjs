// The pages of a draft two ways: as LibreOffice prints its .docx, and as the preview shows
// them. Written for any launcher whose page has `goto(url)` and `evaluate(fn, arg)` (playwright,
// puppeteer): everything in the page is done by `evaluate`, finding controls by their roles
// and names as a person would.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { baocao } from "./cli.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Words of a text, NFC, without the spaces and layout of either renderer. */
export const words = (s) => s.normalize("NFC").split(/\s+/).filter(Boolean);

/**
 * LibreOffice's pages of each .docx: for each file, an array of pages, each an array of its
 * text lines (the page number LibreOffice prints at the top from page 2 on taken off).
 */
export function libreOfficePages(...docx) {
  const out = JSON.parse(
    execFileSync("python3", [path.join(ROOT, "tests/docx/_lo_pages.py"), ...docx], { encoding: "utf8", maxBuffer: 64 << 20 }),
  );
  return docx.map((f) =>
    out[f].map((text, i) => {
      const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
      if (i > 0 && lines[0] === String(i + 1)) lines.shift();
      return lines;
    }),
  );
}

/** Render `draft` with the CLI into `dir/name.docx` and return the path. */
export function renderDocx(draft, dir, name) {
  const json = path.join(dir, `${name}.json`);
  const docx = path.join(dir, `${name}.docx`);
  baocao(["render", "-", "-o", docx], JSON.stringify(draft));
  void json;
  return docx;
}

/**
 * Open `url` with `draft` as the draft the browser holds (docs/draft-format.md, "Drafts in the
 * browser": the index, the record, the current id), and wait until the preview shows pages.
 */
export async function openWithDraft(page, url, draft) {
  // Storage belongs to the origin: open the app first (once), then seed its storage and open
  // it again. (A non-HTML file of the origin would do, but the browser then asks for a
  // favicon the app does not have.)
  if (!(await page.evaluate(() => location.href).catch(() => "")).startsWith(url)) await page.goto(url);
  await waitFor(page, () => document.querySelector('[role="group"][aria-label="Trang 1"]') !== null, "the app");
  const seed = (id) =>
    page.evaluate(([id, draft]) => {
      const now = Date.now();
      localStorage.clear();
      sessionStorage.clear();
      localStorage.setItem(`baocao.draft.${id}`, JSON.stringify({ rev: 1, updated: now, name: "Thử trang", named: true, draft }));
      localStorage.setItem("baocao.drafts", JSON.stringify({ version: 1, drafts: [{ id, name: "Thử trang", named: true, updated: now, rev: 1 }] }));
      localStorage.setItem("baocao.current", id);
    }, [id, draft]);
  const id = Math.floor(Math.random() * 2 ** 32).toString(16).padStart(8, "0");
  await seed(id);
  // The open app may still save what it has (autosave waits 300 ms): let it, then seed again.
  await new Promise((r) => setTimeout(r, 700));
  await seed(id);
  await page.goto(url);
  await waitFor(
    page,
    new Function(`return sessionStorage.getItem("baocao.current") === ${JSON.stringify(id)} && document.querySelector('[role="group"][aria-label="Trang 1"]') !== null`),
    "the seeded draft open, and the preview's page 1",
  );
}

/** Poll `fn` in the page until it returns something truthy; throw naming `what` after `timeout`. */
export async function waitFor(page, fn, what, timeout = 15000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await page.evaluate(fn).catch(() => null);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The preview's pages as the author sees them, once the layout has settled (the same twice
 * in a row): { count: the "N trang" line, pages: [{ label, lines: [text of each line] }] }.
 * Pages are the elements of role group named "Trang N" in the preview article; lines are
 * the visible words grouped by their line box.
 */
export async function previewPages(page) {
  const read = () =>
    page.evaluate(() => {
      const article = [...document.querySelectorAll("article")].find((a) => a.getAttribute("aria-label") === "Trang báo cáo xem trước");
      const groups = [...article.querySelectorAll('[role="group"]')].filter((g) => /^Trang \d+$/.test(g.getAttribute("aria-label")));
      const range = document.createRange();
      const pages = groups.map((g) => {
        const lines = [];
        let lastTop = null;
        const walker = document.createTreeWalker(g, NodeFilter.SHOW_TEXT, {
          acceptNode: (n) =>
            n.parentElement.closest('[hidden], [aria-hidden="true"]') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
        });
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          for (const m of n.data.matchAll(/\S+/g)) {
            range.setStart(n, m.index);
            range.setEnd(n, m.index + m[0].length);
            const top = range.getClientRects()[0]?.top;
            if (top === undefined) continue;
            if (lastTop === null || Math.abs(top - lastTop) > 4) lines.push(m[0]);
            else lines[lines.length - 1] += " " + m[0];
            lastTop = top;
          }
        }
        return { label: g.getAttribute("aria-label"), lines };
      });
      const count = document.querySelector(".preview-col")?.innerText.match(/(\d+) trang/)?.[1];
      return { count: count === undefined ? null : Number(count), pages };
    });
  let prev = JSON.stringify(await read());
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const now = JSON.stringify(await read());
    if (now === prev) return JSON.parse(now);
    prev = now;
  }
  throw new Error("the preview's pages never settled");
}

/**
 * Compare the preview's pages with LibreOffice's: the same number, and each page's first
 * words (4) at the start of one of the two lines before or the three lines after the preview's
 * page start. Returns a list of problems (empty when they agree) and a report line per page.
 */
export function comparePages(preview, lo) {
  const problems = [];
  const report = [];
  if (preview.pages.length !== lo.length)
    problems.push(`the preview has ${preview.pages.length} pages, LibreOffice ${lo.length}`);
  if (preview.count !== preview.pages.length)
    problems.push(`the page count line says ${preview.count} trang for ${preview.pages.length} pages`);
  const key = (line) => words(line).slice(0, 4).join(" ");
  for (let n = 1; n < Math.min(preview.pages.length, lo.length); n++) {
    const want = key(lo[n][0] ?? "");
    const before = preview.pages[n - 1].lines.slice(-2);
    const after = preview.pages[n].lines.slice(0, 3);
    const window = [...before, ...after];
    const at = window.findIndex((l) => words(l).join(" ").startsWith(want));
    const shift = at < 0 ? null : at - before.length;
    report.push(`page ${n + 1}: LibreOffice starts “${want}”, preview “${key(after[0] ?? "")}”` +
      (shift === null ? " (not within two lines)" : shift === 0 ? " (same line)" : ` (${shift > 0 ? "+" : ""}${shift} line)`));
    if (shift === null)
      problems.push(`page ${n + 1}: LibreOffice starts with “${want}”; the preview's last lines of page ${n} and first of page ${n + 1} are:\n    ${window.join("\n    ")}`);
  }
  return { problems, report };
}
