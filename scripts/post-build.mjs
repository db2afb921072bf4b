#!/usr/bin/env node
// Trunk post-build hook (Trunk.toml [[hooks]] stage = "post_build"): finishes dist/ in Trunk's
// staging directory before Trunk moves it into place. Node only, no packages, no network.
//
// 1. Gives the worker's files (core-worker: checks, sample, opened files, .docx) content-hashed
//    names (Trunk names workers by the bare binary name) and writes its loader, which fetches
//    the worker's wasm with an integrity check; index.html gets <meta name="baocao-worker" content="./core-worker-<hash>_loader.js">.
// 2. Makes Trunk's start-up script fetch the main wasm with its integrity checked. Chrome
//    ignores `integrity` on <link rel="preload" as="fetch"> (and warns in the console:
//    crbug.com/981419), so Trunk's attribute there checks nothing; it is moved to the fetch.
//    Release builds: minifies the main wasm's JS glue with terser (if installed) and updates
//    its integrity.
// 3. Writes the Content-Security-Policy <meta>, with the sha256 of every inline script.
// 4. Writes sw.js from the template at the repository root: the list of built files and a
//    version that is the hash of their contents, so every deployment gets its own cache.
//    index.html gets <meta name="baocao-sw" content="./sw.js">, which makes the app register it.
// 5. Release builds: writes .br and .gz beside every compressible file, for hosts that serve
//    pre-compressed files.
//
// Under `trunk serve` (its live-reload script is in the page) steps 3 and 4 are skipped: the
// server rewrites that script (so no hash could match) and a cached previous build would fight
// the live reload. Everything else is the same as in dist/.
//
// Env (set by Trunk): TRUNK_STAGING_DIR, TRUNK_PROFILE. By hand: node scripts/post-build.mjs DIR
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import os from "node:os";
import { readFile, writeFile, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIR = path.resolve(process.argv[2] || process.env.TRUNK_STAGING_DIR || path.join(ROOT, "dist"));
const RELEASE = (process.env.TRUNK_PROFILE || "release") === "release";
const WORKER = "core-worker";

const sha = (alg, data) => createHash(alg).update(data).digest();
const exists = (p) => stat(p).then(() => true, () => false);

/** Every file under DIR, as POSIX paths relative to it. */
async function files(dir = DIR, rel = "") {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await files(path.join(dir, e.name), r)));
    else out.push(r);
  }
  return out.sort();
}

/** Insert `html` right after the <meta charset> tag (a CSP <meta> must come before any script). */
function afterCharset(page, html) {
  const m = page.match(/<meta\s+charset\s*=\s*"?[\w-]+"?\s*\/?>/i);
  if (!m) throw new Error("post-build: index.html has no <meta charset>");
  const at = m.index + m[0].length;
  return page.slice(0, at) + html + page.slice(at);
}

/** Every <link> tag and its attributes, quoted or not (Trunk minifies release HTML). */
function links(page) {
  const out = [];
  for (const m of page.matchAll(/<link\b([^>]*)>/gi)) {
    const attrs = {};
    for (const a of m[1].matchAll(/([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
      attrs[a[1].toLowerCase()] = a[2] ?? a[3] ?? a[4] ?? "";
    }
    out.push({ tag: m[0], attrs });
  }
  return out;
}

// --- 1. the worker: hashed names, a loader that checks the wasm's integrity ------------
async function hashWorker(page) {
  const js = path.join(DIR, `${WORKER}.js`);
  const wasm = path.join(DIR, `${WORKER}_bg.wasm`);
  if (!(await exists(js)) || !(await exists(wasm))) {
    throw new Error(`post-build: ${WORKER}.js / ${WORKER}_bg.wasm missing in ${DIR}`);
  }
  const jsBytes = await readFile(js);
  const wasmBytes = await readFile(wasm);
  const hash = createHash("sha256").update(jsBytes).update(wasmBytes).digest("hex").slice(0, 16);
  const base = `${WORKER}-${hash}`;
  await rename(js, path.join(DIR, `${base}.js`));
  await rename(wasm, path.join(DIR, `${base}_bg.wasm`));
  await rm(path.join(DIR, `${WORKER}_loader.js`), { force: true });
  const integrity = "sha384-" + sha("sha384", wasmBytes).toString("base64");
  // A classic worker script: wasm-bindgen's no-modules glue defines `wasm_bindgen`.
  const loader =
    `importScripts("./${base}.js");\n` +
    `wasm_bindgen({ module_or_path: fetch("./${base}_bg.wasm", { integrity: "${integrity}" }) });\n`;
  await writeFile(path.join(DIR, `${base}_loader.js`), loader);
  return afterCharset(page, `<meta name="baocao-worker" content="./${base}_loader.js">`);
}

// --- 2. the main wasm: fetched with its integrity checked --------------------------------------
function checkMainWasm(page) {
  // Trunk: <link rel="preload" href="./X_bg.wasm" crossorigin="anonymous" integrity="sha384-…" as="fetch" type="application/wasm">
  const preload = links(page).find((l) => l.attrs.rel === "preload" && /_bg\.wasm$/.test(l.attrs.href || ""));
  if (!preload || !preload.attrs.integrity) return page; // Trunk without SRI (data-integrity="none")
  const { href, integrity } = preload.attrs;
  const init = `init({ module_or_path: '${href}' })`;
  if (!page.includes(init)) throw new Error(`post-build: Trunk's start-up script changed: ${init} not found`);
  page = page.replace(init, `init({ module_or_path: fetch('${href}', { integrity: '${integrity}' }) })`);
  // The preload's own attribute is ignored, with a console warning; the fetch above is what
  // checks the bytes (and still reuses the preloaded response).
  const bare = preload.tag.replace(/\s+integrity\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/i, "");
  return page.replace(preload.tag, bare);
}

// --- 2. (end) Trunk's start-up script: what the app does not use ---------------------------
// Trunk's script also exposes the bindings on `window` and fires `TrunkApplicationStarted`;
// nothing listens (the app starts itself from its wasm's start function).
function trimStartup(page) {
  return page.replace(/\n*window\.wasmBindings = bindings;\n*/, "\n").replace(/\n*dispatchEvent\(new CustomEvent\("TrunkApplicationStarted", \{detail: \{wasm\}\}\)\);/, "");
}

// --- 2a. short import names ------------------------------------------------------------------
// wasm-bindgen names each function the wasm imports from its JS glue `__wbg_<name>_<16 hex>`,
// and the name is written twice: in the wasm's import section and as a key of the glue's
// imports object. 226 such names are 3.3 KB brotli in the page's wasm and 2.3 KB in its glue
// (hex digits do not compress). Each is renamed `a`, `b`, …, `aa`, … in both files, only
// where the glue holds the name exactly once (as that key); anything else is left as it is.

/** Unsigned LEB128 at `b[i]`: [value, next index]. */
function leb(b, i) {
  let r = 0, s = 0, x;
  do {
    x = b[i++];
    r += (x & 0x7f) * 2 ** s;
    s += 7;
  } while (x & 0x80);
  return [r, i];
}
function uleb(n) {
  const o = [];
  do {
    let x = n % 128;
    n = Math.floor(n / 128);
    if (n) x |= 0x80;
    o.push(x);
  } while (n);
  return Buffer.from(o);
}
const wasmName = (s) => {
  const b = Buffer.from(s);
  return Buffer.concat([uleb(b.length), b]);
};
function shortName(i) {
  const A = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let s = "";
  for (i += 1; i > 0; i = Math.floor((i - 1) / 52)) s = A[(i - 1) % 52] + s;
  return s;
}

/** The end of the import description at `b[k]` (wasm core spec, 5.5.5). */
function importDescEnd(b, k) {
  const kind = b[k++];
  const limits = (k) => {
    const flags = b[k++];
    [, k] = leb(b, k);
    if (flags & 1) [, k] = leb(b, k);
    return k;
  };
  if (kind === 0) return leb(b, k)[1]; // func: type index
  if (kind === 1) return limits(k + 1); // table: reftype, limits
  if (kind === 2) return limits(k); // memory
  if (kind === 3) return k + 2; // global: valtype, mutability
  if (kind === 4) return leb(b, k + 1)[1]; // tag: attribute, type index
  throw new Error(`post-build: unknown import kind ${kind}`);
}

/** `wasm` and `js` with short import names; `count` renamed. */
function shortenImports(wasm, js) {
  const out = [wasm.subarray(0, 8)];
  let count = 0;
  for (let i = 8; i < wasm.length; ) {
    const id = wasm[i];
    const [size, start] = leb(wasm, i + 1);
    const end = start + size;
    if (id !== 2) {
      out.push(wasm.subarray(i, end));
      i = end;
      continue;
    }
    let [n, k] = leb(wasm, start);
    const parts = [uleb(n)];
    for (; n > 0; n--) {
      let len;
      [len, k] = leb(wasm, k);
      const module = wasm.subarray(k, (k += len)).toString();
      [len, k] = leb(wasm, k);
      const field = wasm.subarray(k, (k += len)).toString();
      const desc = wasm.subarray(k, (k = importDescEnd(wasm, k)));
      const key = new RegExp(`(?<![\\w$])${field.replace(/\$/g, "\\$")}(?=\\s*:)`, "g");
      const anywhere = new RegExp(`(?<![\\w$])${field.replace(/\$/g, "\\$")}(?![\\w$])`, "g");
      let name = field;
      if (/^[\w$]+$/.test(field) && (js.match(anywhere) || []).length === 1 && (js.match(key) || []).length === 1) {
        name = shortName(count++);
        js = js.replace(key, name);
      }
      parts.push(wasmName(module), wasmName(name), desc);
    }
    const body = Buffer.concat(parts);
    out.push(Buffer.from([2]), uleb(body.length), body);
    i = end;
  }
  return { wasm: Buffer.concat(out), js, count };
}

/** The page's wasm and glue with short import names; the preloads' integrity updated. */
async function shortImports(page) {
  const all = links(page);
  const wasmLink = all.find((l) => l.attrs.rel === "preload" && /_bg\.wasm$/.test(l.attrs.href || ""));
  const jsLink = all.find((l) => l.attrs.rel === "modulepreload" && /\.js$/.test(l.attrs.href || ""));
  if (!wasmLink || !jsLink) return { page, note: "no preloaded wasm and glue: import names left as they are" };
  const wasmFile = path.join(DIR, wasmLink.attrs.href);
  const jsFile = path.join(DIR, jsLink.attrs.href);
  const r = shortenImports(await readFile(wasmFile), await readFile(jsFile, "utf8"));
  await writeFile(wasmFile, r.wasm);
  await writeFile(jsFile, r.js);
  for (const [l, bytes] of [[wasmLink, r.wasm], [jsLink, Buffer.from(r.js)]]) {
    if (!l.attrs.integrity) continue;
    const integrity = "sha384-" + sha("sha384", bytes).toString("base64");
    page = page.replace(l.tag, l.tag.replace(l.attrs.integrity, integrity));
  }
  return { page, note: `${r.count} import names of the page's wasm shortened` };
}

// --- 2b. the main wasm's JS glue: minified ------------------------------------------------------
// Trunk's minifier cannot parse wasm-bindgen's module glue; terser (installed by
// scripts/ensure-tools into the tools dir) can. Its modulepreload integrity is updated.
async function minifyGlue(page) {
  const tools = process.env.BAOCAO_TOOLS || path.join(process.env.HOME || os.homedir(), ".cache/baocao-tools");
  let terser;
  try {
    terser = createRequire(path.join(tools, "node_modules/"))("terser");
  } catch {
    return { page, note: "terser not installed (scripts/ensure-tools): JS glue left as it is" };
  }
  const preload = links(page).find((l) => l.attrs.rel === "modulepreload" && /\.js$/.test(l.attrs.href || ""));
  if (!preload) return { page, note: "no modulepreload: JS glue left as it is" };
  const file = path.join(DIR, preload.attrs.href);
  const code = await readFile(file, "utf8");
  const out = await terser.minify(code, { module: true, compress: true, mangle: true, format: { comments: false } });
  await writeFile(file, out.code);
  let tag = preload.tag;
  if (preload.attrs.integrity) {
    const integrity = "sha384-" + sha("sha384", Buffer.from(out.code)).toString("base64");
    tag = tag.replace(preload.attrs.integrity, integrity);
  }
  return {
    page: page.replace(preload.tag, tag),
    note: `JS glue minified by terser: ${code.length} → ${out.code.length} bytes`,
  };
}

// --- 3. Content-Security-Policy ----------------------------------------------------------------
function csp(page) {
  const hashes = [];
  for (const m of page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/.test(m[1])) continue;
    hashes.push(`'sha256-${sha("sha256", Buffer.from(m[2], "utf8")).toString("base64")}'`);
  }
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(" ")}`.trim(),
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  return { page: afterCharset(page, `<meta http-equiv="Content-Security-Policy" content="${policy}">`), policy };
}

// --- 4. service worker -------------------------------------------------------------------------
async function serviceWorker() {
  const all = await files();
  const assets = all.filter((f) => f !== "sw.js" && !/\.(br|gz|map)$/.test(f));
  const h = createHash("sha256");
  for (const f of assets) {
    h.update(f + "\0");
    h.update(sha("sha256", await readFile(path.join(DIR, f))));
  }
  const version = h.digest("hex").slice(0, 16);
  // Names with a content hash can come from the HTTP cache; the others are fetched anew.
  const hashed = (f) => /-[0-9a-f]{16}(_bg\.wasm|_loader\.js|\.js|\.css)$/.test(f);
  const list = assets.map((f) => ({ url: f, fresh: !hashed(f) }));
  const template = await readFile(path.join(ROOT, "sw.js"), "utf8");
  const marker = /const BUILD = \{[^]*?\};/;
  if (!marker.test(template)) throw new Error("post-build: sw.js template lacks `const BUILD = {…};`");
  const sw = template.replace(marker, `const BUILD = ${JSON.stringify({ version, assets: list }, null, 1)};`);
  await writeFile(path.join(DIR, "sw.js"), sw);
  return { version, count: list.length };
}

// --- 5. pre-compressed copies ------------------------------------------------------------------
async function compress() {
  let n = 0;
  for (const f of await files()) {
    if (!/\.(html|js|mjs|css|wasm|json|webmanifest|svg|txt)$/.test(f)) continue;
    const p = path.join(DIR, f);
    const data = await readFile(p);
    const br = zlib.brotliCompressSync(data, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        [zlib.constants.BROTLI_PARAM_MODE]: /\.wasm$/.test(f) ? zlib.constants.BROTLI_MODE_GENERIC : zlib.constants.BROTLI_MODE_TEXT,
      },
    });
    const gz = zlib.gzipSync(data, { level: 9 });
    if (br.length < data.length) await writeFile(p + ".br", br), n++;
    if (gz.length < data.length) await writeFile(p + ".gz", gz), n++;
  }
  return n;
}

async function main() {
  const indexPath = path.join(DIR, "index.html");
  let page = await readFile(indexPath, "utf8");
  const serve = page.includes(".well-known/trunk/ws");

  const notes = [];
  page = await hashWorker(page);
  if (RELEASE) {
    let note;
    ({ page, note } = await shortImports(page));
    notes.push(note);
  }
  page = checkMainWasm(page);
  page = trimStartup(page);
  if (RELEASE) {
    let note;
    ({ page, note } = await minifyGlue(page));
    notes.push(note);
  }
  let policy = null;
  if (!serve) {
    page = afterCharset(page, `<meta name="baocao-sw" content="./sw.js">`);
    ({ page, policy } = csp(page));
  }
  await writeFile(indexPath, page);

  if (!serve) {
    const { version, count } = await serviceWorker();
    notes.push(`sw.js version ${version} (${count} files)`);
    notes.push(`CSP: ${policy}`);
  } else {
    notes.push("trunk serve: no service worker, no CSP");
  }
  if (RELEASE && !serve) notes.push(`${await compress()} pre-compressed files (.br, .gz)`);
  for (const n of notes) console.log(`post-build: ${n}`);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
