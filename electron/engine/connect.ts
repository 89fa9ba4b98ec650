import net from 'node:net';

import { makeError, type ErrorCode, type MailtapError } from '../../shared/errors';
import {
  AttemptFailure,
  interleaveFamilies,
  raceConnections,
  RaceFailure,
  type AttemptReport,
  type PendingAttempt,
  type ResolvedAddress,
} from './happy-eyeballs';

export type { ResolvedAddress } from './happy-eyeballs';

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

/** Opens a TCP socket; tests pass their own to simulate networks that cannot be built. */
export type CreateConnection = (options: net.TcpNetConnectOpts) => net.Socket;

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
    case 'EINVAL':
      return 'CONNECT_UNREACHABLE';
    default:
      return 'CONNECT_FAILED';
  }
}

/** Formats an address with its port, bracketing IPv6: `[::1]:25`, `127.0.0.1:25`. */
export function formatAddressPort(address: ResolvedAddress, port: number): string {
  return address.family === 6 ? `[${address.address}]:${port}` : `${address.address}:${port}`;
}

export interface ConnectAttempt {
  readonly address: ResolvedAddress;
  readonly error: MailtapError | null;
}

/** Starts one TCP connection; the race decides when it has taken too long. */
function startAttempt(
  address: ResolvedAddress,
  port: number,
  host: string,
  createConnection: CreateConnection,
): PendingAttempt<net.Socket> {
  // Node 20 would otherwise race the addresses itself; the engine reports each one instead.
  const socket = createConnection({
    host: address.address,
    port,
    family: address.family,
    autoSelectFamily: false,
  });
  const context = { host, port, address: address.address, phase: 'connecting' as const };
  let cleanup = (): void => undefined;
  const outcome = new Promise<net.Socket>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      cleanup();
      socket.destroy();
      const code = connectErrorCode(error.code);
      reject(
        new AttemptFailure(
          makeError(code, { ...context, detail: `${error.code ?? 'Error'}: ${error.message}` }),
        ),
      );
    };
    const onConnect = (): void => {
      cleanup();
      resolve(socket);
    };
    cleanup = (): void => {
      socket.off('error', onError);
      socket.off('connect', onConnect);
    };
    socket.once('connect', onConnect);
    socket.once('error', onError);
  });
  return {
    outcome,
    cancel: () => {
      cleanup();
      socket.destroy();
    },
  };
}

/** Returns one line per address: `[::1]:25 refused (CONNECT_REFUSED); 127.0.0.1:25 timed out`. */
export function describeAttempts(reports: readonly AttemptReport[], port: number): string {
  return reports
    .map((report) => {
      const where = formatAddressPort(report.address, port);
      switch (report.result) {
        case 'failed':
          return `${where} failed (${report.error?.context.detail ?? report.error?.code ?? 'error'})`;
        case 'timed-out':
          return `${where} did not answer`;
        case 'not-started':
          return `${where} not tried`;
        default:
          return `${where} ${report.result}`;
      }
    })
    .join('; ');
}

/** Picks the code that best explains a race in which every address failed. */
function codeForFailures(reports: readonly AttemptReport[]): ErrorCode {
  const codes = reports.flatMap((report) => (report.error === null ? [] : [report.error.code]));
  if (codes.includes('CONNECT_REFUSED')) {
    // Some path reached the host and found nothing listening: the most useful fact.
    return 'CONNECT_REFUSED';
  }
  if (codes.length > 0 && codes.every((code) => code === codes[0])) {
    return codes[0]!;
  }
  return 'CONNECT_FAILED';
}

export interface ConnectOptions {
  readonly addresses: readonly ResolvedAddress[];
  readonly port: number;
  readonly host: string;
  readonly deadlineMs: number;
  readonly attemptDelayMs: number;
  readonly signal: AbortSignal;
  /** Hears of every attempt before it starts (error null) and of each failure. */
  readonly onAttempt: (attempt: ConnectAttempt) => void;
  readonly createConnection?: CreateConnection;
}

export interface Connected {
  readonly socket: net.Socket;
  /** Outcome of every address, the winner included. */
  readonly reports: readonly AttemptReport[];
}

/**
 * Connects to the first address that accepts the connection, racing the families as Happy Eyeballs does
 * (RFC 8305), within one absolute deadline. Fails with the code that best explains why no
 * address connected and a detail that lists each one.
 */
export async function connectToHost(options: ConnectOptions): Promise<Connected> {
  const { port, host, signal } = options;
  const createConnection = options.createConnection ?? net.createConnection;
  try {
    const win = await raceConnections({
      addresses: interleaveFamilies(options.addresses),
      attemptDelayMs: options.attemptDelayMs,
      deadlineMs: options.deadlineMs,
      signal,
      start: (address) => startAttempt(address, port, host, createConnection),
      onStart: (address) => options.onAttempt({ address, error: null }),
      onFailure: (address, error) => options.onAttempt({ address, error }),
    });
    return { socket: win.winner, reports: win.reports };
  } catch (error) {
    if (!(error instanceof RaceFailure)) {
      throw error;
    }
    const context = { host, port, phase: 'connecting' as const };
    if (error.reason === 'aborted') {
      throw new ConnectFailure(makeError('SESSION_CLOSED', context));
    }
    const attempts = describeAttempts(error.reports, port);
    if (error.reason === 'deadline') {
      throw new ConnectFailure(
        makeError('CONNECT_TIMEOUT', {
          ...context,
          detail: `No address connected within ${options.deadlineMs} ms: ${attempts}.`,
        }),
      );
    }
    const only = error.reports.length === 1 ? error.reports[0]?.error : undefined;
    if (only !== undefined && only !== null) {
      throw new ConnectFailure(only);
    }
    throw new ConnectFailure(
      makeError(codeForFailures(error.reports), {
        ...context,
        detail: `Every address failed: ${attempts}.`,
      }),
    );
  }
}
