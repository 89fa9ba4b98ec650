import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { MAX_LINE_LENGTH } from '../../shared/ipc/validate';
import { encodeWireMessage } from '../../shared/ipc/wire';
import { silentLogger } from '../engine/logger';
import { MAX_MESSAGE_BYTES, startBrowserModeServer, type BrowserModeServer } from './server';

let rendererDir: string;
let server: BrowserModeServer | null = null;

beforeAll(async () => {
  rendererDir = await mkdtemp(path.join(os.tmpdir(), 'mailtap-renderer-'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Mailtap</title>');
});

afterAll(async () => {
  await rm(rendererDir, { recursive: true, force: true });
});

afterEach(async () => {
  await server?.close();
  server = null;
});

async function connect(maxMessageBytes?: number): Promise<WebSocket> {
  server = await startBrowserModeServer({
    port: 0,
    rendererDir,
    logger: silentLogger,
    ...(maxMessageBytes === undefined ? {} : { maxMessageBytes }),
  });
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {
    origin: `http://127.0.0.1:${server.port}`,
    maxPayload: 0,
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return ws;
}

/** Sends `text` and returns the reply, or the close code when the server closed instead. */
function exchange(ws: WebSocket, text: string): Promise<{ reply: string } | { closed: number }> {
  return new Promise((resolve) => {
    ws.once('message', (data: Buffer) => resolve({ reply: data.toString() }));
    ws.once('close', (code) => resolve({ closed: code }));
    ws.send(text);
  });
}

/** Builds a valid request padded with JSON white space to exactly `size` bytes. */
function requestOfSize(size: number): string {
  // A message without byte arrays is a text frame.
  const request = encodeWireMessage({
    type: 'request',
    id: 1,
    channel: 'app:defaults',
    params: null,
  }) as string;
  return request + ' '.repeat(size - Buffer.byteLength(request));
}

describe('browser mode WebSocket message size', () => {
  it('answers a message of exactly the cap', async () => {
    const ws = await connect(1024);
    const result = await exchange(ws, requestOfSize(1024));
    expect(result).toHaveProperty('reply');
    ws.close();
  });

  it('closes one byte past the cap', async () => {
    const ws = await connect(1024);
    expect(await exchange(ws, requestOfSize(1025))).toEqual({ closed: 1009 });

    const next = new WebSocket(`ws://127.0.0.1:${server!.port}/ws?token=${server!.token}`, {
      origin: `http://127.0.0.1:${server!.port}`,
    });
    await new Promise((resolve) => next.once('open', resolve));
    expect(await exchange(next, requestOfSize(100))).toHaveProperty('reply');
    next.close();
  });

  it('takes the longest valid line even when JSON escapes every character', async () => {
    const ws = await connect();
    const line = '\u0001'.repeat(MAX_LINE_LENGTH);
    const message = encodeWireMessage({
      type: 'request',
      id: 2,
      channel: 'session:send-line',
      params: { sessionId: 'not-mine', text: line },
    });
    expect(Buffer.byteLength(message)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    const result = await exchange(ws, message as string);
    expect(result).toHaveProperty('reply');
    expect((result as { reply: string }).reply).toContain('SESSION_NOT_FOUND');
    ws.close();
  });
});
