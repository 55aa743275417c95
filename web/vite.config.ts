/**
 * Builds the portal (`web/`) into `web/dist`: a static single-page app that reads its API URL and sign-in settings
 * from `/config.json` at run time, so one build serves `npm start` and CloudFront alike.
 */
import { defineConfig } from 'vite';

const webRoot = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root: webRoot,
  base: '/',
  // Vite 8 transforms with Oxc (its `esbuild` option is deprecated): Preact's automatic JSX runtime, no preset needed.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: { fs: { allow: ['..'] } },
  logLevel: 'warn',
});
