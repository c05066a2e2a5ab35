/// <reference types="vitest/config" />
import { defineConfig } from "vite";

// Builds Keycloak's account console (from @keycloak/keycloak-account-ui) plus our page.
// Like Keycloak's own keycloak.v3 build:
//  - `base: ""`: asset URLs are relative to the module that loads them, which Keycloak serves
//    from the theme's resource URL (`${resourceUrl}` in index.ftl);
//  - `manifest: true`: Keycloak reads `.vite/manifest.json` from the theme resources and hands
//    the entry chunk to index.ftl as `entryScript`, `entryStyles` and `entryImports`;
//  - React is not bundled: index.ftl maps `react`, `react/jsx-runtime` and `react-dom` to the
//    copies Keycloak ships in its common theme (`${resourceCommonUrl}/vendor/...`).
export default defineConfig({
  base: "",
  esbuild: { jsx: "automatic" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    modulePreload: false,
    manifest: true,
    sourcemap: false,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: "src/main.tsx",
      external: ["react", "react/jsx-runtime", "react-dom", "react-dom/client"],
      output: {
        // Keycloak's vendored react-dom module exports createRoot itself.
        paths: { "react-dom/client": "react-dom" },
        // One entry chunk without shared chunks: Keycloak turns the manifest's `imports` into
        // <link rel="modulepreload" href="${resourceUrl}/<manifest key>">, and manifest keys of
        // shared chunks ("_index-….js") are not file paths, so they would 404.
        inlineDynamicImports: true,
      },
    },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.{ts,tsx}"],
    // Component tests render PatternFly modals in jsdom; on a busy CI machine one can take seconds.
    testTimeout: 30000,
  },
});
