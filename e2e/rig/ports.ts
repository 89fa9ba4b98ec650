import { connect, createServer, type Server } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** Pause between two connection attempts while a server starts. */
export const PORT_POLL_INTERVAL_MS = 50;

/** Limit for one connection attempt while polling. A loopback connect completes at once unless the listener is stuck. */
const CONNECT_ATTEMPT_TIMEOUT_MS = 1_000;

function listenOnFreePort(host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => resolve(server));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Returns `count` distinct ports that were free on `host` a moment ago. All are held open
 * together before release, so they differ from each other.
 *
 * NOTE: another process may take a port between this call and the server binding it. Callers
 * retry the start when a server reports "Address already in use".
 */
export async function reserveFreePorts(host: string, count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let index = 0; index < count; index++) servers.push(await listenOnFreePort(host));
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === 'string')
        throw new Error(`No TCP port assigned on ${host}.`);
      return address.port;
    });
  } finally {
    await Promise.all(servers.map(closeServer));
  }
}

/** Resolves true when a TCP connection to host:port succeeds, false when it is refused or times out. */
export function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (connected: boolean): void => {
      socket.destroy();
      resolve(connected);
    };
    socket.setTimeout(CONNECT_ATTEMPT_TIMEOUT_MS, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

export interface WaitForPortsOptions {
  readonly host: string;
  /** Service name to port, so an error names what did not come up. */
  readonly ports: Readonly<Record<string, number>>;
  readonly timeoutMs: number;
  /** Returns a reason to stop waiting early, such as the server process having exited. */
  readonly checkFailure?: () => string | null;
}

/** Polls until every port accepts a connection; throws naming the ports still closed at the deadline. */
export async function waitForPorts(options: WaitForPortsOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const pending = new Map(Object.entries(options.ports));

  while (pending.size > 0) {
    for (const [service, port] of pending) {
      if (await canConnect(options.host, port)) pending.delete(service);
    }
    if (pending.size === 0) return;

    const failure = options.checkFailure?.() ?? null;
    if (failure !== null) throw new Error(failure);

    if (Date.now() >= deadline) {
      const closed = [...pending]
        .map(([service, port]) => `${service} (${options.host}:${port})`)
        .join(', ');
      throw new Error(
        `Timed out after ${options.timeoutMs} ms waiting for ${closed} to accept connections.`,
      );
    }
    await delay(PORT_POLL_INTERVAL_MS);
  }
}
