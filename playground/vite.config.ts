// The playground: one self-contained HTML file (scripts and styles inlined), so it opens from
// disk as well as from any static host. `npm run docs:playground` writes docs/playground/.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { viteSingleFile } from "vite-plugin-singlefile";

const here = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: here,
  base: "./",
  logLevel: "warn",
  plugins: [viteSingleFile({ removeViteModuleLoader: true })],
  build: {
    outDir: fileURLToPath(new URL("../docs/playground", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: false,
  },
  // the page reads ../rules and ../fixtures at build time; the dev server may serve them
  server: { fs: { allow: [fileURLToPath(new URL("..", import.meta.url))] } },
});
