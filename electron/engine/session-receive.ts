import type { ProtocolId } from '../../shared/presets';
import type { LastReply } from '../../shared/session';
import { makeError } from '../../shared/errors';
import type { ServerReply } from '../../shared/protocol/reply';
import { replySummary } from '../../shared/protocol/reply';
import { looksLikeTlsRecord, silentGreetingHint, tlsRecordHint } from './implicit-tls-hints';
import { GREETING_SILENCE_HINT_MS, MAX_FRAMING_WARNINGS } from './limits';
import { SessionAbort, SessionCore } from './session-core';
import { TlsFailure } from './tls-session';

/** Pairs listed in one note about replies that arrived together; the rest are counted. */
const MAX_PAIRED_REPLIES_SHOWN = 10;
/** Characters of a reply line quoted in that note. */
const MAX_PAIRED_LINE_CHARS = 80;

/** The commands that log in, per protocol, and the status of their success. */
const LOGIN_SUCCESS: Readonly<Record<ProtocolId, { commands: readonly string[]; status: string }>> =
  {
    smtp: { commands: ['AUTH'], status: '235' },
    imap: { commands: ['LOGIN', 'AUTHENTICATE'], status: 'OK' },
    pop3: { commands: ['PASS', 'APOP', 'AUTH'], status: '+OK' },
    raw: { commands: [], status: '' },
  };

function isLoginSuccess(protocol: ProtocolId, reply: LastReply): boolean {
  const success = LOGIN_SUCCESS[protocol];
  return (
    reply.command !== null &&
    success.commands.includes(reply.command) &&
    reply.status.toUpperCase() === success.status
  );
}

function shorten(line: string): string {
  return line.length > MAX_PAIRED_LINE_CHARS ? `${line.slice(0, MAX_PAIRED_LINE_CHARS)}…` : line;
}

const STARTTLS_REQUIRED_DETAIL =
  'Security is set to STARTTLS, so the session was closed before anything else was sent. To ' +
  'test this server unencrypted, connect again with Security set to Plain.';

const LF = 0x0a;

/** Says what followed a STARTTLS go-ahead in the same read, naming only what is there. */
function describeInjection(extraReplies: number, extraBytes: number): string {
  const parts: string[] = [];
  if (extraReplies > 0) {
    parts.push(extraReplies === 1 ? '1 more reply' : `${extraReplies} more replies`);
  }
  if (extraBytes > 0) {
    parts.push(`${extraBytes} ${extraBytes === 1 ? 'byte' : 'bytes'} of an incomplete reply`);
  }
  return `After the go-ahead, the same read contained ${parts.join(' and ')}.`;
}

/** The receive path of a session: socket events, server bytes, replies and the greeting. */
export abstract class SessionReceiver extends SessionCore {
  /** True once the server ended its side of the connection (TCP FIN, or TLS close_notify). */
  private serverEnded = false;
  /** True once the warning about a repeated credential was shown. */
  private echoNoted = false;

  protected readonly onPlainData = (chunk: Buffer): void => this.receive(chunk);

  protected readonly onSecureData = (chunk: Buffer): void => this.receive(chunk);

  protected readonly onEnd = (): void => {
    this.serverEnded = true;
    this.note('info', 'The server closed the connection.');
  };

  protected readonly onSocketError = (error: NodeJS.ErrnoException): void => {
    if (this.serverEnded) {
      // After the server's end, a write can only fail: EPIPE, a reset from a server process
      // that is gone, or TLS sending close_notify after the end. The close is what happened.
      this.logger.info('socket error after the server closed', { code: error.code ?? 'unknown' });
      this.onSocketClose();
      return;
    }
    const code = error.code === 'ECONNRESET' ? 'CONNECTION_RESET' : 'SOCKET_ERROR';
    this.fail(
      makeError(code, { ...this.context(), detail: `${error.code ?? 'Error'}: ${error.message}` }),
    );
  };

  protected readonly onSocketClose = (): void => {
    if (this.closed) {
      return;
    }
    if (this.phase === 'ready') {
      this.finish('The server closed the connection.', null);
      return;
    }
    this.fail(
      makeError('CONNECTION_CLOSED', {
        ...this.context(),
        detail: 'It closed before the session was ready.',
      }),
    );
  };

  protected receive(chunk: Buffer): void {
    if (this.closed) {
      return;
    }
    // Only a complete line counts as activity, so trickled bytes cannot hold the session open.
    if (chunk.includes(LF)) {
      this.touchIdle();
    }
    if (this.receivedBytes === 0 && this.secure === null && looksLikeTlsRecord(chunk)) {
      this.note('warning', tlsRecordHint(chunk));
    }
    this.receivedBytes += chunk.length;
    this.recordServerBytes(chunk);

    // The parsers read the bytes as received. Only what is shown or saved is masked.
    const replies = this.driver.receive(chunk);
    for (let index = 0; index < replies.length; index++) {
      const reply = replies[index]!;
      const upgradeStarts = this.handleReply(reply);
      if (!upgradeStarts) {
        continue;
      }
      // The go-ahead must be the last thing the server sent in plaintext: anything after it
      // in the same read arrived before the handshake and could only be an injection.
      const extraReplies = replies.length - index - 1;
      const extraBytes = this.driver.bufferedByteCount;
      if (extraReplies > 0 || extraBytes > 0) {
        this.capabilities = null;
        this.fail(
          makeError('STARTTLS_INJECTION', {
            ...this.context(),
            reply: replySummary(reply),
            detail: describeInjection(extraReplies, extraBytes),
          }),
        );
        return;
      }
      void this.upgrade(true).then(
        () => this.upgradeWaiter?.resolve(),
        (error: unknown) => {
          const failure =
            error instanceof TlsFailure
              ? error.error
              : makeError('INTERNAL_ERROR', { detail: String(error) });
          this.fail(failure);
        },
      );
      return;
    }
    this.notePairedReplies(replies);
    this.pumpInput();
  }

  /**
   * Pairs replies that arrived in one read with their commands. Pipelined SMTP and POP3 replies
   * come this way, and a user reading `250`, `550`, `554` in a row cannot tell which is whose.
   * IMAP replies carry their tags and need no pairing.

   */
  private notePairedReplies(replies: readonly ServerReply[]): void {
    if (this.options.protocol !== 'smtp' && this.options.protocol !== 'pop3') {
      return;
    }
    const pairs = replies.flatMap((reply) => {
      const described = this.driver.describeReply(reply);
      // Masked before shortening, so a cut cannot leave part of an echoed credential behind.
      const line = described === null ? '' : shorten(this.echoes.maskText(described.line));
      return described?.command ? [`${described.command} → ${line}`] : [];
    });
    if (pairs.length < 2) {
      return;
    }
    const shown = pairs.slice(0, MAX_PAIRED_REPLIES_SHOWN);
    const more = pairs.length > shown.length ? `; and ${pairs.length - shown.length} more` : '';
    this.note('info', `${pairs.length} replies arrived together: ${shown.join('; ')}${more}.`);
  }

  /**
   * Adds server bytes to the transcript and the terminal, with every credential the session sent
   * masked where the server repeats it, and warns the first time that happens.
   *
   * NOTE: a credential is found only whole within one read. When a read ends inside it, both
   * parts reach the terminal and the transcript unmasked. Servers send a short reply in one
   * write, so this needs a reply longer than a read, or a peer that trickles bytes.
   */
  private recordServerBytes(chunk: Buffer): void {
    const time = Date.now();
    const tls = this.secure !== null;
    const masked = this.echoes.mask(chunk);
    if (masked === null) {
      this.transcript.add({ kind: 'server', time, tls, bytes: chunk });
      this.batcher.push({ kind: 'server', bytes: chunk });
      return;
    }

    // A read that also repeats a credential sent while keeping was off stays masked everywhere.
    this.transcript.add({
      kind: 'server',
      time,
      tls,
      bytes: masked.shown,
      masked: true,
      ...(masked.allKept ? { unmasked: chunk } : {}),
    });
    this.batcher.push({ kind: 'server', bytes: masked.shown });
    if (!this.echoNoted) {
      this.echoNoted = true;
      this.note(
        'warning',
        "The server's reply repeats a credential you sent; it is masked here and in exports.",
      );
    }
  }

  /** Applies one reply to the session state. Returns true when it is a STARTTLS go-ahead. */
  protected handleReply(reply: ServerReply): boolean {
    if (this.greeting === null && this.driver.expectsGreeting) {
      this.greeting = reply;
      const resolve = this.greetingWaiter;
      this.greetingWaiter = null;
      resolve?.(reply);
    }

    this.noteFraming(reply);

    const described = this.driver.describeReply(reply);

    if (described !== null) {
      this.lastReply = { ...described, line: this.echoes.maskText(described.line) };
      this.replyCount++;
      // Set before reading capabilities: Dovecot lists new ones in its reply to LOGIN itself.
      this.loggedIn ||= isLoginSuccess(this.options.protocol, described);
    }

    const keywords = this.driver.capabilitiesFrom(reply);
    if (keywords !== null) {
      this.capabilities = {
        keywords,
        underTls: this.secure !== null,
        source: this.driver.capabilitySource(reply),
        ...(this.loggedIn ? { afterLogin: true } : {}),
      };

      this.emitState();
    }

    if (this.auth?.running === true) {
      this.auth.handle(reply);
    }

    const waiter = this.replyWaiters[0];
    if (waiter !== undefined && this.driver.completes(reply, waiter.command)) {
      this.replyWaiters.shift();
      waiter.resolve(reply);
    }

    if (this.pendingStarttls === null || this.secure !== null) {
      return false;
    }
    const verdict = this.driver.classifyStarttlsReply(reply, this.pendingStarttls);
    if (verdict === 'go-ahead') {
      return true;
    }
    if (verdict === 'unrelated') {
      this.repliesDuringUpgrade++;
    }
    if (verdict === 'rejected') {
      this.pendingStarttls = null;
      // STARTTLS chosen at connect ends the session on a refusal; typed or from the button, it
      // leaves the session open in plaintext.
      const sessionEnds = this.upgradeWaiter !== null && !this.starttlsActionRunning;
      const error = makeError('STARTTLS_REJECTED', {
        ...this.context(),
        reply: replySummary(reply),
        ...(sessionEnds ? { detail: STARTTLS_REQUIRED_DETAIL } : {}),
      });
      if (!sessionEnds) {
        this.note(
          'warning',
          `${error.message} The session stays open; credentials are blocked on this connection.`,
        );
      }

      this.emitState();
      this.upgradeWaiter?.reject(error);
    }
    return false;
  }

  protected awaitGreeting(): Promise<void> {
    const { greetingMs } = this.options.deadlines;
    const { signal } = this.abort;
    return new Promise<void>((resolve, reject) => {
      const stop = (): void => {
        clearTimeout(timer);
        clearTimeout(hintTimer);
        signal.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        stop();
        reject(new SessionAbort(makeError('SESSION_CLOSED', this.context())));
      };
      const timer = setTimeout(() => {
        stop();
        this.greetingWaiter = null;
        reject(
          new SessionAbort(
            makeError('GREETING_TIMEOUT', {
              ...this.context(),
              detail: this.greetingTimeoutDetail(greetingMs),
            }),
          ),
        );
      }, greetingMs);
      const hintTimer = setTimeout(() => this.noteSilentGreeting(), GREETING_SILENCE_HINT_MS);
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      const judge = (reply: ServerReply): void => {
        stop();
        const verdict = this.driver.classifyGreeting(reply);
        if (verdict === 'preauth' && this.options.security === 'starttls') {
          reject(
            new SessionAbort(
              makeError('STARTTLS_PREAUTH', { ...this.context(), reply: replySummary(reply) }),
            ),
          );
          return;
        }
        if (verdict === 'rejected') {
          const error = makeError('GREETING_REJECTED', {
            ...this.context(),
            reply: replySummary(reply),
          });
          if (this.options.security === 'starttls') {
            reject(new SessionAbort(error));
            return;
          }
          this.note('warning', error.message);
        }
        resolve();
      };
      if (this.greeting === null) {
        this.greetingWaiter = judge;
      } else {
        judge(this.greeting);
      }
    });
  }

  /** Suggests implicit TLS when a plaintext server has sent nothing at all. */
  /** Shows a framing warning for a reply, up to MAX_FRAMING_WARNINGS per session. */
  private noteFraming(reply: ServerReply): void {
    const warning = this.driver.framingWarning?.(reply) ?? null;
    if (warning === null) {
      return;
    }
    this.framingWarnings++;
    if (this.framingWarnings < MAX_FRAMING_WARNINGS) {
      this.note('warning', warning);
    } else if (this.framingWarnings === MAX_FRAMING_WARNINGS) {
      this.note(
        'warning',
        `${warning} Further framing warnings on this session are not shown; the terminal and ` +
          'the Bytes view still show every byte.',
      );
    }
  }

  private noteSilentGreeting(): void {
    if (this.secure !== null) {
      return;
    }
    if (this.receivedBytes > 0) {
      const seconds = Math.round(GREETING_SILENCE_HINT_MS / 1000);
      const deadline = Math.round(this.options.deadlines.greetingMs / 1000);
      this.note(
        'warning',
        `The server has sent ${this.receivedBytes} byte(s) in ${seconds} s but no complete greeting line. The console waits for one until the greeting deadline (${deadline} s); press Disconnect to stop sooner.`,
      );
      return;
    }
    this.note('warning', silentGreetingHint(this.options.port, GREETING_SILENCE_HINT_MS));
  }

  private greetingTimeoutDetail(greetingMs: number): string {
    if (this.receivedBytes > 0) {
      return `The server sent ${this.receivedBytes} byte(s) in ${greetingMs} ms, but no complete greeting line.`;
    }
    if (this.secure !== null) {
      return `Nothing arrived in ${greetingMs} ms after the TLS handshake.`;
    }
    return `Nothing arrived in ${greetingMs} ms. ${silentGreetingHint(this.options.port, greetingMs)}`;
  }

  /** Starts TLS on the connected socket, after a STARTTLS go-ahead or for implicit TLS. */
  protected abstract upgrade(viaStarttls: boolean): Promise<void>;
}
