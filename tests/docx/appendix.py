#!/usr/bin/env python3
"""The appendices (Phụ lục: the figure tables) of the tiếp công dân report, read back.

Renders through the CLI (env BAOCAO_BIN, else `cargo run --bin baocao --`):
  - the xã sample (`baocao sample --kind tiep-cong-dan`), one unit row;
  - the tỉnh fixture (tests/fixtures/tiep-cong-dan-tinh.baocao.json), three unit rows;
  - the dân vận sample, which has no appendix.
and checks with python-docx (and lxml for what python-docx does not model):
  1. the report's section is A4 portrait; each appendix has a section of its own on A4
     landscape (297 × 210 mm, margins 15–20 mm);
  2. before each table: PHỤ LỤC 0N (centred, bold), the form code, the title (bold), the data
     window (italic) and "(Kèm theo …)";
  3. the tables: Biểu 01/TCD has Đơn vị, 29 number columns and Ghi chú; Biểu 01/XLD Đơn vị, 26
     and Ghi chú; a fixed layout whose grid fits the landscape text width; borders on every
     side; the merged header (Đơn vị merged down every header row) and the MS row repeat on
     each page (w:tblHeader), every row is cantSplit; the MS row's texts are those of the
     forms (docs/kntc-bieu-mau.md); one row per unit (names from the draft) and Tổng, in bold,
     whose figures are the sums of the unit rows; text 9–11 pt;
  4. LibreOffice lays the appendices out on landscape pages after the portrait ones (PDF);
  5. the dân vận sample has one portrait section and no figure table.
Exit status 1 on any failure; the last line is `docx appendix: N passed, M failed`.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TINH = os.path.join(ROOT, "tests", "fixtures", "tiep-cong-dan-tinh.baocao.json")

# The MS rows of the forms, as docs/kntc-bieu-mau.md gives them (the last column is Ghi chú).
MS_TCD = ["MS", "1=4+13+22", "2=5+14+23", "3=6+7+15+16+24+25"] + [str(i) for i in range(4, 30)] + [""]
MS_XLD = (["MS", "1=2+3+4+5+6+7"] + [str(i) for i in range(2, 9)] + ["9=11+12+13=14+15+16+17=18+22"]
          + [str(i) for i in range(10, 18)] + ["18=19+20+21", "19", "20", "21", "22=23+24+25", "23", "24", "25",
                                                "26", ""])
FORMS = [("PHỤ LỤC 01", "Biểu số 01/TCD", 29, MS_TCD), ("PHỤ LỤC 02", "Biểu số 01/XLD", 26, MS_XLD)]

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"  ok    {name}")
    else:
        failed += 1
        print(f"  FAIL  {name}" + (f": {detail}" if detail else ""))
    return ok


def baocao():
    b = os.environ.get("BAOCAO_BIN")
    return [b] if b else ["cargo", "run", "--quiet", "--locked", "--bin", "baocao", "--"]


def run(cmd, stdin=None):
    r = subprocess.run(cmd, cwd=ROOT, input=stdin, capture_output=True)
    if r.returncode != 0:
        sys.stderr.write(f"docx appendix: `{' '.join(cmd)}` failed (exit {r.returncode}):\n")
        sys.stderr.write(r.stderr.decode("utf-8", "replace"))
        sys.exit(1)
    return r.stdout


def number(s):
    """A figure as printed (`1.234`), or None when the cell is empty."""
    s = s.strip().replace(".", "")
    return int(s) if s else None


def fmt(v):
    """A draft figure as the table prints it: 1.234 grouping, empty when missing."""
    return "" if v is None else f"{v:,}".replace(",", ".")


def text_runs(p):
    return [r for r in p.runs if r.text]


def bold(p):
    return bool(text_runs(p)) and all(r.font.bold for r in text_runs(p))


def italic(p):
    return bool(text_runs(p)) and all(r.font.italic for r in text_runs(p))


def trpr_has(tr, name):
    trpr = tr.find(qn("w:trPr"))
    return trpr is not None and trpr.find(qn(f"w:{name}")) is not None


def block_items(doc):
    """The body's paragraphs and tables in order, as ("p", Paragraph) / ("tbl", Table)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    out = []
    for el in doc.element.body.iterchildren():
        if el.tag == qn("w:p"):
            out.append(("p", Paragraph(el, doc)))
        elif el.tag == qn("w:tbl"):
            out.append(("tbl", Table(el, doc)))
    return out


def grid_cells(tr):
    """A row's cells as (first grid column, span, vMerge or None, text)."""
    out, col = [], 0
    for tc in tr.findall(qn("w:tc")):
        tcpr = tc.find(qn("w:tcPr"))
        span = 1
        vmerge = None
        if tcpr is not None:
            g = tcpr.find(qn("w:gridSpan"))
            if g is not None:
                span = int(g.get(qn("w:val")))
            v = tcpr.find(qn("w:vMerge"))
            if v is not None:
                vmerge = v.get(qn("w:val")) or "continue"
        text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
        out.append((col, span, vmerge, text))
        col += span
    return out


def check_file(label, path, units):
    doc = Document(path)
    secs = doc.sections
    check(f"{label}: three sections (report, two appendices)", len(secs) == 3, len(secs))
    s0 = secs[0]
    check(f"{label}: the report is A4 portrait",
          s0.orientation == WD_ORIENT.PORTRAIT and abs(s0.page_width - Mm(210)) < Mm(1)
          and abs(s0.page_height - Mm(297)) < Mm(1))
    for i, s in enumerate(secs[1:], 1):
        check(f"{label}: appendix {i} is on A4 landscape",
              s.orientation == WD_ORIENT.LANDSCAPE and abs(s.page_width - Mm(297)) < Mm(1)
              and abs(s.page_height - Mm(210)) < Mm(1),
              (s.orientation, s.page_width, s.page_height))
        margins = [s.left_margin, s.right_margin, s.top_margin, s.bottom_margin]
        check(f"{label}: appendix {i} margins 15–20 mm",
              all(Mm(14.9) <= m <= Mm(20.1) for m in margins), [round(m.mm, 1) for m in margins])

    items = block_items(doc)
    tables = [(i, t) for i, (kind, t) in enumerate(items) if kind == "tbl" and len(t.columns) > 2]
    check(f"{label}: two figure tables", len(tables) == 2, len(tables))
    draft = None
    if label.endswith("tỉnh"):
        with open(TINH, encoding="utf-8") as f:
            draft = json.load(f)
    for (heading, form, numbers, ms), (at, table), sec in zip(FORMS, tables, secs[1:]):
        name = f"{label} {form}"
        before = [p for kind, p in items[at - 5:at] if kind == "p"]
        texts = [p.text for p in before]
        check(f"{name}: heading lines before the table",
              len(texts) == 5 and texts[0] == heading and texts[1] == form
              and texts[3].startswith("Số liệu tính từ ngày ") and texts[4].startswith("(Kèm theo "), texts)
        if len(before) == 5:
            check(f"{name}: heading centred and bold, title bold, window italic",
                  all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in before)
                  and bold(before[0]) and bold(before[2]) and italic(before[3]))

        tbl = table._tbl
        grid = [int(g.get(qn("w:w"))) for g in tbl.tblGrid.findall(qn("w:gridCol"))]
        check(f"{name}: Đơn vị + {numbers} number columns + Ghi chú",
              len(table.columns) == numbers + 2 and len(grid) == numbers + 2, len(grid))
        width = round((sec.page_width - sec.left_margin - sec.right_margin) / 635)  # EMU → twips
        check(f"{name}: the grid fits the landscape text width",
              width * 0.95 <= sum(grid) <= width + 1, f"{sum(grid)} of {width} twips")
        layout = tbl.tblPr.find(qn("w:tblLayout"))
        check(f"{name}: fixed layout", layout is not None and layout.get(qn("w:type")) == "fixed")
        borders = tbl.tblPr.find(qn("w:tblBorders"))
        sides = {} if borders is None else {c.tag.split("}")[1]: c.get(qn("w:val")) for c in borders}
        check(f"{name}: single borders on every side",
              all(sides.get(s) == "single" for s in ["top", "left", "bottom", "right", "insideH", "insideV"]),
              sides)

        trs = tbl.findall(qn("w:tr"))
        rows = [grid_cells(tr) for tr in trs]
        ms_at = next((i for i, r in enumerate(rows) if r and r[0][3] == "MS"), None)
        if not check(f"{name}: an MS row", ms_at is not None):
            continue
        head = rows[:ms_at]
        check(f"{name}: Đơn vị spans every header row",
              head[0][0][3] == "Đơn vị" and head[0][0][2] == "restart"
              and all(r[0][:3] == (0, 1, "continue") and r[0][3] == "" for r in head[1:]),
              [r[0] for r in head])
        check(f"{name}: Ghi chú is the last column", any(c[3] == "Ghi chú" and c[0] == numbers + 1 for c in head[0]))
        check(f"{name}: every row covers the grid", all(sum(c[1] for c in r) == len(grid) for r in rows))
        check(f"{name}: the {ms_at} header rows and the MS row repeat on each page (tblHeader)",
              all(trpr_has(tr, "tblHeader") for tr in trs[:ms_at + 1])
              and not any(trpr_has(tr, "tblHeader") for tr in trs[ms_at + 1:]))
        check(f"{name}: no row splits across pages", all(trpr_has(tr, "cantSplit") for tr in trs))
        check(f"{name}: MS row", [c[3] for c in rows[ms_at]] == ms, [c[3] for c in rows[ms_at]])

        body = table.rows[ms_at + 1:]
        check(f"{name}: {units} unit rows and Tổng", len(body) == units + 1, len(body))
        unit_rows = [[c.text for c in r.cells] for r in body[:-1]]
        total = [c.text for c in body[-1].cells]
        if draft is not None:
            # The draft's figures: reception.figures (01/TCD), letters.figures (01/XLD), a
            # list of units {unit, c1, c2, …} and the total row the author entered.
            figs = draft["reception" if "TCD" in form else "letters"]["figures"]
            want_rows = [[u.get("unit", "")] + [fmt(u.get(f"c{j}")) for j in range(1, numbers + 1)]
                         for u in figs["units"]]
            got_rows = [r[:numbers + 1] for r in unit_rows]
            check(f"{name}: unit rows are the draft's names and figures", got_rows == want_rows,
                  (got_rows[:1], want_rows[:1]))
            want_total = [fmt(figs["total"].get(f"c{j}")) for j in range(1, numbers + 1)]
            check(f"{name}: Tổng is the draft's total row", total[1:numbers + 1] == want_total)
        check(f"{name}: Tổng row", total[0] == "Tổng" and all(bold(p) for c in body[-1].cells
                                                               for p in c.paragraphs if p.text), total[:3])
        sums_ok = True
        detail = []
        for j in range(1, numbers + 1):
            figures = [number(r[j]) for r in unit_rows]
            want = sum(f for f in figures if f is not None) if any(f is not None for f in figures) else None
            if number(total[j]) != want:
                sums_ok = False
                detail.append((j, figures, total[j]))
        check(f"{name}: Tổng = the sum of the unit rows, column by column", sums_ok, detail[:3])
        check(f"{name}: figures and names not bold outside Tổng",
              not any(r.font.bold for row in body[:-1] for c in row.cells for p in c.paragraphs for r in text_runs(p)))
        sizes = {r.font.size.pt for row in table.rows for c in row.cells for p in c.paragraphs
                 for r in text_runs(p) if r.font.size is not None}
        check(f"{name}: text 9–11 pt", sizes and all(9 <= s <= 11 for s in sizes), sorted(sizes))
    return doc


def lo_pages(path, tmp):
    """The page sizes (w, h in points) of LibreOffice's PDF of the file, or None."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdfinfo = shutil.which("pdfinfo")
    if not soffice or not pdfinfo:
        return None
    out = os.path.join(tmp, "pdf")
    os.makedirs(out, exist_ok=True)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", out, path], capture_output=True, timeout=300)
    pdf = os.path.join(out, os.path.splitext(os.path.basename(path))[0] + ".pdf")
    if not os.path.isfile(pdf):
        return []
    info = subprocess.run([pdfinfo, "-f", "1", "-l", "999", pdf], capture_output=True, text=True).stdout
    sizes = []
    for line in info.splitlines():
        if line.startswith("Page") and "size:" in line:
            w, h = line.split("size:")[1].split("pts")[0].split("x")
            sizes.append((float(w), float(h)))
    return sizes


def main():
    with tempfile.TemporaryDirectory(prefix="baocao-appendix-") as tmp:
        xa = os.path.join(tmp, "xa.docx")
        run(baocao() + ["render", "-", "-o", xa], stdin=run(baocao() + ["sample", "--kind", "tiep-cong-dan"]))
        tinh = os.path.join(tmp, "tinh.docx")
        run(baocao() + ["render", TINH, "-o", tinh])
        dv = os.path.join(tmp, "dan-van.docx")
        run(baocao() + ["render", "-", "-o", dv], stdin=run(baocao() + ["sample"]))

        print("xã sample")
        check_file("xã", xa, 1)
        print("tỉnh fixture")
        check_file("tỉnh", tinh, 3)

        print("LibreOffice")
        for label, path in [("xã", xa), ("tỉnh", tinh)]:
            sizes = lo_pages(path, tmp)
            if sizes is None:
                check(f"{label}: LibreOffice and pdfinfo present", False)
                continue
            portrait = [s for s in sizes if s[0] < s[1]]
            landscape = [s for s in sizes if s[0] > s[1]]
            first_land = next((i for i, s in enumerate(sizes) if s[0] > s[1]), len(sizes))
            check(f"{label}: the appendices are on landscape pages after the report's portrait pages",
                  len(landscape) >= 2 and portrait and all(s[0] > s[1] for s in sizes[first_land:])
                  and all(abs(s[0] - 841.9) < 2 and abs(s[1] - 595.3) < 2 for s in landscape),
                  sizes)

        print("dân vận sample")
        doc = Document(dv)
        check("dân vận: one portrait section", len(doc.sections) == 1
              and doc.sections[0].orientation == WD_ORIENT.PORTRAIT)
        check("dân vận: no figure table", all(len(t.columns) <= 2 for t in doc.tables), [len(t.columns) for t in doc.tables])

    print(f"docx appendix: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
