// Privacy and security (issue #4 §5): using every feature requests nothing from another
// origin, the Content-Security-Policy allows only the app's own origin and is never violated,
// and the wasm is integrity-checked.
//
// The features are found, not listed: every button of the header and of each step is pressed
// (except "In", whose print dialog is the browser's), so buttons added later are covered too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { launch, BAOCAO_URL } from "./lib.mjs";
import { copyDist, serve } from "./own-server.mjs";

/** Collect CSP violations in the page, from its very start. */
function recordViolations() {
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__cspViolations.push(`${e.effectiveDirective}: ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
  });
}

/** Press `button` if it is still there and enabled; returns its name, or null if not pressed. */
async function press(page, button) {
  if (!(await button.isVisible().catch(() => false)) || (await button.isDisabled().catch(() => true))) return null;
  const name = ((await button.getAttribute("aria-label")) || (await button.textContent()) || "").trim();
  if (name === "In") return null; // window.print(): the browser's own dialog
  await button.click({ timeout: 5000 });
  return name;
}

/** Press `button`; if it opened a modal dialog, press every button in it too, then close it. */
async function pressAll(page, button, pressed) {
  pressed.push(await press(page, button));
  const dialog = page.locator("dialog[open]");
  if (!(await dialog.count())) return;
  const inside = dialog.getByRole("button");
  for (let b = 0; b < Math.min(await inside.count(), 50) && (await dialog.count()); b++) {
    pressed.push(await press(page, inside.nth(b)));
  }
  for (let i = 0; i < 3 && (await dialog.count()); i++) await page.keyboard.press("Escape");
}

test("using every feature requests nothing from another origin and violates no CSP", async (t) => {
  const { context, page, errors, close } = await launch();
  t.after(close);
  const origin = new URL(BAOCAO_URL).origin;
  const requests = [];
  context.on("request", (r) => requests.push(r.url()));
  await context.addInitScript(recordViolations);
  page.on("dialog", (d) => d.accept());
  page.on("filechooser", (fc) => fc.setFiles([]).catch(() => {}));
  const downloads = [];
  page.on("download", (d) => downloads.push(d.suggestedFilename()));

  await page.goto(BAOCAO_URL);
  await page.getByRole("button", { name: "Tải báo cáo mẫu" }).click();
  await page.getByText("Đã tải báo cáo mẫu.").waitFor();

  // The policy is there and allows only this origin.
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  for (const d of ["default-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'"]) {
    assert.ok(csp.includes(d), `CSP has ${d}: ${csp}`);
  }
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/=]+')+(;|$)/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|\*|https?:/, "nothing but the own origin");

  // Every step: type into its first text box and first figure, press every button in it.
  const pressed = [];
  const steps = page.getByRole("navigation", { name: "Các phần của báo cáo" }).getByRole("button");
  const n = await steps.count();
  assert.ok(n > 3, "steps found");
  for (let i = 0; i < n; i++) {
    await steps.nth(i).click();
    const main = page.locator("main");
    const text = main.locator("input[type=text], textarea").first();
    if (await text.count()) await text.fill("Văn bản thử <b>&amp;</b> “trích dẫn” 'x'");
    const figure = main.locator('input[inputmode="numeric"]').first();
    if (await figure.count()) await figure.fill("1.234");
    const buttons = main.getByRole("button");
    for (let b = 0; b < Math.min(await buttons.count(), 200); b++) await pressAll(page, buttons.nth(b), pressed);
  }
  // Every header action, the .docx download (built in the worker) included.
  const header = page.locator("header").getByRole("button");
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 30_000 }),
    page.getByRole("button", { name: "Tải về .docx" }).click(),
  ]);
  assert.match(download.suggestedFilename(), /\.docx$/);
  for (let b = 0; b < (await header.count()); b++) await pressAll(page, header.nth(b), pressed);
  const names = new Set(pressed.filter(Boolean));
  for (const want of ["Tải báo cáo mẫu", "Báo cáo mới", "Tải về .docx"]) {
    assert.ok(names.has(want), `pressed “${want}” (pressed: ${[...names].join(", ")})`);
  }
  await page.waitForTimeout(500);

  const foreign = requests.filter((u) => /^(https?|wss?):/.test(u) && new URL(u).origin !== origin);
  assert.deepEqual(foreign, [], "requests to another origin");
  assert.ok(requests.some((u) => /core-worker-[0-9a-f]+_bg\.wasm$/.test(u)), "the worker's requests are seen too");
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], "CSP violations");
  assert.deepEqual(errors, [], "page errors or console errors");
});

test("the page carries no inline style or script the CSP would refuse", async () => {
  const html = await readFile(path.join(path.dirname(new URL(import.meta.url).pathname), "../../dist/index.html"), "utf8");
  assert.doesNotMatch(html, /\sstyle\s*=/i, "inline style attribute");
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i, "inline event handler");
  assert.doesNotMatch(html, /(src|href)\s*=\s*"?(https?:)?\/\//i, "absolute or protocol-relative URL");
});

test("a wasm file that does not match its integrity hash is refused", async (t) => {
  const copy = await copyDist();
  t.after(copy.remove);
  const wasm = (await readdir(copy.dir)).find((f) => /^baocao-web-.*_bg\.wasm$/.test(f));
  const bytes = await readFile(path.join(copy.dir, wasm));
  bytes[bytes.length - 1] ^= 1; // one bit in the last (data) byte
  await writeFile(path.join(copy.dir, wasm), bytes);
  // The server would send the untouched pre-compressed copies instead.
  await rm(path.join(copy.dir, wasm + ".br"), { force: true });
  await rm(path.join(copy.dir, wasm + ".gz"), { force: true });
  const server = await serve(copy.dir, "/");
  t.after(server.stop);
  const { page, errors, close } = await launch();
  t.after(close);
  await page.goto(server.url);
  await page.waitForTimeout(2000);
  assert.equal(await page.getByRole("button", { name: "Tải báo cáo mẫu" }).count(), 0, "the app did not start");
  assert.ok(errors.some((e) => /integrity/i.test(e)), `an integrity error: ${errors.join(" | ")}`);
});
