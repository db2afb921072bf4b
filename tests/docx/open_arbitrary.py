#!/usr/bin/env python3
"""Open the .docx files rendered from arbitrary drafts (written by tests/props.rs into
target/test-output/arbitrary/) in LibreOffice and in python-docx: each must open and convert.
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

import docx  # python-docx

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
files = sorted(glob.glob(os.path.join(ROOT, "target/test-output/arbitrary/*.docx")))
if not files:
    sys.exit("open_arbitrary: no files; run `cargo test --test props` first")

soffice = shutil.which("soffice") or shutil.which("libreoffice")
if soffice is None:
    sys.exit("open_arbitrary: LibreOffice (soffice) not found")

passed = failed = 0
with tempfile.TemporaryDirectory() as tmp:
    profile = os.path.join(tmp, "profile")
    out = os.path.join(tmp, "out")
    os.makedirs(out)
    r = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", "txt:Text (encoded):UTF8", "--outdir", out, *files],
        capture_output=True, timeout=300,
    )
    for f in files:
        name = os.path.basename(f)
        txt = os.path.join(out, name[:-5] + ".txt")
        problems = []
        if not os.path.isfile(txt):
            problems.append(f"LibreOffice did not convert it (exit {r.returncode})")
        try:
            d = docx.Document(f)
            if not d.paragraphs and not d.tables:
                problems.append("python-docx found no content")
        except Exception as e:  # noqa: BLE001 - any failure to open is the finding
            problems.append(f"python-docx: {e}")
        if problems:
            failed += 1
            print(f"  FAIL  {name}: {'; '.join(problems)}")
        else:
            passed += 1
            print(f"  ok    {name} ({os.path.getsize(f)} bytes, {os.path.getsize(txt)} bytes of text)")

print(f"arbitrary docx: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
