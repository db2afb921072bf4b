// The draft as the browser keeps it, and dotted-path lookups in draft JSON.
//
// This file is the only place the browser tests know where the app stores the author's
// draft (src/ui/state.rs: DRAFT_KEY, the draft's JSON in localStorage). If the storage
// layout changes, change `readStoredDraft` and nothing else.

/** localStorage key of the autosaved draft (src/ui/state.rs DRAFT_KEY). */
const DRAFT_KEY = "baocao.draft";

/** The draft the page has saved, as an object (null when none is saved). */
export async function readStoredDraft(page) {
  const raw = await page.evaluate((key) => window.localStorage.getItem(key), DRAFT_KEY);
  return raw === null ? null : JSON.parse(raw);
}

/**
 * Wait until the draft the page has saved satisfies `ok(draft)` (autosave is debounced),
 * and return it. `what` says what was awaited, for the failure message.
 */
export async function waitForStoredDraft(page, ok, what, timeout = 5000) {
  const end = Date.now() + timeout;
  let last = null;
  for (;;) {
    last = await readStoredDraft(page);
    if (last !== null && ok(last)) return last;
    if (Date.now() > end) {
      throw new Error(
        `the draft saved in the browser never showed ${what} within ${timeout} ms; last saved: ` +
          (last === null ? "nothing" : JSON.stringify(last).slice(0, 400) + "…"),
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The value at a dotted path (`reception.figures.total.visits`, `tasks.items.0`), or undefined. */
export function valueAt(obj, path) {
  let v = obj;
  for (const seg of path.split(".")) {
    if (v === null || typeof v !== "object") return undefined;
    v = Array.isArray(v) ? (/^\d+$/.test(seg) ? v[Number(seg)] : undefined) : v[seg];
  }
  return v;
}

/** Every leaf of a draft as [path, value] (empty arrays and objects count as leaves). */
export function leaves(obj, prefix = "") {
  const out = [];
  const isEmpty = (v) => (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);
  for (const [k, v] of Object.entries(obj)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === "object" && !isEmpty(v)) out.push(...leaves(v, p));
    else out.push([p, v]);
  }
  return out;
}

/**
 * The JSON Schema node describing the value at a dotted path of a draft (following
 * `properties`, array `items` for numeric segments, and `oneOf` branches), or null.
 */
export function schemaAt(schema, path) {
  const stepInto = (node, seg) => {
    if (!node || typeof node !== "object") return null;
    if (node.properties && Object.hasOwn(node.properties, seg)) return node.properties[seg];
    if (node.items && /^\d+$/.test(seg)) return node.items;
    for (const branch of node.oneOf ?? []) {
      const found = stepInto(branch, seg);
      if (found) return found;
    }
    return null;
  };
  let node = schema;
  for (const seg of path.split(".")) {
    node = stepInto(node, seg);
    if (!node) return null;
  }
  return node;
}

/** Is a schema node a single value (text, number, date) rather than an object or a list? */
export function isScalarSchema(node) {
  if (!node) return false;
  if (Array.isArray(node.enum)) return node.enum.every((v) => v === null || typeof v !== "object");
  if (node.oneOf) return node.oneOf.some((b) => b.type === "integer" || b.type === "string");
  const types = [].concat(node.type ?? []);
  return types.length > 0 && types.every((t) => ["string", "integer", "number", "boolean", "null"].includes(t));
}
