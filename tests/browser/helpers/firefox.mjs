// Firefox for the browser tests: Debian's firefox-esr ($FIREFOX, default /usr/bin/firefox-esr)
// driven by puppeteer-core over WebDriver BiDi. puppeteer-core never downloads a browser.
//
// Each launch gets a fresh profile (puppeteer's temp profile, deleted on close), its own
// download folder, the page locale vi-VN, and preferences that keep Firefox off the network:
// no updates, telemetry, remote settings, safe browsing, captive-portal or connectivity checks,
// push, DNS-over-HTTPS or speculative connections. As a safety net every request that is not
// to the loopback interface goes to a local proxy (`sink`) that answers none of them and
// records each, so nothing can leave the machine even if a preference is missed.
//
// To run the Firefox tests by hand:
//   node tests/browser/serve.mjs --dir dist --port 8081 &
//   BAOCAO_URL=http://127.0.0.1:8081/ node --test tests/browser/firefox*.test.mjs
import puppeteer from "puppeteer-core";
import { accessSync, constants } from "node:fs";
import { mkdir, mkdtemp, readdir, rename, rm } from "node:fs/promises";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";

import { STEP_BUTTON, stepFromButton, stepNamePattern, waitForStep, waitUntil } from "./page.mjs";

/** The Firefox binary: $FIREFOX, else Debian's firefox-esr. */
export const FIREFOX = process.env.FIREFOX || "/usr/bin/firefox-esr";

/** Throws a clear error when the Firefox binary is missing (the tests fail, never skip). */
export function requireFirefox() {
  try {
    accessSync(FIREFOX, constants.X_OK);
  } catch {
    throw new Error(
      `Firefox not found at ${FIREFOX}: install Debian's firefox-esr (apt-get install firefox-esr) ` +
        `or set FIREFOX to a Firefox binary. The Firefox tests do not skip without it.`,
    );
  }
}

/**
 * A local HTTP proxy that refuses everything and records what was asked of it: Firefox is
 * told to send every non-loopback request here. Returns { port, seen, close() }; `seen` holds
 * "GET http://host/path" and "CONNECT host:443" lines.
 */
async function startSink() {
  const seen = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(502, { "Content-Type": "text/plain" });
    res.end("baocao tests: no network\n");
  });
  server.on("connect", (req, socket) => {
    seen.push(`CONNECT ${req.url}`);
    socket.destroy();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    seen,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}

/** Firefox preferences for a test run (on top of puppeteer's own defaults for automation). */
export function firefoxPrefs({ downloadDir, proxyPort }) {
  return {
    // The page's language (Accept-Language, navigator.languages); Intl follows emulateLocale.
    "intl.accept_languages": "vi-VN, vi",
    "intl.locale.requested": "vi-VN",

    // Downloads go straight to this launch's folder, without asking.
    "browser.download.folderList": 2,
    "browser.download.dir": downloadDir,
    "browser.download.useDownloadDir": true,
    "browser.download.always_ask_before_handling_new_types": false,
    "browser.download.alwaysOpenPanel": false,
    "browser.download.start_downloads_in_tmp_dir": false,

    // Nothing phones home.
    "app.update.auto": false,
    "app.update.disabledForTesting": true,
    "app.update.checkInstallTime": false,
    "app.normandy.enabled": false,
    "app.normandy.api_url": "",
    "app.shield.optoutstudies.enabled": false,
    "datareporting.policy.dataSubmissionEnabled": false,
    "datareporting.healthreport.uploadEnabled": false,
    "datareporting.healthreport.documentServerURI": "",
    "toolkit.telemetry.enabled": false,
    "toolkit.telemetry.unified": false,
    "toolkit.telemetry.archive.enabled": false,
    "toolkit.telemetry.server": "",
    "browser.ping-centre.telemetry": false,
    "browser.newtabpage.activity-stream.feeds.telemetry": false,
    "browser.newtabpage.activity-stream.telemetry": false,
    "browser.newtabpage.enabled": false,
    "browser.topsites.contile.enabled": false,
    // Remote settings: a data: URL (nothing to fetch). A release build honours this only with
    // MOZ_REMOTE_SETTINGS_DEVTOOLS=1 in its environment (set in launchFirefox); without it
    // Firefox keeps calling firefox.settings.services.mozilla.com.
    "services.settings.server": "data:,#remote-settings-dummy/v1",
    "security.remote_settings.crlite_filters.enabled": false,
    "security.remote_settings.intermediates.enabled": false,
    "security.OCSP.enabled": 0,
    "browser.safebrowsing.malware.enabled": false,
    "browser.safebrowsing.phishing.enabled": false,
    "browser.safebrowsing.downloads.enabled": false,
    "browser.safebrowsing.downloads.remote.enabled": false,
    "browser.safebrowsing.blockedURIs.enabled": false,
    "browser.safebrowsing.provider.google4.updateURL": "",
    "browser.safebrowsing.provider.mozilla.updateURL": "",
    "network.captive-portal-service.enabled": false,
    "network.connectivity-service.enabled": false,
    "network.trr.mode": 5,
    "network.dns.disablePrefetch": true,
    "network.prefetch-next": false,
    "network.predictor.enabled": false,
    "network.http.speculative-parallel-limit": 0,
    "network.sntp.pools": "",
    "extensions.update.enabled": false,
    "extensions.systemAddon.update.enabled": false,
    "extensions.getAddons.cache.enabled": false,
    "extensions.blocklist.enabled": false,
    "extensions.webservice.discoverURL": "",
    "media.gmp-manager.updateEnabled": false,
    "media.gmp-gmpopenh264.enabled": false,
    "browser.region.network.url": "",
    "browser.region.update.enabled": false,
    "geo.provider.network.url": "",
    "browser.search.update": false,
    "browser.search.geoip.url": "",
    "dom.push.connection.enabled": false,
    "dom.push.serverURL": "",
    "identity.fxaccounts.enabled": false,

    // Safety net: every request not to loopback goes to the local sink (loopback itself is
    // never proxied: network.proxy.allow_hijacking_localhost stays false).
    "network.proxy.type": 1,
    "network.proxy.http": "127.0.0.1",
    "network.proxy.http_port": proxyPort,
    "network.proxy.ssl": "127.0.0.1",
    "network.proxy.ssl_port": proxyPort,
    "network.proxy.share_proxy_settings": true,
    "network.proxy.no_proxies_on": "",
    "network.proxy.allow_hijacking_localhost": false,
  };
}

/**
 * Start headless Firefox with a fresh profile. `options.viewport` defaults to 1400 × 900.
 *
 * Returns { browser, page, errors, offMachine, downloads, close }:
 *   page        its first page (locale vi-VN, default timeout 10 s)
 *   errors      uncaught page errors and console.error texts
 *   offMachine  requests Firefox tried to send off the machine (caught by the sink)
 *   downloads   { dir, next(click[, timeout]) }: see `nextDownload`
 *   close()     closes Firefox and deletes the profile and the downloads; stops the sink
 */
export async function launchFirefox({ viewport = { width: 1400, height: 900 } } = {}) {
  requireFirefox();
  const root = await mkdtemp(path.join(os.tmpdir(), "baocao-firefox-"));
  const downloadDir = path.join(root, "downloads");
  const takenDir = path.join(root, "taken");
  await mkdir(downloadDir);
  await mkdir(takenDir);
  const sink = await startSink();
  let browser;
  try {
    browser = await puppeteer.launch({
      browser: "firefox",
      executablePath: FIREFOX,
      protocol: "webDriverBiDi",
      headless: true,
      defaultViewport: viewport,
      extraPrefsFirefox: firefoxPrefs({ downloadDir, proxyPort: sink.port }),
      env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: "1", MOZ_CRASHREPORTER_DISABLE: "1" },
      timeout: 60_000,
    });
  } catch (err) {
    await sink.close();
    await rm(root, { recursive: true, force: true });
    throw new Error(`could not start ${FIREFOX} with puppeteer-core (WebDriver BiDi): ${err.message}`);
  }
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  page.setDefaultTimeout(10_000);
  // Intl, navigator.language and the date controls of this page speak Vietnamese.
  await page.emulateLocale("vi-VN");
  const errors = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message ?? e}`));
  page.on("console", (m) => { if (m.type() === "error") errors.push(`console.error: ${m.text()}`); });

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await browser.close().catch(() => {});
    await sink.close();
    await rm(root, { recursive: true, force: true });
  };
  const downloads = { dir: downloadDir, next: (click, timeout) => nextDownload(downloadDir, takenDir, click, timeout) };
  return { browser, page, errors, offMachine: sink.seen, downloads, close };
}

/**
 * Run `click()` (which should start a download) and wait until the download is complete
 * in `dir`. Returns { name, path }: the file name Firefox gave it (the page's suggested name)
 * and where it is now: the file is moved out of `dir` into `takenDir`, so the next download
 * of the same name is not renamed "name(1)".
 */
export async function nextDownload(dir, takenDir, click, timeout = 30_000) {
  const before = new Set(await readdir(dir));
  await click();
  // Finished: no `.part` file, and the same new names for 400 ms (Firefox may show a file
  // under a temporary name, `bL7bsPn-.docx`, before it takes the page's name).
  let last = "";
  let since = Date.now();
  const done = await waitUntil(
    () => readdir(dir),
    (names) => {
      const fresh = names.filter((n) => !before.has(n));
      const seen = JSON.stringify(fresh.sort());
      if (seen !== last) [last, since] = [seen, Date.now()];
      return Date.now() - since >= 400 && fresh.length > 0 && fresh.every((n) => !n.endsWith(".part"));
    },
    (names) => `no finished download in ${dir} within ${timeout} ms (folder holds: ${JSON.stringify(names)})`,
    timeout,
  );
  const fresh = done.filter((n) => !before.has(n));
  if (fresh.length !== 1) throw new Error(`one click gave ${fresh.length} downloads: ${JSON.stringify(fresh)}`);
  const to = path.join(takenDir, `${Date.now()}-${fresh[0]}`);
  await rename(path.join(dir, fresh[0]), to);
  return { name: fresh[0], path: to };
}

// --- finding things as a person would: by role and accessible name ------------------------
//
// Puppeteer's ARIA selectors ask Firefox's accessibility tree (BiDi browsingContext.locateNodes
// with an accessibility locator): the name is the computed accessible name, matched exactly.

const aria = (role, name) =>
  `::-p-aria(${[name === undefined ? "" : `[name=${JSON.stringify(name)}]`, `[role=${JSON.stringify(role)}]`].join("")})`;

/** Wait for the element of `role` named `name` (exactly) inside `scope` (a page or an element). */
export function byRole(scope, role, name, options = {}) {
  return scope.waitForSelector(aria(role, name), { visible: true, ...options });
}

/** Every element of `role` (any name) inside `scope`, in document order. */
export function allByRole(scope, role) {
  return scope.$$(aria(role));
}

/** The landmark `role` ("banner", "main", "navigation", "region", …), optionally by name. */
export function landmark(page, role, name) {
  return byRole(page, role, name);
}

/** A header button ("Tải báo cáo mẫu", "Báo cáo mới", "In", "Tải về .docx"). */
export async function headerButton(page, name, options) {
  return byRole(await landmark(page, "banner"), "button", name, options);
}

/** A button of the form (the main region), e.g. "Phần tiếp →". */
export async function mainButton(page, name, options) {
  return byRole(await landmark(page, "main"), "button", name, options);
}

/** The text field whose label (or aria-label) is exactly `label`. */
export function textbox(page, label, options) {
  return byRole(page, "textbox", label, options);
}

const stepNav = (page) => landmark(page, "navigation", "Các phần của báo cáo");

/** The step list as [{ title, state, errors, warnings, current }] (see page.mjs `stepFromButton`). */
export async function stepList(page) {
  const out = [];
  for (const b of await allByRole(await stepNav(page), "button")) out.push(stepFromButton(await b.evaluate(STEP_BUTTON)));
  return out;
}

/** The step list's button for the step titled `title`, whatever its state and counts. */
export async function stepButton(page, title) {
  const pattern = stepNamePattern(title);
  const found = [];
  for (const b of await allByRole(await stepNav(page), "button")) {
    if (pattern.test(await b.evaluate((el) => el.getAttribute("aria-label")))) found.push(b);
  }
  if (found.length !== 1) throw new Error(`${found.length} step buttons for "${title}" in the step list, expected one`);
  return found[0];
}

/** Open a step by clicking it in the step list, and wait for it (focus on its heading). */
export async function goToStep(page, steps, title) {
  const index = steps.findIndex((s) => s.title === title);
  if (index < 0) throw new Error(`no step "${title}" in the step list (${steps.map((s) => s.title).join(" | ")})`);
  await (await stepButton(page, title)).click();
  await waitForStep(page, title, index, steps.length);
  await byRole(await landmark(page, "main"), "heading", title);
}

/** Click into a text control, select its whole text (Ctrl+A), delete it and type `text` key by key. */
export async function retype(page, handle, text) {
  await handle.click();
  await page.keyboard.down("Control");
  await page.keyboard.press("KeyA");
  await page.keyboard.up("Control");
  await page.keyboard.press("Backspace");
  if (text) await page.keyboard.type(text);
}
