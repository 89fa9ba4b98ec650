import type { BrowserWindowConstructorOptions } from 'electron';

/** Content-Security-Policy for the desktop renderer: only its own files, no network at all. */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // xterm.js sets element styles and adds style elements at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Options of the main window. The renderer is isolated and sandboxed and has no Node: it reaches
 * the engine only through the preload's named operations.
 */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: 'Mailtap',
    backgroundColor: '#101418',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: true,
    },
  };
}
