import { makeError, type MailtapError } from '../../shared/errors';
import { replySummary } from '../../shared/protocol/reply';
import type { AuthRequest } from '../../shared/sasl/types';
import type { SendLineResult } from '../../shared/session';
import { SECRET_MASK } from '../../shared/protocol/secrets';
import { escapeBytes } from '../../shared/bytes/byte-escapes';
import { AuthExchange } from './auth/auth-exchange';
import { maskExactBytes, splitExactBytes } from './exact-bytes';
import {
  checkCredential,
  checkInput,
  exactBytesStartAuthentication,
  type InputPolicyState,
} from './session-input';
import { SessionUpgrade } from './session-upgrade';
import { messageContentWarning, typedLineWarning } from './typing-warnings';

/**
 * The user's input to a session: typed lines, exact bytes, the auth helper's exchange, the

 * STARTTLS action and the acceptance of an untrusted certificate.
 */
export abstract class SessionUserInput extends SessionUpgrade {
  private autoTagNoted = false;
  /**
   * The start of a line that an exact-bytes send left without LF. A typed line completes it on
   * the wire, so credentials are checked and masked on the joined line.
   * NOTE: the driver still tracks the typed line as a command of its own, and a line the engine
   * sends itself (the STARTTLS action's EHLO) is not joined.

   */
  private unfinishedExactLine = '';

  /**
   * Accepts one line typed by the user. It goes out at once unless the protocol makes it wait for
   * a reply (see InputQueue). Either way it appears in the terminal when it is written.
   */
  sendLine(text: string): SendLineResult {
    // The driver masks exactly the parts of a line that are secrets.
    const carriesSecret = this.carriesSecret(text) || this.carriesSecret(this.joinedLine(text));
    const refusal = this.checkInput(text, carriesSecret) ?? this.checkQueue();
    if (refusal !== null) {
      return { sent: false, error: refusal };
    }
    this.noteTypingMistakes(text);
    this.input.submit(text, false);

    this.emitInputStateIfChanged();
    return { sent: true };
  }

  /** Warns about typed lines that servers reject for a known reason; the line still goes out. */
  private noteTypingMistakes(text: string): void {
    const warning = typedLineWarning(this.options.protocol, text, this.localAddressLiteral());
    if (warning !== null) {
      this.note('warning', warning);
    }
  }

  /** Returns a line as the terminal would show it if it were sent now, with credentials masked. */

  displayOf(text: string): string {
    return this.driver.prepare(text).display;
  }

  /**
   * Starts the auth helper's exchange. It sends the first line and then responds to each of the
   * server's challenges itself, while typed input waits until the exchange ends.
   */
  /** Stops a running auth helper exchange at the user's request; typed lines go out again. */
  stopAuth(): void {
    if (this.auth?.running === true) {
      this.auth.stop();
      this.pumpInput();
    }
  }

  startAuth(request: AuthRequest): SendLineResult {
    const refusal = this.authStartRefusal();
    if (refusal !== null) {
      return { sent: false, error: refusal };
    }
    const { protocol, host, port, deadlines } = this.options;
    if (protocol === 'raw') {
      return { sent: false, error: makeError('AUTH_UNSUPPORTED', this.context()) };
    }
    const created = AuthExchange.create(
      {
        request,
        target: {
          protocol,
          host,
          port,
          keywords: this.capabilities?.keywords ?? null,
          underTls: this.secure !== null,
        },
        greeting: this.greeting === null ? null : replySummary(this.greeting),
        replyMs: deadlines.replyMs,
      },
      {
        write: (line) => this.writeLine(line.text, true, line.display),
        note: (level, text) => this.note(level, text),
        changed: () => this.emitState(),
      },
    );
    if (!created.ok) {
      const detail = created.problem;
      return { sent: false, error: makeError('AUTH_INVALID_INPUT', { ...this.context(), detail }) };
    }
    this.auth?.dispose();
    this.auth = created.exchange;
    created.exchange.start();
    return { sent: true };
  }

  /**
   * Returns why the auth helper cannot start now, or null when it can. Callers that must fetch
   * the secret first ask this before, so a refused exchange never decrypts a stored password.
   */
  authStartRefusal(): MailtapError | null {
    // Typed lines still waiting for replies would be overtaken by the exchange's first line.
    // Every exchange of the helper sends credentials, so the credential policy applies to it.
    const refusal = this.checkInput('', true) ?? this.checkNothingHeld();
    if (refusal !== null) {
      return refusal;
    }
    return this.options.protocol === 'raw' ? makeError('AUTH_UNSUPPORTED', this.context()) : null;
  }

  /**
   * Upgrades the session at the user's request with the dialogue of STARTTLS at connect:
   * capabilities when none are known, STARTTLS, and capabilities again under TLS. A refusal, or a
   * server that does not offer STARTTLS, leaves the session open in plaintext with credentials
   * blocked. An injection or a failed handshake ends the session, as at connect.
   */
  requestStarttls(): SendLineResult {
    const command = this.driver.starttlsCommand();
    if (command === null) {
      return { sent: false, error: makeError('STARTTLS_UNSUPPORTED', this.context()) };
    }
    if (this.secure !== null) {
      return { sent: false, error: makeError('ALREADY_TLS', this.context()) };
    }
    const refusal = this.checkInput(command, false) ?? this.checkNothingHeld();
    if (refusal !== null) {
      return { sent: false, error: refusal };
    }

    // The user asked for TLS, so lines with credentials wait for it from now on.
    this.starttlsRequested = true;
    const notOffered = this.capabilities === null ? null : this.starttlsNotOffered();
    if (notOffered !== null) {
      return { sent: false, error: notOffered };
    }
    this.starttlsActionRunning = true;
    this.emitState();
    void this.runStarttlsAction();
    return { sent: true };
  }

  /**
   * Refuses lines behind a held STARTTLS: what to send next depends on whether the upgrade works,
   * so they stay in the command box. Also caps the number of held lines.
   */
  private checkQueue(): MailtapError | null {
    const context = this.context();
    const starttls = (line: string): boolean =>
      this.driver.prepare(line).starttls !== null || /^\s*(STARTTLS|STLS)\s*$/i.test(line);
    if (this.input.holds(starttls)) {
      return makeError('INPUT_HELD_FOR_STARTTLS', {
        ...context,
        detail: 'A STARTTLS line is waiting for a reply; send the next lines after the upgrade.',
      });
    }
    if (this.input.isFull) {
      return makeError('INPUT_TOO_LONG', {
        ...context,
        detail: `${this.input.size} lines are already waiting for replies from the server.`,
      });
    }
    return null;
  }

  /** Refuses exact bytes while typed lines wait for replies, since the bytes would overtake them. */
  private checkNothingHeld(): MailtapError | null {
    if (this.input.size === 0) {
      return null;
    }
    return makeError('INPUT_NOT_READY', {
      ...this.context(),
      detail: `${this.input.size} typed line(s) are still waiting for replies; send the bytes after them.`,
    });
  }
  /** Writes a typed line, adding an IMAP tag the user left out; the terminal shows the tag. */
  protected override writeTypedLine(line: string, automatic: boolean): void {
    const completed = automatic ? null : this.driver.completeInput(line);
    if (completed !== null && !this.autoTagNoted) {
      this.autoTagNoted = true;
      this.note(
        'info',
        `Every IMAP command starts with a tag, so Mailtap added one: "${completed.split(' ')[0] ?? ''}". Type your own tag to choose it.`,
      );
    }
    const full = completed ?? line;
    const joined = automatic ? full : this.joinedLine(full);
    const joinedSecret = joined !== full && this.carriesSecret(joined);
    // A held line is checked again: a SASL response typed before its AUTH went out is recognised
    // as a credential only now, and an IMAP tag added here can turn a line into LOGIN.
    if (!automatic && (this.carriesSecret(full) || joinedSecret)) {
      const refusal = checkCredential(this.inputPolicyState(), this.context());
      if (refusal !== null) {
        this.note('warning', `A held line with a credential was not sent. ${refusal.message}`);
        return;
      }
    }
    const contentWarning =
      !automatic && this.driver.inMessageBody ? messageContentWarning(full) : null;
    if (contentWarning !== null) {
      this.note('warning', contentWarning);
    }
    if (joined !== full) {
      this.unfinishedExactLine = '';

      this.note(
        'info',
        `This line ends the line that the exact bytes before it left open, so the server receives one line: ${this.driver.prepare(joined).display}`,
      );
    }
    this.writeLine(full, automatic, joinedSecret ? SECRET_MASK : undefined);
  }

  private carriesSecret(line: string): boolean {
    return this.driver.prepare(line).display !== line;
  }

  /** Returns a typed line as the server will read it: after any line exact bytes left open. */
  private joinedLine(line: string): string {
    return `${this.unfinishedExactLine}${line}`;
  }

  /**
   * Accepts the current untrusted certificate for credentials on this session. The fingerprint
   * must be the leaf's, so a certificate the user never saw cannot be accepted.
   */
  acceptCertificate(fingerprint: string): MailtapError | null {
    const current = this.tlsSummary?.leafFingerprint256 ?? null;
    if (this.closed) {
      return makeError('SESSION_CLOSED', this.context());
    }
    if (current === null || current !== fingerprint.toUpperCase()) {
      return makeError('CERTIFICATE_NOT_ACCEPTED', {
        ...this.context(),
        detail: `Received ${fingerprint}; the session's certificate is ${current ?? 'absent'}.`,
      });
    }
    this.acceptedFingerprint = current;
    this.note('warning', `You accepted certificate SHA-256 ${current} for credentials.`);
    this.logger.info('certificate accepted by user', { fingerprint: current });
    this.emitState();
    return null;
  }

  /** Applies the input policy of session-input.ts; `exactByteCount` is set for exact bytes. */
  private checkInput(
    text: string,
    carriesSecret: boolean,
    exactByteCount: number | null = null,
  ): MailtapError | null {
    return checkInput(this.inputPolicyState(), text, carriesSecret, this.context(), exactByteCount);
  }

  private inputPolicyState(): InputPolicyState {
    return {
      phase: this.phase,
      upgrading: this.pendingStarttls !== null || this.starttlsActionRunning,
      authRunning: this.auth?.running === true,
      tlsRequested: this.options.security !== 'plain' || this.starttlsRequested,
      tls: this.tlsSummary,
      acceptedFingerprint: this.acceptedFingerprint,
      maxInputLineBytes: this.options.limits.maxInputLineBytes,
      earlyBytesAllowed: this.options.security !== 'starttls',
    };
  }

  /**
   * Sends bytes exactly as given, with no CRLF added, for testing how a server treats line
   * endings, NUL and the like. Each line inside is masked and tracked like a typed line.
   */
  sendBytes(bytes: Uint8Array): SendLineResult {
    const { protocol } = this.options;
    // A dry run finds credentials without telling the driver, so a refused send changes nothing.
    const preview = maskExactBytes(bytes, protocol, this.driver, this.unfinishedExactLine, false);
    const carriesSecret = preview.masked || exactBytesStartAuthentication(bytes);
    const refusal =
      this.checkInput('', carriesSecret, bytes.length) ??
      this.checkNothingHeld() ??
      this.checkStarttlsTypeAhead(bytes);
    if (refusal !== null) {
      return { sent: false, error: refusal };
    }

    const result = maskExactBytes(
      bytes,
      this.options.protocol,
      this.driver,
      this.unfinishedExactLine,
    );
    this.unfinishedExactLine = result.unfinishedLine;
    for (const line of result.maskedLines) {
      this.echoes.rememberLine(line.text, line.display, this.keepingCredentials);
    }
    for (const starttls of result.starttls) {
      this.noteStarttls(starttls);
    }

    this.activeStream()?.write(Buffer.from(bytes));
    this.touchIdle();
    if (this.phase === 'greeting') {
      this.note(
        'warning',
        "Sent before the server's greeting. Servers that check for clients that talk first (Postfix postscreen's pregreet test, Exim's synchronization check, Sendmail's greet_pause) may reject or drop the connection.",
      );
    }
    this.note('info', `Sent ${bytes.length} exact byte(s), with no CRLF added:`);

    this.transcript.add({
      kind: 'client-bytes',
      time: Date.now(),
      tls: this.secure !== null,
      bytes: result.shown,
      ...(this.keepingCredentials && result.masked ? { unmasked: Uint8Array.from(bytes) } : {}),
    });
    this.batcher.push({ kind: 'client', text: escapeBytes(result.shown), automatic: false });
    if (result.unfinishedLine !== '') {
      this.note(
        'info',
        'The last line has no line ending yet, so the next line you send continues it on the server.',
      );
    }
    return { sent: true };
  }

  /**
   * Rejects exact bytes that go on after a STARTTLS command: they would reach the server in
   * plaintext before the handshake, which is the type-ahead that typed lines are held for.
   */
  private checkStarttlsTypeAhead(bytes: Uint8Array): MailtapError | null {
    const segments = splitExactBytes(bytes, this.options.protocol);
    const starttlsIndex = segments.findIndex(
      (segment) => segment.complete && this.driver.prepare(segment.text).starttls !== null,
    );
    if (starttlsIndex < 0 || starttlsIndex === segments.length - 1) {
      return null;
    }
    return makeError('INPUT_HELD_FOR_STARTTLS', {
      ...this.context(),
      detail: 'Bytes follow the STARTTLS command; send them once TLS is up.',
    });
  }

  /**
   * Turns keeping of real credentials on or off for lines sent from now on. Kept copies live in
   * this session's memory only and leave it only in an export that requests them.
   */
  keepCredentials(keep: boolean): void {
    this.keepingCredentials = keep;
    this.note(
      keep ? 'warning' : 'info',
      keep
        ? 'Credentials sent from now on are kept in memory so that an export can include them on request.'
        : 'Credentials sent from now on are no longer kept; copies kept earlier remain until the session is removed.',
    );
  }

  get keepsCredentials(): boolean {
    return this.keepingCredentials;
  }
}
