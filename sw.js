// baocao service worker: the built app, cached under the build's version, works offline.
//
// This file is a template: scripts/post-build.mjs (a Trunk post-build hook) writes dist/sw.js
// from it with BUILD filled in — the build's files and a version that hashes their contents.
//
// - install: cache every file of this build in "baocao-<version>" (bypassing the HTTP cache
//   for files whose name carries no content hash). The new worker then WAITS: a page open on
//   the previous version keeps it (its worker stays available) until the
//   author chooses "Tải lại" in the page, which posts {type: "skip-waiting"}.
// - activate: delete every other "baocao-" cache, take control of open pages.
// - fetch: this origin's GET requests are answered from this build's cache, falling back to
//   the network; navigations to the app get the cached index.html. Nothing else is touched.
//
// Every URL is relative to this file, so the app works under any sub-path.
const BUILD = { version: "dev", assets: [] };

const PREFIX = "baocao-";
const CACHE = PREFIX + BUILD.version;
const here = (rel) => new URL(rel, self.location.href).href;
const INDEX = here("index.html");
const SCOPE = here("./");

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll(BUILD.assets.map((a) => new Request(here(a.url), { cache: a.fresh ? "reload" : "default" })))
    )
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "skip-waiting") self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })()
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const page = request.mode === "navigate" && (url.href.split(/[?#]/)[0] === SCOPE || url.href.split(/[?#]/)[0] === INDEX);
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const hit = await cache.match(page ? INDEX : request, { ignoreSearch: page });
      return hit || fetch(request);
    })()
  );
});
