import type net from 'node:net';
import type tls from 'node:tls';

import {
  describeError,
  makeError,
  type MailtapError,
  type SessionPhase,
} from '../../shared/errors';
import type { ChainReport } from '../../shared/certificates/model';
import type { ServerReply } from '../../shared/protocol/reply';
import { replySummary } from '../../shared/protocol/reply';
import type { AuthRequest } from '../../shared/sasl/types';
import type {
  Capabilities,
  InputState,
  LastReply,
  OutputBatch,
  OutputEntry,
  SendLineResult,
  SessionSnapshot,
  TlsSummary,
} from '../../shared/session';
import { AuthExchange } from './auth/auth-exchange';
import { escapeBytes } from '../../shared/bytes/byte-escapes';
import type {
  TranscriptExport,
  TranscriptExportOptions,
  TranscriptPage,
} from '../../shared/transcript';
import { exportTranscript } from '../../shared/transcript-export/export-transcript';
import { ConnectFailure } from './connect';
import { InputQueue } from './input-queue';
import { childLogger, type Logger } from './logger';
import { CLOSE_GRACE_MS } from './limits';
import { OutputBatcher } from './output-batcher';
import { createDriver, type ProtocolDriver } from './protocols';
import type { PreparedLine, SentCommand, StarttlsCommand } from './protocols/driver';
import { openSessionSocket, type NetworkAccess } from './session-connect';
import {
  checkCredential,
  checkInput,
  exactBytesStartAuthentication,
  type InputPolicyState,
} from './session-input';
import type { ResolvedSessionOptions } from './session-options';
import { startTls, TlsFailure } from './tls-session';
import { maskExactBytes, splitExactBytes } from './exact-bytes';
import { Transcript } from './transcript';

export type { NetworkAccess } from './session-connect';

export interface SessionHooks {
  readonly emitOutput: (batch: OutputBatch) => void;
  readonly emitState: (snapshot: SessionSnapshot) => void;
  readonly logger: Logger;
  readonly network?: NetworkAccess;
}

/** Ends the session's lifecycle with a catalog error; thrown inside `run` and caught there. */
class SessionAbort extends Error {
  constructor(readonly error: MailtapError) {
    super(error.message);
  }
}

interface ReplyWaiter {
  readonly command: SentCommand;
  readonly resolve: (reply: ServerReply) => void;
}

const CRLF = Buffer.from('\r\n');
const LF = 0x0a;

/**
 * One connection to one server: DNS, TCP, TLS, the greeting, an optional STARTTLS dialogue, then
 * the user's lines. It owns its socket, timers and listeners, and `dispose()` releases them all.
 */
export class Session {
  private phase: SessionPhase = 'resolving';
  private socket: net.Socket | null = null;
  private secure: tls.TLSSocket | null = null;
  private remoteAddress: string | null = null;
  private tlsSummary: TlsSummary | null = null;
  private chainReport: ChainReport | null = null;
  private capabilities: Capabilities | null = null;
  /** The plaintext list at the moment of a STARTTLS upgrade, kept for comparison. */
  private capabilitiesBeforeTls: Capabilities | null = null;
  private lastReply: LastReply | null = null;
  private replyCount = 0;
  /** The input state of the last snapshot, to emit a new one only when it changed. */
  private shownInputState = '';
  private autoTagNoted = false;
  private readonly input: InputQueue;
  private error: MailtapError | null = null;
  private closeReason: string | null = null;
  /** A STARTTLS command was sent and its reply or handshake is still outstanding. */
  private pendingStarttls: StarttlsCommand | null = null;
  private upgradeWaiter: { resolve: () => void; reject: (error: MailtapError) => void } | null =
    null;
  /** True once a STARTTLS command went out: the session requested TLS, whatever the reply. */
  private starttlsRequested = false;
  /** Replies received between a STARTTLS command and its own reply. */
  private repliesDuringUpgrade = 0;
  private acceptedFingerprint: string | null = null;
  /** The first reply of the session, once it arrived. */
  private greeting: ServerReply | null = null;
  private greetingWaiter: ((reply: ServerReply) => void) | null = null;
  private readonly replyWaiters: ReplyWaiter[] = [];
  /** The auth helper's exchange, running or the last one to end. */
  private auth: AuthExchange | null = null;
  private readonly driver: ProtocolDriver;
  private readonly batcher: OutputBatcher;
  private readonly transcript: Transcript;
  private readonly abort = new AbortController();
  private readonly logger: Logger;
  private idleTimer: NodeJS.Timeout | null = null;
  private closeTimer: NodeJS.Timeout | null = null;
  private disposed = false;
  private receivedBytes = 0;
  private revision = 0;
  /** While true, client records keep the real line beside the masked one, in memory only. */
  private keepingCredentials = false;
  /**
   * The start of a line that an exact-bytes send left without LF, for masking its rest.
   * NOTE: a typed line sent after such a send completes it on the wire but is masked as a line
   * of its own.
   */
  private unfinishedExactLine = '';

  constructor(
    readonly id: string,
    private readonly options: ResolvedSessionOptions,
    private readonly hooks: SessionHooks,
  ) {
    this.driver = createDriver(options.protocol, options.limits.maxTrackedLineBytes);
    this.logger = childLogger(hooks.logger, { session: id });
    this.transcript = new Transcript(options.limits.transcriptMaxBytes);
    this.batcher = new OutputBatcher(
      id,
      {
        emit: hooks.emitOutput,
        pause: () => this.activeStream()?.pause(),
        resume: () => this.activeStream()?.resume(),
      },
      options.limits,
    );
    this.input = new InputQueue({
      judge: (line, waited) =>
        this.driver.judgeInput(line, {
          capabilities: this.capabilities?.keywords ?? [],
          waited,
        }),
      write: (line, automatic) => this.writeTypedLine(line, automatic),
      note: (level, text) => this.note(level, text),
    });
  }

  get closed(): boolean {
    return this.phase === 'closed';
  }

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

  snapshot(): SessionSnapshot {
    const { host, port, protocol, security } = this.options;
    this.revision++;
    return {
      sessionId: this.id,
      revision: this.revision,
      host,
      port,
      protocol,
      security,
      phase: this.phase,
      remoteAddress: this.remoteAddress,
      tls: this.tlsSummary,
      capabilities: this.capabilities,
      capabilitiesBeforeTls: this.capabilitiesBeforeTls,
      input: this.inputState(),
      upgrading: this.pendingStarttls !== null,
      acceptedFingerprint: this.acceptedFingerprint,
      error: this.error,
      closeReason: this.closeReason,
      auth: this.auth?.progress() ?? null,
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

  private readonly onPlainData = (chunk: Buffer): void => this.receive(chunk);

  private readonly onSecureData = (chunk: Buffer): void => this.receive(chunk);

  private readonly onEnd = (): void => {
    this.note('info', 'The server closed the connection.');
  };

  private readonly onSocketError = (error: NodeJS.ErrnoException): void => {
    const code = error.code === 'ECONNRESET' ? 'CONNECTION_RESET' : 'SOCKET_ERROR';
    this.fail(
      makeError(code, { ...this.context(), detail: `${error.code ?? 'Error'}: ${error.message}` }),
    );
  };

  private readonly onSocketClose = (): void => {
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

  private receive(chunk: Buffer): void {
    if (this.closed) {
      return;
    }
    // Only a complete line counts as activity, so trickled bytes cannot hold the session open.
    if (chunk.includes(LF)) {
      this.touchIdle();
    }
    this.receivedBytes += chunk.length;
    const underTls = this.secure !== null;
    this.transcript.add({ kind: 'server', time: Date.now(), tls: underTls, bytes: chunk });
    this.batcher.push({ kind: 'server', bytes: chunk });

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
            detail: `After the go-ahead the same read held ${extraReplies} more reply(ies) and ${extraBytes} byte(s) of an incomplete one.`,
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
    this.pumpInput();
  }

  /** Applies one reply to the session state. Returns true when it is a STARTTLS go-ahead. */
  private handleReply(reply: ServerReply): boolean {
    if (this.greeting === null && this.driver.expectsGreeting) {
      this.greeting = reply;
      const resolve = this.greetingWaiter;
      this.greetingWaiter = null;
      resolve?.(reply);
    }

    const described = this.driver.describeReply(reply);
    if (described !== null) {
      this.lastReply = described;
      this.replyCount++;
    }

    const keywords = this.driver.capabilitiesFrom(reply);
    if (keywords !== null) {
      this.capabilities = {
        keywords,
        underTls: this.secure !== null,
        source: this.driver.capabilitySource(reply),
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
      const error = makeError('STARTTLS_REJECTED', {
        ...this.context(),
        reply: replySummary(reply),
      });
      this.note('warning', `${error.message} Credentials are blocked on this connection.`);
      this.emitState();
      this.upgradeWaiter?.reject(error);
    }
    return false;
  }

  private awaitGreeting(): Promise<void> {
    const { greetingMs } = this.options.deadlines;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.greetingWaiter = null;
        reject(
          new SessionAbort(
            makeError('GREETING_TIMEOUT', {
              ...this.context(),
              detail: `Waited ${greetingMs} ms.`,
            }),
          ),
        );
      }, greetingMs);
      const judge = (reply: ServerReply): void => {
        clearTimeout(timer);
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

  /** Runs the protocol's upgrade dialogue, like `openssl s_client -starttls`, and shows every line. */
  private async runStarttlsDialogue(): Promise<void> {
    // SMTP always needs EHLO first; IMAP may have announced capabilities in its greeting.
    if (this.capabilities === null || this.options.protocol === 'smtp') {
      const reply = await this.sendAndWait(this.driver.capabilityCommand(this.options.ehloName));
      if (this.capabilities === null) {
        throw new SessionAbort(
          makeError('STARTTLS_NOT_OFFERED', { ...this.context(), reply: replySummary(reply) }),
        );
      }
    }
    if (!this.driver.offersStarttls(this.capabilities?.keywords ?? [])) {
      throw new SessionAbort(
        makeError('STARTTLS_NOT_OFFERED', {
          ...this.context(),
          detail: `Capabilities: ${this.capabilities?.keywords.join(', ') ?? 'none'}.`,
        }),
      );
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
    await this.sendAndWait(this.driver.capabilityCommand(this.options.ehloName));
  }

  private async sendAndWait(line: string): Promise<ServerReply> {
    const command = this.writeLine(line, true);
    const reply = new Promise<ServerReply>((resolve) => {
      this.replyWaiters.push({ command, resolve });
    });
    return this.withReplyDeadline(reply, line);
  }

  private withReplyDeadline<T>(promise: Promise<T>, line: string): Promise<T> {
    const { replyMs } = this.options.deadlines;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
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
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  /** Starts TLS on the connected socket, after a STARTTLS go-ahead or right away for implicit TLS. */
  private async upgrade(viaStarttls: boolean): Promise<void> {
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

  private noteTls(summary: TlsSummary): void {
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
      `Certificate NOT trusted for ${summary.verifyName}: ${summary.headline.text} The session continues for diagnosis.`,
    );
  }

  /**
   * Accepts one line typed by the user. It goes out at once unless the protocol makes it wait for
   * a reply (see InputQueue). Either way it appears in the terminal when it is written.
   */
  sendLine(text: string): SendLineResult {
    // The driver masks exactly the parts of a line that are secrets.
    const carriesSecret = this.driver.prepare(text).display !== text;
    const refusal = this.checkInput(text, carriesSecret) ?? this.checkQueue();
    if (refusal !== null) {
      return { sent: false, error: refusal };
    }
    this.input.submit(text, false);
    this.emitInputStateIfChanged();
    return { sent: true };
  }

  /** Returns a line as the terminal would show it if it were sent now, with credentials masked. */
  displayOf(text: string): string {
    return this.driver.prepare(text).display;
  }

  /**
   * Starts the auth helper's exchange. It sends the first line and then responds to each of the
   * server's challenges itself, while typed input waits until the exchange ends.
   */
  startAuth(request: AuthRequest): SendLineResult {
    // Typed lines still waiting for replies would be overtaken by the exchange's first line.
    // Every exchange of the helper sends credentials, so the credential policy applies to it.
    const refusal = this.checkInput('', true) ?? this.checkNothingHeld();

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

  /** Sends the protocol's STARTTLS command on the user's behalf. */
  requestStarttls(): SendLineResult {
    const command = this.driver.starttlsCommand();
    if (command === null) {
      return { sent: false, error: makeError('STARTTLS_UNSUPPORTED', this.context()) };
    }
    if (this.secure !== null) {
      return { sent: false, error: makeError('ALREADY_TLS', this.context()) };
    }
    const refusal = this.checkInput(command, false) ?? this.checkQueue();
    if (refusal !== null) {
      return { sent: false, error: refusal };
    }
    this.input.submit(command, true);
    this.emitInputStateIfChanged();
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
  private writeTypedLine(line: string, automatic: boolean): void {
    const completed = automatic ? null : this.driver.completeInput(line);
    if (completed !== null && !this.autoTagNoted) {
      this.autoTagNoted = true;
      this.note(
        'info',
        `Every IMAP command starts with a tag, so Mailtap added one: "${completed.split(' ')[0] ?? ''}". Type your own tag to choose it.`,
      );
    }
    const full = completed ?? line;
    // A held line is checked again: a SASL response typed before its AUTH went out is recognised
    // as a credential only now, and an IMAP tag added here can turn a line into LOGIN.
    if (!automatic && this.driver.prepare(full).display !== full) {
      const refusal = checkCredential(this.inputPolicyState(), this.context());
      if (refusal !== null) {
        this.note('warning', `A held line with a credential was not sent. ${refusal.message}`);
        return;
      }
    }
    this.writeLine(full, automatic);
  }

  /** Writes held lines that may go now, unless a TLS upgrade is under way or the session ended. */
  private pumpInput(): void {
    if (this.closed || this.pendingStarttls !== null || this.phase === 'tls-handshake') {
      return;
    }
    this.input.pump();
    this.emitInputStateIfChanged();
  }

  private inputState(): InputState {
    return {
      awaitingReplies: this.driver.awaitingReplies,
      heldLines: this.input.size,
      inMessageBody: this.driver.inMessageBody,
      lastReply: this.lastReply,
      replyCount: this.replyCount,
    };
  }

  private emitInputStateIfChanged(): void {
    if (this.closed || JSON.stringify(this.inputState()) === this.shownInputState) {
      return;
    }
    this.emitState();
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
      upgrading: this.pendingStarttls !== null,
      authRunning: this.auth?.running === true,
      tlsRequested: this.options.security !== 'plain' || this.starttlsRequested,
      tls: this.tlsSummary,
      acceptedFingerprint: this.acceptedFingerprint,
      maxInputLineBytes: this.options.limits.maxInputLineBytes,
    };
  }

  /**
   * Writes a line with CRLF, shows its masked form and tracks it. Input checks come first. A
   * helper that built the line passes its own `display`, which replaces the driver's masking.
   */
  private writeLine(text: string, automatic: boolean, display?: string): SentCommand {
    const driverView = this.driver.prepare(text);
    const prepared = display === undefined ? driverView : { ...driverView, display };
    const stream = this.activeStream();
    stream?.write(Buffer.concat([Buffer.from(text, 'utf8'), CRLF]));
    const command = this.driver.noteSent(text);
    this.touchIdle();
    this.transcript.add({
      kind: 'client',
      time: Date.now(),
      tls: this.secure !== null,
      text: prepared.display,
      automatic,
      ...(this.keepingCredentials && prepared.display !== text ? { unmasked: text } : {}),
    });
    this.batcher.push({ kind: 'client', text: prepared.display, automatic });
    this.noteStarttls(prepared.starttls);
    return command;
  }

  private noteStarttls(starttls: PreparedLine['starttls']): void {
    if (starttls === null) {
      return;
    }
    if (this.secure === null) {
      this.pendingStarttls = starttls;
      this.starttlsRequested = true;
      this.repliesDuringUpgrade = 0;
      this.emitState();
      return;
    }
    this.note('info', 'This session already uses TLS; the server will refuse a second STARTTLS.');
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
    for (const starttls of result.starttls) {
      this.noteStarttls(starttls);
    }

    this.activeStream()?.write(Buffer.from(bytes));
    this.touchIdle();
    this.note('info', `Sent ${bytes.length} exact byte(s), with no CRLF added:`);
    this.transcript.add({
      kind: 'client-bytes',
      time: Date.now(),
      tls: this.secure !== null,
      bytes: result.shown,
      ...(this.keepingCredentials && result.masked ? { unmasked: Uint8Array.from(bytes) } : {}),
    });
    this.batcher.push({ kind: 'client', text: escapeBytes(result.shown), automatic: false });
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

  private fail(error: MailtapError): void {
    if (this.closed) {
      return;
    }
    this.logger.warn('session failed', {
      code: error.code,
      phase: error.context.phase ?? this.phase,
    });
    this.error = error;
    this.note('error', describeError(error));
    this.abort.abort();
    this.activeStream()?.destroy();
    this.socket?.destroy();
    this.finish(error.message, error);
  }

  private finish(reason: string, error: MailtapError | null): void {
    this.input.clear('the session ended.');
    this.phase = 'closed';
    this.closeReason = reason;
    this.error = error;
    this.pendingStarttls = null;
    this.greetingWaiter = null;
    this.replyWaiters.length = 0;
    this.auth?.dispose();
    this.clearIdle();
    this.logger.info('session closed', { reason: error?.code ?? 'normal' });
    this.emitState();
  }

  private activeStream(): net.Socket | tls.TLSSocket | null {
    return this.secure ?? this.socket;
  }

  private context() {
    return {
      host: this.options.host,
      port: this.options.port,
      phase: this.phase,
      ...(this.remoteAddress === null ? {} : { address: this.remoteAddress }),
    };
  }

  private note(level: 'info' | 'warning' | 'error', text: string): void {
    const entry: OutputEntry = { kind: 'note', level, text };
    this.transcript.add({ ...entry, time: Date.now(), tls: this.secure !== null });
    this.batcher.push(entry);
  }

  private setPhase(phase: SessionPhase): void {
    if (this.closed || this.phase === phase) {
      return;
    }
    this.phase = phase;
    this.emitState();
  }

  private emitState(): void {
    // Output first, so the renderer never receives a state before the bytes that led to it.
    this.batcher.flush();
    const snapshot = this.snapshot();
    this.shownInputState = JSON.stringify(snapshot.input);
    this.hooks.emitState(snapshot);
  }

  private touchIdle(): void {
    this.clearIdle();
    if (this.closed) {
      return;
    }
    const { idleMs } = this.options.deadlines;
    this.idleTimer = setTimeout(() => {
      this.fail(
        makeError('IDLE_TIMEOUT', { ...this.context(), detail: `No traffic for ${idleMs} ms.` }),
      );
    }, idleMs);
  }

  private clearIdle(): void {
    if (this.idleTimer !== null) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
  }

  private clearCloseTimer(): void {
    if (this.closeTimer !== null) {
      clearTimeout(this.closeTimer);
      this.closeTimer = null;
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
