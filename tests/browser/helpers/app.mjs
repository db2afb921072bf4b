// Driving the app as a person would: header buttons, the step list, the step's form, the
// preview. Every wait is on a condition (never a fixed sleep), with a failure message that
// says what was expected and what the page showed.
import { BAOCAO_URL } from "../lib.mjs";

/** The states a step can be in, as its button names them. */
export const STEP_STATES = ["Chưa nhập", "Đang soạn", "Đã xong"];

/**
 * A step button's accessible name has exactly one form (src/ui/findings.rs `step_name`):
 * "<title>, <state>[, N lỗi][, N cảnh báo]", e.g. "Thông tin chung, Đã xong" or
 * "II.4.a Tiếp công dân, Đã xong, 1 lỗi, 1 cảnh báo". A title may itself contain commas.
 */
const COUNTS = "(?:, ([1-9]\\d*) lỗi)?(?:, ([1-9]\\d*) cảnh báo)?";
const STEP_NAME = new RegExp(`^(.+), (${STEP_STATES.join("|")})${COUNTS}$`);

/** Parse a step button's name: { title, state, errors, warnings }, or null if not that form. */
export function parseStepName(name) {
  const m = STEP_NAME.exec(name);
  return m && { title: m[1], state: m[2], errors: Number(m[3] ?? 0), warnings: Number(m[4] ?? 0) };
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

/** A header button ("Tải báo cáo mẫu", "Báo cáo mới", "In", "Tải về .docx"). */
export const headerButton = (page, name) => page.getByRole("banner").getByRole("button", { name, exact: true });

/** Open the app and wait until it has rendered (the header's buttons are there). */
export async function openApp(page) {
  const res = await page.goto(BAOCAO_URL, { waitUntil: "load" });
  if (!res || res.status() !== 200) throw new Error(`GET ${BAOCAO_URL}: ${res?.status()}`);
  await appReady(page);
}

/**
 * Wait until the findings are those of the draft as it is now: the checks run in a worker,
 * and the panel "Kiểm tra số liệu" is aria-busy until its answer for the latest change is in.
 */
export async function settled(page) {
  await page.locator("section.checks:not([aria-busy])").waitFor();
}

/** Wait until the count of the panel "Kiểm tra số liệu" reads `want` (a RegExp, on its innerText). */
export async function checkedAs(page, want) {
  await page.waitForFunction(
    ([source, flags]) => new RegExp(source, flags).test(document.querySelector(".checks-count")?.innerText ?? ""),
    [want.source, want.flags],
  );
}

export async function appReady(page) {
  await headerButton(page, "Tải báo cáo mẫu").waitFor({ state: "visible", timeout: 15000 });
  await page.locator("#step-title").waitFor({ state: "visible" });
}

const stepNav = (page) => page.getByRole("navigation", { name: "Các phần của báo cáo" });

/**
 * The step list as [{ title, state, errors, warnings, current }], read from the buttons'
 * accessible names; each name must have the one documented form, and the words shown on the
 * button must be the same words in the same order (what is seen is what is heard).
 */
export async function stepList(page) {
  const buttons = stepNav(page).getByRole("button");
  const out = [];
  for (const b of await buttons.all()) {
    const { name, shown } = await b.evaluate((el) => {
      const c = el.cloneNode(true);
      c.querySelectorAll('[aria-hidden="true"]').forEach((n) => n.remove());
      return { name: el.getAttribute("aria-label"), shown: c.textContent };
    });
    const step = name === null ? null : parseStepName(name);
    if (!step)
      throw new Error(`step button ${JSON.stringify(name)} is not named "<title>, <state>[, N lỗi][, N cảnh báo]" (states: ${STEP_STATES.join(", ")})`);
    const words = (s) => s.replace(/,/g, " ").replace(/\s+/g, " ").trim();
    if (words(shown) !== words(name))
      throw new Error(`step button named "${name}" shows other words: "${shown.replace(/\s+/g, " ").trim()}"`);
    out.push({ ...step, current: (await b.getAttribute("aria-current")) === "step" });
  }
  return out;
}

/** The step list's button for the step titled `title`, whatever its state and counts. */
export function stepButton(page, title) {
  const esc = title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return stepNav(page).getByRole("button", { name: new RegExp(`^${esc}, (${STEP_STATES.join("|")})${COUNTS}$`) });
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
 * Wait until step `index` (0-based) of `total`, titled `title`, is shown: its heading (a
 * level-2 heading in the form), "Phần i/N", the step list marking it current, and keyboard
 * focus on the heading (the app moves focus there after a step change; pass
 * `{ focused: false }` when the step was not changed by the author, e.g. after loading a draft).
 */
export async function expectStep(page, title, index, total, { focused = true } = {}) {
  const count = `Phần ${index + 1}/${total}`;
  await waitUntil(
    () => currentStep(page),
    (s) => s.heading === title && s.count === count && s.current === title && (s.focused || !focused),
    (s) =>
      `expected step "${title}" (${count}) shown, current in the step list${focused ? " and its heading focused" : ""}; ` +
      `page shows heading "${s.heading}", "${s.count}", current "${s.current}", heading focused: ${s.focused}`,
  );
  const h = page.getByRole("main").getByRole("heading", { level: 2, name: title, exact: true });
  if (!(await h.isVisible())) throw new Error(`heading "${title}" is not visible as a level-2 heading`);
}

/** Open a step by clicking it in the step list, and wait for it. */
export async function goToStep(page, steps, title) {
  const index = steps.findIndex((s) => s.title === title);
  if (index < 0) throw new Error(`no step "${title}" in the step list (${steps.map((s) => s.title).join(" | ")})`);
  await stepButton(page, title).click();
  await expectStep(page, title, index, steps.length);
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

/** The preview page (the document as it will print). */
export const preview = (page) => page.getByRole("article", { name: "Trang báo cáo xem trước" });

/** The preview's text, whitespace collapsed. */
export async function previewText(page) {
  return (await preview(page).evaluate((el) => el.textContent)).replace(/\s+/g, " ").trim();
}

/** The text of each paragraph of the preview's body, in order. */
export async function previewParagraphs(page) {
  return preview(page).evaluate((el) =>
    [...el.querySelectorAll(".body p")].map((p) => p.textContent.replace(/\s+/g, " ").trim()),
  );
}

/** Wait until the preview's text contains `needle` (and, if given, no longer contains `gone`). */
export async function waitForPreview(page, needle, { gone, around } = {}) {
  await waitUntil(
    () => previewText(page),
    (t) => t.includes(needle) && (gone === undefined || !t.includes(gone)),
    (t) => {
      const at = around ? t.indexOf(around) : -1;
      const excerpt = at >= 0 ? t.slice(Math.max(0, at - 80), at + 160) : t.slice(0, 240);
      return `preview should contain "${needle}"${gone ? ` and not "${gone}"` : ""}; it shows: …${excerpt}…`;
    },
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
