import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is built to static files: Electron loads them from disk and browser mode serves
// them, so asset URLs are relative.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    // The bundle is read from local disk (Electron) or loopback (browser mode), never over a
    // network, so one large chunk costs nothing; xterm.js and React alone are most of it.
    chunkSizeWarningLimit: 2048,
  },
});
