import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { app, BrowserWindow, dialog, protocol, session } from 'electron';

import type { SaveOutcome } from '../shared/ipc/contract';
import type { ExportedFile } from '../shared/transcript';
import { ConnectionStore, CONNECTIONS_FILE_NAME } from './engine/connections/connection-store';

import { createJsonLogger, type LogLevel } from './engine/logger';
import { SessionHub } from './engine/session-hub';
import { setupIpc } from './ipc-adapter';
import { createSafeStorageVault } from './safe-storage-vault';
import { APP_HOST, APP_ORIGIN, APP_SCHEME } from './sender-policy';
import { mainWindowOptions, RENDERER_CSP } from './window-options';

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
const levelSetting = process.env['MAILTAP_LOG_LEVEL'] ?? 'info';
const logger = createJsonLogger(
  (line) => process.stderr.write(line),
  (LOG_LEVELS as readonly string[]).includes(levelSetting) ? (levelSetting as LogLevel) : 'info',
  { component: 'main' },
);

// The bundle sits in dist/electron; the built renderer in dist/renderer.
const RENDERER_DIR = path.resolve(__dirname, '../renderer');
const PRELOAD_PATH = path.join(__dirname, 'preload.cjs');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

// A standard, secure custom scheme gives the renderer a real origin instead of file://, which
// the sender check and the CSP rely on.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true } },
]);
app.enableSandbox();

async function serveRendererFile(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
  const file = path.resolve(RENDERER_DIR, relative);
  if (url.host !== APP_HOST || !file.startsWith(RENDERER_DIR + path.sep)) {
    return new Response('Not found', { status: 404 });
  }
  try {
    const body = await readFile(file);
    return new Response(body, {
      headers: {
        'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': RENDERER_CSP,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch {
    logger.warn('renderer file not found', { path: relative });
    return new Response('Not found', { status: 404 });
  }
}

/** Asks where to save an export and writes it there; the renderer never touches the disk. */
async function saveWithDialog(file: ExportedFile): Promise<SaveOutcome> {
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const options = { defaultPath: path.join(app.getPath('documents'), file.fileName) };
  const choice =
    window === undefined
      ? await dialog.showSaveDialog(options)
      : await dialog.showSaveDialog(window, options);
  if (choice.canceled || choice.filePath === undefined) {
    return { saved: false };
  }
  try {
    await writeFile(choice.filePath, file.content, { encoding: 'utf8', mode: 0o600 });
  } catch (error) {
    logger.warn('saving a file failed', { error: String(error) });
    throw error;
  }
  return { saved: true, location: choice.filePath };
}

function createWindow(): void {
  const window = new BrowserWindow(mainWindowOptions(PRELOAD_PATH));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
}

app.on('web-contents-created', (_event, contents) => {
  // The renderer never leaves its own page, opens no windows and embeds no webviews.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

app.on('window-all-closed', () => app.quit());

void app.whenReady().then(() => {
  protocol.handle(APP_SCHEME, serveRendererFile);
  // Writing plain text to the clipboard is the one permission the console uses: "Copy" for a
  // selection, a command line or a transcript. Reading the clipboard stays denied.
  const allowed = (permission: string, origin: string): boolean =>
    permission === 'clipboard-sanitized-write' && origin === APP_ORIGIN;
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) =>
    callback(allowed(permission, new URL(contents.getURL()).origin)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission, origin) =>
    allowed(permission, origin),
  );

  const hub = new SessionHub(logger);
  const connections = new ConnectionStore(
    path.join(app.getPath('userData'), CONNECTIONS_FILE_NAME),
    createSafeStorageVault(),
    logger,
  );
  const stopIpc = setupIpc(hub, logger, { connections, saveFile: saveWithDialog });
  app.once('before-quit', () => {
    stopIpc();
    hub.dispose();
  });
  createWindow();
  logger.info('mailtap started', { version: app.getVersion() });
});
