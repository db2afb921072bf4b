// The first load of a page, as the byte gate (budget.test.mjs) and the benchmark
// (bench/bench.mjs) both measure it.
//
// "Usable": the first moment an enabled form control with a label (<label for>, aria-label or
// aria-labelledby) is laid out in the page, timed in the page (performance.now(), i.e. from
// the start of navigation) by a MutationObserver installed before any script runs; the
// control must then take input.
//
// "Bytes until usable": every response that finished before that moment (Playwright network
// events, worker and browser-initiated requests such as the manifest included): raw = body
// bytes, brotli = that body compressed by Node's brotli at quality 11 (what a host serving the
// .br files next to it sends). Requests to other origins are blocked and counted.
import zlib from "node:zlib";
import { launch } from "../lib.mjs";

/** Brotli size at quality 11 (what the post-build hook writes as .br). */
export const brotli = (buf) =>
  zlib.brotliCompressSync(buf, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
  }).length;

/** Installed before any page script: records when the first labelled control is usable. */
export function usableProbe() {
  const labelled = (el) =>
    (el.labels && el.labels.length) || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby");
  const check = () => {
    for (const el of document.querySelectorAll("input:not([type=hidden]), textarea, select")) {
      if (!el.disabled && !el.readOnly && labelled(el) && el.getClientRects().length) {
        window.__usable = performance.now();
        window.__usableEl = el;
        return true;
      }
    }
    return false;
  };
  const mo = new MutationObserver(() => {
    if (check()) mo.disconnect();
  });
  mo.observe(document, { childList: true, subtree: true, attributes: true });
}

/**
 * One cold load in a fresh profile: time to usable and what was fetched until then
 * (`files`), and every response seen (`all`: { url, end, raw, br, body }).
 * `waitFor(all)`, if given, is polled after "usable" until it is true (at most 30 s), for a
 * caller that wants the responses that come later, such as the worker's.
 */
export async function coldLoad(url, { waitFor } = {}) {
  const { context, page, close } = await launch();
  try {
    const blocked = [];
    await context.route(
      (u) => u.origin !== new URL(url).origin,
      (route) => {
        blocked.push(route.request().url());
        return route.abort();
      }
    );
    await context.addInitScript(usableProbe);
    const finished = [];
    // Each response is recorded once its body is read: `recording` holds those still reading,
    // so that nothing that finished before "usable" is missed on a slow machine.
    const recording = [];
    context.on("requestfinished", (req) => {
      const t = req.timing();
      const end = t.responseEnd >= 0 ? t.startTime + t.responseEnd : Date.now();
      recording.push(
        (async () => {
          const res = await req.response().catch(() => null);
          const body = res ? await res.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
          finished.push({ url: req.url(), end, raw: body.length, br: body.length ? brotli(body) : 0, body });
        })()
      );
    });
    await page.goto(url);
    await page.waitForFunction(() => window.__usable !== undefined, null, { timeout: 60_000, polling: 10 });
    const { usable, origin } = await page.evaluate(() => ({ usable: window.__usable, origin: performance.timeOrigin }));
    // It takes input.
    const ok = await page.evaluate(() => {
      const el = window.__usableEl;
      if (el.tagName === "SELECT") return el.options.length > 0;
      el.focus();
      document.execCommand("insertText", false, "7");
      return el.value.includes("7");
    });
    if (!ok) throw new Error(`${url}: the first control did not take input`);
    await page.waitForTimeout(300); // let late events of requests finished before "usable" arrive
    await Promise.all(recording);
    // When each response ended, by the page's own clock where it has one (resource timing,
    // the clock "usable" is read on): the events' wall-clock times arrive late on a loaded
    // machine, and a response without timing is stamped when its event arrives.
    const ends = await page.evaluate(() =>
      [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")].map((e) => [e.name, e.responseEnd])
    );
    const pageEnd = new Map(ends.filter(([, end]) => end > 0));
    const until = finished.filter((f) => (pageEnd.has(f.url) ? pageEnd.get(f.url) : f.end - origin) <= usable + 1);
    for (let waited = 0; waitFor && !waitFor(finished); waited += 100) {
      if (waited > 30_000) throw new Error(`${url}: what the caller waits for did not arrive in 30 s`);
      await page.waitForTimeout(100);
    }
    return { usable, files: until, all: finished, blocked };
  } finally {
    await close();
  }
}

