// Shared helpers for the browser tests (node --test + playwright-core).
//
// The browser is Debian's Chromium ($CHROMIUM, default /usr/bin/chromium):
// playwright-core never downloads one. The firefox*.test.mjs files drive Debian's
// Firefox ESR instead (helpers/firefox.mjs); helpers/page.mjs serves both.
// scripts/test serves dist/ and sets BAOCAO_URL; to run a test by hand:
//   node tests/browser/serve.mjs --dir dist --port 8081 &
//   BAOCAO_URL=http://127.0.0.1:8081/ node --test tests/browser/
import { chromium } from "playwright-core";
import { mkdtemp, rm, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

export { BAOCAO_URL, url } from "./helpers/env.mjs";

/** Chromium flags for this machine: no sandbox as root, no GPU, no network chatter. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

/**
 * Start headless Chromium with a fresh, empty profile (new temp user-data-dir).
 * `options` are merged into playwright's launchPersistentContext options
 * (e.g. { viewport: { width: 390, height: 844 }, locale: "vi-VN" }).
 *
 * Returns { context, page, errors, close }:
 *   context  the BrowserContext (persistent; context.browser() is null)
 *   page     its first page
 *   errors   array collecting uncaught page errors and console.error texts
 *   close()  closes the browser and deletes the profile dir
 */
export async function launch(options = {}) {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), "baocao-chromium-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      headless: true,
      args: CHROMIUM_ARGS,
      acceptDownloads: true,
      locale: "vi-VN",
      ...options,
    });
  } catch (err) {
    await rm(userDataDir, { recursive: true, force: true });
    throw err;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  const watch = (p) => {
    p.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    p.on("console", (m) => { if (m.type() === "error") errors.push(`console.error: ${m.text()}`); });
  };
  watch(page);
  context.on("page", watch);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await context.close().catch(() => {});
    await rm(userDataDir, { recursive: true, force: true });
  };
  return { context, page, errors, close };
}

/**
 * Run axe-core in `page` and return its result ({ violations, passes, ... }).
 * `options` go to axe.run, e.g. { runOnly: ["wcag2a", "wcag2aa"] }.
 */
export async function axe(page, options = {}) {
  const require = createRequire(import.meta.url);
  const source = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
  await page.evaluate(source);
  return page.evaluate((opts) => globalThis.axe.run(document, opts), options);
}
