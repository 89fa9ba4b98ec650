import { describeError, makeError, type MailtapError } from '../../shared/errors';
import type { ServerReply } from '../../shared/protocol/reply';
import { replySummary } from '../../shared/protocol/reply';
import type { TlsSummary } from '../../shared/session';
import { SessionAbort } from './session-core';
import { SessionReceiver } from './session-receive';
import { startTls } from './tls-session';
import { describeUntrusted } from './untrusted-certificate';

/** The STARTTLS dialogue and the TLS upgrade of a session's socket. */
export abstract class SessionUpgrade extends SessionReceiver {
  /** Runs the protocol's upgrade dialogue, like `openssl s_client -starttls`, and shows every line. */
  protected async runStarttlsDialogue(): Promise<void> {
    // SMTP always needs EHLO first; IMAP may have announced capabilities in its greeting.
    await this.upgradeWithStarttls(this.capabilities === null || this.options.protocol === 'smtp');
  }

  /**
   * Requests capabilities when `askCapabilities` is true, sends STARTTLS when the server offers
   * it, waits for the handshake and requests capabilities again under TLS. Every failure throws
   * SessionAbort, and the caller decides whether it ends the session.
   */
  protected async upgradeWithStarttls(askCapabilities: boolean): Promise<void> {
    if (askCapabilities) {
      const reply = await this.sendAndWait(this.driver.capabilityCommand(this.ehloArgument()));
      if (this.capabilities === null) {
        throw new SessionAbort(
          makeError('STARTTLS_NOT_OFFERED', { ...this.context(), reply: replySummary(reply) }),
        );
      }
    }
    const notOffered = this.starttlsNotOffered();
    if (notOffered !== null) {
      throw new SessionAbort(notOffered);
    }
    const upgraded = new Promise<void>((resolve, reject) => {
      this.upgradeWaiter = { resolve, reject: (error) => reject(new SessionAbort(error)) };
    });
    const command = this.driver.starttlsCommand();
    if (command === null) {
      throw new SessionAbort(makeError('STARTTLS_UNSUPPORTED', this.context()));
    }
    this.writeLine(command, true);
    await this.withReplyDeadline(upgraded, command);
    this.upgradeWaiter = null;
    await this.sendAndWait(this.driver.capabilityCommand(this.ehloArgument()));
  }

  protected async sendAndWait(line: string): Promise<ServerReply> {
    const command = this.writeLine(line, true);
    const reply = new Promise<ServerReply>((resolve) => {
      this.replyWaiters.push({ command, resolve });
    });
    return this.withReplyDeadline(reply, line);
  }

  /** Returns STARTTLS_NOT_OFFERED with the capabilities the server listed, or null when it offers STARTTLS. */
  protected starttlsNotOffered(): MailtapError | null {
    const keywords = this.capabilities?.keywords ?? [];
    if (this.driver.offersStarttls(keywords)) {
      return null;
    }
    const detail =
      keywords.length === 0
        ? 'The server listed no capabilities.'
        : `The server listed: ${keywords.join(', ')}.`;
    return makeError('STARTTLS_NOT_OFFERED', { ...this.context(), detail });
  }

  /**
   * Races a wait against the reply deadline. A session that ends meanwhile settles the wait at
   * once with SESSION_CLOSED, so that no timer outlives the session.
   */
  protected withReplyDeadline<T>(promise: Promise<T>, line: string): Promise<T> {
    const { replyMs } = this.options.deadlines;
    const { signal } = this.abort;
    let timer: NodeJS.Timeout | undefined;
    let onAbort = (): void => undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      onAbort = () => reject(new SessionAbort(makeError('SESSION_CLOSED', this.context())));
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(() => {
        reject(
          new SessionAbort(
            makeError('REPLY_TIMEOUT', {
              ...this.context(),
              command: line,
              detail: `Waited ${replyMs} ms.`,
            }),
          ),
        );
      }, replyMs);
    });
    return Promise.race([promise, timeout]).finally(() => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    });
  }

  /** Starts TLS on the connected socket, after a STARTTLS go-ahead or right away for implicit TLS. */
  protected override async upgrade(viaStarttls: boolean): Promise<void> {
    const socket = this.socket;
    if (socket === null) {
      throw new SessionAbort(makeError('INTERNAL_ERROR', { detail: 'No socket to upgrade.' }));
    }
    const previousPhase = this.phase;
    this.setPhase('tls-handshake');
    // Nothing learned in plaintext survives the upgrade; the list is kept only to compare, as stale.
    if (viaStarttls && this.capabilities !== null) {
      this.capabilitiesBeforeTls = { ...this.capabilities, stale: true };
    }
    this.capabilities = null;
    if (viaStarttls) {
      this.driver.resetForTls();
    }
    if (this.repliesDuringUpgrade > 0) {
      this.note(
        'warning',
        `${this.repliesDuringUpgrade} response(s) arrived in plaintext between STARTTLS and its answer. TLS did not protect them, and nothing learned from them is kept.`,
      );
      this.repliesDuringUpgrade = 0;
    }
    socket.off('data', this.onPlainData);
    socket.off('end', this.onEnd);
    socket.off('error', this.onSocketError);
    socket.off('close', this.onSocketClose);
    socket.pause();
    // A stalled handshake shows no bytes, so this note makes it visible.
    this.note('info', 'Starting TLS handshake…');

    const { host, port, servername, verifyName, roots, deadlines } = this.options;
    const {
      socket: secure,
      summary,
      certificates,
    } = await startTls({
      socket,
      host,
      port,
      servername,
      verifyName,
      roots,
      deadlineMs: deadlines.handshakeMs,
      viaStarttls,
      legacyTls: this.options.legacyTls,
      signal: this.abort.signal,
    });
    if (this.closed) {
      secure.destroy();
      return;
    }
    this.secure = secure;
    this.tlsSummary = summary;
    this.acceptedFingerprint = null;
    this.chainReport = certificates;
    this.pendingStarttls = null;
    secure.on('data', this.onSecureData);
    secure.on('end', this.onEnd);
    secure.on('error', this.onSocketError);
    secure.on('close', this.onSocketClose);
    if (this.batcher.isPaused) {
      secure.pause();
    }
    this.transcript.add({ kind: 'tls-start', time: Date.now(), tls: true, summary });
    this.noteTls(summary);
    this.logger.info('tls established', { version: summary.version, trusted: summary.trusted });
    this.setPhase(previousPhase);
    this.pumpInput();
  }

  protected noteTls(summary: TlsSummary): void {
    const exchange = summary.keyExchange === null ? '' : `, ${summary.keyExchange}`;
    this.note(
      'info',
      `TLS established: ${summary.version}, ${summary.cipher}${exchange}. SNI: ${summary.sniSent ?? 'none'}.`,
    );
    this.note(
      'info',
      `Certificate: ${summary.leafSubject}; issued by ${summary.leafIssuer}; valid until ${summary.leafValidTo}; ${summary.certificateCount} sent.`,
    );
    if (summary.trusted) {
      this.note('info', summary.headline.text);
      return;
    }
    this.note(
      'warning',
      `Certificate NOT trusted for ${summary.verifyName}: ${describeUntrusted(summary)} The session continues for diagnosis.`,
    );
  }

  protected async runStarttlsAction(): Promise<void> {
    try {
      await this.upgradeWithStarttls(this.capabilities === null);
    } catch (error) {
      this.endStarttlsAction(error);
    } finally {
      this.starttlsActionRunning = false;
      if (!this.closed) {
        this.emitState();
        this.pumpInput();
      }
    }
  }

  /** Notes a refused or missing STARTTLS and keeps the session; any other failure ends it. */
  private endStarttlsAction(error: unknown): void {
    if (!(error instanceof SessionAbort)) {
      this.fail(makeError('INTERNAL_ERROR', { ...this.context(), detail: String(error) }));
      return;
    }
    if (error.error.code === 'STARTTLS_REJECTED') {
      // The receive path has already noted the refusal.
      return;
    }
    if (error.error.code === 'STARTTLS_NOT_OFFERED') {
      this.note(
        'warning',
        `${describeError(error.error)} The session stays unencrypted, and credentials are blocked on this connection.`,
      );
      return;
    }
    this.fail(error.error);
  }
}
