import { promises as dns } from 'node:dns';
import net from 'node:net';

import { makeError, type ErrorCode, type MailtapError } from '../../shared/errors';
import type { AddressFamily } from '../../shared/presets';
import { CONNECT_ATTEMPT_MS } from './limits';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** An expected failure of the DNS or TCP phase, carrying its catalog error. */
export class ConnectFailure extends Error {
  constructor(readonly error: MailtapError) {
    super(error.message);
  }
}

/** Removes the brackets of an IPv6 literal typed as `[::1]`. */
export function unbracketHost(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function familyNumber(family: AddressFamily): 0 | 4 | 6 {
  if (family === 'ipv4') {
    return 4;
  }
  return family === 'ipv6' ? 6 : 0;
}

/**
 * Resolves a host to its addresses in the resolver's order. IP literals skip DNS. The lookup
 * itself cannot be cancelled (getaddrinfo runs on libuv's thread pool), so the deadline only
 * stops waiting for it.
 */
export async function resolveHost(
  host: string,
  family: AddressFamily,
  deadlineMs: number,
  signal: AbortSignal,
): Promise<ResolvedAddress[]> {
  const bare = unbracketHost(host);
  const literalFamily = net.isIP(bare);
  if (literalFamily !== 0) {
    const wanted = familyNumber(family);
    if (wanted !== 0 && wanted !== literalFamily) {
      throw new ConnectFailure(
        makeError('NO_ADDRESS_FOR_FAMILY', {
          host,
          detail: `${bare} is an IPv${literalFamily} address.`,
        }),
      );
    }
    return [{ address: bare, family: literalFamily as 4 | 6 }];
  }

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(
        new ConnectFailure(
          makeError('DNS_TIMEOUT', {
            host,
            phase: 'resolving',
            detail: `Waited ${deadlineMs} ms.`,
          }),
        ),
      );
    }, deadlineMs);
  });
  const aborted = new Promise<never>((_resolve, reject) => {
    signal.addEventListener(
      'abort',
      () => reject(new ConnectFailure(makeError('SESSION_CLOSED', { host }))),
      {
        once: true,
      },
    );
  });
  try {
    const lookup = dns.lookup(bare, { all: true, family: familyNumber(family), verbatim: true });
    const results = await Promise.race([lookup, timeout, aborted]);
    const addresses = results
      .filter((entry) => entry.family === 4 || entry.family === 6)
      .map((entry) => ({ address: entry.address, family: entry.family as 4 | 6 }));
    if (addresses.length === 0) {
      throw new ConnectFailure(makeError('NO_ADDRESS_FOR_FAMILY', { host, phase: 'resolving' }));
    }
    return addresses;
  } catch (error) {
    if (error instanceof ConnectFailure) {
      throw error;
    }
    throw new ConnectFailure(dnsError(host, error));
  } finally {
    clearTimeout(timer);
  }
}

function dnsError(host: string, error: unknown): MailtapError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOTFOUND' || code === 'ENODATA') {
    return makeError('DNS_NOT_FOUND', {
      host,
      phase: 'resolving',
      detail: `The resolver returned ${code}.`,
    });
  }
  if (code === 'EAI_AGAIN') {
    return makeError('DNS_FAILED', {
      host,
      phase: 'resolving',
      detail:
        'The resolver returned EAI_AGAIN (temporary failure); check the DNS servers of this machine.',
    });
  }
  return makeError('DNS_FAILED', {
    host,
    phase: 'resolving',
    detail: String((error as Error).message),
  });
}

/** Maps a socket error code from connect() to the catalog. */
export function connectErrorCode(osCode: string | undefined): ErrorCode {
  switch (osCode) {
    case 'ECONNREFUSED':
      return 'CONNECT_REFUSED';
    case 'ETIMEDOUT':
      return 'CONNECT_TIMEOUT';
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'EADDRNOTAVAIL':
    case 'ENETDOWN':
    case 'EHOSTDOWN':
      return 'CONNECT_UNREACHABLE';
    default:
      return 'CONNECT_FAILED';
  }
}

export interface ConnectAttempt {
  readonly address: ResolvedAddress;
  readonly error: MailtapError | null;
}

/** Opens one TCP connection, failing after `timeoutMs`. */
function connectOnce(
  address: ResolvedAddress,
  port: number,
  host: string,
  timeoutMs: number,
  signal: AbortSignal,
) {
  return new Promise<net.Socket>((resolve, reject) => {
    // Node 20 would otherwise race the addresses itself; the engine reports each one instead.
    const socket = net.connect({
      host: address.address,
      port,
      family: address.family,
      autoSelectFamily: false,
    });
    const context = { host, port, address: address.address, phase: 'connecting' as const };
    const fail = (error: MailtapError): void => {
      cleanup();
      socket.destroy();
      reject(new ConnectFailure(error));
    };
    const timer = setTimeout(() => {
      fail(
        makeError('CONNECT_TIMEOUT', {
          ...context,
          detail: `No answer from ${address.address} within ${timeoutMs} ms.`,
        }),
      );
    }, timeoutMs);
    const onError = (error: NodeJS.ErrnoException): void => {
      fail(
        makeError(connectErrorCode(error.code), {
          ...context,
          detail: `${error.code ?? 'Error'}: ${error.message}`,
        }),
      );
    };
    const onAbort = (): void => fail(makeError('SESSION_CLOSED', context));
    const onConnect = (): void => {
      cleanup();
      resolve(socket);
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      socket.off('error', onError);
      socket.off('connect', onConnect);
      signal.removeEventListener('abort', onAbort);
    };
    socket.once('connect', onConnect);
    socket.once('error', onError);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Tries each address in turn until one connects, within one overall deadline. `onAttempt` hears
 * of every attempt before it starts (error null) and of each failure.
 */
export async function connectToFirst(
  addresses: readonly ResolvedAddress[],
  port: number,
  host: string,
  deadlineMs: number,
  signal: AbortSignal,
  onAttempt: (attempt: ConnectAttempt) => void,
): Promise<net.Socket> {
  const deadline = Date.now() + deadlineMs;
  const failures: MailtapError[] = [];
  for (const address of addresses) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      break;
    }
    onAttempt({ address, error: null });
    try {
      return await connectOnce(
        address,
        port,
        host,
        Math.min(remaining, CONNECT_ATTEMPT_MS),
        signal,
      );
    } catch (error) {
      if (!(error instanceof ConnectFailure)) {
        throw error;
      }
      if (error.error.code === 'SESSION_CLOSED') {
        throw error;
      }
      failures.push(error.error);
      onAttempt({ address, error: error.error });
    }
  }
  const last = failures[failures.length - 1];
  if (last === undefined) {
    throw new ConnectFailure(makeError('CONNECT_TIMEOUT', { host, port, phase: 'connecting' }));
  }
  if (failures.length === 1) {
    throw new ConnectFailure(last);
  }
  const summary = failures
    .map((failure) => `${failure.context.address}: ${failure.code}`)
    .join('; ');
  throw new ConnectFailure(
    makeError(last.code, { ...last.context, detail: `Every address failed (${summary}).` }),
  );
}
