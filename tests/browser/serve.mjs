#!/usr/bin/env node
// Tiny dependency-free static file server for the browser tests.
//
//   node tests/browser/serve.mjs --dir dist [--port 8081] [--host 127.0.0.1]
//                                [--prefix /sub/path/] [--url-file FILE]
//
// Serves DIR under PREFIX (default "/"): "/sub/path" redirects to "/sub/path/",
// anything outside PREFIX is 404. Directories serve their index.html. A file's pre-compressed
// copy (FILE.br, FILE.gz) is sent instead when the request's Accept-Encoding allows.
// --port 0 picks a free port. When listening it prints "serving DIR at URL"
// and, with --url-file, writes URL to FILE (written atomically) so a script
// can wait for it. Stops on SIGINT/SIGTERM.
import { createServer } from "node:http";
import { createReadStream } from "node:fs";
import { stat, writeFile, rename } from "node:fs/promises";
import path from "node:path";

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".htm": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".pdf": "application/pdf",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

function parseArgs(argv) {
  const opts = { dir: ".", port: 8081, host: "127.0.0.1", prefix: "/", urlFile: null };
  for (let i = 0; i < argv.length; i++) {
    const [key, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (key) {
      case "--dir": opts.dir = value(); break;
      case "--port": opts.port = Number(value()); break;
      case "--host": opts.host = value(); break;
      case "--prefix": opts.prefix = value(); break;
      case "--url-file": opts.urlFile = value(); break;
      default:
        console.error(`serve.mjs: unknown argument ${argv[i]}`);
        process.exit(2);
    }
  }
  // Normalise the prefix to "/a/b/" form.
  opts.prefix = ("/" + opts.prefix + "/").replace(/\/+/g, "/");
  opts.dir = path.resolve(opts.dir);
  return opts;
}

const opts = parseArgs(process.argv.slice(2));

async function fileFor(urlPath) {
  // urlPath is already stripped of the prefix and decoded; refuse escapes.
  const full = path.resolve(opts.dir, "." + path.posix.normalize("/" + urlPath));
  if (full !== opts.dir && !full.startsWith(opts.dir + path.sep)) return null;
  try {
    let st = await stat(full);
    if (st.isDirectory()) {
      const index = path.join(full, "index.html");
      st = await stat(index);
      return { file: index, size: st.size };
    }
    return st.isFile() ? { file: full, size: st.size } : null;
  } catch {
    return null;
  }
}

const server = createServer(async (req, res) => {
  const send = (status, body, headers = {}) => {
    res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", ...headers });
    res.end(req.method === "HEAD" ? undefined : body);
  };
  if (req.method !== "GET" && req.method !== "HEAD") return send(405, "method not allowed\n");

  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, "http://x").pathname);
  } catch {
    return send(400, "bad request\n");
  }
  if (pathname + "/" === opts.prefix) {
    return send(301, "", { Location: opts.prefix });
  }
  if (!pathname.startsWith(opts.prefix)) return send(404, "not found\n");

  const found = await fileFor(pathname.slice(opts.prefix.length));
  if (!found) return send(404, "not found\n");
  const type = MIME[path.extname(found.file).toLowerCase()] || "application/octet-stream";
  // A pre-compressed copy beside the file (FILE.br, FILE.gz), as a static host would send it.
  const accept = String(req.headers["accept-encoding"] || "");
  let body = found;
  let encoding = null;
  for (const [enc, ext] of [["br", ".br"], ["gzip", ".gz"]]) {
    if (!new RegExp(`\\b${enc}\\b`).test(accept)) continue;
    const st = await stat(found.file + ext).catch(() => null);
    if (st?.isFile()) {
      body = { file: found.file + ext, size: st.size };
      encoding = enc;
      break;
    }
  }
  res.writeHead(200, {
    "Content-Type": type,
    "Content-Length": body.size,
    "Cache-Control": "no-store",
    ...(encoding ? { "Content-Encoding": encoding, Vary: "Accept-Encoding" } : {}),
  });
  if (req.method === "HEAD") return res.end();
  createReadStream(body.file)
    .on("error", () => res.destroy())
    .pipe(res);
});

server.listen(opts.port, opts.host, async () => {
  const { port } = server.address();
  const url = `http://${opts.host}:${port}${opts.prefix}`;
  console.log(`serving ${opts.dir} at ${url}`);
  if (opts.urlFile) {
    await writeFile(opts.urlFile + ".tmp", url);
    await rename(opts.urlFile + ".tmp", opts.urlFile);
  }
});

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    server.close();
    server.closeAllConnections?.();
    process.exit(0);
  });
}
