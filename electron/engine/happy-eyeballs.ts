import type { MailtapError } from '../../shared/errors';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/**
 * Orders addresses for racing as RFC 8305, section 4 describes: the two families alternate,
 * starting with the family of the resolver's first address, and each family keeps the resolver's
 * order. A host whose first address is a black-holed IPv6 one then has IPv4 as its second try.
 */
export function interleaveFamilies(addresses: readonly ResolvedAddress[]): ResolvedAddress[] {
  const first = addresses[0];
  if (first === undefined) {
    return [];
  }
  const preferred = addresses.filter((entry) => entry.family === first.family);
  const other = addresses.filter((entry) => entry.family !== first.family);
  const ordered: ResolvedAddress[] = [];
  for (let index = 0; index < Math.max(preferred.length, other.length); index++) {
    const fromPreferred = preferred[index];
    const fromOther = other[index];
    if (fromPreferred !== undefined) {
      ordered.push(fromPreferred);
    }
    if (fromOther !== undefined) {
      ordered.push(fromOther);
    }
  }
  return ordered;
}

/** Outcome of one address in a race. */
export type AttemptResult = 'connected' | 'failed' | 'timed-out' | 'cancelled' | 'not-started';

export interface AttemptReport {
  readonly address: ResolvedAddress;
  readonly result: AttemptResult;
  /** Cause of a failed attempt; null for every other result. */
  readonly error: MailtapError | null;
}

/** A connection attempt in flight. `outcome` rejects with an AttemptFailure when it fails. */
export interface PendingAttempt<T> {
  readonly outcome: Promise<T>;
  /** Stops the attempt and releases its socket; the outcome is then ignored. */
  cancel(): void;
}

/** The expected failure of one attempt, with its catalog error. */
export class AttemptFailure extends Error {
  constructor(readonly error: MailtapError) {
    super(error.message);
  }
}

export interface RaceOptions<T> {
  /** Addresses in the order to try them, see `interleaveFamilies`. */
  readonly addresses: readonly ResolvedAddress[];
  /** Wait after starting an attempt before starting the next one while it is still pending. */
  readonly attemptDelayMs: number;
  /** Absolute deadline for the whole race, counted from its start. */
  readonly deadlineMs: number;
  readonly signal: AbortSignal;
  readonly start: (address: ResolvedAddress) => PendingAttempt<T>;
  readonly onStart?: (address: ResolvedAddress) => void;
  readonly onFailure?: (address: ResolvedAddress, error: MailtapError) => void;
}

export interface RaceWin<T> {
  readonly winner: T;
  readonly address: ResolvedAddress;
  readonly reports: readonly AttemptReport[];
}

/** Failure of a race that produced no connection, with the outcome of every address. */
export class RaceFailure extends Error {
  constructor(
    readonly reason: 'all-failed' | 'deadline' | 'aborted',
    readonly reports: readonly AttemptReport[],
  ) {
    super(`connection race ended: ${reason}`);
  }
}

/**
 * Races connection attempts in the style of Happy Eyeballs (RFC 8305, section 5): the first
 * address starts at once, and each later one starts when the previous attempt has been pending
 * for `attemptDelayMs` or as soon as an attempt fails. Attempts run in parallel; the first to
 * connect wins and every other one is cancelled. The deadline is absolute, so an attempt that
 * hangs on a black-holed address cannot extend it.
 */
export function raceConnections<T>(options: RaceOptions<T>): Promise<RaceWin<T>> {
  const { addresses, signal } = options;
  const results: AttemptResult[] = addresses.map(() => 'not-started');
  const errors: (MailtapError | null)[] = addresses.map(() => null);
  const pending = new Map<number, PendingAttempt<T>>();

  return new Promise<RaceWin<T>>((resolve, reject) => {
    let nextIndex = 0;
    let settled = false;
    let delayTimer: NodeJS.Timeout | null = null;

    const reports = (): AttemptReport[] =>
      addresses.map((address, index) => ({
        address,
        result: results[index]!,
        error: errors[index]!,
      }));

    /** Ends the race; attempts still pending are stopped and recorded as `pendingResult`. */
    const finish = (pendingResult: AttemptResult): void => {
      settled = true;
      clearTimeout(deadlineTimer);
      if (delayTimer !== null) {
        clearTimeout(delayTimer);
      }
      signal.removeEventListener('abort', onAbort);
      for (const [index, attempt] of pending) {
        results[index] = pendingResult;
        attempt.cancel();
      }
      pending.clear();
    };

    const fail = (reason: RaceFailure['reason']): void => {
      finish(reason === 'deadline' ? 'timed-out' : 'cancelled');
      reject(new RaceFailure(reason, reports()));
    };

    const startNext = (): void => {
      if (delayTimer !== null) {
        clearTimeout(delayTimer);
        delayTimer = null;
      }
      const index = nextIndex;
      const address = addresses[index];
      if (address === undefined) {
        return;
      }
      nextIndex++;
      options.onStart?.(address);
      const attempt = options.start(address);
      pending.set(index, attempt);
      attempt.outcome.then(
        (winner) => {
          pending.delete(index);
          if (settled) {
            attempt.cancel();
            return;
          }
          results[index] = 'connected';
          finish('cancelled');
          resolve({ winner, address, reports: reports() });
        },
        (error: unknown) => {
          pending.delete(index);
          if (settled) {
            return;
          }
          if (!(error instanceof AttemptFailure)) {
            finish('cancelled');
            reject(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          results[index] = 'failed';
          errors[index] = error.error;
          options.onFailure?.(address, error.error);
          if (nextIndex < addresses.length) {
            startNext();
          } else if (pending.size === 0) {
            fail('all-failed');
          }
        },
      );
      if (nextIndex < addresses.length) {
        delayTimer = setTimeout(startNext, options.attemptDelayMs);
      }
    };

    const onAbort = (): void => fail('aborted');
    const deadlineTimer = setTimeout(() => fail('deadline'), options.deadlineMs);
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) {
      fail('aborted');
      return;
    }
    if (addresses.length === 0) {
      fail('all-failed');
      return;
    }
    startNext();
  });
}
