// Builds the playground page (web/) into dist/web, which src/server/playground.ts serves. Plain TypeScript, no
// framework; everything is bundled (no CDN) so the page works offline.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // The CSP allows only same-origin scripts and styles: no inline polyfill, no inlined assets.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    host: '127.0.0.1',
    // `npx vite` for page work: API calls go to a running `npm start`.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
