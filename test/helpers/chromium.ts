// Headless Chromium for the browser tests: Debian's `chromium` package (/usr/bin/chromium),
// driven by playwright-core, which downloads no browser of its own. CI installs the package
// (.ci/run); on a developer's machine a missing browser fails the test with the fix, never skips it.
import { existsSync } from "node:fs";
import { builtinModules } from "node:module";
import { chromium, type Browser } from "playwright-core";
import type { Plugin } from "vite";

/** Where the browser is: CREDSTACK_CHROMIUM if set (e.g. Google Chrome on macOS), else Debian's. */
export const CHROMIUM_PATH = process.env["CREDSTACK_CHROMIUM"] ?? "/usr/bin/chromium";

/** Starts headless Chromium, or throws an error that says how to install it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}, and the browser tests need it. ` +
        "Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu; .ci/run does this in CI), " +
        "or point CREDSTACK_CHROMIUM at a Chrome or Chromium binary.",
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true });
}

/** A vite plugin that fails the build when anything imports a Node built-in module. */
export function noNodeBuiltins(): Plugin {
  const builtins = new Set(builtinModules);
  return {
    name: "credstack:no-node-builtins",
    enforce: "pre",
    resolveId(id, importer) {
      if (id.startsWith("node:") || builtins.has(id) || builtins.has(id.split("/")[0]!)) {
        this.error(`'${importer ?? "?"}' imports the Node built-in '${id}', which a browser does not have`);
      }
      return null;
    },
  };
}
