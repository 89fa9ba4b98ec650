import type { CertificateFileCheck, ChainReport } from '../../../../shared/certificates/model';
import { makeError } from '../../../../shared/errors';
import type { AuthStartRequest, CramMd5Computation } from '../../../../shared/sasl/types';
import type {
  ConnectionImportResult,
  ConnectionList,
} from '../../../../shared/connections/connection-types';
import type { Disposer, MailtapApi, SaveOutcome } from '../../../../shared/ipc/contract';
import type { ExportedFile, TranscriptExport, TranscriptPage } from '../../../../shared/transcript';
import type {
  AppDefaults,
  OutputBatch,
  SendLineResult,
  SendLinesResult,
  SessionOptions,
  SessionSnapshot,
} from '../../../../shared/session';
import type { EngineLink, EngineLinkState } from '../../api/engine-link';
import { SessionStore } from '../session-store';
import type { SessionOutputTarget } from '../store-state';

/* An engine, output and storage stand-in for tests of the session store. */

export const DEFAULTS: AppDefaults = {
  ehloName: 'workstation.test',
  deadlines: { dnsMs: 1, connectMs: 1, greetingMs: 1, handshakeMs: 1, replyMs: 1, idleMs: 1 },
  environmentWarnings: [],
};

/** Each fixture snapshot is newer than the last, as the engine's are. */
let nextRevision = 1;

export function snapshot(changes: Partial<SessionSnapshot> = {}): SessionSnapshot {
  return {
    sessionId: 's1',
    revision: nextRevision++,
    host: 'mx.example.test',
    port: 25,
    protocol: 'smtp',
    security: 'plain',
    phase: 'resolving',
    remoteAddress: null,
    tls: null,
    capabilities: null,
    upgrading: false,
    acceptedFingerprint: null,
    error: null,
    closeReason: null,
    auth: null,
    ...changes,
  };
}

/** An engine stand-in that records calls and lets each test decide the responses. */
export class FakeApi implements MailtapApi {
  readonly opened: SessionOptions[] = [];
  readonly lines: string[] = [];
  /** Predicate for the lines the engine reports as shown masked. */
  maskLine: (text: string) => boolean = () => false;
  /** The number of lines in each `sendLines` request. */
  readonly lineRequests: number[] = [];
  openResult: () => Promise<SessionSnapshot> = () => Promise.resolve(snapshot());
  lineResult: (text: string) => Promise<SendLineResult> = () => Promise.resolve({ sent: true });
  readonly authRequests: AuthStartRequest[] = [];
  authResult: () => Promise<SendLineResult> = () => Promise.resolve({ sent: true });
  readonly stateListeners = new Set<(snapshot: SessionSnapshot) => void>();
  readonly outputListeners = new Set<(batch: OutputBatch) => void>();

  getDefaults(): Promise<AppDefaults> {
    return Promise.resolve(DEFAULTS);
  }
  openSession(options: SessionOptions): Promise<SessionSnapshot> {
    this.opened.push(options);
    return this.openResult();
  }
  sendLine(_sessionId: string, text: string): Promise<SendLineResult> {
    this.lines.push(text);
    return this.lineResult(text);
  }
  /** Responds like the engine: each line as `sendLine` would, stopping at the first refusal. */
  async sendLines(sessionId: string, lines: readonly string[]): Promise<SendLinesResult> {
    this.lineRequests.push(lines.length);
    const masked: number[] = [];
    for (const [index, line] of lines.entries()) {
      const result = await this.sendLine(sessionId, line);
      if (!result.sent) {
        return { sentCount: index, maskedIndexes: masked, error: result.error };
      }
      if (this.maskLine(line)) {
        masked.push(index);
      }
    }
    return { sentCount: lines.length, maskedIndexes: masked, error: null };
  }
  readonly startTlsRequests: string[] = [];
  startTls(sessionId: string): Promise<SendLineResult> {
    this.startTlsRequests.push(sessionId);
    return Promise.resolve({ sent: false, error: makeError('STARTTLS_NOT_OFFERED') });
  }
  acceptCertificate(): Promise<null> {
    return Promise.resolve(null);
  }
  readonly closed: string[] = [];
  closeSession(sessionId: string): Promise<null> {
    this.closed.push(sessionId);
    return Promise.resolve(null);
  }
  acknowledge(): Promise<null> {
    return Promise.resolve(null);
  }
  startAuth(_sessionId: string, request: AuthStartRequest): Promise<SendLineResult> {
    this.authRequests.push(request);
    return this.authResult();
  }
  readonly authStops: string[] = [];
  stopAuth(sessionId: string): Promise<null> {
    this.authStops.push(sessionId);
    return Promise.resolve(null);
  }
  computeCramMd5(): Promise<CramMd5Computation> {
    return Promise.reject(new Error('The store never computes CRAM-MD5 itself.'));
  }
  sendBytes(): Promise<SendLineResult> {
    return Promise.resolve({ sent: true });
  }
  readTranscript(): Promise<TranscriptPage> {
    return Promise.reject(new Error('not used by these tests'));
  }
  exportTranscript(): Promise<TranscriptExport> {
    return Promise.reject(new Error('not used by these tests'));
  }
  keepCredentials(_sessionId: string, keep: boolean): Promise<{ keeping: boolean }> {
    return Promise.resolve({ keeping: keep });
  }
  saveFile(): Promise<SaveOutcome> {
    return Promise.resolve({ saved: false });
  }
  listConnections(): Promise<ConnectionList> {
    return Promise.reject(new Error('not used by these tests'));
  }
  saveConnection(): Promise<ConnectionList> {
    return Promise.reject(new Error('not used by these tests'));
  }
  deleteConnection(): Promise<ConnectionList> {
    return Promise.reject(new Error('not used by these tests'));
  }
  exportConnections(): Promise<ExportedFile> {
    return Promise.reject(new Error('not used by these tests'));
  }
  importConnections(): Promise<ConnectionImportResult> {
    return Promise.reject(new Error('not used by these tests'));
  }
  getCertificates(): Promise<null> {
    return Promise.resolve(null);
  }
  readonly analyzed: { fileName: string; check: CertificateFileCheck | undefined }[] = [];
  analyzeCertificateFile(
    fileName: string,
    _bytes: Uint8Array,
    check?: CertificateFileCheck,
  ): Promise<ChainReport> {
    this.analyzed.push({ fileName, check });
    return Promise.reject(new Error('no certificate analysis in these tests'));
  }

  onSessionOutput(listener: (batch: OutputBatch) => void): Disposer {
    this.outputListeners.add(listener);
    return () => this.outputListeners.delete(listener);
  }
  onSessionState(listener: (snapshot: SessionSnapshot) => void): Disposer {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }
  emitState(value: SessionSnapshot): void {
    for (const listener of this.stateListeners) listener(value);
  }
}

export class FakeOutput implements SessionOutputTarget {
  readonly added: string[] = [];
  readonly removed: string[] = [];
  readonly delivered: OutputBatch[] = [];
  addSession(sessionId: string): void {
    this.added.push(sessionId);
  }
  deliver(batch: OutputBatch): void {
    this.delivered.push(batch);
  }
  removeSession(sessionId: string): void {
    this.removed.push(sessionId);
  }
}

/** Browser mode's link to the engine, closed by the test. */
export class FakeLink implements EngineLink {
  state: EngineLinkState = 'open';
  everOpened = true;
  closeDetail: string | null = null;
  readonly #listeners = new Set<(state: EngineLinkState) => void>();

  onStateChange(listener: (state: EngineLinkState) => void): Disposer {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(detail: string): void {
    this.state = 'closed';
    this.closeDetail = detail;
    for (const listener of this.#listeners) listener(this.state);
  }
}

/** A Storage kept in a Map, like one tab's sessionStorage. */
export class MemoryStorage implements Storage {
  readonly #items = new Map<string, string>();
  get length(): number {
    return this.#items.size;
  }
  clear(): void {
    this.#items.clear();
  }
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, value);
  }
}

export function makeStore(
  options: { readonly link?: EngineLink | null; readonly formStorage?: Storage | null } = {},
) {
  const api = new FakeApi();
  const output = new FakeOutput();
  const store = new SessionStore({
    api,
    link: options.link ?? null,
    missingToken: false,
    output,
    formStorage: options.formStorage ?? null,
  });
  store.start();
  return { api, output, store };
}
