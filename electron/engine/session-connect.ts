import type net from 'node:net';

import {
  connectToHost,
  describeAttempts,
  formatAddressPort,
  type CreateConnection,
} from './connect';
import { resolveHost, type LookupFunction } from './resolve-host';
import type { ResolvedSessionOptions } from './session-options';

/** Network functions a session uses; tests replace them to simulate resolvers and networks. */
export interface NetworkAccess {
  readonly lookup?: LookupFunction;
  readonly createConnection?: CreateConnection;
}

/** Callbacks through which the connect phase reports to its session. */
export interface ConnectPhaseHooks {
  /** Shows a line in the terminal and transcript. */
  readonly note: (level: 'info' | 'warning', text: string) => void;
  /** Called when DNS is done and the first connection attempt is about to start. */
  readonly onConnecting: () => void;
}

/**
 * Resolves a session's host and races its addresses, each within its phase's absolute deadline,
 * and notes every attempt and its outcome. Throws ConnectFailure when no address connects.
 */
export async function openSessionSocket(
  options: ResolvedSessionOptions,
  network: NetworkAccess,
  signal: AbortSignal,
  hooks: ConnectPhaseHooks,
): Promise<net.Socket> {
  const { host, port, deadlines, family, limits } = options;
  hooks.note('info', `Resolving ${host}…`);
  const addresses = await resolveHost(
    host,
    family,
    deadlines.dnsMs,
    signal,
    network.lookup ?? null,
  );

  hooks.onConnecting();
  const { socket, reports } = await connectToHost({
    addresses,
    port,
    host,
    deadlineMs: deadlines.connectMs,
    attemptDelayMs: limits.connectionAttemptDelayMs,
    signal,
    onAttempt: (attempt) => {
      const where = formatAddressPort(attempt.address, port);
      if (attempt.error === null) {
        hooks.note('info', `Trying ${where} (IPv${attempt.address.family})…`);
      } else if (addresses.length > 1) {
        // With one address, the session's own error repeats this failure.
        hooks.note('warning', `${where} failed: ${attempt.error.message}`);
      }
    },
    ...(network.createConnection === undefined
      ? {}
      : { createConnection: network.createConnection }),
  });
  if (reports.length > 1) {
    hooks.note('info', `Connection attempts: ${describeAttempts(reports, port)}.`);
  }
  return socket;
}
