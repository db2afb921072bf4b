// Where the app under test is served, for every browser driver.
//
// scripts/test serves dist/ and sets BAOCAO_URL (see tests/browser/lib.mjs for running a
// test by hand).

/** Base URL of the served app, always ending in "/". */
export const BAOCAO_URL = (process.env.BAOCAO_URL || "http://127.0.0.1:8080/").replace(/\/?$/, "/");

/** Absolute URL of a path relative to the app root, e.g. url("index.html"). */
export function url(rel = "") {
  return new URL(rel, BAOCAO_URL).href;
}
