// Browser-neutral helpers: they only call `page.evaluate(fn[, arg])`, which a Playwright Page
// (Chromium, tests/browser/lib.mjs) and a Puppeteer Page (Firefox, helpers/firefox.mjs) share,
// so every browser's tests read the page the same way. Locating by role and clicking are
// driver-specific: helpers/app.mjs (Playwright), helpers/firefox.mjs (Puppeteer).
// Every wait is on a condition (never a fixed sleep), with a failure message that says what
// was expected and what the page showed.

/** The states a step can be in, as its button names them. */
export const STEP_STATES = ["Chưa nhập", "Đang soạn", "Đã xong"];

/**
 * A step button's accessible name has exactly one form (src/ui/findings.rs `step_name`):
 * "<title>, <state>[, N lỗi][, N cảnh báo]", e.g. "Thông tin chung, Đã xong" or
 * "II.4.a Tiếp công dân, Đã xong, 1 lỗi, 1 cảnh báo". A title may itself contain commas.
 */
export const COUNTS = "(?:, ([1-9]\\d*) lỗi)?(?:, ([1-9]\\d*) cảnh báo)?";
const STEP_NAME = new RegExp(`^(.+), (${STEP_STATES.join("|")})${COUNTS}$`);

/** Parse a step button's name: { title, state, errors, warnings }, or null if not that form. */
export function parseStepName(name) {
  const m = STEP_NAME.exec(name);
  return m && { title: m[1], state: m[2], errors: Number(m[3] ?? 0), warnings: Number(m[4] ?? 0) };
}

/** A RegExp matching the name of the step button titled `title`, whatever its state and counts. */
export function stepNamePattern(title) {
  const esc = title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${esc}, (${STEP_STATES.join("|")})${COUNTS}$`);
}

/** Run in the page on a step button: its name, the words shown on it, and whether it is current. */
export const STEP_BUTTON = (el) => {
  const c = el.cloneNode(true);
  c.querySelectorAll('[aria-hidden="true"]').forEach((n) => n.remove());
  return { name: el.getAttribute("aria-label"), shown: c.textContent, current: el.getAttribute("aria-current") === "step" };
};

/**
 * One entry of the step list, { title, state, errors, warnings, current }, from what
 * `STEP_BUTTON` read off a button; its name must have the one documented form, and the words
 * shown on the button must be the same words in the same order (what is seen is what is heard).
 */
export function stepFromButton({ name, shown, current }) {
  const step = name === null ? null : parseStepName(name);
  if (!step)
    throw new Error(`step button ${JSON.stringify(name)} is not named "<title>, <state>[, N lỗi][, N cảnh báo]" (states: ${STEP_STATES.join(", ")})`);
  const words = (s) => s.replace(/,/g, " ").replace(/\s+/g, " ").trim();
  if (words(shown) !== words(name))
    throw new Error(`step button named "${name}" shows other words: "${shown.replace(/\s+/g, " ").trim()}"`);
  return { ...step, current };
}

/** Poll `probe()` until `ok(value)`; throws `message(lastValue)` after `timeout` ms. */
export async function waitUntil(probe, ok, message, timeout = 5000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(message(v));
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Wait until the findings are those of the draft as it is now: the checks run in a worker,
 * and the panel "Kiểm tra số liệu" is aria-busy until its answer for the latest change is in.
 */
export async function settled(page, timeout = 30000) {
  await waitUntil(
    () => page.evaluate(() => {
      const panel = document.querySelector("section.checks");
      return { found: !!panel, busy: panel?.getAttribute("aria-busy") ?? null };
    }),
    (p) => p.found && p.busy === null,
    (p) => p.found
      ? `the panel “Kiểm tra số liệu” is still aria-busy="${p.busy}" after ${timeout} ms`
      : "the panel “Kiểm tra số liệu” is not on the page",
    timeout,
  );
}

/** The text of the count of the panel "Kiểm tra số liệu" (its innerText, e.g. "1 lỗi\n1 cảnh báo"). */
export async function checksCount(page) {
  return page.evaluate(() => document.querySelector(".checks-count")?.innerText ?? null);
}

/** Wait until the count of the panel "Kiểm tra số liệu" reads `want` (a RegExp, on its innerText). */
export async function checkedAs(page, want, timeout = 30000) {
  await waitUntil(
    () => checksCount(page),
    (text) => text !== null && want.test(text),
    (text) => `the panel “Kiểm tra số liệu” should read ${want}; it reads ${JSON.stringify(text)}`,
    timeout,
  );
}

/** What the form shows as the current step. */
export async function currentStep(page) {
  return page.evaluate(() => ({
    // The step's own heading (the main region holds other level-2 headings, e.g. the panel
    // "Kiểm tra số liệu").
    heading: document.querySelector("main h2#step-title")?.textContent.trim() ?? null,
    count: document.querySelector("main .step-count")?.textContent.trim() ?? null,
    focused: document.activeElement?.id === "step-title",
    current: document.querySelector('nav [aria-current="step"] .title')?.textContent.trim() ?? null,
  }));
}

/**
 * Wait until the form shows step `index` (0-based) of `total`, titled `title`: its heading,
 * "Phần i/N", the step list marking it current, and (unless `{ focused: false }`) keyboard
 * focus on the heading.
 */
export async function waitForStep(page, title, index, total, { focused = true } = {}) {
  const count = `Phần ${index + 1}/${total}`;
  await waitUntil(
    () => currentStep(page),
    (s) => s.heading === title && s.count === count && s.current === title && (s.focused || !focused),
    (s) =>
      `expected step "${title}" (${count}) shown, current in the step list${focused ? " and its heading focused" : ""}; ` +
      `page shows heading "${s.heading}", "${s.count}", current "${s.current}", heading focused: ${s.focused}`,
  );
}

/**
 * Every form control (input, textarea, select) of the current step, as plain data: its
 * name, id, value, aria-label, labels (text and visibility), visibility, and for a table
 * cell the visible row and column header texts.
 */
export async function formControls(page) {
  return page.evaluate(() => {
    const text = (el) => (el ? el.textContent.replace(/\s+/g, " ").trim() : "");
    return [...document.querySelectorAll("main input, main textarea, main select")].map((el) => {
      const labels = [...(el.labels ?? [])];
      let headers = null;
      const td = el.closest("td");
      if (td) {
        const table = td.closest("table");
        const rowHead = td.parentElement.querySelector('th[scope="row"]');
        const colHead = table.tHead?.rows[0]?.cells[td.cellIndex];
        headers = {
          row: text(rowHead),
          col: text(colHead),
          visible: !!rowHead?.checkVisibility() && !!colHead?.checkVisibility(),
          caption: text(table.caption),
        };
      }
      return {
        tag: el.tagName.toLowerCase(),
        type: el.type,
        name: el.getAttribute("name"),
        id: el.id,
        value: el.value,
        ariaLabel: el.getAttribute("aria-label"),
        labels: labels.map((l) => ({ text: text(l), visible: l.checkVisibility(), htmlFor: l.htmlFor })),
        visible: el.checkVisibility(),
        isCount: el.classList.contains("count"),
        headers,
      };
    });
  });
}

/** name → value of every control of the current step. */
export async function formValues(page) {
  return Object.fromEntries((await formControls(page)).map((c) => [c.name, c.value]));
}

/** The accessible name of the preview page (the document as it will print). */
export const PREVIEW_NAME = "Trang báo cáo xem trước";

/** The preview page's text (`what: "text"`) or its body's paragraphs (`what: "paragraphs"`). */
async function readPreview(page, what) {
  const got = await page.evaluate(
    ([name, what]) => {
      const el = [...document.querySelectorAll("article")].find((a) => a.getAttribute("aria-label") === name);
      if (!el) return null;
      const squash = (s) => s.replace(/\s+/g, " ").trim();
      return what === "text" ? squash(el.textContent) : [...el.querySelectorAll(".body p")].map((p) => squash(p.textContent));
    },
    [PREVIEW_NAME, what],
  );
  if (got === null) throw new Error(`no preview (article "${PREVIEW_NAME}") on the page`);
  return got;
}

/** The preview's text, whitespace collapsed. */
export async function previewText(page) {
  return readPreview(page, "text");
}

/** The text of each paragraph of the preview's body, in order. */
export async function previewParagraphs(page) {
  return readPreview(page, "paragraphs");
}

/**
 * Wait until the preview shows the draft's document laid out in pages: the worker builds the
 * document, and the preview is `aria-busy` until the pages of a new draft are laid out.
 */
export async function previewReady(page, timeout = 30000) {
  await waitUntil(
    () => page.evaluate((name) => {
      const col = document.querySelector(".preview-col");
      const article = [...document.querySelectorAll("article")].some((a) => a.getAttribute("aria-label") === name);
      return { article, busy: col?.getAttribute("aria-busy") ?? null, says: col?.querySelector(".preview-wait")?.textContent ?? "" };
    }, PREVIEW_NAME),
    (p) => p.article && p.busy === null,
    (p) => `the preview is not laid out (${JSON.stringify(p)})`,
    timeout,
  );
}

/** Wait until the preview's text contains `needle` (and, if given, no longer contains `gone`),
 *  laid out in its pages. */
export async function waitForPreview(page, needle, { gone, around } = {}) {
  const busy = () => page.evaluate(() => document.querySelector(".preview-col")?.getAttribute("aria-busy") ?? null);
  await waitUntil(
    async () => ((await busy()) === null ? previewText(page).catch(() => "") : ""),
    (t) => t.includes(needle) && (gone === undefined || !t.includes(gone)),
    (t) => {
      const at = around ? t.indexOf(around) : -1;
      const excerpt = at >= 0 ? t.slice(Math.max(0, at - 80), at + 160) : t.slice(0, 240);
      return `preview should contain "${needle}"${gone ? ` and not "${gone}"` : ""}; it shows: …${excerpt}…`;
    },
    30000,
  );
}

/** The numbered items printed after the section heading starting with `heading` ("IV."). */
export async function numberedAfter(page, heading) {
  const paras = await previewParagraphs(page);
  const start = paras.findIndex((p) => p.startsWith(heading));
  if (start < 0) throw new Error(`no preview paragraph starts with "${heading}"`);
  const out = [];
  for (const p of paras.slice(start + 1)) {
    const m = /^(\d+)\. (.*)$/s.exec(p);
    if (!m) break;
    out.push({ n: Number(m[1]), text: m[2] });
  }
  return out;
}

/** Wait until the focused element ({ tag, id, name, label: its aria-label }) passes `test`. */
export async function waitForFocus(page, describe, test) {
  await waitUntil(
    () =>
      page.evaluate(() => {
        const a = document.activeElement;
        return a ? { tag: a.tagName.toLowerCase(), id: a.id, name: a.getAttribute("name"), label: a.getAttribute("aria-label") } : null;
      }),
    (a) => !!a && test(a),
    (a) => `expected focus on ${describe}; focus is on ${JSON.stringify(a)}`,
  );
}

/**
 * Drop a file on the page, as dragging it from the file manager does (synthetic drag events
 * carrying a DataTransfer with the file: neither driver drags a file from outside the browser).
 * Returns the text of the drop hint shown while the file was over the page.
 */
export async function dropFile(page, name, content) {
  await page.evaluate(
    async ({ name, bytes }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], name, { type: "application/json" }));
      const fire = (type, target) =>
        target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
      const target = document.querySelector("main");
      fire("dragenter", target);
      fire("dragover", target);
      // The drop hint shows while a file is over the page.
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
      window.__dropHint = document.querySelector(".drop-hint")?.innerText ?? "";
      fire("drop", target);
    },
    { name, bytes: [...Buffer.from(content)] },
  );
  return page.evaluate(() => window.__dropHint);
}
