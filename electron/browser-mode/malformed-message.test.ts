import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';

import { createJsonLogger } from '../engine/logger';
import { startBrowserModeServer, type BrowserModeServer } from './server';

/** Polling for a condition on a machine that runs other test suites at the same time. */
const WAIT = { timeout: 15_000, interval: 10 };

const logLines: Record<string, unknown>[] = [];
let server: BrowserModeServer;
let rendererDir: string;

beforeAll(async () => {
  rendererDir = await mkdtemp(path.join(os.tmpdir(), 'mailtap-renderer-'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Mailtap</title>');
  const logger = createJsonLogger(
    (line) => logLines.push(JSON.parse(line) as Record<string, unknown>),
    'warn',
    {},
  );
  server = await startBrowserModeServer({ port: 0, rendererDir, logger, token: 'test-token' });
});

afterAll(async () => {
  await server.close();
  await rm(rendererDir, { recursive: true, force: true });
});

/** Sends one frame and returns the close code and the log line about it. */
async function sendMalformed(frame: string): Promise<{ code: number; reason: unknown }> {
  const before = logLines.length;
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=test-token`, {
    origin: `http://127.0.0.1:${server.port}`,
  });
  await new Promise((resolve) => ws.once('open', resolve));
  const closed = new Promise<number>((resolve) => ws.once('close', resolve));
  ws.send(frame);
  const code = await closed;
  await vi.waitFor(() => expect(logLines.length).toBeGreaterThan(before), WAIT);
  const line = logLines
    .slice(before)
    .find((entry) => entry['message'] === 'malformed websocket message');
  return { code, reason: line?.['reason'] };
}

describe('malformed websocket messages', () => {
  it.each([
    ['text that is not JSON', 'AUTH PLAIN c2VjcmV0', /not valid JSON/],
    ['a JSON array', '[1, 2]', /not a JSON object/],
    ['a response instead of a request', '{"type":"response","id":1}', /"type" is "response"/],
    ['a request without an id', '{"type":"request","channel":"app:defaults"}', /"id" is missing/],
  ])('logs what is wrong with %s', async (_name, frame, reason) => {
    const result = await sendMalformed(frame);

    expect(result.code).toBe(1003);
    expect(result.reason).toMatch(reason);
  });

  it('leaves the frame text out of the log', async () => {
    const result = await sendMalformed('AUTH PLAIN c2VjcmV0');

    expect(JSON.stringify(logLines)).not.toContain('AUTH PLAI');
    expect(result.reason).not.toContain('AUTH');
  });
});
