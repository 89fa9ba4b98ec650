import { promises as dns } from 'node:dns';
import net from 'node:net';

import { makeError, type MailtapError } from '../../shared/errors';
import type { AddressFamily } from '../../shared/presets';
import { ConnectFailure, unbracketHost } from './connect';
import type { ResolvedAddress } from './happy-eyeballs';
import { MAX_CONCURRENT_SYSTEM_LOOKUPS } from './limits';

/** Resolves a name to addresses in the resolver's order; tests pass their own. */
export type LookupFunction = (hostname: string, family: 0 | 4 | 6) => Promise<ResolvedAddress[]>;

function familyNumber(family: AddressFamily): 0 | 4 | 6 {
  if (family === 'ipv4') {
    return 4;
  }
  return family === 'ipv6' ? 6 : 0;
}

function reasonOf(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('The lookup was abandoned.');
}

/**
 * Limits how many getaddrinfo calls run at once. A lookup occupies a thread of libuv's pool until the
 * resolver answers or gives up on its own (resolv.conf `timeout` times `attempts`, 10 s by
 * default), and once handed to libuv it cannot be cancelled. libuv already caps lookups at half
 * its pool so file reads and crypto go on; this gate keeps the lookups of sessions that gave up
 * out of libuv's queue, where they would otherwise run later and delay every fresh lookup.
 */
export class LookupGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly maxConcurrent: number) {}

  /** Lookups in flight now; at most `maxConcurrent`. */
  get activeCount(): number {
    return this.running;
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  /** Runs `task` once a slot is free. A caller that gives up while waiting leaves the queue. */
  run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const begin = (): void => {
        signal.removeEventListener('abort', leave);
        this.running++;
        task()
          .then(resolve, reject)
          .finally(() => {
            this.running--;
            this.waiting.shift()?.();
          });
      };
      const leave = (): void => {
        const index = this.waiting.indexOf(begin);
        if (index >= 0) {
          this.waiting.splice(index, 1);
        }
        reject(reasonOf(signal));
      };
      if (this.running < this.maxConcurrent) {
        begin();
        return;
      }
      this.waiting.push(begin);
      signal.addEventListener('abort', leave, { once: true });
    });
  }
}

const systemLookupGate = new LookupGate(MAX_CONCURRENT_SYSTEM_LOOKUPS);

/** Resolves with the operating system's resolver (getaddrinfo: /etc/hosts, then DNS), in its order. */
export async function systemLookup(
  hostname: string,
  family: 0 | 4 | 6,
): Promise<ResolvedAddress[]> {
  const results = await dns.lookup(hostname, { all: true, family, verbatim: true });
  return results
    .filter((entry) => entry.family === 4 || entry.family === 6)
    .map((entry) => ({ address: entry.address, family: entry.family as 4 | 6 }));
}

/**
 * Resolves a host to its addresses in the resolver's order. IP literals skip DNS. The lookup
 * itself cannot be cancelled (getaddrinfo runs on libuv's thread pool), so the deadline only
 * stops waiting for it, and the system resolver runs behind a gate that keeps threads free.
 */
export async function resolveHost(
  host: string,
  family: AddressFamily,
  deadlineMs: number,
  signal: AbortSignal,
  lookup: LookupFunction | null = null,
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

  // One controller ends the wait for the lookup, whether by deadline or by the session closing.
  const stop = new AbortController();
  const timer = setTimeout(() => {
    stop.abort(
      new ConnectFailure(
        makeError('DNS_TIMEOUT', {
          host,
          phase: 'resolving',
          detail: `Waited ${deadlineMs} ms.`,
        }),
      ),
    );
  }, deadlineMs);
  const onSessionAbort = (): void =>
    stop.abort(new ConnectFailure(makeError('SESSION_CLOSED', { host })));
  signal.addEventListener('abort', onSessionAbort, { once: true });
  const stopped = new Promise<never>((_resolve, reject) => {
    stop.signal.addEventListener('abort', () => reject(reasonOf(stop.signal)), { once: true });
  });
  try {
    const wanted = familyNumber(family);
    const lookUp = (lookupFamily: 0 | 4 | 6): Promise<ResolvedAddress[]> => {
      const running =
        lookup === null
          ? systemLookupGate.run(() => systemLookup(bare, lookupFamily), stop.signal)
          : lookup(bare, lookupFamily);
      // A lookup that settles after the deadline is ignored, so its rejection must be handled here.
      running.catch(() => undefined);
      return Promise.race([running, stopped]);
    };
    let addresses: ResolvedAddress[];
    try {
      addresses = await lookUp(wanted);
    } catch (error) {
      if (wanted === 0 || !isNotFound(error)) {
        throw error;
      }
      throw new ConnectFailure(
        (await otherFamilyError(host, wanted, lookUp)) ?? dnsError(host, error),
      );
    }
    if (addresses.length === 0) {
      const otherFamily = wanted === 0 ? null : await otherFamilyError(host, wanted, lookUp);
      throw new ConnectFailure(
        otherFamily ?? makeError('NO_ADDRESS_FOR_FAMILY', { host, phase: 'resolving' }),
      );
    }
    return addresses;
  } catch (error) {
    if (error instanceof ConnectFailure) {
      throw error;
    }
    throw new ConnectFailure(dnsError(host, error));
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onSessionAbort);
    // Settles `stopped`, whose rejection is handled by the race above or ignored here.
    stopped.catch(() => undefined);
    stop.abort();
  }
}

function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOTFOUND' || code === 'ENODATA';
}

/**
 * Looks the name up again in every family, after the requested family had no address, and
 * returns NO_ADDRESS_FOR_FAMILY naming what the name has. Returns null when it has no address
 * at all or the second lookup fails, so the caller reports the first outcome.
 */
async function otherFamilyError(
  host: string,
  wanted: 4 | 6,
  lookUp: (family: 0 | 4 | 6) => Promise<ResolvedAddress[]>,
): Promise<MailtapError | null> {
  let others: ResolvedAddress[];
  try {
    others = await lookUp(0);
  } catch (error) {
    if (error instanceof ConnectFailure) {
      throw error;
    }
    return null;
  }
  const found = others.filter((address) => address.family !== wanted);
  if (found.length === 0) {
    return null;
  }
  const families = [...new Set(found.map((address) => `IPv${address.family}`))].join(' and ');
  const listed = found.map((address) => address.address).join(', ');
  return makeError('NO_ADDRESS_FOR_FAMILY', {
    host,
    phase: 'resolving',
    detail: `${unbracketHost(host)} has no IPv${wanted} address, only ${families}: ${listed}. Set the address family to Auto or ${families}.`,
  });
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
