// Page sizes of a PDF file, also when its page dictionaries sit in compressed object streams
// (Firefox's PDFs put them in /ObjStm streams; Chromium's leave them in plain text).
import { inflateSync } from "node:zlib";

/** The text of a PDF with every Flate stream that inflates replaced by its inflated text. */
function pdfText(buf) {
  const raw = Buffer.from(buf).toString("latin1");
  let out = "";
  let at = 0;
  for (const m of raw.matchAll(/(?<!end)stream\r?\n/g)) {
    if (m.index < at) continue;
    const start = m.index + m[0].length;
    const end = raw.indexOf("endstream", start);
    if (end < 0) break;
    out += raw.slice(at, start);
    const body = Buffer.from(raw.slice(start, end), "latin1");
    try {
      out += inflateSync(body).toString("latin1");
    } catch {
      try { out += inflateSync(body.subarray(0, body.length - 1)).toString("latin1"); } catch { out += raw.slice(start, end); }
    }
    at = end;
  }
  return out + raw.slice(at);
}

/**
 * The pages of a PDF: { count (the page tree's /Count), boxes: [[width, height] in pt of each
 * /MediaBox found] }.
 */
export function pdfPages(buf) {
  const text = pdfText(buf);
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [+m[1], +m[2]]);
  const counts = [...text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/gs)]
    .map((m) => Number(m[1] ?? m[2]));
  return { count: counts.length ? Math.max(...counts) : boxes.length, boxes };
}
