// Helpers for browser tests that need a static server of their own (a copy of dist/ they can
// change, a sub-path, or a server they can stop to cut the network).
import { spawn } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, "../..");
export const DIST = path.join(ROOT, "dist");

/**
 * "Deploy a new build" into a copy of dist/: another version of sw.js (so a browser that
 * visited before installs it beside the old one), without its pre-compressed copies.
 * Returns the new version.
 */
export async function deployNewVersion(dir) {
  const swPath = path.join(dir, "sw.js");
  const sw = await readFile(swPath, "utf8");
  const m = sw.match(/"version": "([^"]+)"/);
  if (!m) throw new Error("sw.js carries no build version");
  const next = `${m[1]}-next`;
  await writeFile(swPath, sw.replace(m[0], `"version": "${next}"`));
  await rm(swPath + ".br", { force: true });
  await rm(swPath + ".gz", { force: true });
  return next;
}

/** A fresh copy of dist/ in a temp dir; returns { dir, remove() }. */
export async function copyDist() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "baocao-dist-"));
  await cp(DIST, dir, { recursive: true });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Serve `dir` with tests/browser/serve.mjs under `prefix` on a free port.
 * Returns { url, stop() }; `url` ends with the prefix.
 */
export async function serve(dir, prefix = "/bao-cao/") {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "baocao-serve-"));
  const urlFile = path.join(tmp, "url");
  const child = spawn(
    process.execPath,
    [path.join(HERE, "serve.mjs"), "--dir", dir, "--port", "0", "--prefix", prefix, "--url-file", urlFile],
    { stdio: ["ignore", "ignore", "inherit"] }
  );
  let exited = false;
  child.on("exit", () => (exited = true));
  let url = null;
  for (let i = 0; i < 100 && !url; i++) {
    if (exited) throw new Error("serve.mjs exited");
    url = await readFile(urlFile, "utf8").catch(() => null);
    if (!url) await new Promise((r) => setTimeout(r, 100));
  }
  if (!url) throw new Error("serve.mjs did not start");
  const stop = async () => {
    if (!exited) {
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await gone;
    }
    await rm(tmp, { recursive: true, force: true });
  };
  return { url, stop };
}
