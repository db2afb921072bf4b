// The Firefox launcher in the shape of lib.mjs's `launch()`: { page, errors, close }, for the
// tests that drive the app only through `goto` and `evaluate` (pages.test.mjs). No `pdf`:
// BiDi prints without the page's CSS page size.
import { launchFirefox } from "./firefox.mjs";

export async function launch(options = {}) {
  const { page, errors, offMachine, close } = await launchFirefox(options);
  const shown = {
    goto: (url) => page.goto(url),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
  };
  return {
    page: shown,
    errors,
    close: async () => {
      await close();
      if (offMachine.length) throw new Error(`Firefox asked for other hosts: ${offMachine.join(", ")}`);
    },
  };
}
