import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: { index: "src/index.ts", node: "src/node/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "node20",
    platform: "neutral",
    splitting: true,
    shims: true,
    external: ["node:fs", "node:path", "node:url", "node:process"],
  },
  {
    // the batch worker is its own file: piscina starts it in each worker thread
    entry: { cli: "src/cli/main.ts", "batch-worker": "src/node/batch-worker.ts" },
    format: ["esm"],
    dts: false,
    sourcemap: true,
    target: "node20",
    platform: "node",
    banner: { js: "#!/usr/bin/env node" },
  },
]);
