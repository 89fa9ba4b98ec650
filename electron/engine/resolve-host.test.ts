import { describe, expect, it } from 'vitest';

import { ConnectFailure } from './connect';
import type { ResolvedAddress } from './happy-eyeballs';
import { resolveHost, type LookupFunction } from './resolve-host';

const DNS_MS = 10_000;

/** Builds a resolver error as Node's dns.lookup raises it. */
function notFound(hostname: string): Error {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
}

/** Returns a resolver of one name with these addresses that fails like getaddrinfo. */
function resolverOf(addresses: readonly ResolvedAddress[], empty = false): LookupFunction {
  return (hostname, family) => {
    const matching = addresses.filter((address) => family === 0 || address.family === family);
    if (matching.length === 0 && !empty) {
      return Promise.reject(notFound(hostname));
    }
    return Promise.resolve(matching);
  };
}

/** Returns the catalog error that resolving throws. */
async function failureOf(
  lookup: LookupFunction,
  family: 'auto' | 'ipv4' | 'ipv6',
): Promise<ConnectFailure['error']> {
  const error: unknown = await resolveHost(
    'mail.example.test',
    family,
    DNS_MS,
    new AbortController().signal,
    lookup,
  ).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ConnectFailure);
  return (error as ConnectFailure).error;
}

describe('resolveHost address family', () => {
  it('names the IPv6 addresses of an IPv6-only name asked for IPv4', async () => {
    const lookup = resolverOf([{ address: '2001:db8::25', family: 6 }]);

    const error = await failureOf(lookup, 'ipv4');

    expect(error.code).toBe('NO_ADDRESS_FOR_FAMILY');
    expect(error.message).toContain('no IPv4 address, only IPv6: 2001:db8::25');
  });

  it('names the IPv4 addresses when the resolver returns none for IPv6', async () => {
    const lookup = resolverOf([{ address: '192.0.2.25', family: 4 }], true);

    const error = await failureOf(lookup, 'ipv6');

    expect(error.code).toBe('NO_ADDRESS_FOR_FAMILY');
    expect(error.message).toContain('only IPv4: 192.0.2.25');
  });

  it('keeps DNS_NOT_FOUND for a name without any address', async () => {
    const error = await failureOf(resolverOf([]), 'ipv4');

    expect(error.code).toBe('DNS_NOT_FOUND');
  });

  it('returns the addresses of the requested family', async () => {
    const lookup = resolverOf([
      { address: '2001:db8::25', family: 6 },
      { address: '192.0.2.25', family: 4 },
    ]);

    const addresses = await resolveHost(
      'mail.example.test',
      'ipv4',
      DNS_MS,
      new AbortController().signal,
      lookup,
    );

    expect(addresses).toEqual([{ address: '192.0.2.25', family: 4 }]);
  });
});
