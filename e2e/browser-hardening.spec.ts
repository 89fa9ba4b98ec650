import http from 'node:http';
import net from 'node:net';

import type { Page } from '@playwright/test';

import { RENDERER_CSP } from '../electron/window-options';
import { expect, test } from './support/console-page';

/** Starts a TCP listener that only counts connections, standing for any local service. */
async function countingListener(): Promise<{
  port: number;
  count: () => number;
  close: () => void;
}> {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    count: () => connections,
    close: () => server.close(),
  };
}

/** Serves one HTML page with the given headers on `host`, for pages of another origin. */
async function servePage(
  host: string,
  headers: Record<string, string>,
): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...headers });
    response.end('<!doctype html><title>test page</title><body></body>');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    url: `http://${host}:${(server.address() as net.AddressInfo).port}/`,
    close: () => server.close(),
  };
}

/**
 * Tries, from inside the page, to reach `port` by fetch and WebSocket and to run inline script,
 * and returns what happened and which CSP directives objected.
 */
async function probeNetworkAndScript(page: Page, port: number) {
  return page.evaluate(async (target) => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      violations.push(event.effectiveDirective);
    });
    const fetched = await fetch(`http://127.0.0.1:${target}/`).then(
      () => 'fetched',
      () => 'blocked',
    );
    const socket = await new Promise<string>((resolve) => {
      try {
        const ws = new WebSocket(`ws://127.0.0.1:${target}/`);
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('blocked');
      } catch {
        resolve('blocked');
      }
    });
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true;';
    document.body.append(script);
    document.body.insertAdjacentHTML(
      'beforeend',
      '<img src="x:" onerror="window.__handlerRan = true">',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const flags = window as unknown as { __inlineRan?: boolean; __handlerRan?: boolean };
    return {
      fetched,
      socket,
      inlineRan: flags.__inlineRan === true,
      handlerRan: flags.__handlerRan === true,
      violations,
    };
  }, port);
}

test('the page sees no Node and no engine handle', async ({ console: ui }) => {
  const globals = await ui.page.evaluate(() => ({
    require: typeof (globalThis as Record<string, unknown>)['require'],
    process: typeof (globalThis as Record<string, unknown>)['process'],
    Buffer: typeof (globalThis as Record<string, unknown>)['Buffer'],
    mailtap: typeof (globalThis as Record<string, unknown>)['mailtap'],
    // Any global object with an engine operation on it would be a debug handle.
    handles: Object.keys(window).filter((key) => {
      const value = (window as unknown as Record<string, unknown>)[key];
      return typeof value === 'object' && value !== null && 'sendLine' in value;
    }),
  }));
  expect(globals).toEqual({
    require: 'undefined',
    process: 'undefined',
    Buffer: 'undefined',
    mailtap: 'undefined',
    handles: [],
  });
});

test('browser mode CSP blocks other connections and inline script', async ({ console: ui }) => {
  const listener = await countingListener();
  try {
    const result = await probeNetworkAndScript(ui.page, listener.port);
    expect(result).toMatchObject({
      fetched: 'blocked',
      socket: 'blocked',
      inlineRan: false,
      handlerRan: false,
    });
    expect(result.violations).toEqual(
      expect.arrayContaining(['connect-src', 'script-src-elem', 'script-src-attr']),
    );
    expect(listener.count()).toBe(0);
  } finally {
    listener.close();
  }
});

test('the desktop CSP allows no network at all', async ({ page, environment }) => {
  const listener = await countingListener();
  const desktop = await servePage('127.0.0.1', { 'Content-Security-Policy': RENDERER_CSP });
  try {
    await page.goto(desktop.url);
    const result = await probeNetworkAndScript(page, listener.port);
    expect(result).toMatchObject({
      fetched: 'blocked',
      socket: 'blocked',
      inlineRan: false,
      handlerRan: false,
    });
    // Not even the engine's own WebSocket is reachable from the desktop renderer.
    const engine = await probeNetworkAndScript(page, environment.serve!.port);
    expect(engine.socket).toBe('blocked');
    expect(listener.count()).toBe(0);
  } finally {
    listener.close();
    desktop.close();
  }
});

test('a page of another origin cannot drive the engine, even with the token', async ({
  page,
  environment,
}) => {
  const serve = environment.serve!;
  // 127.0.0.3 is loopback too, but another site than 127.0.0.1.
  const foreign = await servePage('127.0.0.3', {});
  try {
    await page.goto(foreign.url);
    const outcome = await page.evaluate(
      async ({ port, token }) => {
        const attempt = (url: string) =>
          new Promise<string>((resolve) => {
            const ws = new WebSocket(url);
            ws.onopen = () => {
              ws.close();
              resolve('open');
            };
            ws.onclose = (event) => resolve(`closed ${event.code}`);
          });
        return {
          withToken: await attempt(`ws://127.0.0.1:${port}/ws?token=${token}`),
          withCookie: await attempt(`ws://127.0.0.1:${port}/ws`),
          read: await fetch(`http://127.0.0.1:${port}/?token=${token}`).then(
            (response) => response.text(),
            () => 'blocked',
          ),
        };
      },
      { port: serve.port, token: serve.token },
    );
    expect(outcome.withToken).toBe('closed 1006');
    expect(outcome.withCookie).toBe('closed 1006');
    expect(outcome.read).toBe('blocked');
  } finally {
    foreign.close();
  }
});
