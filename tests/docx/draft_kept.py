#!/usr/bin/env python3
"""The .docx keeps its draft: opening a .docx opens the draft it was written from.

Through the CLI (env BAOCAO_BIN, else `cargo run --bin baocao --`), for the dân vận sample,
the tiếp công dân sample (xã) and the tỉnh fixture:
  1. `baocao render` writes customXml/item1.xml (baocao's element in urn:baocao:draft:1) and
     customXml/itemProps1.xml; `baocao draft FILE.docx` prints the same draft (as JSON values)
     that was rendered, without a notice; `baocao render FILE.docx` gives the same bytes and
     `baocao check FILE.docx` reads it;
  2. LibreOffice re-saves the .docx (`soffice --convert-to docx` into another folder): the
     re-saved file still opens with its draft, or `baocao draft` says in one sentence why not;
     what LibreOffice did with the custom XML part is printed;
  3. a .docx without baocao's part (python-docx's own blank document) gets the sentence
     "Tệp .docx này không do baocao tạo nên không có bản nháp kèm theo; …" (exit 2);
  4. a .docx whose text was edited (a paragraph of word/document.xml patched) opens with its
     draft as written, and the notice on stderr lists the edited paragraph.
Exit status 1 on any failure; the last line is `docx draft kept: N passed, M failed`.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

import docx  # python-docx

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TINH = os.path.join(ROOT, "tests", "fixtures", "tiep-cong-dan-tinh.baocao.json")
NO_DRAFT = "Tệp .docx này không do baocao tạo nên không có bản nháp kèm theo; "
NOTICE = "Nội dung tệp .docx khác với bản nháp kèm theo"

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


def cli(args, stdin=None):
    r = subprocess.run(baocao() + args, cwd=ROOT, input=stdin, capture_output=True)
    return r.returncode, r.stdout, r.stderr.decode("utf-8", "replace")


def must(args, stdin=None):
    code, out, err = cli(args, stdin)
    if code != 0:
        sys.stderr.write(f"docx draft kept: `baocao {' '.join(args)}` failed (exit {code}):\n{err}")
        sys.exit(1)
    return out


def parts(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def patch(src, dst, name, edit):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == name:
                data = edit(data)
            zout.writestr(info.filename, data)


def lo_resave(path, outdir, profile):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    os.makedirs(outdir, exist_ok=True)
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                    "--convert-to", "docx", "--outdir", outdir, path], capture_output=True, timeout=300)
    out = os.path.join(outdir, os.path.basename(path))
    return out if os.path.isfile(out) else None


def main():
    with tempfile.TemporaryDirectory(prefix="baocao-draft-") as tmp:
        cases = []
        for label, draft_bytes in [
            ("dân vận", must(["sample"])),
            ("tiếp công dân xã", must(["sample", "--kind", "tiep-cong-dan"])),
            ("tiếp công dân tỉnh", open(TINH, "rb").read()),
        ]:
            src = os.path.join(tmp, re.sub(r"\W+", "-", label) + ".json")
            with open(src, "wb") as f:
                f.write(draft_bytes)
            out = os.path.join(tmp, re.sub(r"\W+", "-", label) + ".docx")
            must(["render", src, "-o", out])
            cases.append((label, json.loads(draft_bytes), out))

        print("the draft in the .docx")
        for label, want, path in cases:
            p = parts(path)
            item = p.get("customXml/item1.xml", b"").decode("utf-8", "replace")
            check(f"{label}: customXml/item1.xml holds baocao:draft",
                  'xmlns:baocao="urn:baocao:draft:1"' in item and "<![CDATA[" in item, item[:120])
            check(f"{label}: customXml/itemProps1.xml with a GUID",
                  re.search(rb'ds:itemID="\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}"',
                            p.get("customXml/itemProps1.xml", b"")) is not None)
            code, out, err = cli(["draft", path])
            check(f"{label}: `baocao draft` gives the draft rendered", code == 0 and json.loads(out) == want,
                  err.strip()[:200])
            check(f"{label}: no notice for an untouched .docx", err == "", err[:200])
            again = os.path.join(tmp, "again.docx")
            code, _, err = cli(["render", path, "-o", again])
            check(f"{label}: `baocao render FILE.docx` gives the same bytes",
                  code == 0 and open(again, "rb").read() == open(path, "rb").read(), err[:200])
            code, _, err = cli(["check", path])
            check(f"{label}: `baocao check FILE.docx` reads it", code in (0, 1) and NOTICE not in err, err[:200])

        print("LibreOffice re-saves the .docx")
        profile = os.path.join(tmp, "profile")
        for label, want, path in cases:
            resaved = lo_resave(path, os.path.join(tmp, "lo"), profile)
            if not check(f"{label}: LibreOffice re-saves it as .docx", resaved is not None):
                continue
            p = parts(resaved)
            items = sorted(n for n in p if re.fullmatch(r"customXml/item\d+\.xml", n))
            props = sorted(n for n in p if re.fullmatch(r"customXml/itemProps\d+\.xml", n))
            ours = [n for n in items if b"urn:baocao:draft:1" in p[n]]
            cdata = any(b"<![CDATA[" in p[n] for n in ours)
            same_id = any(re.search(rb"itemID=\"(\{[^\"]+\})\"", p[n]) and
                          re.search(rb"itemID=\"(\{[^\"]+\})\"", p[n]).group(1) ==
                          re.search(rb"itemID=\"(\{[^\"]+\})\"", parts(path)["customXml/itemProps1.xml"]).group(1)
                          for n in props)
            print(f"        LibreOffice kept {len(items)} custom XML part(s) {items}, ours: {ours}, "
                  f"CDATA kept: {cdata}, itemID kept: {same_id}, properties: {props}")
            code, out, err = cli(["draft", resaved])
            if code == 0:
                check(f"{label}: the re-saved .docx opens with its draft", json.loads(out) == want)
                print(f"        notice after LibreOffice: {err.strip()[:300] or 'none (the text reads the same)'}")
                check(f"{label}: LibreOffice's re-save changes no paragraph's text", NOTICE not in err, err[:300])
            else:
                check(f"{label}: the re-saved .docx without its draft gets the sentence",
                      code == 2 and NO_DRAFT in err, err[:200])
            try:
                docx.Document(resaved)
                check(f"{label}: python-docx opens LibreOffice's file", True)
            except Exception as e:  # noqa: BLE001
                check(f"{label}: python-docx opens LibreOffice's file", False, repr(e))

        print("a .docx baocao did not write")
        other = os.path.join(tmp, "other.docx")
        d = docx.Document()
        d.add_paragraph("Một văn bản khác.")
        d.save(other)
        code, out, err = cli(["draft", other])
        check("a .docx without the draft: exit 2 and the sentence", code == 2 and NO_DRAFT in err and out == b"",
              (code, err[:200]))
        code, _, err = cli(["check", other])
        check("`baocao check` on it says the same", code == 2 and NO_DRAFT in err, err[:200])

        print("a .docx edited after baocao wrote it")
        label, want, path = cases[2]
        edited = os.path.join(tmp, "edited.docx")
        old = "Một số vụ việc phức tạp, kéo dài qua nhiều năm."
        new = "Một số vụ việc phức tạp (đoạn này sửa trong Word)."
        seen = []

        def edit(data):
            s = data.decode("utf-8")
            seen.append(old in s)
            return s.replace(old, new, 1).encode("utf-8")

        patch(path, edited, "word/document.xml", edit)
        check("the paragraph to edit is in word/document.xml", seen == [True])
        code, out, err = cli(["draft", edited])
        check("the edited .docx opens with its draft as baocao wrote it", code == 0 and json.loads(out) == want,
              err[:200])
        check("the notice on stderr lists the edited paragraph", NOTICE in err and new in err and "ở 1 đoạn" in err,
              err[:300])
    print(f"docx draft kept: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
