"""The kind files against their JSON Schema (docs/kind.schema.json): the bundled kinds and the
minimal test kind are valid; broken files of the corpus that break the format (not only the
cross-references the core checks) are refused by the schema too, so an editor that knows the
schema flags them while the author types."""
import json
import os
import sys

import jsonschema

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
schema = json.load(open(os.path.join(ROOT, "docs", "kind.schema.json"), encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

failed = []
for rel in ["src/kinds/dan-van-chinh-quyen.json", "src/kinds/tiep-cong-dan.json", "tests/kinds/minimal.json"]:
    errors = list(validator.iter_errors(json.load(open(os.path.join(ROOT, rel), encoding="utf-8"))))
    print(f"{rel}: {len(errors)} schema errors")
    for e in errors[:5]:
        print(f"  {e.json_path}: {e.message[:200]}")
    if errors:
        failed.append(rel)

# Broken in form: the schema must refuse them.
for name in ["04-newer-version", "05-unknown-field-type", "13-rule-two-tests", "15-unknown-period",
             "16-steps-not-a-list", "20-unknown-key", "21-bad-severity", "22-block-unknown-type"]:
    doc = json.load(open(os.path.join(ROOT, "tests", "kinds", "broken", name + ".json"), encoding="utf-8"))
    n = len(list(validator.iter_errors(doc)))
    print(f"broken/{name}: {n} schema errors")
    if n == 0:
        failed.append(name)

if failed:
    sys.exit(f"kind schema: failed for {failed}")
print("kind schema: ok")
