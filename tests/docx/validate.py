#!/usr/bin/env python3
"""Validate every .docx the writer produces against the OOXML schemas, part by part.

Packages checked:
  - the sample, built through the CLI (`baocao sample | baocao render - -o …`), and so the
    tiếp công dân sample (xã, `baocao sample --kind tiep-cong-dan`) and the tỉnh fixture
    (tests/fixtures/tiep-cong-dan-tinh.baocao.json), with their appendices on landscape
    sections; every CLI render carries its draft (customXml/item1.xml, itemProps1.xml);
  - a draft with nothing typed (`{"format": "baocao-draft", "version": 1, "kind": …}`),
    built through the CLI;
  - the files `cargo test` leaves in target/test-output/: sample, variant, hostile text, the
    empty document, the kind's blank draft, the two tiếp công dân drafts (tests/docx.rs), and
    the arbitrary drafts of tests/props.rs (target/test-output/arbitrary/).

Each package must pass, with 0 errors:
  1. an XSD validation (lxml) of every part against tests/docx/xsd/all.xsd — a
     hand-transcribed strict subset of the ECMA-376 Transitional schemas (see
     tests/docx/xsd/README.md), with run properties in Office's order; each part's root
     element must be the one its content type calls for;
  2. `openxml_audit` (PyPI openxml-audit), the Open XML SDK's schema and semantic rules;
  3. OPC Part 2 §11.2: dcterms:created/modified carry xsi:type="dcterms:W3CDTF".

Env: BAOCAO_BIN, the `baocao` binary (default: `cargo run --quiet --locked --bin baocao --`).
Exit status 1 on any failure; the last line is `docx validate: N passed, M failed`.
"""

import glob
import json
import os
import shlex
import subprocess
import sys
import tempfile
import zipfile

from lxml import etree
from openxml_audit import OpenXmlValidator

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
XSD = os.path.join(ROOT, "tests", "docx", "xsd", "all.xsd")
OUT = os.path.join(ROOT, "target", "test-output")
# Written by `cargo test` (tests/docx.rs and tests/props.rs).
FROM_CARGO_TEST = ["sample.docx", "variant.docx", "hostile.docx", "empty.docx", "blank.docx",
                   "tcd-xa.docx", "tcd-tinh.docx"]
TINH = os.path.join(ROOT, "tests", "fixtures", "tiep-cong-dan-tinh.baocao.json")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ROOTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": f"{{{W}}}document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml": f"{{{W}}}styles",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml": f"{{{W}}}settings",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml": f"{{{W}}}fonts",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml": f"{{{W}}}hdr",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml": f"{{{W}}}ftr",
    "application/vnd.openxmlformats-officedocument.theme+xml":
        "{http://schemas.openxmlformats.org/drawingml/2006/main}theme",
    "application/vnd.openxmlformats-package.core-properties+xml":
        "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}coreProperties",
    "application/vnd.openxmlformats-officedocument.extended-properties+xml":
        "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Properties",
    "application/vnd.openxmlformats-package.relationships+xml":
        "{http://schemas.openxmlformats.org/package/2006/relationships}Relationships",
    # The draft kept in the .docx (customXml/item1.xml, baocao's own element) and its
    # properties (customXml/itemProps1.xml, ECMA-376 Part 1 §22.5).
    "application/xml": "{urn:baocao:draft:1}draft",
    "application/vnd.openxmlformats-officedocument.customXmlProperties+xml":
        "{http://schemas.openxmlformats.org/officeDocument/2006/customXml}datastoreItem",
}
CT_ROOT = "{http://schemas.openxmlformats.org/package/2006/content-types}Types"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
DCTERMS = "http://purl.org/dc/terms/"

passed = failed = 0


def baocao():
    b = os.environ.get("BAOCAO_BIN")
    return [b] if b else ["cargo", "run", "--quiet", "--locked", "--bin", "baocao", "--"]


def run(cmd, stdin=None):
    r = subprocess.run(cmd, cwd=ROOT, input=stdin, capture_output=True)
    if r.returncode != 0:
        sys.stderr.write(f"docx validate: `{shlex.join(cmd)}` failed (exit {r.returncode}):\n")
        sys.stderr.write(r.stderr.decode("utf-8", "replace"))
        sys.exit(1)
    return r.stdout


def content_types(z):
    """Part name (without the leading /) → content type, from [Content_Types].xml."""
    types = etree.fromstring(z.read("[Content_Types].xml"))
    defaults = {d.get("Extension").lower(): d.get("ContentType") for d in types if d.tag.endswith("}Default")}
    overrides = {o.get("PartName").lstrip("/"): o.get("ContentType") for o in types if o.tag.endswith("}Override")}
    out = {}
    for name in z.namelist():
        if name == "[Content_Types].xml" or name.endswith("/"):
            continue
        out[name] = overrides.get(name) or defaults.get(name.rsplit(".", 1)[-1].lower())
    return out


def xsd_problems(path, schema):
    problems = []
    with zipfile.ZipFile(path) as z:
        types = content_types(z)
        for name in ["[Content_Types].xml", *types]:
            try:
                root = etree.fromstring(z.read(name))
            except etree.XMLSyntaxError as e:
                problems.append(f"{name}: not well formed: {e}")
                continue
            want = CT_ROOT if name == "[Content_Types].xml" else ROOTS.get(types[name])
            if want is None:
                problems.append(f"{name}: content type {types[name]!r} has no schema here")
            elif root.tag != want:
                problems.append(f"{name}: root {root.tag}, its content type wants {want}")
            if not schema.validate(root):
                problems += [f"{name}:{e.line}: {e.message}" for e in schema.error_log]
            if root.tag == ROOTS["application/vnd.openxmlformats-package.core-properties+xml"]:
                for el in ("created", "modified"):
                    for d in root.iter(f"{{{DCTERMS}}}{el}"):
                        if d.get(XSI_TYPE) != "dcterms:W3CDTF":
                            problems.append(f"{name}: dcterms:{el} without xsi:type=dcterms:W3CDTF")
    return problems


def audit_problems(path, validator):
    result = validator.validate(path)
    return [str(e).replace("\n", " ") for e in result.errors]


def check(path, schema, validator):
    global passed, failed
    name = os.path.relpath(path, ROOT) if path.startswith(ROOT) else os.path.basename(path)
    xsd = xsd_problems(path, schema)
    audit = audit_problems(path, validator)
    if xsd or audit:
        failed += 1
        print(f"  FAIL  {name}: {len(xsd)} XSD errors, {len(audit)} openxml-audit errors")
        for p in (xsd[:5] + audit[:5]):
            print(f"          {p}")
    else:
        passed += 1
        print(f"  ok    {name} ({os.path.getsize(path)} bytes): XSD 0 errors, openxml-audit 0 errors")


def main():
    schema = etree.XMLSchema(etree.parse(XSD))
    validator = OpenXmlValidator(max_errors=0)
    files = []
    with tempfile.TemporaryDirectory(prefix="baocao-validate-") as tmp:
        sample = os.path.join(tmp, "cli-sample.docx")
        run(baocao() + ["render", "-", "-o", sample], stdin=run(baocao() + ["sample"]))
        files.append(sample)
        xa = os.path.join(tmp, "cli-tiep-cong-dan-xa.docx")
        run(baocao() + ["render", "-", "-o", xa], stdin=run(baocao() + ["sample", "--kind", "tiep-cong-dan"]))
        files.append(xa)
        tinh = os.path.join(tmp, "cli-tiep-cong-dan-tinh.docx")
        run(baocao() + ["render", TINH, "-o", tinh])
        files.append(tinh)
        nothing = os.path.join(tmp, "cli-nothing-typed.docx")
        draft = json.dumps({"format": "baocao-draft", "version": 1, "kind": "dan-van-chinh-quyen"}).encode()
        run(baocao() + ["render", "-", "-o", nothing], stdin=draft)
        files.append(nothing)

        missing = [f for f in FROM_CARGO_TEST if not os.path.isfile(os.path.join(OUT, f))]
        arbitrary = sorted(glob.glob(os.path.join(OUT, "arbitrary", "*.docx")))
        if missing or not arbitrary:
            sys.stderr.write(f"docx validate: missing {missing or 'arbitrary/*.docx'} in target/test-output; "
                             "run `cargo test` first\n")
            sys.exit(1)
        files += [os.path.join(OUT, f) for f in FROM_CARGO_TEST] + arbitrary

        for f in files:
            check(f, schema, validator)
    print(f"docx validate: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
