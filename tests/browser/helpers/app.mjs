// Driving the app as a person would, with Playwright (Chromium): header buttons, the step
// list, the step's form, the preview. Every wait is on a condition (never a fixed sleep), with
// a failure message that says what was expected and what the page showed. What reads the page
// without Playwright's locators is in helpers/page.mjs (shared with the Firefox tests) and
// re-exported here.
import { BAOCAO_URL } from "./env.mjs";
import { STEP_BUTTON, previewReady, stepFromButton, stepNamePattern, waitForStep } from "./page.mjs";

export {
  COUNTS, STEP_BUTTON, STEP_STATES, checkedAs, checksCount, currentStep, formControls, formValues, numberedAfter, parseStepName,
  previewParagraphs, previewReady, previewText, settled, stepFromButton, stepNamePattern, waitForFocus, waitForPreview, waitForStep, waitUntil,
} from "./page.mjs";

/** A header button ("Tải báo cáo mẫu", "Báo cáo mới", "In", "Tải về .docx"). */
export const headerButton = (page, name) => page.getByRole("banner").getByRole("button", { name, exact: true });

/** The reference kind's name, as the kind picker lists it. */
export const DAN_VAN = "Báo cáo công tác dân vận chính quyền";

/** The kind picker ("Báo cáo mới"). */
export const kindPicker = (page) => page.getByRole("dialog", { name: "Báo cáo mới" });

/**
 * "Báo cáo mới": open the kind picker and press "Bắt đầu" for the kind named `kind` (the
 * reference kind by default). The question asked when the draft has content comes after
 * (a `dialog` event).
 */
export async function startNewReport(page, kind = DAN_VAN) {
  await headerButton(page, "Báo cáo mới").click();
  await kindPicker(page).getByRole("button", { name: `Bắt đầu báo cáo mới: ${kind}`, exact: true }).click();
}

/** Open the app and wait until it has rendered (the header's buttons are there). */
export async function openApp(page) {
  const res = await page.goto(BAOCAO_URL, { waitUntil: "load" });
  if (!res || res.status() !== 200) throw new Error(`GET ${BAOCAO_URL}: ${res?.status()}`);
  await appReady(page);
}

export async function appReady(page) {
  await headerButton(page, "Tải báo cáo mẫu").waitFor({ state: "visible", timeout: 15000 });
  await page.locator("#step-title").waitFor({ state: "visible" });
  await previewLaidOut(page);
}

/** Wait until the preview shows the draft's document in its pages (helpers/page.mjs). */
export const previewLaidOut = previewReady;

const stepNav = (page) => page.getByRole("navigation", { name: "Các phần của báo cáo" });

/**
 * The step list as [{ title, state, errors, warnings, current }], read from the buttons'
 * accessible names; each name must have the one documented form, and the words shown on the
 * button must be the same words in the same order (what is seen is what is heard).
 */
export async function stepList(page) {
  const out = [];
  for (const b of await stepNav(page).getByRole("button").all()) out.push(stepFromButton(await b.evaluate(STEP_BUTTON)));
  return out;
}

/** The step list's button for the step titled `title`, whatever its state and counts. */
export function stepButton(page, title) {
  return stepNav(page).getByRole("button", { name: stepNamePattern(title) });
}

/**
 * Wait until step `index` (0-based) of `total`, titled `title`, is shown: its heading (a
 * level-2 heading in the form), "Phần i/N", the step list marking it current, and keyboard
 * focus on the heading (the app moves focus there after a step change; pass
 * `{ focused: false }` when the step was not changed by the author, e.g. after loading a draft).
 */
export async function expectStep(page, title, index, total, { focused = true } = {}) {
  await waitForStep(page, title, index, total, { focused });
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

/** The preview page (the document as it will print). */
export const preview = (page) => page.getByRole("article", { name: "Trang báo cáo xem trước" });

