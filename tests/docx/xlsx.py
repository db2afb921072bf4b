#!/usr/bin/env python3
"""Read the .xlsx of the figure tables back with LibreOffice Calc.

1. Builds the workbooks through the CLI (`$BAOCAO_BIN`, else `cargo run --bin baocao`):
   the tiếp công dân sample (`baocao sample --kind tiep-cong-dan`, one unit), the three-unit
   draft tests/fixtures/tiep-cong-dan-tinh.baocao.json, the dân vận sample (fixed-row tables
   only), and the three-unit draft with one total made wrong.
2. LibreOffice (headless, a fresh profile told to recalculate every formula when it loads an
   .xlsx) writes each sheet as its own CSV (the CSV filter's 12th option, -1: every sheet).
3. Checks, per table of the kind (its columns read from src/kinds/*.json): one sheet named by
   the form code, the title and the data window above the table, the leaf headers, the MS
   row, and every row's name and cells equal to the draft's figures (text columns as text).
4. The formulas evaluate: the same workbook with every formula's cached value set to 999999
   goes through LibreOffice again, and the CSV is the same — the totals of the total columns
   and the Tổng row come from the formulas, not from the values stored beside them. The
   workbook XML has a formula in every total column and every cell of the Tổng row.
5. A total that disagrees with its parts is written as the number entered, not as a formula.

Exit status 1 on any failure; the last line is `xlsx readback: N passed, M failed`.
"""

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KINDS = os.path.join(ROOT, "src", "kinds")
TINH = os.path.join(ROOT, "tests", "fixtures", "tiep-cong-dan-tinh.baocao.json")
# Calc's "Recalculation on file load" for Excel 2007 and newer: 0 = always.
RECALC_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
# Field separator 44 (,), text delimiter 34 ("), UTF-8 (76), from line 1, …, every sheet (-1).
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
POISON = "999999"

passed = 0
failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


def baocao(*args, stdin=None):
    exe = os.environ.get("BAOCAO_BIN")
    cmd = [exe, *args] if exe and os.path.exists(exe) else ["cargo", "run", "-q", "--bin", "baocao", "--", *args]
    r = subprocess.run(cmd, cwd=ROOT, input=stdin, capture_output=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr.decode("utf-8", "replace"))
        sys.exit(f"xlsx readback: baocao {' '.join(args)} failed (exit {r.returncode})")
    return r.stdout


def leaves(columns, groups=()):
    """The figure columns of a kind file's table, in order, with their groups."""
    out = []
    for c in columns:
        if "columns" in c:
            out.extend(leaves(c["columns"], groups + (c["label"],)))
        else:
            out.append(dict(c, groups=list(groups)))
    return out


def tables(kind_file):
    kind = json.load(open(os.path.join(KINDS, kind_file), encoding="utf-8"))
    for step in kind["steps"]:
        for f in step["fields"]:
            if f.get("type") == "table":
                t = f["table"]
                yield f["path"], f["label"], t, leaves(t["columns"])


def sheet_name(t, label):
    code = t.get("form", "").split(" ")[-1].strip() if t.get("form") else ""
    raw = code or label
    name = re.sub(r"[/\\:*?\[\]]", "-", raw).strip()
    if len(name) > 31:
        name = name[:31]
        if " " in name:
            name = name[: name.rfind(" ")]
    return name.rstrip(" ,;.-—–")


def get(d, path):
    cur = d
    for p in path.split("."):
        if isinstance(cur, dict):
            cur = cur.get(p)
        elif isinstance(cur, list):
            cur = cur[int(p)] if p.isdigit() and int(p) < len(cur) else None
        else:
            return None
        if cur is None:
            return None
    return cur


def figure(v):
    if isinstance(v, dict):
        v = v.get("value")
    return "" if v is None else str(v)


def expected_rows(d, path, t, cols):
    """(name, cells) of each row as the draft has them."""
    rows = []
    if t.get("units"):
        units = get(d, f"{path}.units") or []
        for i, u in enumerate(units):
            name = (u.get("unit") or "").strip() or f"Đơn vị {i + 1}"
            rows.append((name, f"{path}.units.{i}"))
        rows.append(("Tổng", f"{path}.total"))
    else:
        rows = [(r["label"], f"{path}.{r['id']}") for r in t["rows"]]
    out = []
    for name, rpath in rows:
        cells = []
        for c in cols:
            v = get(d, f"{rpath}.{c['id']}")
            cells.append((v or "").strip() if c.get("text") else figure(v))
        out.append([name] + cells)
    return out


def convert(xlsx_files, tmp, tag):
    profile = os.path.join(tmp, f"profile-{tag}")
    os.makedirs(os.path.join(profile, "user"), exist_ok=True)
    with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w", encoding="utf-8") as f:
        f.write(RECALC_XCU)
    outdir = os.path.join(tmp, f"csv-{tag}")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    r = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", CSV_FILTER, "--outdir", outdir, *xlsx_files],
        capture_output=True, timeout=300,
    )
    if r.returncode != 0:
        sys.stderr.write(r.stdout.decode("utf-8", "replace") + r.stderr.decode("utf-8", "replace"))
        sys.exit(f"xlsx readback: LibreOffice failed (exit {r.returncode})")
    return outdir


def read_csv(outdir, stem, sheet):
    p = os.path.join(outdir, f"{stem}-{sheet}.csv")
    if not os.path.isfile(p):
        return None
    with open(p, encoding="utf-8", newline="") as f:
        return [row for row in csv.reader(f)]


def poison(src, dst):
    """The workbook with every formula's cached value replaced by POISON."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = data.decode("utf-8")
                text = re.sub(r"(<f>[^<]*</f>)<v>[^<]*</v>", rf"\1<v>{POISON}</v>", text)
                data = text.encode("utf-8")
            zout.writestr(item, data)


def sheet_xml(xlsx, sheet):
    """The worksheet XML of the sheet named `sheet`."""
    with zipfile.ZipFile(xlsx) as z:
        wb = z.read("xl/workbook.xml").decode("utf-8")
        names = re.findall(r'<sheet name="([^"]*)"', wb)
        names = [n.replace("&amp;", "&").replace("&quot;", '"') for n in names]
        i = names.index(sheet)
        return z.read(f"xl/worksheets/sheet{i + 1}.xml").decode("utf-8")


def main():
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        sys.exit("xlsx readback: LibreOffice (soffice) not found (apt-get install -y libreoffice-calc-nogui)")
    with tempfile.TemporaryDirectory(prefix="xlsx-") as tmp:
        drafts = {
            "xa": json.loads(baocao("sample", "--kind", "tiep-cong-dan")),
            "tinh": json.load(open(TINH, encoding="utf-8")),
            "danvan": json.loads(baocao("sample")),
        }
        wrong = json.loads(json.dumps(drafts["tinh"]))
        wrong["reception"]["figures"]["units"][0]["c1"] += 1
        wrong["reception"]["figures"]["total"]["c2"] += 1
        drafts["wrong"] = wrong
        files = {}
        for stem, d in drafts.items():
            dj = os.path.join(tmp, f"{stem}.json")
            with open(dj, "w", encoding="utf-8") as f:
                json.dump(d, f, ensure_ascii=False)
            files[stem] = os.path.join(tmp, f"{stem}.xlsx")
            baocao("render", dj, "--format", "xlsx", "-o", files[stem])
            check(zipfile.is_zipfile(files[stem]), f"{stem}: an .xlsx (zip) was written")
        # Same draft, same bytes.
        again = os.path.join(tmp, "again.xlsx")
        baocao("render", os.path.join(tmp, "tinh.json"), "--format", "xlsx", "-o", again)
        check(open(again, "rb").read() == open(files["tinh"], "rb").read(), "the same draft gives the same bytes")

        poisoned = {}
        for stem in ("xa", "tinh"):
            poisoned[stem] = os.path.join(tmp, "poisoned", f"{stem}.xlsx")
            os.makedirs(os.path.dirname(poisoned[stem]), exist_ok=True)
            poison(files[stem], poisoned[stem])
        plain = convert(list(files.values()), tmp, "plain")
        recalc = convert(list(poisoned.values()), tmp, "recalc")

        kind_of = {"xa": "tiep-cong-dan.json", "tinh": "tiep-cong-dan.json", "danvan": "dan-van-chinh-quyen.json",
                   "wrong": "tiep-cong-dan.json"}
        for stem, d in drafts.items():
            for path, label, t, cols in tables(kind_of[stem]):
                sheet = sheet_name(t, label)
                rows = read_csv(plain, stem, sheet)
                check(rows is not None, f"{stem}: a sheet “{sheet}” for {path}")
                if rows is None:
                    continue
                firsts = [r[0] for r in rows]
                title = t.get("title") or label
                check(title in firsts, f"{stem}/{sheet}: the title “{title}” above the table")
                if t.get("form"):
                    check(t["form"] in firsts, f"{stem}/{sheet}: the form code “{t['form']}”")
                window = [x for x in firsts if x.startswith("Số liệu tính từ ngày ")]
                check(len(window) == 1, f"{stem}/{sheet}: the data window line ({window})")
                ms_at = firsts.index("MS") if "MS" in firsts else -1
                check(ms_at > 0, f"{stem}/{sheet}: an MS row")
                if ms_at < 0:
                    continue
                ms = rows[ms_at][1:1 + len(cols)]
                want_ms = []
                for c in cols:
                    s = str(c.get("ms", "")) if c.get("ms") else ""
                    so = c.get("sum_of") or []
                    groups = so if so and isinstance(so[0], list) else ([so] if so else [])
                    for g in groups:
                        s += "=" + "+".join(str(x) for x in g)
                    want_ms.append(s)
                check(ms == want_ms, f"{stem}/{sheet}: the MS row {ms} = {want_ms}")
                # Each column's own label appears in the header, in its column.
                head = rows[:ms_at]
                for j, c in enumerate(cols):
                    found = any(len(r) > j + 1 and r[j + 1] == c["label"] for r in head)
                    check(found, f"{stem}/{sheet}: header of column {j + 1} “{c['label']}”")
                want = expected_rows(d, path, t, cols)
                got = [r[:1 + len(cols)] for r in rows[ms_at + 1:ms_at + 1 + len(want)]]
                check(got == want, f"{stem}/{sheet}: the rows equal the draft's figures\n  got  {got}\n  want {want}")
                check(len(rows) == ms_at + 1 + len(want), f"{stem}/{sheet}: nothing after the rows")
                if stem in poisoned and t.get("units"):
                    rec = read_csv(recalc, stem, sheet)
                    rgot = [r[:1 + len(cols)] for r in rec[ms_at + 1:ms_at + 1 + len(want)]] if rec else None
                    check(rgot == want, f"{stem}/{sheet}: recomputed from the formulas, the rows equal the draft's\n"
                          f"  got  {rgot}\n  want {want}")
                    x = sheet_xml(files[stem], sheet)
                    formulas = re.findall(r"<c r=\"([A-Z]+)(\d+)\"[^>]*><f>([^<]*)</f>", x)
                    n_units = len(want) - 1
                    n_total_cols = sum(1 for c in cols if c.get("sum_of"))
                    n_figures = sum(1 for c in cols if not c.get("text"))
                    # Every unit row: one formula per total column; the Tổng row: one per figure.
                    want_n = n_units * n_total_cols + n_figures
                    check(len(formulas) == want_n and n_total_cols > 0,
                          f"{stem}/{sheet}: {len(formulas)} formulas, want {want_n}")
                    sums = [f for f in formulas if f[2].startswith("SUM(")]
                    check(len(sums) == n_figures, f"{stem}/{sheet}: {len(sums)} SUM formulas in the Tổng row")
            if stem == "wrong":
                x = sheet_xml(files[stem], "01-TCD")
                rows = read_csv(plain, stem, "01-TCD")
                ms_at = [r[0] for r in rows].index("MS")
                first_row = ms_at + 2  # 1-based row of the first unit
                cell = re.search(rf'<c r="B{first_row}"[^>]*>(.*?)</c>', x).group(1)
                check("<f>" not in cell and f"<v>{d['reception']['figures']['units'][0]['c1']}</v>" in cell,
                      f"a total that disagrees with its parts is the number entered: {cell}")
                total_row = ms_at + 1 + len(d["reception"]["figures"]["units"]) + 1
                cell = re.search(rf'<c r="C{total_row}"[^>]*>(.*?)</c>', x).group(1)
                check("<f>" not in cell, f"a Tổng that disagrees with the units is the number entered: {cell}")
                cell = re.search(rf'<c r="D{total_row}"[^>]*>(.*?)</c>', x).group(1)
                check(cell.startswith("<f>SUM("), f"the other Tổng cells are still SUM formulas: {cell}")

    print(f"xlsx readback: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
