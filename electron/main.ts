import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { app, BrowserWindow, dialog, protocol, session, shell, type WebContents } from 'electron';

import type { SaveOutcome } from '../shared/ipc/contract';
import type { ExportedFile } from '../shared/transcript';
import { ConnectionStore, CONNECTIONS_FILE_NAME } from './engine/connections/connection-store';

import { tlsEnvironmentWarnings } from './engine/environment-warnings';
import { createJsonLogger, type LogLevel } from './engine/logger';
import { SessionHub } from './engine/session-hub';
import { setupIpc } from './ipc-adapter';
import { createSafeStorageVault } from './safe-storage-vault';
import { APP_HOST, APP_ORIGIN, APP_SCHEME } from './sender-policy';
import {
  denyDevicePermission,
  hardenWebContents,
  isPermissionAllowed,
  type ExternalLinks,
} from './web-contents-policy';
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

/** Asks with a dialog over the window that asked to open a link, then opens it in the browser. */
function externalLinksFor(contents: WebContents): ExternalLinks {
  return {
    confirm: async (message) => {
      const owner = BrowserWindow.fromWebContents(contents);
      const options = {
        type: 'question' as const,
        message,
        buttons: ['Cancel', 'Open in browser'],
        defaultId: 0,
        cancelId: 0,
      };
      const result = await (owner === null
        ? dialog.showMessageBox(options)
        : dialog.showMessageBox(owner, options));
      return result.response === 1;
    },
    openExternal: (href) => shell.openExternal(href),
  };
}

app.on('web-contents-created', (_event, contents) => {
  // The renderer never leaves its own page, opens no windows and embeds no webviews.
  hardenWebContents(contents, externalLinksFor(contents), logger);
});

app.on('window-all-closed', () => app.quit());

void app.whenReady().then(() => {
  protocol.handle(APP_SCHEME, serveRendererFile);
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) =>
    callback(isPermissionAllowed(permission, new URL(contents.getURL()).origin)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission, origin) =>
    isPermissionAllowed(permission, origin),
  );
  session.defaultSession.setDevicePermissionHandler(denyDevicePermission);

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
  for (const warning of tlsEnvironmentWarnings(process.env)) {
    logger.warn(warning);
  }
});
