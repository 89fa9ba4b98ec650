import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import type { ServerMessage } from '../../shared/ipc/wire';
import { decodeWireMessage, encodeWireMessage } from '../../shared/ipc/wire';
import { silentLogger } from '../engine/logger';
import { MAX_MESSAGE_BYTES, startBrowserModeServer, type BrowserModeServer } from './server';

let server: BrowserModeServer;
let rendererDir: string;

beforeAll(async () => {
  rendererDir = await mkdtemp(path.join(os.tmpdir(), 'mailtap-renderer-'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Mailtap</title>');
  await writeFile(path.join(os.tmpdir(), 'mailtap-outside.txt'), 'outside');
  server = await startBrowserModeServer({ port: 0, rendererDir, logger: silentLogger });
});

afterAll(async () => {
  await server.close();
  await rm(rendererDir, { recursive: true, force: true });
});

function get(
  requestPath: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: requestPath,
        headers: { host: `127.0.0.1:${server.port}`, ...headers },
      },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body, headers: response.headers }),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
}

function connect(
  query: string,
  origin: string | undefined,
): Promise<{ ws: WebSocket | null; status: number | null }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(
      `ws://127.0.0.1:${server.port}/ws${query}`,
      origin === undefined ? {} : { origin },
    );
    ws.once('open', () => resolve({ ws, status: null }));
    ws.once('unexpected-response', (_request, response) =>
      resolve({ ws: null, status: response.statusCode ?? null }),
    );
    ws.once('error', () => resolve({ ws: null, status: null }));
  });
}

function request(
  ws: WebSocket,
  id: number,
  channel: string,
  params: unknown,
): Promise<ServerMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer): void => {
      const message = decodeWireMessage(data.toString()) as ServerMessage;
      if (message.type === 'response' && message.id === id) {
        ws.off('message', onMessage);
        resolve(message);
      }
    };
    ws.on('message', onMessage);
    ws.send(encodeWireMessage({ type: 'request', id, channel: channel as 'app:defaults', params }));
  });
}

/** Returns the error code of a failed response, or null for anything else. */
function errorCodeOf(message: ServerMessage): string | null {
  return message.type === 'response' && !message.envelope.ok ? message.envelope.error.code : null;
}

describe('browser mode HTTP', () => {
  it('serves the page with the token and sets the cookie', async () => {
    const response = await get(`/?token=${server.token}`);
    expect(response.status).toBe(200);
    expect(response.body).toContain('<title>Mailtap</title>');
    expect(response.headers['set-cookie']?.[0]).toContain('HttpOnly');
    expect(response.headers['content-security-policy']).toContain(
      `connect-src ws://127.0.0.1:${server.port}`,
    );
  });

  it('serves files to the token cookie', async () => {
    const response = await get('/index.html', { cookie: `mailtap_token=${server.token}` });
    expect(response.status).toBe(200);
  });

  it.each([
    ['no token', '/', {}],
    ['a wrong token', '/?token=wrong', {}],
    ['a wrong cookie', '/', { cookie: 'mailtap_token=wrong' }],
  ])('rejects a request with %s', async (_name, requestPath, headers) => {
    expect((await get(requestPath, headers)).status).toBe(401);
  });

  it('rejects a foreign Host header', async () => {
    const response = await get(`/?token=${server.token}`, { host: `evil.example:${server.port}` });
    expect(response.status).toBe(403);
  });

  it('does not serve files outside the renderer folder', async () => {
    const response = await get(`/..%2Fmailtap-outside.txt?token=${server.token}`);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('outside');
  });
});

describe('browser mode WebSocket', () => {
  const origin = (): string => `http://127.0.0.1:${server.port}`;

  it('accepts the token with the page origin and answers requests', async () => {
    const { ws } = await connect(`?token=${server.token}`, origin());
    expect(ws).not.toBeNull();
    const response = await request(ws!, 1, 'app:defaults', null);
    expect(response.type).toBe('response');
    expect(response.type === 'response' ? response.envelope.ok : null).toBe(true);
    ws!.close();
  });

  it.each([
    ['without a token', '', 'page'],
    ['with a wrong token', '?token=nope', 'page'],
    ['from a foreign origin', 'token', 'http://evil.example'],
    ['without an origin', 'token', undefined],
  ])('rejects a connection %s', async (_name, query, originKind) => {
    const effectiveQuery = query === 'token' ? `?token=${server.token}` : query;
    const effectiveOrigin = originKind === 'page' ? origin() : originKind;
    const result = await connect(effectiveQuery, effectiveOrigin);
    expect(result.ws).toBeNull();
    expect([401, 403]).toContain(result.status);
  });

  it('rejects invalid requests, keeps the connection', async () => {
    const { ws } = await connect(`?token=${server.token}`, origin());
    const response = await request(ws!, 7, 'session:open', {
      host: '',
      port: 25,
      protocol: 'smtp',
      security: 'plain',
    });
    expect(errorCodeOf(response)).toBe('INVALID_OPTIONS');
    const unknown = await request(ws!, 8, 'session:send-line', {
      sessionId: 'not-mine',
      text: 'NOOP',
    });
    expect(errorCodeOf(unknown)).toBe('SESSION_NOT_FOUND');
    const badChannel = await request(ws!, 9, 'shell:exec', {});
    expect(errorCodeOf(badChannel)).toBe('INVALID_REQUEST');
    expect(ws!.readyState).toBe(WebSocket.OPEN);
    ws!.close();
  });
});

describe('browser mode robustness', () => {
  it('answers a malformed %-escape with 400 and keeps running', async () => {
    const response = await get(`/%zz?token=${server.token}`);
    expect(response.status).toBe(400);
    expect((await get(`/?token=${server.token}`)).status).toBe(200);
  });

  it('closes a connection that sends an oversized frame and keeps running', async () => {
    const { ws } = await connect(`?token=${server.token}`, `http://127.0.0.1:${server.port}`);
    const closed = new Promise<number>((resolve) => ws!.once('close', (code) => resolve(code)));
    ws!.send('x'.repeat(MAX_MESSAGE_BYTES + 1));
    expect(await closed).toBe(1009);
    const second = await connect(`?token=${server.token}`, `http://127.0.0.1:${server.port}`);
    expect(second.ws).not.toBeNull();
    second.ws!.close();
  });

  it('accepts a frame exactly at the cap', async () => {
    const { ws } = await connect(`?token=${server.token}`, `http://127.0.0.1:${server.port}`);
    const padding =
      MAX_MESSAGE_BYTES -
      JSON.stringify({ type: 'request', id: 1, channel: 'app:defaults', params: null, pad: '' })
        .length;
    const message = JSON.stringify({
      type: 'request',
      id: 1,
      channel: 'app:defaults',
      params: null,
      pad: 'x'.repeat(padding),
    });
    expect(message.length).toBe(MAX_MESSAGE_BYTES);
    const reply = new Promise<string>((resolve) =>
      ws!.once('message', (data: Buffer) => resolve(data.toString())),
    );
    ws!.send(message);
    expect(JSON.parse(await reply)).toMatchObject({
      type: 'response',
      id: 1,
      envelope: { ok: true },
    });
    ws!.close();
  });
});
