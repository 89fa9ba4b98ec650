import { addressLiteral } from '../../shared/protocol/ehlo-name';
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
import type {
  Capabilities,
  InputState,
  LastReply,
  OutputBatch,
  OutputEntry,
  SessionSnapshot,
  TlsSummary,
} from '../../shared/session';
import type { AuthExchange } from './auth/auth-exchange';
import { CredentialEchoes } from './credential-echoes';
import { maskSnapshotEchoes } from './echo-snapshot';
import { InputQueue } from './input-queue';
import { childLogger, type Logger } from './logger';
import { OutputBatcher } from './output-batcher';
import { createDriver, type ProtocolDriver } from './protocols';
import type { PreparedLine, SentCommand, StarttlsCommand } from './protocols/driver';
import type { NetworkAccess } from './session-connect';
import type { ResolvedSessionOptions } from './session-options';
import { Transcript } from './transcript';

export interface SessionHooks {
  readonly emitOutput: (batch: OutputBatch) => void;
  readonly emitState: (snapshot: SessionSnapshot) => void;
  readonly logger: Logger;
  readonly network?: NetworkAccess;
}

/** Ends the session's lifecycle with a catalog error; thrown inside `run` and caught there. */
export class SessionAbort extends Error {
  constructor(readonly error: MailtapError) {
    super(error.message);
  }
}

export interface ReplyWaiter {
  readonly command: SentCommand;
  readonly resolve: (reply: ServerReply) => void;
}

const CRLF = Buffer.from('\r\n');

/**
 * The state of one session and the operations every part of it uses: notes, snapshots, the write
 * path and the end of the lifecycle. The session is one object whose class is split by concept
 * into layers, one file each: this core, the receive path (session-receive.ts), the STARTTLS
 * dialogue and TLS upgrade (session-upgrade.ts), user input (session-user-input.ts) and the
 * lifecycle (session.ts). A layer calls only the layers below it, except through the abstract
 * methods that a higher layer implements.
 */
export abstract class SessionCore {
  protected phase: SessionPhase = 'resolving';
  protected socket: net.Socket | null = null;
  protected secure: tls.TLSSocket | null = null;
  protected remoteAddress: string | null = null;
  protected tlsSummary: TlsSummary | null = null;
  protected chainReport: ChainReport | null = null;
  protected capabilities: Capabilities | null = null;
  /** The plaintext list at the moment of a STARTTLS upgrade, kept for comparison. */
  protected capabilitiesBeforeTls: Capabilities | null = null;
  protected lastReply: LastReply | null = null;
  protected replyCount = 0;
  /** The input state of the last snapshot, to emit a new one only when it changed. */
  protected shownInputState = '';
  protected readonly input: InputQueue;
  protected error: MailtapError | null = null;
  protected closeReason: string | null = null;
  /** A STARTTLS command was sent and its reply or handshake is still outstanding. */
  protected pendingStarttls: StarttlsCommand | null = null;
  protected upgradeWaiter: { resolve: () => void; reject: (error: MailtapError) => void } | null =
    null;
  /** True once a STARTTLS command went out: the session requested TLS, whatever the reply. */
  protected starttlsRequested = false;
  /** The STARTTLS action's dialogue is running, from its first capability request to its last. */
  protected starttlsActionRunning = false;
  /** Replies received between a STARTTLS command and its own reply. */
  protected repliesDuringUpgrade = 0;
  protected acceptedFingerprint: string | null = null;
  /** The first reply of the session, once it arrived. */
  protected greeting: ServerReply | null = null;
  protected greetingWaiter: ((reply: ServerReply) => void) | null = null;
  protected readonly replyWaiters: ReplyWaiter[] = [];
  /** The auth helper's exchange, running or the last one to end. */
  protected auth: AuthExchange | null = null;
  protected readonly driver: ProtocolDriver;
  protected readonly batcher: OutputBatcher;
  protected readonly transcript: Transcript;
  protected readonly abort = new AbortController();
  protected readonly logger: Logger;
  protected idleTimer: NodeJS.Timeout | null = null;
  protected closeTimer: NodeJS.Timeout | null = null;
  protected receivedBytes = 0;
  /** Framing warnings seen on this session, shown up to MAX_FRAMING_WARNINGS. */
  protected framingWarnings = 0;
  /** True once a login succeeded; capability lists after it no longer offer AUTH. */
  protected loggedIn = false;
  protected revision = 0;
  /** While true, client records keep the real line beside the masked one, in memory only. */
  protected keepingCredentials = false;
  /** Fingerprints of the credentials sent, for masking them where the server repeats them. */
  protected readonly echoes = new CredentialEchoes();

  constructor(
    readonly id: string,
    protected readonly options: ResolvedSessionOptions,
    protected readonly hooks: SessionHooks,
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

  snapshot(): SessionSnapshot {
    const { host, port, protocol, security } = this.options;
    this.revision++;
    const snapshot: SessionSnapshot = {
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
      upgrading: this.pendingStarttls !== null || this.starttlsActionRunning,
      acceptedFingerprint: this.acceptedFingerprint,
      error: this.error,
      closeReason: this.closeReason,
      auth: this.auth?.progress() ?? null,
    };
    return maskSnapshotEchoes(snapshot, this.echoes);
  }

  protected fail(error: MailtapError): void {
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

  protected finish(reason: string, error: MailtapError | null): void {
    // Ends every wait of the session, also when the server closed a ready session.
    this.abort.abort();
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

  /** Returns the EHLO argument: the configured name, or the local address as a literal. */
  protected ehloArgument(): string {
    return this.options.ehloName || (this.localAddressLiteral() ?? 'localhost');
  }

  /** Returns the connection's local address as an EHLO address literal, or null before it. */
  protected localAddressLiteral(): string | null {
    const local = this.socket?.localAddress;
    return local === undefined ? null : addressLiteral(local);
  }

  protected activeStream(): net.Socket | tls.TLSSocket | null {
    return this.secure ?? this.socket;
  }

  protected context() {
    return {
      host: this.options.host,
      port: this.options.port,
      phase: this.phase,
      ...(this.remoteAddress === null ? {} : { address: this.remoteAddress }),
    };
  }

  protected note(level: 'info' | 'warning' | 'error', text: string): void {
    // Notes can quote a server reply, such as a refused AUTH, that repeats a credential.
    const entry: OutputEntry = { kind: 'note', level, text: this.echoes.maskText(text) };
    this.transcript.add({ ...entry, time: Date.now(), tls: this.secure !== null });
    this.batcher.push(entry);
  }

  protected setPhase(phase: SessionPhase): void {
    if (this.closed || this.phase === phase) {
      return;
    }
    this.phase = phase;
    this.emitState();
  }

  protected emitState(): void {
    // Output first, so the renderer never receives a state before the bytes that led to it.
    this.batcher.flush();
    const snapshot = this.snapshot();
    this.shownInputState = JSON.stringify(snapshot.input);
    this.hooks.emitState(snapshot);
  }

  protected touchIdle(): void {
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

  protected clearIdle(): void {
    if (this.idleTimer !== null) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
  }

  protected clearCloseTimer(): void {
    if (this.closeTimer !== null) {
      clearTimeout(this.closeTimer);
      this.closeTimer = null;
    }
  }

  /** Writes held lines that may go now, unless a TLS upgrade is under way or the session ended. */
  protected pumpInput(): void {
    if (this.closed || this.pendingStarttls !== null || this.phase === 'tls-handshake') {
      return;
    }
    this.input.pump();
    this.emitInputStateIfChanged();
  }

  protected inputState(): InputState {
    return {
      awaitingReplies: this.driver.awaitingReplies,
      heldLines: this.input.size,
      inMessageBody: this.driver.inMessageBody,
      lastReply: this.lastReply,
      replyCount: this.replyCount,
    };
  }

  protected emitInputStateIfChanged(): void {
    if (this.closed || JSON.stringify(this.inputState()) === this.shownInputState) {
      return;
    }
    this.emitState();
  }

  /**
   * Writes a line with CRLF, shows its masked form and tracks it. Input checks come first. A
   * helper that built the line passes its own `display`, which replaces the driver's masking.
   */
  protected writeLine(text: string, automatic: boolean, display?: string): SentCommand {
    const driverView = this.driver.prepare(text);
    const prepared = display === undefined ? driverView : { ...driverView, display };
    const stream = this.activeStream();
    stream?.write(Buffer.concat([Buffer.from(text, 'utf8'), CRLF]));
    const sendWarning = this.driver.sendWarning?.(text) ?? null;
    if (sendWarning !== null) {
      this.note('warning', sendWarning);
    }
    const command = this.driver.noteSent(text);

    if (prepared.display !== text) {
      this.echoes.rememberLine(text, prepared.display, this.keepingCredentials);
    }
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

  protected noteStarttls(starttls: PreparedLine['starttls']): void {
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

  /** Writes a line of the user's once the input queue lets it go. */
  protected abstract writeTypedLine(line: string, automatic: boolean): void;
}
