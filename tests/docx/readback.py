#!/usr/bin/env python3
"""Read the sample .docx back and check it against ND30 and the reference report.

1. Builds the sample through the CLI:
       cargo run --bin baocao -- sample > draft.json
       cargo run --bin baocao -- render draft.json -o out.docx
2. With python-docx: A4, margins in the ND30 ranges, Times New Roman, sizes and styles of each
   element, tables (grid, fixed layout, widths, no borders), rule lines, page-number header
   from page 2 on, core title.
3. With LibreOffice (headless, a fresh profile): the text, word for word, after the letterhead
   equals tests/fixtures/bao-cao-dan-van-2021.txt (with the `*` italic marks removed), and
   the letterhead words come before it.

Exit status 1 on any failure; the last line is `docx readback: N passed, M failed`.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REFERENCE = os.path.join(ROOT, "tests", "fixtures", "bao-cao-dan-van-2021.txt")
TNR = "Times New Roman"
LETTERHEAD = [
    # LibreOffice writes a table's cells row by row, left cell then right cell; the letterhead
    # is row 1 issuer | Quốc hiệu + Tiêu ngữ, row 2 Số | place and date.
    "ỦY BAN NHÂN DÂN",
    "HUYỆN BÌNH SƠN",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: /BC-UBND",
    "Bình Sơn, ngày 05 tháng 01 năm 2022",
]

passed = 0
failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"  ok    {name}")
    else:
        failed += 1
        print(f"  FAIL  {name}" + (f": {detail}" if detail else ""))
    return ok


def run(cmd, **kw):
    try:
        r = subprocess.run(cmd, cwd=ROOT, capture_output=True, **kw)
    except FileNotFoundError:
        sys.stderr.write(f"docx readback: `{cmd[0]}` not found on PATH\n")
        sys.exit(1)
    if r.returncode != 0:
        sys.stderr.write(f"docx readback: `{' '.join(cmd)}` failed (exit {r.returncode}):\n")
        sys.stderr.write(r.stderr.decode("utf-8", "replace"))
        sys.exit(1)
    return r


# --- helpers ---------------------------------------------------------------------------------

def pt(length):
    return None if length is None else length.pt


def texts(paras):
    return [p.text for p in paras]


def text_runs(p):
    return [r for r in p.runs if r.text]


def sizes(p):
    """Font sizes (pt) of the runs that hold text; None for a run without its own size."""
    return {pt(r.font.size) for r in text_runs(p)}


def all_bold(p):
    return bool(text_runs(p)) and all(r.font.bold for r in text_runs(p))


def all_italic(p):
    return bool(text_runs(p)) and all(r.font.italic for r in text_runs(p))


def none_bold(p):
    return not any(r.font.bold for r in text_runs(p))


def centred(p):
    return p.alignment == WD_ALIGN_PARAGRAPH.CENTER


def border(p, side):
    """The paragraph's `side` border element (w:pBdr/w:top …) if it draws a line."""
    ppr = p._p.pPr
    if ppr is None:
        return None
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        return None
    el = bdr.find(qn(f"w:{side}"))
    if el is None or el.get(qn("w:val")) in ("nil", "none"):
        return None
    return el


def other_borders(p, side):
    ppr = p._p.pPr
    bdr = None if ppr is None else ppr.find(qn("w:pBdr"))
    if bdr is None:
        return []
    return [c.tag for c in bdr if c.tag != qn(f"w:{side}") and c.get(qn("w:val")) not in ("nil", "none")]


def rule_width(p, avail):
    """Width (twips) of a rule paragraph drawn between its indents in a space `avail` wide."""
    ind = p._p.pPr.find(qn("w:ind"))
    left = right = 0
    if ind is not None:
        left = int(ind.get(qn("w:left")) or ind.get(qn("w:start")) or 0)
        right = int(ind.get(qn("w:right")) or ind.get(qn("w:end")) or 0)
    return avail - left - right


def tw(length):
    return int(round(length.twips)) if hasattr(length, "twips") else int(round(length / 635))


def table_checks(name, table, fractions, text_width):
    tbl = table._tbl
    tblpr = tbl.tblPr
    layout = tblpr.find(qn("w:tblLayout"))
    check(f"{name}: fixed layout", layout is not None and layout.get(qn("w:type")) == "fixed")
    tblw = tblpr.find(qn("w:tblW"))
    check(f"{name}: table width in dxa", tblw is not None and tblw.get(qn("w:type")) == "dxa")
    grid = [int(g.get(qn("w:w"))) for g in tbl.tblGrid.findall(qn("w:gridCol"))]
    check(f"{name}: explicit grid of 2 columns", len(grid) == 2 and all(g > 0 for g in grid), grid)
    total = sum(grid)
    check(f"{name}: spans the text width", abs(total - text_width) <= 20, f"{total} vs {text_width}")
    got = [round(g / total, 2) for g in grid] if total else []
    check(
        f"{name}: columns about {'/'.join(str(int(f * 100)) for f in fractions)} %",
        len(got) == 2 and all(abs(g - f) <= 0.05 for g, f in zip(got, fractions)),
        got,
    )
    ok = True
    for row in table.rows:
        for i, c in enumerate(row.cells):
            tcw = c._tc.tcPr.find(qn("w:tcW"))
            if tcw is None or tcw.get(qn("w:type")) != "dxa" or i >= len(grid) or int(tcw.get(qn("w:w"))) != grid[i]:
                ok = False
    check(f"{name}: every cell has its grid width in dxa", ok)
    visible = []
    for el in tbl.iter():
        if el.tag in (qn("w:tblBorders"), qn("w:tcBorders")):
            visible += [c.tag.split("}")[1] for c in el if c.get(qn("w:val")) not in ("nil", "none")]
    check(f"{name}: no borders", not visible, visible)
    return grid


# --- 1. build through the CLI ----------------------------------------------------------------

def build(tmp):
    cargo = ["cargo", "run", "--quiet", "--locked", "--bin", "baocao", "--"]
    draft = os.path.join(tmp, "draft.json")
    out = os.path.join(tmp, "out.docx")
    r = run(cargo + ["sample"])
    with open(draft, "wb") as f:
        f.write(r.stdout)
    run(cargo + ["render", draft, "-o", out])
    if not os.path.isfile(out) or os.path.getsize(out) == 0:
        sys.stderr.write("docx readback: the CLI wrote no .docx\n")
        sys.exit(1)
    return out


# --- 2. python-docx --------------------------------------------------------------------------

def python_docx_checks(path, ref_title, ref_italics):
    try:
        doc = Document(path)
    except Exception as e:  # a broken package: say so, and stop
        check("python-docx opens the file", False, f"{type(e).__name__}: {e}")
        return
    sec = doc.sections[0]
    print("page")
    check("one section", len(doc.sections) == 1, len(doc.sections))
    check("A4 210 × 297 mm", abs(sec.page_width.mm - 210) < 0.3 and abs(sec.page_height.mm - 297) < 0.3,
          (sec.page_width.mm, sec.page_height.mm))
    check("portrait", sec.orientation == WD_ORIENT.PORTRAIT)
    for name, value, lo, hi in [
        ("top", sec.top_margin, 20, 25),
        ("bottom", sec.bottom_margin, 20, 25),
        ("left", sec.left_margin, 30, 35),
        ("right", sec.right_margin, 15, 20),
    ]:
        check(f"margin {name} {value.mm:.1f} mm in {lo}–{hi}", lo - 0.05 <= value.mm <= hi + 0.05)
    text_width = tw(sec.page_width) - tw(sec.left_margin) - tw(sec.right_margin)

    print("fonts")
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    slots = {s: fonts.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "eastAsia", "cs")} if fonts is not None else {}
    check("document defaults: Times New Roman in ascii/hAnsi/eastAsia/cs", slots and all(v == TNR for v in slots.values()), slots)
    all_paras = list(doc.paragraphs)
    for t in doc.tables:
        for row in t.rows:
            for c in row.cells:
                all_paras += c.paragraphs
    bad_font, bad_color, n_runs = [], [], 0
    for p in all_paras:
        for r in text_runs(p):
            n_runs += 1
            rf = r._r.rPr.find(qn("w:rFonts")) if r._r.rPr is not None else None
            got = {s: (rf.get(qn(f"w:{s}")) if rf is not None else None) for s in ("ascii", "hAnsi", "eastAsia", "cs")}
            if any(v not in (TNR, None) for v in got.values()):
                bad_font.append((r.text[:30], got))
            color = r.font.color.rgb if r.font.color is not None and r.font.color.type is not None else None
            if color is not None and str(color) != "000000":
                bad_color.append((r.text[:30], str(color)))
    check(f"every run ({n_runs}) in Times New Roman", n_runs > 0 and not bad_font, bad_font[:3])
    check("every run black", not bad_color, bad_color[:3])

    print("letterhead")
    check("two tables: letterhead and closing", len(doc.tables) == 2, len(doc.tables))
    head = doc.tables[0]
    grid = table_checks("letterhead", head, (0.4, 0.6), text_width)
    check("letterhead: 2 rows (names, then Số | date)", len(head.rows) == 2, len(head.rows))
    left, right = head.rows[0].cells[0].paragraphs, head.rows[0].cells[1].paragraphs
    number, date = head.rows[1].cells[0].paragraphs, head.rows[1].cells[1].paragraphs
    lt = [p for p in left if p.text.strip()]
    rt = [p for p in right if p.text.strip()]
    check("issuer lines", texts(lt) == ["ỦY BAN NHÂN DÂN", "HUYỆN BÌNH SƠN"], texts(lt))
    check("issuer bold 13 pt, centred", all(all_bold(p) and sizes(p) == {13.0} and centred(p) for p in lt))
    rules = [p for p in left if border(p, "top") is not None]
    check("a rule under the issuer", len(rules) == 1 and not rules[0].text.strip() and left.index(rules[0]) == len(left) - 1)
    issuer_rule = rule_width(rules[0], grid[0]) if rules else 0
    check("Số line", len(number) == 1 and re.fullmatch(r"Số:\s*/BC-UBND", number[0].text.replace("\xa0", " ")) is not None,
          texts(number))
    check("Số line 13 pt regular, centred", sizes(number[0]) == {13.0} and none_bold(number[0]) and centred(number[0]))
    check("Quốc hiệu and Tiêu ngữ", texts(rt) == [LETTERHEAD[2], LETTERHEAD[3]], texts(rt))
    if len(rt) == 2:
        check("Quốc hiệu bold 13 pt, centred", all_bold(rt[0]) and sizes(rt[0]) == {13.0} and centred(rt[0]))
        check("Tiêu ngữ bold 14 pt, centred", all_bold(rt[1]) and sizes(rt[1]) == {14.0} and centred(rt[1]))
    rules = [p for p in right if border(p, "top") is not None]
    check("a rule under the Tiêu ngữ", len(rules) == 1 and right.index(rules[0]) == len(right) - 1)
    motto_rule = rule_width(rules[0], grid[1]) if rules else 0
    # Tiêu ngữ at 14 pt bold is about 60 mm (3400 twips); the rule should match it.
    check(f"Tiêu ngữ rule about the text's width ({motto_rule} twips)", 2800 <= motto_rule <= 4000)
    check(f"issuer rule shorter ({issuer_rule} twips), 1/3–1/2 of the name", 600 <= issuer_rule < motto_rule * 0.7)
    check("no rule draws other sides", all(not other_borders(p, "top") for p in left + right))
    check("place and date", [p.text for p in date] == [LETTERHEAD[5]], texts(date))
    check("date italic 14 pt, centred", all_italic(date[0]) and sizes(date[0]) == {14.0} and centred(date[0]))

    print("title")
    top = doc.paragraphs
    idx = [i for i, p in enumerate(top) if p.text == "BÁO CÁO"]
    check("BÁO CÁO once, at the top", len(idx) == 1 and idx[0] == 0, idx)
    if not idx:
        return
    i = idx[0]
    check("BÁO CÁO bold 14 pt, centred", all_bold(top[i]) and sizes(top[i]) == {14.0} and centred(top[i]))
    title = top[i + 1]
    check("trích yếu text", title.text == ref_title, title.text)
    check("trích yếu bold 14 pt, centred", all_bold(title) and sizes(title) == {14.0} and centred(title))
    rule = top[i + 2]
    tr = rule_width(rule, text_width) if border(rule, "top") is not None and not rule.text.strip() else 0
    check(f"a short rule under the trích yếu ({tr} twips)", 0 < tr <= text_width / 2 and not other_borders(rule, "top"))
    to = top[i + 3]
    check("Kính gửi line", to.text == "Kính gửi: Sở Nội vụ tỉnh Quảng Ngãi.", to.text)
    check("Kính gửi 14 pt, centred", sizes(to) == {14.0} and centred(to))

    print("body")
    body = [p for p in top[i + 4:] if p.text.strip()]
    check("body paragraphs present", len(body) > 40, len(body))
    issues = []
    for p in body:
        f = p.paragraph_format
        why = []
        if p.alignment != WD_ALIGN_PARAGRAPH.JUSTIFY:
            why.append(f"alignment {p.alignment}")
        fl = f.first_line_indent
        if fl is None or not (Cm(1.0) - 20 * 635 <= fl <= Cm(1.27) + 20 * 635):
            why.append(f"first line {fl and fl.cm}")
        if f.space_after is None or f.space_after.pt < 6:
            why.append(f"after {f.space_after and f.space_after.pt}")
        ls = f.line_spacing
        if ls is None or (isinstance(ls, float) and not 1.0 <= ls <= 1.5) or (not isinstance(ls, float) and not Pt(14) <= ls <= Pt(21)):
            why.append(f"line spacing {ls}")
        if not sizes(p) <= {13.0, 14.0}:
            why.append(f"sizes {sizes(p)}")
        if why:
            issues.append((p.text[:40], why))
    check("body: 13–14 pt, justified, first line 1–1.27 cm, ≥ 6 pt after, spacing 1–1.5", not issues, issues[:3])
    sections = [p for p in body if re.match(r"[IVX]+\. ", p.text)]
    check("mục headings (I., II., …) bold", len(sections) == 4 and all(all_bold(p) for p in sections), texts(sections))
    points = [p for p in body if re.match(r"[a-zđ]\) ", p.text)]
    check("điểm headings (a), b)) italic", len(points) == 2 and all(all_italic(p) and none_bold(p) for p in points), texts(points))
    clauses = [p for p in body if re.match(r"\d+\. ", p.text) and all_bold(p)]
    check("khoản headings bold (1. … 5. under II, 1. … 3. under III)", len(clauses) == 8, texts(clauses))
    # Italic spans inside body paragraphs are those marked *…* in the reference.
    spans = []
    for p in body:
        if all_italic(p):
            continue
        cur = ""
        for r in p.runs:
            if r.font.italic and r.text:
                cur += r.text
            elif cur:
                spans.append(cur)
                cur = ""
        if cur:
            spans.append(cur)
    check("italic spans are the reference's *…* spans", spans == ref_italics, (spans[:3], ref_italics[:3]))
    check("the last body line ends with ./.", body[-1].text.endswith("./."), body[-1].text[-20:])

    print("closing")
    close = doc.tables[-1]
    table_checks("closing", close, (0.45, 0.55), text_width)
    check("closing: 1 row", len(close.rows) == 1)
    left, right = close.rows[0].cells[0].paragraphs, close.rows[0].cells[1].paragraphs
    head_p = left[0]
    check("Nơi nhận: first, 12 pt bold italic", head_p.text == "Nơi nhận:" and sizes(head_p) == {12.0}
          and all_bold(head_p) and all_italic(head_p))
    cc = left[1:]
    check("9 recipient lines", len(cc) == 9 and all(p.text.startswith("- ") for p in cc), texts(cc))
    check("recipients 11 pt regular", all(sizes(p) == {11.0} and none_bold(p) for p in cc))
    check("recipients left aligned, no indent, single spacing", all(
        p.alignment in (None, WD_ALIGN_PARAGRAPH.LEFT)
        and not p.paragraph_format.first_line_indent
        and not p.paragraph_format.left_indent
        and p.paragraph_format.line_spacing in (None, 1.0)
        for p in cc))
    sig = [p for p in right if p.text.strip()]
    check("signature lines and signer", texts(sig) == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Phạm Quang Sự"],
          texts(sig))
    check("signature 14 pt bold, centred", all(all_bold(p) and sizes(p) == {14.0} and centred(p) for p in sig))
    gap = 0
    for p in reversed(right[:-1]):
        if p.text.strip():
            break
        gap += 1
    check(f"room for the signature ({gap} empty lines)", 4 <= gap <= 6)

    print("header")
    check("different first page (titlePg)", sec.different_first_page_header_footer)
    hx = sec.header._element.xml
    check("header has a PAGE field", re.search(r"<w:instrText[^>]*>\s*PAGE\s*<", hx) is not None
          or re.search(r'w:instr="\s*PAGE', hx) is not None)
    hp = [p for p in sec.header.paragraphs]
    check("page number centred, 13–14 pt", hp and centred(hp[0]) and all(
        r.font.size is not None and 13 <= r.font.size.pt <= 14 for r in hp[0].runs if r._r.find(qn("w:t")) is not None))
    fx = sec.first_page_header._element.xml
    check("first-page header empty", "PAGE" not in fx and not "".join(p.text for p in sec.first_page_header.paragraphs).strip())

    print("properties")
    check("core title is the trích yếu", doc.core_properties.title == ref_title, doc.core_properties.title)


# --- 3. LibreOffice text -------------------------------------------------------------------

def libreoffice_text(path, tmp):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.stderr.write("docx readback: LibreOffice (soffice) not found\n")
        sys.exit(1)
    profile = tempfile.mkdtemp(prefix="lo-profile-", dir=tmp)
    outdir = os.path.join(tmp, "txt")
    os.makedirs(outdir, exist_ok=True)
    r = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", "txt:Text (encoded):UTF8", "--outdir", outdir, path],
        capture_output=True, timeout=180,
    )
    txt = os.path.join(outdir, os.path.splitext(os.path.basename(path))[0] + ".txt")
    if r.returncode != 0 or not os.path.isfile(txt):
        sys.stderr.write(f"docx readback: LibreOffice conversion failed (exit {r.returncode}):\n")
        sys.stderr.write(r.stdout.decode("utf-8", "replace") + r.stderr.decode("utf-8", "replace"))
        sys.exit(1)
    with open(txt, encoding="utf-8-sig") as f:
        return f.read()


def text_checks(text, reference):
    print("text (LibreOffice)")
    words = text.split()
    starts = [i for i in range(len(words) - 1) if words[i] == "BÁO" and words[i + 1] == "CÁO"]
    if not check("BÁO CÁO found once", len(starts) == 1, starts):
        return
    s = starts[0]
    ours, theirs = words[s:], reference.replace("*", "").split()
    if ours == theirs:
        check(f"text after the letterhead = the reference, word for word ({len(theirs)} words)", True)
    else:
        k = next((j for j, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
        check("text after the letterhead = the reference, word for word", False,
              f"{len(ours)} vs {len(theirs)} words; first difference at word {k}:\n"
              f"        ours:      {' '.join(ours[max(0, k - 8):k + 8])}\n"
              f"        reference: {' '.join(theirs[max(0, k - 8):k + 8])}")
    head = words[:s]
    want = " ".join(LETTERHEAD).split()
    check("letterhead words, in order, before BÁO CÁO", head == want, " ".join(head))


def main():
    if not os.path.isfile(REFERENCE):
        sys.stderr.write(f"docx readback: reference not found at {REFERENCE}\n")
        sys.exit(1)
    with open(REFERENCE, encoding="utf-8") as f:
        reference = f.read()
    ref_lines = [l.strip() for l in reference.splitlines() if l.strip()]
    ref_title = ref_lines[1]
    ref_italics = re.findall(r"\*([^*]+)\*", reference)

    tmp = tempfile.mkdtemp(prefix="baocao-readback-")
    try:
        path = build(tmp)
        print(f"docx readback: {os.path.relpath(path, tmp)} {os.path.getsize(path)} bytes")
        python_docx_checks(path, ref_title, ref_italics)
        text_checks(libreoffice_text(path, tmp), reference)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"docx readback: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
