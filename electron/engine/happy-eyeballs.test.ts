import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { makeError } from '../../shared/errors';
import {
  AttemptFailure,
  interleaveFamilies,
  raceConnections,
  RaceFailure,
  type PendingAttempt,
  type RaceWin,
  type ResolvedAddress,
} from './happy-eyeballs';

const v6a: ResolvedAddress = { address: '2001:db8::a', family: 6 };
const v6b: ResolvedAddress = { address: '2001:db8::b', family: 6 };
const v4a: ResolvedAddress = { address: '192.0.2.1', family: 4 };
const v4b: ResolvedAddress = { address: '192.0.2.2', family: 4 };

describe('interleaveFamilies', () => {
  it.each([
    ['IPv6 first', [v6a, v6b, v4a, v4b], [v6a, v4a, v6b, v4b]],
    ['IPv4 first', [v4a, v6a, v6b], [v4a, v6a, v6b]],
    ['one family', [v4a, v4b], [v4a, v4b]],
    ['no address', [], []],
  ])('orders %s', (_name, input, expected) => {
    expect(interleaveFamilies(input)).toEqual(expected);
  });
});

/** A connection attempt the test settles by hand. */
interface FakeAttempt {
  readonly address: ResolvedAddress;
  cancelled: boolean;
  connect(): void;
  fail(code?: 'CONNECT_REFUSED' | 'CONNECT_UNREACHABLE'): void;
}

function fakeNetwork() {
  const attempts: FakeAttempt[] = [];
  const start = (address: ResolvedAddress): PendingAttempt<string> => {
    let resolve!: (value: string) => void;
    let reject!: (reason: unknown) => void;
    const outcome = new Promise<string>((onResolve, onReject) => {
      resolve = onResolve;
      reject = onReject;
    });
    const attempt: FakeAttempt = {
      address,
      cancelled: false,
      connect: () => resolve(`socket to ${address.address}`),
      fail: (code = 'CONNECT_REFUSED') =>
        reject(new AttemptFailure(makeError(code, { address: address.address }))),
    };
    attempts.push(attempt);
    return {
      outcome,
      cancel: () => {
        attempt.cancelled = true;
      },
    };
  };
  return { attempts, start };
}

/** Lets promise callbacks run without moving the fake clock. */
async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
}

describe('raceConnections', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function race(addresses: ResolvedAddress[], signal = new AbortController().signal) {
    const network = fakeNetwork();
    const outcome: { value?: RaceWin<string>; error?: unknown } = {};
    raceConnections({
      addresses,
      attemptDelayMs: 250,
      deadlineMs: 10_000,
      signal,
      start: network.start,
    }).then(
      (value) => (outcome.value = value),
      (error: unknown) => (outcome.error = error),
    );
    return { network, outcome };
  }

  it('starts the next address only after the attempt delay', async () => {
    const { network, outcome } = race([v6a, v4a]);
    await vi.advanceTimersByTimeAsync(249);
    expect(network.attempts.map((attempt) => attempt.address)).toEqual([v6a]);

    await vi.advanceTimersByTimeAsync(1);
    expect(network.attempts.map((attempt) => attempt.address)).toEqual([v6a, v4a]);

    network.attempts[1]!.connect();
    await settle();
    expect(outcome.value?.winner).toBe('socket to 192.0.2.1');
    expect(network.attempts[0]!.cancelled).toBe(true);
    expect(outcome.value?.reports.map((report) => report.result)).toEqual([
      'cancelled',
      'connected',
    ]);
  });

  it('starts the next address at once when an attempt fails', async () => {
    const { network } = race([v6a, v4a, v6b]);
    network.attempts[0]!.fail('CONNECT_UNREACHABLE');
    await settle();
    expect(network.attempts).toHaveLength(2);
    expect(network.attempts[1]!.address).toEqual(v4a);
  });

  it('keeps earlier attempts running after starting later ones', async () => {
    const { network, outcome } = race([v6a, v4a]);
    await vi.advanceTimersByTimeAsync(250);
    network.attempts[0]!.connect();
    await settle();
    expect(outcome.value?.address).toEqual(v6a);
    expect(network.attempts[1]!.cancelled).toBe(true);
  });

  it('reports every address when all fail', async () => {
    const { network, outcome } = race([v6a, v4a]);
    network.attempts[0]!.fail('CONNECT_UNREACHABLE');
    await settle();
    network.attempts[1]!.fail('CONNECT_REFUSED');
    await settle();
    expect(outcome.error).toBeInstanceOf(RaceFailure);
    const failure = outcome.error as RaceFailure;
    expect(failure.reason).toBe('all-failed');
    expect(failure.reports.map((report) => report.error?.code)).toEqual([
      'CONNECT_UNREACHABLE',
      'CONNECT_REFUSED',
    ]);
  });

  it('ends at the deadline however long attempts hang', async () => {
    const { network, outcome } = race([v6a, v4a, v6b, v4b, v6a]);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(outcome.error).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    const failure = outcome.error as RaceFailure;
    expect(failure.reason).toBe('deadline');
    expect(failure.reports.map((report) => report.result)).toEqual([
      'timed-out',
      'timed-out',
      'timed-out',
      'timed-out',
      'timed-out',
    ]);
    expect(network.attempts.every((attempt) => attempt.cancelled)).toBe(true);
  });

  it('cancels pending attempts when the session closes', async () => {
    const controller = new AbortController();
    const { network, outcome } = race([v6a, v4a], controller.signal);
    controller.abort();
    await settle();
    expect((outcome.error as RaceFailure).reason).toBe('aborted');
    expect(network.attempts[0]!.cancelled).toBe(true);
    expect((outcome.error as RaceFailure).reports[1]!.result).toBe('not-started');
  });

  it('leaves no timer behind', async () => {
    const { network } = race([v6a, v4a]);
    network.attempts[0]!.connect();
    await settle();
    expect(vi.getTimerCount()).toBe(0);
  });
});
