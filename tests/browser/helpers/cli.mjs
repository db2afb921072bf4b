// The native `baocao` command line, and reading .docx files, for comparing what the browser
// gives with what the CLI gives.
//
// The binary is $BAOCAO_BIN, else target/debug/baocao (built with `cargo build --bin baocao`
// when missing). .docx files are read with python3's zipfile (python3 is needed by the
// tests/docx stage anyway).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

let bin = null;

/** Path of the `baocao` binary, building it once if needed. */
export function baocaoBin() {
  if (bin) return bin;
  const candidate = process.env.BAOCAO_BIN || path.join(ROOT, "target/debug/baocao");
  if (!existsSync(candidate)) {
    if (process.env.BAOCAO_BIN) throw new Error(`BAOCAO_BIN=${candidate} does not exist`);
    execFileSync("cargo", ["build", "--quiet", "--bin", "baocao"], { cwd: ROOT, stdio: "inherit" });
  }
  bin = candidate;
  return bin;
}

/** Run `baocao ARGS…`; returns stdout as a string (throws with stderr on a non-zero exit). */
export function baocao(args, input) {
  try {
    return execFileSync(baocaoBin(), args, { input, encoding: "utf8", maxBuffer: 64 << 20 });
  } catch (e) {
    throw new Error(`baocao ${args.join(" ")} failed (exit ${e.status}): ${e.stderr || e.message}`);
  }
}

/** `baocao sample` as an object. */
export const sampleDraft = () => JSON.parse(baocao(["sample"]));

/** `baocao schema` as an object. */
export const draftSchema = () => JSON.parse(baocao(["schema"]));

/** Write `draft` to `draftPath` and render it with `baocao render draftPath -o outPath`. */
export async function renderWithCli(draft, draftPath, outPath) {
  await writeFile(draftPath, JSON.stringify(draft, null, 2));
  baocao(["render", draftPath, "-o", outPath]);
}

/**
 * Write `draft` to `draftPath` and return `baocao check draftPath --json`: the findings,
 * [{ rule, severity, fields, message, values }] (exit 1, "an error was found", included).
 */
export async function checkWithCli(draft, draftPath) {
  await writeFile(draftPath, JSON.stringify(draft, null, 2));
  try {
    return JSON.parse(execFileSync(baocaoBin(), ["check", draftPath, "--json"], { encoding: "utf8", maxBuffer: 64 << 20 }));
  } catch (e) {
    if (e.status === 1 && e.stdout) return JSON.parse(e.stdout);
    throw new Error(`baocao check ${draftPath} --json failed (exit ${e.status}): ${e.stderr || e.message}`);
  }
}

const READ_DOCX = String.raw`
import hashlib, json, re, sys, zipfile
out = {}
for f in sys.argv[1:]:
    with zipfile.ZipFile(f) as z:
        entries = {n: hashlib.sha256(z.read(n)).hexdigest() for n in z.namelist()}
        xml = z.read("word/document.xml").decode("utf-8")
    paras = []
    for p in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S):
        paras.append("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)))
    out[f] = {"entries": entries, "documentXml": xml, "paragraphs": paras}
json.dump(out, sys.stdout, ensure_ascii=False)
`;

/**
 * Read .docx files: for each, { entries: {name: sha256}, documentXml, paragraphs: [text of
 * each w:p of word/document.xml] }.
 */
export function readDocx(...files) {
  const out = execFileSync("python3", ["-c", READ_DOCX, ...files], { encoding: "utf8", maxBuffer: 64 << 20 });
  return JSON.parse(out);
}
