// The preview's pages against LibreOffice's, in Firefox ESR: pages.test.mjs run with the
// Firefox launcher (helpers/firefox.mjs). Printing is checked in Chromium only: over WebDriver
// BiDi a PDF cannot follow the page's CSS page size (README, "Firefox").
process.env.BAOCAO_LAUNCHER = new URL("./helpers/firefox-launch.mjs", import.meta.url).href;
await import("./pages.test.mjs");
