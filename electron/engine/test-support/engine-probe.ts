import { vi } from 'vitest';

import type { SessionPhase } from '../../../shared/errors';
import type { MailtapError } from '../../../shared/errors';
import type { OutputEntry, SendLineResult, SessionSnapshot } from '../../../shared/session';
import { silentLogger, type Logger } from '../logger';
import type { NetworkAccess } from '../session';
import { SessionHub } from '../session-hub';

/**
 * A hub with everything it emits recorded per session, plus polling helpers. Acknowledges output
 * at once unless `autoAcknowledge` is false, like a renderer that writes instantly.
 */
export class EngineProbe {
  readonly hub: SessionHub;
  readonly entries = new Map<string, OutputEntry[]>();
  readonly states = new Map<string, SessionSnapshot[]>();
  autoAcknowledge = true;

  /** `network` replaces the resolver or the socket factory, for faults loopback cannot show. */
  constructor(logger: Logger = silentLogger, network: NetworkAccess = {}) {
    this.hub = new SessionHub(logger, network);
    this.hub.onOutput((batch) => {
      const list = this.entries.get(batch.sessionId) ?? [];
      list.push(...batch.entries);
      this.entries.set(batch.sessionId, list);
      if (this.autoAcknowledge) {
        this.hub.acknowledge(batch.sessionId, batch.serverBytes);
      }
    });
    this.hub.onState((snapshot) => {
      const list = this.states.get(snapshot.sessionId) ?? [];
      list.push(snapshot);
      this.states.set(snapshot.sessionId, list);
    });
  }

  latest(sessionId: string): SessionSnapshot | undefined {
    return this.states.get(sessionId)?.at(-1);
  }

  /** Server bytes received so far, as Latin-1 text. */
  serverText(sessionId: string): string {
    return (this.entries.get(sessionId) ?? [])
      .filter((entry) => entry.kind === 'server')
      .map((entry) => Buffer.from(entry.bytes).toString('latin1'))
      .join('');
  }

  clientLines(sessionId: string): string[] {
    return (this.entries.get(sessionId) ?? []).flatMap((entry) =>
      entry.kind === 'client' ? [entry.text] : [],
    );
  }

  notes(sessionId: string): string[] {
    return (this.entries.get(sessionId) ?? []).flatMap((entry) =>
      entry.kind === 'note' ? [entry.text] : [],
    );
  }

  async waitForPhase(
    sessionId: string,
    phase: SessionPhase,
    timeout = 15_000,
  ): Promise<SessionSnapshot> {
    await vi.waitFor(
      () => {
        const current = this.latest(sessionId)?.phase;
        if (current !== phase) {
          const error = this.latest(sessionId)?.error;
          throw new Error(
            `phase is ${current ?? 'unknown'}, waiting for ${phase}${error ? ` (${error.code}: ${error.message})` : ''}`,
          );
        }
      },
      { timeout, interval: 10 },
    );
    return this.latest(sessionId)!;
  }

  async waitForServerText(sessionId: string, pattern: RegExp, timeout = 15_000): Promise<void> {
    await vi.waitFor(
      () => {
        if (!pattern.test(this.serverText(sessionId))) {
          throw new Error(
            `server output does not match ${pattern}:\n${this.serverText(sessionId)}`,
          );
        }
      },
      { timeout, interval: 10 },
    );
  }

  dispose(): void {
    this.hub.dispose();
  }
}

/** Returns the error of a line the engine did not send; throws when it was sent. */
export function refusalOf(result: SendLineResult): MailtapError {
  if (result.sent) {
    throw new Error('the engine sent the line, but the test expected it to be refused');
  }
  return result.error;
}
