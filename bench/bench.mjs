#!/usr/bin/env node
// The size and speed benchmark (issue #5 §3); run through scripts/bench, which builds first.
// Prints figures; asserts nothing.
//
//   node bench/bench.mjs [--runs 5] [--keys 30] [--docx 10] [--app DIR] [--surveyjs DIR]
//
// Every page is served by tests/browser/serve.mjs on 127.0.0.1 and driven in headless
// Chromium (playwright-core, tests/browser/lib.mjs), a fresh profile for every load.
//
// "Usable": the first moment an enabled form control with a label (<label for>, aria-label or
// aria-labelledby) is laid out in the page — the same rule for both pages — timed in the page
// (performance.now(), i.e. from the start of navigation) by a MutationObserver installed before
// any script runs. The bench then types into that control to check it takes input.
//
// "Bytes until usable": every response that finished before that moment (Playwright network
// events, worker and browser-initiated requests such as the manifest included): raw = body
// bytes, brotli = that body compressed by Node's brotli at quality 11 (what a host serving the
// .br files next to it sends). Requests to other origins are blocked and counted.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, readdir, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "../tests/browser/lib.mjs";
import { brotli, coldLoad as load } from "../tests/browser/helpers/firstload.mjs";
import { baocao } from "../tests/browser/helpers/cli.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), [])
);
const RUNS = Number(args.runs || 5);
const KEYS = Number(args.keys || 30);
const DOCX = Number(args.docx || 10);
const APP_DIR = path.resolve(args.app || path.join(ROOT, "dist"));
const SJS_DIR = path.resolve(args.surveyjs || path.join(ROOT, "bench/surveyjs"));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const kbB = (n) => `${kb(n)} (${Math.round(n)} B)`;
const ms = (n) => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`;

async function serve(dir) {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "baocao-bench-"));
  const urlFile = path.join(tmp, "url");
  const child = spawn(
    process.execPath,
    [path.join(ROOT, "tests/browser/serve.mjs"), "--dir", dir, "--port", "0", "--url-file", urlFile],
    { stdio: ["ignore", "ignore", "inherit"] }
  );
  for (let i = 0; i < 100; i++) {
    const url = await readFile(urlFile, "utf8").catch(() => null);
    if (url) {
      return {
        url,
        stop: async () => {
          child.kill("SIGTERM");
          await rm(tmp, { recursive: true, force: true });
        },
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGTERM");
  throw new Error(`could not serve ${dir}`);
}

async function loads(url) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await load(url));
  const last = runs[runs.length - 1];
  return {
    times: runs.map((r) => r.usable),
    median: median(runs.map((r) => r.usable)),
    files: last.files,
    raw: median(runs.map((r) => r.files.reduce((s, f) => s + f.raw, 0))),
    br: median(runs.map((r) => r.files.reduce((s, f) => s + f.br, 0))),
    requests: median(runs.map((r) => r.files.length)),
    blocked: last.blocked,
  };
}

/** The reference report's draft, as the app autosaves it after "Tải báo cáo mẫu". */
async function sampleDraft(url) {
  const { page, close } = await launch();
  try {
    await page.goto(url);
    await page.getByRole("button", { name: "Tải báo cáo mẫu" }).click();
    // docs/draft-format.md: the open draft is `baocao.draft.<id>`, id in sessionStorage.
    const saved = () => {
      const id = sessionStorage.getItem("baocao.current");
      const rec = id && localStorage.getItem("baocao.draft." + id);
      // The sample, not the blank draft the page started with (both have a letterhead).
      const draft = rec ? JSON.parse(rec).draft : null;
      return draft && draft.signature && draft.signature.name ? draft : null;
    };
    await page.waitForFunction(saved, null, { timeout: 10_000 });
    return await page.evaluate(saved);
  } finally {
    await close();
  }
}

/** Every figure × 100, as `baocao bench` does (a province summing its communes). */
function figuresTimes100(draft) {
  const d = structuredClone(draft);
  const walk = (v, key) => {
    if (Array.isArray(v)) v.forEach((x, i) => (typeof x === "number" ? (v[i] = x * 100) : walk(x)));
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k === "period" || k === "version") continue;
        if (typeof x === "number") v[k] = x * 100;
        else walk(x, k);
      }
    }
  };
  walk(d);
  return d;
}

/** Every list 100 times as long: a document about 100 times the reference's length. */
function listsTimes100(draft) {
  const d = structuredClone(draft);
  const walk = (v) => {
    if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (Array.isArray(x) && x.length && k !== "issuer") v[k] = Array.from({ length: 100 }, () => structuredClone(x)).flat();
        else walk(x);
      }
    }
  };
  walk(d);
  return d;
}

/** On the page as it is: each keystroke in `field` → findings and preview updated. */
async function timeKeys(page, field) {
  const paragraphs = await page.evaluate(() => document.querySelectorAll(".sheet p").length);
  const times = await page.evaluate(
    async ({ field, n }) => {
      const el = document.querySelector(`main [name="${field}"]`);
      const sheet = document.querySelector(".sheet");
      const main = document.querySelector("main");
      const group = (v) => String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
      const findings = [];
      const preview = [];
      for (let i = 0; i < n + 3; i++) {
        const v = 7001 + i * 13;
        const want = group(v);
        // Findings: a message quoting the new figure appears in the form (a broken sum);
        // preview: the sheet prints it. Each timed after style and layout.
        // Only the nodes each mutation changed are read: reading the whole sheet's text after
        // every mutation would cost more than the page's own work on a long report.
        const done = new Promise((resolve) => {
          const seen = {};
          const look = (records) => {
            for (const r of records) {
              const text = r.type === "characterData" ? r.target.data : [...r.addedNodes].map((n) => n.textContent).join("");
              if (!text.includes(want)) continue;
              const at = r.target.nodeType === Node.TEXT_NODE ? r.target.parentNode : r.target;
              if (seen.p === undefined && sheet.contains(at)) {
                void document.body.offsetHeight;
                seen.p = performance.now();
              } else if (seen.f === undefined && main.contains(at)) {
                void document.body.offsetHeight;
                seen.f = performance.now();
              }
            }
            if (seen.f !== undefined && seen.p !== undefined) {
              mo.disconnect();
              resolve(seen);
            }
          };
          const mo = new MutationObserver(look);
          mo.observe(document.body, { subtree: true, childList: true, characterData: true });
        });
        const t0 = performance.now();
        el.value = String(v);
        el.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: String(v % 10) }));
        const t = await done;
        if (i >= 3) {
          // the first three warm up
          findings.push(t.f - t0);
          preview.push(t.p - t0);
        }
        await new Promise((r) => setTimeout(r, 30));
      }
      return { findings, preview };
    },
    { field, n: KEYS }
  );
  return { times, paragraphs };
}

/** Keystroke in a figure → preview and findings (from the worker) updated and laid out. */
async function keystrokes(url, draft, field = "reception.figures.total.visits") {
  const { page, close } = await launch();
  try {
    await page.goto(url);
    await page.getByRole("button", { name: "Tải báo cáo mẫu" }).waitFor();
    // Seeded as a draft of an earlier version: the app moves `baocao.draft` into its list
    // and opens it (docs/draft-format.md).
    await page.evaluate((json) => {
      localStorage.clear();
      sessionStorage.clear();
      localStorage.setItem("baocao.draft", json);
      localStorage.setItem("baocao.step", "reception");
    }, JSON.stringify(draft));
    await page.reload();
    const input = page.locator(`main [name="${field}"]`);
    await input.waitFor();
    // The seeded draft is the one shown.
    const want = String(field.split(".").reduce((v, k) => v[k], draft));
    await page.waitForFunction(
      ([f, w]) => document.querySelector(`main [name="${f}"]`).value.replace(/\D/g, "") === w,
      [field, want]
    );
    // The checks run in the worker: wait for its first findings.
    await page.waitForFunction(() => {
      const c = document.querySelector(".checks-count");
      return c && !c.textContent.includes("Đang chuẩn bị");
    });
    return await timeKeys(page, field);
  } finally {
    await close();
  }
}

/**
 * "Tổng hợp báo cáo đơn vị" of `n` unit reports (the tiếp công dân sample as units named
 * UBND xã 1…n), in the browser: from the files chosen to the summary's notice (the files
 * read, then read and summed by the worker); then keystrokes in a unit's cell of the summary.
 */
async function aggregateTimes(url, n) {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "baocao-bench-units-"));
  const sample = JSON.parse(baocao(["sample", "--kind", "tiep-cong-dan"]));
  const files = [];
  for (let i = 1; i <= n; i++) {
    const d = structuredClone(sample);
    d.letterhead.issuer_name = `UBND xã ${i}`;
    d.reception.figures.units[0].unit = `UBND xã ${i}`;
    d.letters.figures.units[0].unit = `UBND xã ${i}`;
    files.push(path.join(tmp, `xa-${i}.baocao.json`));
    await writeFile(files.at(-1), JSON.stringify(d));
  }
  const base = path.join(tmp, "tinh.baocao.json");
  await writeFile(base, JSON.stringify(sample));
  const { page, close } = await launch();
  try {
    await page.goto(url);
    const header = page.getByRole("banner");
    await header.getByRole("button", { name: "Tải báo cáo mẫu" }).waitFor();
    const choose = async (button, chosen) => {
      const [chooser] = await Promise.all([page.waitForEvent("filechooser"), header.getByRole("button", { name: button, exact: true }).click()]);
      await chooser.setFiles(chosen);
    };
    await choose("Mở tệp", base);
    await page.getByText("Đã mở tệp “tinh.baocao.json”").waitFor();
    const t0 = Date.now();
    await choose("Tổng hợp báo cáo đơn vị", files);
    await page.getByText(`Đã tổng hợp báo cáo của ${n} đơn vị`).waitFor({ timeout: 120_000 });
    const took = Date.now() - t0;
    // A keystroke in a unit's cell of the summary (Biểu 01/TCD, n unit rows).
    await page.getByRole("navigation", { name: "Các phần của báo cáo" }).getByRole("button", { name: /^I\. Tiếp công dân/ }).click();
    const field = "reception.figures.units.0.c4";
    await page.locator(`main [name="${field}"]`).waitFor();
    await page.waitForFunction(() => !document.querySelector("section.checks")?.hasAttribute("aria-busy"), null, { timeout: 60_000 });
    return { ms: took, keys: await timeKeys(page, field) };
  } finally {
    await close();
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Click "Tải về .docx" → the file's Blob handed to the download (worker round trip). */
function docxProbe() {
  window.__docx = [];
  let clicked = null;
  document.addEventListener(
    "click",
    (e) => {
      if (e.target.closest && e.target.closest("button")?.textContent.includes("Tải về .docx")) clicked = performance.now();
    },
    true
  );
  const create = URL.createObjectURL;
  URL.createObjectURL = function (obj) {
    if (clicked !== null && obj instanceof Blob) {
      window.__docx.push({ ms: performance.now() - clicked, size: obj.size });
      clicked = null;
    }
    return create.call(URL, obj);
  };
}

async function docxTimes(url) {
  const { context, page, close } = await launch();
  try {
    await context.addInitScript(docxProbe);
    page.on("dialog", (d) => d.accept());
    await page.goto(url);
    const button = page.getByRole("button", { name: "Tải về .docx" });
    // First click: "Tải báo cáo mẫu" and "Tải về .docx" pressed as soon as the page has loaded;
    // the worker (checks, sample, .docx) starts right after the first render and may still be
    // loading: both requests wait for it.
    await page.getByRole("button", { name: "Tải báo cáo mẫu" }).click();
    // Timed to the Blob (the file ready to save), not to the download event: Chromium stops
    // delivering downloads after ten in a row from one page.
    const clickAndWait = async (k) => {
      await button.click();
      await page.waitForFunction((k) => window.__docx.length >= k, k, { timeout: 30_000 });
    };
    await clickAndWait(1);
    for (let i = 0; i < DOCX; i++) await clickAndWait(i + 2);
    const all = await page.evaluate(() => window.__docx);
    return { cold: all[0].ms, warm: all.slice(1).map((x) => x.ms), size: all[1].size };
  } finally {
    await close();
  }
}

async function distFiles(dir) {
  const out = [];
  const walk = async (d, rel) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(path.join(d, e.name), r);
      else if (!/\.(br|gz)$/.test(e.name)) {
        const buf = await readFile(path.join(d, e.name));
        out.push({ file: r, raw: buf.length, br: brotli(buf) });
      }
    }
  };
  await walk(dir, "");
  return out.sort((a, b) => b.raw - a.raw);
}

async function main() {
  const chromium = process.env.CHROMIUM || "/usr/bin/chromium";
  const version = await new Promise((resolve) => {
    const p = spawn(chromium, ["--version"]);
    let s = "";
    p.stdout.on("data", (d) => (s += d));
    p.on("close", () => resolve(s.trim()));
    p.on("error", () => resolve(chromium));
  });
  const sjsVersion = JSON.parse(await readFile(path.join(SJS_DIR, "node_modules/survey-core/package.json"), "utf8")).version;
  const app = await serve(APP_DIR);
  const sjs = await serve(SJS_DIR);
  try {
    console.log(`baocao bench — ${version}, headless, ${os.cpus().length} CPU(s); median of ${RUNS} cold loads, fresh profile each`);
    console.log("");
    const a = await loads(app.url);
    const s = await loads(sjs.url);
    const row = (label, x, y) => console.log(`  ${label.padEnd(38)}${String(x).padStart(22)}${String(y).padStart(24)}`);
    row("", "baocao", `SurveyJS ${sjsVersion}`);
    row("bytes until usable, brotli", kbB(a.br), kbB(s.br));
    row("bytes until usable, raw", kbB(a.raw), kbB(s.raw));
    row("requests until usable", a.requests, s.requests);
    row("requests to other origins (blocked)", a.blocked.length, s.blocked.length);
    row("time to usable, median", ms(a.median), ms(s.median));
    row("  runs", a.times.map((t) => t.toFixed(0)).join(" "), s.times.map((t) => t.toFixed(0)).join(" "));
    console.log("");
    console.log("  baocao, fetched until usable (last run):");
    for (const f of a.files) console.log(`    ${f.url.replace(app.url, "").padEnd(44) || "(page)"}${String(f.raw).padStart(9)} raw ${String(f.br).padStart(8)} br`);
    console.log("  SurveyJS, fetched until usable (last run):");
    for (const f of s.files) console.log(`    ${f.url.replace(sjs.url, "").padEnd(44) || "(page)"}${String(f.raw).padStart(9)} raw ${String(f.br).padStart(8)} br`);
    if (s.blocked.length) console.log(`    blocked: ${[...new Set(s.blocked.map((u) => new URL(u).host))].join(", ")} (${s.blocked.length} requests)`);
    console.log("");

    const reference = await sampleDraft(app.url);
    const variants = [
      ["reference report", reference],
      ["100 × figures (as baocao bench)", figuresTimes100(reference)],
      ["100 × every list (100× longer)", listsTimes100(reference)],
    ];
    console.log(`  keystroke in a figure → findings / preview updated and laid out (median of ${KEYS}; max):`);
    for (const [name, draft] of variants) {
      const { times: t, paragraphs } = await keystrokes(app.url, draft);
      console.log(
        `    ${name.padEnd(34)} findings ${ms(median(t.findings)).padStart(9)}  preview ${ms(median(t.preview)).padStart(9)}` +
          `   (max ${ms(Math.max(...t.findings))} / ${ms(Math.max(...t.preview))}; ${paragraphs} paragraphs)`
      );
    }
    const units = await aggregateTimes(app.url, 200);
    console.log(`  "Tổng hợp báo cáo đơn vị" of 200 unit reports, files chosen → summary open: ${ms(units.ms)}`);
    {
      const { times: t, paragraphs } = units.keys;
      console.log(
        `    ${"200-unit summary, a unit's cell".padEnd(34)} findings ${ms(median(t.findings)).padStart(9)}  preview ${ms(median(t.preview)).padStart(9)}` +
          `   (max ${ms(Math.max(...t.findings))} / ${ms(Math.max(...t.preview))}; ${paragraphs} paragraphs)`
      );
    }
    console.log("");
    const d = await docxTimes(app.url);
    console.log(`  .docx of the reference report, click → file ready (worker round trip, ${kb(d.size)}):`);
    console.log(`    worker running, median of ${DOCX}`.padEnd(40) + ms(median(d.warm)).padStart(10));
    console.log(`    first click right after load (worker loading)`.padEnd(40) + ms(d.cold).padStart(10));
    console.log("");
    console.log("  dist/ (raw, brotli q11):");
    let tr = 0, tb = 0;
    for (const f of await distFiles(APP_DIR)) {
      tr += f.raw;
      tb += f.br;
      console.log(`    ${f.file.padEnd(44)}${String(f.raw).padStart(9)} ${String(f.br).padStart(8)}`);
    }
    console.log(`    ${"total".padEnd(44)}${String(tr).padStart(9)} ${String(tb).padStart(8)}`);
  } finally {
    await app.stop();
    await sjs.stop();
  }
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
