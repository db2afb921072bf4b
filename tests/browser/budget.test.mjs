// The byte gate and the light-page check, on the built app (dist/ as scripts/test serves it).
//
// 1. Bytes are deterministic, so they are gated: everything fetched until the form is usable
//    (helpers/firstload.mjs defines both words) is at most 150 KB = 153,600 B brotli.
// 2. The page's wasm never reaches the rules, the sample, the file reader or the .docx writer:
//    strings that only those parts hold are absent from the page's wasm and present in the
//    worker's (so the markers are real and the check can fail).
// Times are not gated: ./scripts/bench prints them.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { BAOCAO_URL } from "./lib.mjs";
import { coldLoad } from "./helpers/firstload.mjs";

const BUDGET = 150 * 1024; // 153,600 B brotli

/** What only each heavy part of the core holds, as it is compiled into a wasm module. */
const MARKERS = {
  "the rules (kinds::rules, check::common_rules)": ["Mọi số liệu là số nguyên từ 0 đến 1.000.000.000", "chênh lệch"],
  "the sample report (kinds::sample)": ["Phạm Quang Sự"],
  "the file reader (draft_io::parse, serde_json's parser)": ["Tệp rỗng nên không phải bản nháp báo cáo", "EOF while parsing"],
  "the .docx writer": ["word/document.xml", "[Content_Types].xml"],
};

const name = (u) => new URL(u).pathname.split("/").pop();
const isWorkerWasm = (f) => /^core-worker-.*\.wasm$/.test(name(f.url));

let load;
before(async () => {
  load = await coldLoad(BAOCAO_URL, { waitFor: (seen) => seen.some(isWorkerWasm) });
});

const table = (files) => files.map((f) => `  ${name(f.url) || "index.html"}: ${f.br} B brotli (${f.raw} B)`).join("\n");

test("bytes until the form is usable stay within 150 KB brotli", (t) => {
  const { files } = load;
  const total = files.reduce((s, f) => s + f.br, 0);
  t.diagnostic(`until usable: ${total} B brotli of ${BUDGET}`);
  for (const line of table(files).split("\n")) t.diagnostic(line);
  assert.ok(files.length >= 3, `the page, its script and its wasm:\n${table(files)}`);
  assert.ok(total <= BUDGET, `bytes until usable: ${total} B brotli > ${BUDGET} B\n${table(files)}`);
  assert.ok(!files.some((f) => name(f.url).startsWith("core-worker")), `the worker loads after the form is usable:\n${table(files)}`);
});

/** The file at `url`, as the server sends it (decoded): the browser does not always hand a
 *  worker's response body to the test. */
async function bytes(url) {
  const res = await fetch(url);
  assert.equal(res.status, 200, `GET ${url}`);
  return Buffer.from(await res.arrayBuffer());
}

test("the page's wasm leaves the rules, the sample, the file reader and the .docx writer to the worker", async () => {
  const { files, all } = load;
  const pageFile = files.find((f) => /^baocao-web-.*\.wasm$/.test(name(f.url)));
  assert.ok(pageFile, `the page's wasm is fetched before usable:\n${table(files)}`);
  const workerFile = all.find(isWorkerWasm);
  assert.ok(workerFile, "the worker's wasm is fetched after usable");
  const page = { url: pageFile.url, body: await bytes(pageFile.url) };
  const worker = { url: workerFile.url, body: await bytes(workerFile.url) };
  assert.ok(page.body.length > 100_000 && worker.body.length > 100_000, "both wasm files read");
  const missing = [];
  const present = [];
  for (const [part, strings] of Object.entries(MARKERS)) {
    for (const s of strings) {
      const bytes = Buffer.from(s, "utf8");
      if (!worker.body.includes(bytes)) missing.push(`${part}: “${s}” (${worker.body.length} B of ${name(worker.url)})`);
      if (page.body.includes(bytes)) present.push(`${part}: it contains “${s}”`);
    }
  }
  assert.deepEqual(missing, [], "markers not in the worker's wasm (stale markers?)");
  assert.deepEqual(present, [], "the page's wasm holds what belongs in the worker");
});
