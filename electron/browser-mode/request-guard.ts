import { timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import net from 'node:net';

export const TOKEN_COOKIE = 'mailtap_token';
export const WEBSOCKET_PATH = '/ws';

export type GuardVerdict =
  { readonly ok: true } | { readonly ok: false; readonly status: number; readonly reason: string };

/** Whether an address is loopback: 127.0.0.0/8, ::1, or an IPv4-mapped loopback address. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) {
    return false;
  }
  const bare = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (net.isIPv4(bare)) {
    return bare.startsWith('127.');
  }
  return bare === '::1';
}

function constantTimeEquals(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Finds the token in the query string or, failing that, in the cookie. */
export function tokenFromRequest(request: http.IncomingMessage): {
  token: string | null;
  fromQuery: boolean;
} {
  const url = new URL(request.url ?? '/', 'http://placeholder');
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null) {
    return { token: fromQuery, fromQuery: true };
  }
  const cookies = request.headers.cookie ?? '';
  for (const part of cookies.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) {
      return { token: value.join('='), fromQuery: false };
    }
  }
  return { token: null, fromQuery: false };
}

/**
 * Checks one HTTP request or WebSocket upgrade: loopback peer, exact Host (against DNS
 * rebinding), the per-run token, and for WebSockets the page's own Origin (against other sites
 * in the same browser).
 */
export function isRequestAllowed(
  request: http.IncomingMessage,
  expected: { readonly port: number; readonly token: string; readonly websocket: boolean },
): GuardVerdict {
  if (!isLoopbackAddress(request.socket.remoteAddress)) {
    return {
      ok: false,
      status: 403,
      reason: 'Rejected: browser mode accepts loopback clients only.',
    };
  }
  const origin = `http://127.0.0.1:${expected.port}`;
  if (request.headers.host !== `127.0.0.1:${expected.port}`) {
    return {
      ok: false,
      status: 403,
      reason: `Rejected: the Host header must be 127.0.0.1:${expected.port}.`,
    };
  }
  if (!expected.websocket && request.method !== 'GET' && request.method !== 'HEAD') {
    return { ok: false, status: 405, reason: 'Rejected: only GET and HEAD are served.' };
  }
  const { token } = tokenFromRequest(request);
  if (token === null || !constantTimeEquals(token, expected.token)) {
    return {
      ok: false,
      status: 401,
      reason: 'Rejected: missing or wrong token; open the address that `npm run serve` printed.',
    };
  }
  if (expected.websocket) {
    const path = new URL(request.url ?? '/', 'http://placeholder').pathname;
    if (path !== WEBSOCKET_PATH) {
      return {
        ok: false,
        status: 404,
        reason: `Rejected: the WebSocket lives at ${WEBSOCKET_PATH}.`,
      };
    }
    if (request.headers.origin !== origin) {
      return { ok: false, status: 403, reason: `Rejected: the Origin must be ${origin}.` };
    }
  }
  return { ok: true };
}
