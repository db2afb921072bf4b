#!/usr/bin/env python3
"""Where LibreOffice breaks the pages of a .docx: the text of each page of its PDF.

    python3 tests/docx/_lo_pages.py FILE.docx [FILE.docx ...]

prints JSON {"FILE.docx": ["text of page 1", "text of page 2", ...], ...}: LibreOffice
(soffice, a fresh profile in a temporary folder) converts each file to PDF, and
`pdftotext -layout -f N -l N` gives each page's text (poppler-utils). The page number LibreOffice
prints in the header (from page 2 on) is the first line of a page's text; the caller strips it.

Not a test of its own (the name starts with `_`, so the docx stage does not run it): the
browser test tests/browser/pages.test.mjs compares its pages with the preview's.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile


def need(tool, package):
    path = shutil.which(tool)
    if path is None:
        sys.stderr.write(f"lo_pages: {tool} not found (apt-get install -y {package})\n")
        sys.exit(2)
    return path


def pdf_pages(pdf):
    info = subprocess.run([need("pdfinfo", "poppler-utils"), pdf], capture_output=True, text=True, check=True)
    count = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
    pages = []
    for n in range(1, count + 1):
        r = subprocess.run([need("pdftotext", "poppler-utils"), "-layout", "-f", str(n), "-l", str(n), pdf, "-"],
                           capture_output=True, text=True, check=True)
        pages.append(r.stdout)
    return pages


def main(files):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.stderr.write("lo_pages: LibreOffice (soffice) not found\n")
        sys.exit(2)
    out = {}
    with tempfile.TemporaryDirectory(prefix="lo-pages-") as tmp:
        profile = os.path.join(tmp, "profile")
        outdir = os.path.join(tmp, "pdf")
        r = subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", outdir, *files],
            capture_output=True, timeout=300,
        )
        for f in files:
            pdf = os.path.join(outdir, os.path.splitext(os.path.basename(f))[0] + ".pdf")
            if r.returncode != 0 or not os.path.isfile(pdf):
                sys.stderr.write(f"lo_pages: LibreOffice did not convert {f} (exit {r.returncode}):\n")
                sys.stderr.write(r.stdout.decode("utf-8", "replace") + r.stderr.decode("utf-8", "replace"))
                sys.exit(1)
            out[f] = pdf_pages(pdf)
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.stderr.write(__doc__)
        sys.exit(2)
    main(sys.argv[1:])
