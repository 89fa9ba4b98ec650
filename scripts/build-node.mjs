// Bundles the parts that run under Node or Electron's main process: the Electron main process and
// preload (CommonJS, because Electron's sandboxed preload cannot load ES modules), and the
// browser-mode server (an ES module for plain Node).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/main.ts'],
    outfile: 'dist/electron/main.cjs',
    format: 'cjs',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: ['electron/browser-mode/cli.ts'],
    outfile: 'dist/serve/cli.mjs',
    format: 'esm',
    // ws loads optional native helpers with require(), which an ES bundle cannot do; keep it external.
    external: ['ws'],
  }),
]);
