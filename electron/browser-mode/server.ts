import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

import path from 'node:path';

import { WebSocketServer, type WebSocket } from 'ws';

import { ConnectionStore, CONNECTIONS_FILE_NAME } from '../engine/connections/connection-store';
import { createDispatcher } from '../engine/dispatch';
import type { Logger } from '../engine/logger';
import { SessionHub } from '../engine/session-hub';
import { isRequestAllowed, tokenFromRequest, TOKEN_COOKIE } from './request-guard';
import { serveStatic } from './static-files';
import { attachClient } from './websocket-client-link';

/** The only address browser mode listens on: loopback, so no other machine can reach it. */
export const LISTEN_ADDRESS = '127.0.0.1';
/** 32 random bytes: far beyond guessing range. */
const TOKEN_BYTES = 32;
/**
 * Largest WebSocket message accepted from the page. JSON may spell each character of a line as
 * a six-byte `\uXXXX` escape, so a line at the request limit (1 Mi characters) needs up to 6 MiB.
 */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

export interface BrowserModeOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Folder with the built renderer (index.html and assets). */
  readonly rendererDir: string;
  readonly logger: Logger;
  /** Fixed token for tests; a random one is made when absent. */
  readonly token?: string;
  /** Largest WebSocket message from the page, in bytes; MAX_MESSAGE_BYTES when absent. */
  readonly maxMessageBytes?: number;
  /** Folder of the saved connections; without one, saved connections are unavailable. */
  readonly dataDir?: string;
}

export interface BrowserModeServer {
  readonly port: number;
  readonly token: string;
  /** The address to open, token included. */
  readonly url: string;
  readonly hub: SessionHub;
  close(): Promise<void>;
}

/**
 * Starts browser mode: an HTTP server on 127.0.0.1 that serves the built renderer and carries the
 * IPC contract over a WebSocket at /ws. Every request needs the per-run token (query or cookie),
 * the exact Host, and for the WebSocket the page's own Origin, so other sites and other users'
 * processes cannot drive the engine.
 */
export async function startBrowserModeServer(
  options: BrowserModeOptions,
): Promise<BrowserModeServer> {
  const token = options.token ?? randomBytes(TOKEN_BYTES).toString('base64url');
  const hub = new SessionHub(options.logger);
  // Browser mode has no password vault, so it never stores a password.
  const connections =
    options.dataDir === undefined
      ? undefined
      : new ConnectionStore(
          path.join(options.dataDir, CONNECTIONS_FILE_NAME),
          null,
          options.logger,
        );
  const dispatch = createDispatcher(
    hub,
    options.logger,
    connections === undefined ? {} : { connections },
  );
  const sockets = new Set<WebSocket>();
  let port = 0;

  const server = http.createServer((request, response) => {
    const verdict = isRequestAllowed(request, { port, token, websocket: false });
    if (!verdict.ok) {
      options.logger.warn('http request rejected', {
        reason: verdict.reason,
        path: request.url?.split('?')[0],
      });
      response.writeHead(verdict.status, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`${verdict.reason}\n`);
      return;
    }
    if (tokenFromRequest(request).fromQuery) {
      // Later requests (scripts, styles) carry the token in this cookie instead of the URL.
      response.setHeader(
        'Set-Cookie',
        `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
      );
    }
    void serveStatic(request, response, options.rendererDir, port);
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxMessageBytes ?? MAX_MESSAGE_BYTES,
  });
  server.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const verdict = isRequestAllowed(request, { port, token, websocket: true });
    if (!verdict.ok) {
      options.logger.warn('websocket rejected', { reason: verdict.reason });
      socket.end(
        `HTTP/1.1 ${verdict.status} ${http.STATUS_CODES[verdict.status]}\r\nConnection: close\r\n\r\n`,
      );
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      // Without a listener, an oversized or malformed frame would throw and end the process.
      ws.on('error', (error: Error & { code?: string }) => {
        options.logger.warn('websocket error', {
          code: error.code ?? 'unknown',
          error: error.message,
        });
      });
      const detach = attachClient(ws, hub, dispatch, options.logger);
      ws.once('close', () => {
        sockets.delete(ws);
        detach();
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, LISTEN_ADDRESS, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  options.logger.info('browser mode listening', { port });

  let closing: Promise<void> | null = null;
  return {
    port,
    token,
    url: `http://${LISTEN_ADDRESS}:${port}/?token=${token}`,
    hub,
    close: () => {
      closing ??= (async () => {
        for (const ws of sockets) {
          ws.terminate();
        }
        hub.dispose();
        wss.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}
