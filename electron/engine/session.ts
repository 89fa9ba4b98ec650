import type net from 'node:net';

import type { ChainReport } from '../../shared/certificates/model';
import { makeError } from '../../shared/errors';
import type {
  TranscriptExport,
  TranscriptExportOptions,
  TranscriptPage,
} from '../../shared/transcript';
import { exportTranscript } from '../../shared/transcript-export/export-transcript';

import { ConnectFailure } from './connect';
import { CLOSE_GRACE_MS } from './limits';
import { openSessionSocket } from './session-connect';
import { SessionAbort } from './session-core';
import { SessionUserInput } from './session-user-input';
import type { Transcript } from './transcript';
import { TlsFailure } from './tls-session';

export type { NetworkAccess } from './session-connect';
export type { SessionHooks } from './session-core';

/**
 * One connection to one server: DNS, TCP, TLS, the greeting, an optional STARTTLS dialogue, then
 * the user's lines. It owns its socket, timers and listeners, and `dispose()` releases them all.
 */
export class Session extends SessionUserInput {
  private disposed = false;

  /** True while flow control has stopped reading the socket. */
  get readingPaused(): boolean {
    return this.batcher.isPaused;
  }

  /** Server bytes emitted to the renderer and not yet acknowledged. */
  get unacknowledgedBytes(): number {
    return this.batcher.unacknowledgedBytes;
  }

  /** Server bytes received since the session started, for diagnostics and tests. */

  get serverBytesReceived(): number {
    return this.receivedBytes;
  }

  /** Bytes read from the TCP socket, TLS records included, e.g. during a handshake. */
  get rawBytesRead(): number {
    return this.socket?.bytesRead ?? 0;
  }

  /** The certificate analysis of the session's TLS handshake, or null before TLS. */
  get certificates(): ChainReport | null {
    return this.chainReport;
  }

  get transcriptRecords(): Transcript['records'] {
    return this.transcript.records;
  }

  /**
   * Server bytes this session keeps in memory: transcript, reply tracking and output not yet
   * sent to the renderer. Each part has its own cap in the session limits.
   */
  get retainedServerBytes(): { transcript: number; tracking: number; pendingOutput: number } {
    return {
      transcript: this.transcript.keptByteCount,
      tracking: this.driver.bufferedByteCount,
      pendingOutput: this.batcher.pendingServerByteCount,
    };
  }

  /** Runs the connection lifecycle; failures end the session with an error instead of throwing. */
  async start(): Promise<void> {
    try {
      await this.run();
    } catch (error) {
      if (
        error instanceof SessionAbort ||
        error instanceof ConnectFailure ||
        error instanceof TlsFailure
      ) {
        this.fail(error.error);
        return;
      }
      this.logger.error('session failed unexpectedly', { error: String(error) });
      this.fail(makeError('INTERNAL_ERROR', { ...this.context(), detail: String(error) }));
    }
  }

  private async run(): Promise<void> {
    const { host, port } = this.options;
    const socket = await openSessionSocket(
      this.options,
      this.hooks.network ?? {},
      this.abort.signal,
      {
        note: (level, text) => this.note(level, text),
        onConnecting: () => this.setPhase('connecting'),
      },
    );
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.attachPlainSocket(socket);
    this.note(
      'info',
      `Connected to ${socket.remoteAddress ?? '?'}:${socket.remotePort ?? port} from ${socket.localAddress ?? '?'}:${socket.localPort ?? '?'}.`,
    );
    this.logger.info('connected', { host, port, address: socket.remoteAddress });

    if (this.options.security === 'tls') {
      await this.upgrade(false);
    }
    if (this.driver.expectsGreeting) {
      this.setPhase('greeting');
      await this.awaitGreeting();
    }
    if (this.options.security === 'starttls') {
      this.setPhase('starttls');
      await this.runStarttlsDialogue();
    }
    this.setPhase('ready');
  }

  private attachPlainSocket(socket: net.Socket): void {
    this.socket = socket;
    this.remoteAddress = socket.remoteAddress ?? null;
    socket.on('data', this.onPlainData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onSocketError);
    socket.on('close', this.onSocketClose);
    this.touchIdle();
  }

  transcriptPage(from: number | null, maxBytes: number): TranscriptPage {
    return this.transcript.page(from, maxBytes);
  }

  exportTranscript(options: TranscriptExportOptions): TranscriptExport {
    const { host, port, protocol, security } = this.options;
    return exportTranscript(
      this.transcript.records,
      { host, port, protocol, security },
      this.transcript.loss,
      options,
      Date.now(),
    );
  }

  acknowledge(byteCount: number): void {
    this.batcher.acknowledge(byteCount);
  }

  /** Closes the connection at the user's request: FIN (and TLS close_notify), then a hard close. */
  close(): void {
    if (this.closed) {
      return;
    }
    this.abort.abort();
    const stream = this.activeStream();
    this.finish('Closed by you.', null);
    if (stream !== null && !stream.destroyed) {
      stream.end();
      this.closeTimer = setTimeout(() => stream.destroy(), CLOSE_GRACE_MS);
      stream.once('close', () => this.clearCloseTimer());
    }
  }

  /** Releases the socket, timers and listeners. Safe to call more than once. */
  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    if (!this.closed) {
      this.abort.abort();
      this.finish('The session was disposed.', null);
    }
    this.batcher.flush();
    this.batcher.dispose();
    this.clearIdle();
    this.clearCloseTimer();
    for (const stream of [this.secure, this.socket]) {
      if (stream !== null) {
        stream.removeAllListeners('data');
        stream.destroy();
      }
    }
  }
}
