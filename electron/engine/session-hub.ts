import { randomUUID } from 'node:crypto';

import type { CertificateFileCheck, ChainReport } from '../../shared/certificates/model';
import type { Disposer } from '../../shared/ipc/contract';
import { makeError, type MailtapError } from '../../shared/errors';
import type { AuthRequest } from '../../shared/sasl/types';
import type {
  AppDefaults,
  OutputBatch,
  SendLineResult,
  SendLinesResult,
  SessionOptions,
  SessionSnapshot,
} from '../../shared/session';
import type {
  TranscriptExport,
  TranscriptExportOptions,
  TranscriptPage,
} from '../../shared/transcript';
import { analyzeCertificateFile } from './certificates/file-analysis';
import { tlsEnvironmentWarnings } from './environment-warnings';
import { DEFAULT_DEADLINES } from './limits';
import { silentLogger, type Logger } from './logger';
import { Session, type NetworkAccess } from './session';
import { defaultEhloName, resolveSessionOptions } from './session-options';

/** A request the engine cannot serve, carrying its catalog error. */
export { InvalidOptions } from './session-options';

/** A request the engine understood but could not carry out, with its catalog error. */
export class RequestRejected extends Error {
  constructor(readonly error: MailtapError) {
    super(error.message);
  }
}

export class SessionNotFound extends Error {
  readonly error;
  constructor(sessionId: string) {
    const error = makeError('SESSION_NOT_FOUND', { detail: `Session id: ${sessionId}.` });
    super(error.message);
    this.error = error;
  }
}

/**
 * The transport-agnostic engine: it owns every session and fans their events out to listeners.
 * The Electron IPC adapter and the browser-mode server both drive one hub.
 */
export class SessionHub {
  private readonly sessions = new Map<string, Session>();
  private readonly outputListeners = new Set<(batch: OutputBatch) => void>();
  private readonly stateListeners = new Set<(snapshot: SessionSnapshot) => void>();
  private disposed = false;

  constructor(
    private readonly logger: Logger = silentLogger,
    private readonly network: NetworkAccess = {},
  ) {}

  defaults(): AppDefaults {
    return {
      ehloName: defaultEhloName(),
      deadlines: DEFAULT_DEADLINES,
      environmentWarnings: tlsEnvironmentWarnings(process.env),
    };
  }

  /**
   * Opens a session and returns its first snapshot; the connection proceeds in the background.
   * `onCreated` runs before the session emits anything, so an adapter can route its events.
   */
  async open(
    options: SessionOptions,
    onCreated?: (sessionId: string) => void,
  ): Promise<SessionSnapshot> {
    const resolved = await resolveSessionOptions(options);
    const id = randomUUID();
    const session = new Session(id, resolved, {
      logger: this.logger,
      emitOutput: (batch) => this.outputListeners.forEach((listener) => listener(batch)),
      emitState: (snapshot) => this.stateListeners.forEach((listener) => listener(snapshot)),
      network: this.network,
    });
    this.sessions.set(id, session);
    onCreated?.(id);
    this.logger.info('session opened', {
      session: id,
      host: resolved.host,
      port: resolved.port,
      protocol: resolved.protocol,
      security: resolved.security,
    });
    void session.start();
    return session.snapshot();
  }

  sendLine(sessionId: string, text: string): SendLineResult {
    return this.get(sessionId).sendLine(text);
  }

  /**
   * Sends typed lines in order, each as `sendLine` would, and stops at the first refusal. A line
   * counts as masked when the terminal shows it with a credential hidden, judged just before it
   * is submitted, as the session judges it.
   */
  sendLines(sessionId: string, lines: readonly string[]): SendLinesResult {
    const session = this.get(sessionId);
    const maskedIndexes: number[] = [];
    for (const [index, line] of lines.entries()) {
      const masked = session.displayOf(line) !== line;
      const result = session.sendLine(line);
      if (!result.sent) {
        return { sentCount: index, maskedIndexes, error: result.error };
      }
      if (masked) {
        maskedIndexes.push(index);
      }
    }
    return { sentCount: lines.length, maskedIndexes, error: null };
  }

  startAuth(sessionId: string, request: AuthRequest): SendLineResult {
    return this.get(sessionId).startAuth(request);
  }

  stopAuth(sessionId: string): void {
    this.get(sessionId).stopAuth();
  }

  requestStarttls(sessionId: string): SendLineResult {
    return this.get(sessionId).requestStarttls();
  }

  /** Accepts a session's untrusted certificate for credentials; see Session.acceptCertificate. */
  acceptCertificate(sessionId: string, fingerprint: string): null {
    const error = this.get(sessionId).acceptCertificate(fingerprint);
    if (error !== null) {
      throw new RequestRejected(error);
    }
    return null;
  }

  sendBytes(sessionId: string, bytes: Uint8Array): SendLineResult {
    return this.get(sessionId).sendBytes(bytes);
  }

  readTranscript(sessionId: string, from: number | null, maxBytes: number): TranscriptPage {
    return this.get(sessionId).transcriptPage(from, maxBytes);
  }

  exportTranscript(sessionId: string, options: TranscriptExportOptions): TranscriptExport {
    return this.get(sessionId).exportTranscript(options);
  }

  keepCredentials(sessionId: string, keep: boolean): boolean {
    const session = this.get(sessionId);
    session.keepCredentials(keep);
    return session.keepsCredentials;
  }

  /** Returns the certificate analysis of a session's TLS handshake, or null before TLS. */
  certificates(sessionId: string): ChainReport | null {
    return this.get(sessionId).certificates;
  }

  /**
   * Analyses a certificate file the user opened, against the name and trust anchors of `check`;
   * throws InvalidCertificateFile when unreadable, InvalidOptions when the CA file is.
   */
  analyzeCertificateFile(
    fileName: string,
    bytes: Uint8Array,
    check: CertificateFileCheck = {},
  ): Promise<ChainReport> {
    return analyzeCertificateFile(fileName, bytes, check, this.logger);
  }

  acknowledge(sessionId: string, byteCount: number): void {
    this.sessions.get(sessionId)?.acknowledge(byteCount);
  }

  /** Closes a session and removes it. Closing an unknown or closed session is harmless. */
  close(sessionId: string): void {
    const session = this.sessions.get(sessionId);
    if (session === undefined) {
      return;
    }
    session.close();
    session.dispose();
    this.sessions.delete(sessionId);
  }

  /** Returns a live or ended session that has not been closed by the user. */
  find(sessionId: string): Session | undefined {
    return this.sessions.get(sessionId);
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  onOutput(listener: (batch: OutputBatch) => void): Disposer {
    this.outputListeners.add(listener);
    return () => this.outputListeners.delete(listener);
  }

  onState(listener: (snapshot: SessionSnapshot) => void): Disposer {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    for (const session of this.sessions.values()) {
      session.dispose();
    }
    this.sessions.clear();
    this.outputListeners.clear();
    this.stateListeners.clear();
  }

  private get(sessionId: string): Session {
    const session = this.sessions.get(sessionId);
    if (session === undefined) {
      throw new SessionNotFound(sessionId);
    }
    return session;
  }
}
