import type http from 'node:http';

import { describe, expect, it } from 'vitest';

import { isLoopbackAddress, isRequestAllowed } from './request-guard';

describe('isLoopbackAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    ['192.0.2.10', false],
    ['::ffff:192.0.2.10', false],
    ['2001:db8::1', false],
    ['128.0.0.1', false],
    ['', false],
    [undefined, false],
  ])('%s is loopback: %s', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });
});

describe('isRequestAllowed', () => {
  const expected = { port: 8025, token: 'a'.repeat(43), websocket: false };
  const origin = 'http://127.0.0.1:8025';

  function request(
    change: {
      remoteAddress?: string;
      host?: string;
      url?: string;
      method?: string;
      origin?: string;
      cookie?: string;
    } = {},
  ): http.IncomingMessage {
    return {
      socket: { remoteAddress: change.remoteAddress ?? '127.0.0.1' },
      headers: {
        host: change.host ?? '127.0.0.1:8025',
        ...(change.origin === undefined ? {} : { origin: change.origin }),
        ...(change.cookie === undefined ? {} : { cookie: change.cookie }),
      },
      url: change.url ?? `/?token=${expected.token}`,
      method: change.method ?? 'GET',
    } as unknown as http.IncomingMessage;
  }

  it('allows the page with its token from loopback', () => {
    expect(isRequestAllowed(request(), expected)).toEqual({ ok: true });
    expect(isRequestAllowed(request({ remoteAddress: '::ffff:127.0.0.1' }), expected).ok).toBe(
      true,
    );
  });

  it.each([
    ['a LAN client', { remoteAddress: '192.168.1.20' }, 403],
    ['a client on another interface of this machine', { remoteAddress: '10.77.0.1' }, 403],
    ['an IPv6 client', { remoteAddress: '2001:db8::5' }, 403],
    ['a rebound host name', { host: 'attacker.example:8025' }, 403],
    ['localhost instead of the address', { host: 'localhost:8025' }, 403],
    ['no token', { url: '/' }, 401],
    ['a token one character short', { url: `/?token=${'a'.repeat(42)}` }, 401],
    ['a POST', { method: 'POST' }, 405],
  ])('rejects %s', (_name, change, status) => {
    const verdict = isRequestAllowed(request(change), expected);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.status).toBe(status);
  });

  it.each([
    ['a foreign origin', 'http://attacker.example', 403],
    ['another port of this host', 'http://127.0.0.1:8026', 403],
    ['a null origin (sandboxed frame or file)', 'null', 403],
  ])('rejects a WebSocket from %s', (_name, pageOrigin, status) => {
    const verdict = isRequestAllowed(
      request({ url: `/ws?token=${expected.token}`, origin: pageOrigin }),
      { ...expected, websocket: true },
    );
    expect(!verdict.ok && verdict.status).toBe(status);
  });

  it('allows the WebSocket of its own page', () => {
    const verdict = isRequestAllowed(request({ url: `/ws?token=${expected.token}`, origin }), {
      ...expected,
      websocket: true,
    });
    expect(verdict).toEqual({ ok: true });
  });
});
