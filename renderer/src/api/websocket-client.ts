import type {
  ConnectionImportResult,
  ConnectionInput,
  ConnectionList,
} from '../../../shared/connections/connection-types';
import type { CertificateFileCheck, ChainReport } from '../../../shared/certificates/model';
import { makeError } from '../../../shared/errors';
import type {
  Disposer,
  Envelope,
  MailtapApi,
  RequestChannel,
  RequestParams,
  RequestResult,
  SaveOutcome,
} from '../../../shared/ipc/contract';
import { decodeWireMessage, encodeWireMessage } from '../../../shared/ipc/wire';
import type { AuthStartRequest, CramMd5Computation } from '../../../shared/sasl/types';
import type {
  AppDefaults,
  OutputBatch,
  SendLineResult,
  SendLinesResult,
  SessionOptions,
  SessionSnapshot,
} from '../../../shared/session';
import type {
  ExportedFile,
  TranscriptExport,
  TranscriptExportOptions,
  TranscriptPage,
} from '../../../shared/transcript';
import type { EngineLink, EngineLinkState } from './engine-link';
import { EngineConnectionError, MailtapRequestError } from './request-errors';
import { checkResult, parseServerMessage, type ServerEvent } from './server-message';

/**
 * Maximum number of requests that may wait for the WebSocket to open. The UI makes a handful at
 * start-up, so more means a loop is stuck, and rejecting them keeps the queue bounded.
 */
export const MAX_REQUESTS_BEFORE_OPEN = 100;

/** The part of a WebSocket that the client uses. Tests pass a fake through `createSocket`. */
export interface SocketConnection {
  send(data: string | Uint8Array): void;
  close(): void;
}

export interface SocketHandlers {
  onOpen(): void;
  onMessage(data: unknown): void;
  onClose(code: number, reason: string): void;
}

export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketConnection;

export const createBrowserSocket: SocketFactory = (url, handlers) => {
  const socket = new WebSocket(url);
  // Output arrives in binary frames; an ArrayBuffer is cheaper to wrap than a Blob to read.
  socket.binaryType = 'arraybuffer';
  socket.addEventListener('open', () => handlers.onOpen());
  socket.addEventListener('message', (event: MessageEvent<unknown>) =>
    handlers.onMessage(event.data instanceof ArrayBuffer ? new Uint8Array(event.data) : event.data),
  );
  // An `error` event is always followed by `close`, which carries the code.
  socket.addEventListener('close', (event) => handlers.onClose(event.code, event.reason));
  return {
    send: (text) => socket.send(text),
    close: () => socket.close(),
  };
};

/** Offers a file to the user; browser mode's stand-in for the desktop app's save dialog. */
export type FileDownloader = (file: ExportedFile) => void;

/** Downloads a file through a temporary object URL, which the browser saves like any download. */
export const downloadWithBlob: FileDownloader = (file) => {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mediaType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.rel = 'noopener';
  link.click();
  // The click starts the download synchronously, so the URL can go once the event is over.
  setTimeout(() => URL.revokeObjectURL(url), 0);
};

export interface WebSocketClientOptions {
  readonly createSocket?: SocketFactory;
  /** Saves files for `saveFile`; defaults to a Blob download. */
  readonly downloadFile?: FileDownloader;
  /** Receives malformed messages and listener failures; defaults to `console.warn`. */
  readonly reportProblem?: (message: string) => void;
}

interface PendingRequest {
  readonly channel: RequestChannel;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: Error) => void;
}

type Listener<T> = (value: T) => void;

function addListener<T>(listeners: Set<Listener<T>>, listener: Listener<T>): Disposer {
  // A wrapper makes the disposer remove exactly this registration, even if the same function
  // was added twice.
  const registration: Listener<T> = (value) => listener(value);
  listeners.add(registration);
  return () => {
    listeners.delete(registration);
  };
}

/**
 * Browser mode's MailtapApi: the same named operations as the Electron preload, carried over
 * the engine's WebSocket with the codec of `shared/ipc/wire.ts`.
 */
export class WebSocketMailtapClient implements MailtapApi, EngineLink {
  readonly #socket: SocketConnection;
  readonly #reportProblem: (message: string) => void;
  readonly #downloadFile: FileDownloader;
  readonly #pending = new Map<number, PendingRequest>();
  readonly #queued: { readonly id: number; readonly text: string | Uint8Array }[] = [];
  readonly #outputListeners = new Set<Listener<OutputBatch>>();
  readonly #snapshotListeners = new Set<Listener<SessionSnapshot>>();
  readonly #linkListeners = new Set<Listener<EngineLinkState>>();
  #nextId = 1;
  #state: EngineLinkState = 'connecting';
  #everOpened = false;
  #closeDetail: string | null = null;

  constructor(url: string, options: WebSocketClientOptions = {}) {
    this.#reportProblem = options.reportProblem ?? ((message) => console.warn(message));
    this.#downloadFile = options.downloadFile ?? downloadWithBlob;
    const createSocket = options.createSocket ?? createBrowserSocket;
    this.#socket = createSocket(url, {
      onOpen: () => this.#handleOpen(),
      onMessage: (data) => this.#handleMessage(data),
      onClose: (code, reason) => this.#handleClose(code, reason),
    });
  }

  get state(): EngineLinkState {
    return this.#state;
  }

  get everOpened(): boolean {
    return this.#everOpened;
  }

  get closeDetail(): string | null {
    return this.#closeDetail;
  }

  getDefaults(): Promise<AppDefaults> {
    return this.#request('app:defaults', null);
  }

  openSession(options: SessionOptions): Promise<SessionSnapshot> {
    return this.#request('session:open', options);
  }

  sendLine(sessionId: string, text: string): Promise<SendLineResult> {
    return this.#request('session:send-line', { sessionId, text });
  }

  sendLines(sessionId: string, lines: readonly string[]): Promise<SendLinesResult> {
    return this.#request('session:send-lines', { sessionId, lines });
  }

  startTls(sessionId: string): Promise<SendLineResult> {
    return this.#request('session:starttls', { sessionId });
  }

  acceptCertificate(sessionId: string, fingerprint: string): Promise<null> {
    return this.#request('session:accept-certificate', { sessionId, fingerprint });
  }

  stopAuth(sessionId: string): Promise<null> {
    return this.#request('auth:stop', { sessionId });
  }

  closeSession(sessionId: string): Promise<null> {
    return this.#request('session:close', { sessionId });
  }

  acknowledge(sessionId: string, byteCount: number): Promise<null> {
    return this.#request('session:ack', { sessionId, byteCount });
  }

  startAuth(sessionId: string, request: AuthStartRequest): Promise<SendLineResult> {
    return this.#request('auth:start', { sessionId, request });
  }

  computeCramMd5(challenge: string, username: string, secret: string): Promise<CramMd5Computation> {
    return this.#request('auth:cram-md5', { challenge, username, secret });
  }

  sendBytes(sessionId: string, bytes: Uint8Array): Promise<SendLineResult> {
    return this.#request('session:send-bytes', { sessionId, bytes });
  }

  readTranscript(
    sessionId: string,
    from: number | null,
    maxBytes: number,
  ): Promise<TranscriptPage> {
    return this.#request('transcript:read', { sessionId, from, maxBytes });
  }

  exportTranscript(sessionId: string, options: TranscriptExportOptions): Promise<TranscriptExport> {
    return this.#request('transcript:export', { sessionId, options });
  }

  keepCredentials(sessionId: string, keep: boolean): Promise<{ keeping: boolean }> {
    return this.#request('transcript:keep-credentials', { sessionId, keep });
  }

  /** Downloads the file: a page cannot show a save dialog or write to disk. */
  saveFile(file: ExportedFile): Promise<SaveOutcome> {
    this.#downloadFile(file);
    return Promise.resolve({ saved: true, location: `your downloads, as ${file.fileName}` });
  }

  listConnections(): Promise<ConnectionList> {
    return this.#request('connections:list', null);
  }

  saveConnection(connection: ConnectionInput): Promise<ConnectionList> {
    return this.#request('connections:save', { connection });
  }

  deleteConnection(id: string): Promise<ConnectionList> {
    return this.#request('connections:delete', { id });
  }

  exportConnections(): Promise<ExportedFile> {
    return this.#request('connections:export', null);
  }

  importConnections(content: string): Promise<ConnectionImportResult> {
    return this.#request('connections:import', { content });
  }

  getCertificates(sessionId: string): Promise<ChainReport | null> {
    return this.#request('session:certificates', { sessionId });
  }

  analyzeCertificateFile(
    fileName: string,
    bytes: Uint8Array,
    check: CertificateFileCheck = {},
  ): Promise<ChainReport> {
    return this.#request('certificates:analyze-file', { fileName, bytes, ...check });
  }

  onSessionOutput(listener: (batch: OutputBatch) => void): Disposer {
    return addListener(this.#outputListeners, listener);
  }

  onSessionState(listener: (snapshot: SessionSnapshot) => void): Disposer {
    return addListener(this.#snapshotListeners, listener);
  }

  onStateChange(listener: (state: EngineLinkState) => void): Disposer {
    return addListener(this.#linkListeners, listener);
  }

  /** Closes the WebSocket; pending requests reject once it has closed. */
  close(): void {
    this.#socket.close();
  }

  #request<C extends RequestChannel>(
    channel: C,
    params: RequestParams<C>,
  ): Promise<RequestResult<C>> {
    if (this.#state === 'closed') {
      return Promise.reject(
        new EngineConnectionError(
          `Cannot send ${channel}: the connection to the Mailtap engine is closed.`,
        ),
      );
    }
    if (this.#state === 'connecting' && this.#queued.length >= MAX_REQUESTS_BEFORE_OPEN) {
      return Promise.reject(
        new EngineConnectionError(
          `Cannot send ${channel}: ${MAX_REQUESTS_BEFORE_OPEN} requests already wait for the connection to the Mailtap engine.`,
        ),
      );
    }

    const id = this.#nextId++;
    const text = encodeWireMessage({ type: 'request', id, channel, params });
    return new Promise<RequestResult<C>>((resolve, reject) => {
      this.#pending.set(id, { channel, resolve: resolve as (value: unknown) => void, reject });
      if (this.#state === 'open') {
        this.#send(id, text);
      } else {
        this.#queued.push({ id, text });
      }
    });
  }

  #send(id: number, text: string | Uint8Array): void {
    try {
      this.#socket.send(text);
    } catch (error) {
      const pending = this.#pending.get(id);
      this.#pending.delete(id);
      const detail = error instanceof Error ? error.message : String(error);
      pending?.reject(new EngineConnectionError(`Sending ${pending.channel} failed: ${detail}`));
    }
  }

  #handleOpen(): void {
    this.#state = 'open';
    this.#everOpened = true;
    for (const { id, text } of this.#queued.splice(0)) {
      this.#send(id, text);
    }
    this.#notifyLink();
  }

  #handleMessage(data: unknown): void {
    if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
      this.#reportProblem('Ignored a WebSocket message that is neither text nor bytes.');
      return;
    }

    let decoded: unknown;
    try {
      decoded = decodeWireMessage(data);
    } catch (error) {
      this.#reportProblem(`Ignored a malformed message from the engine: ${String(error)}`);
      return;
    }

    const parsed = parseServerMessage(decoded);
    if (!parsed.ok) {
      this.#reportProblem(`Ignored a malformed message from the engine: ${parsed.problem}.`);
      return;
    }

    const message = parsed.value;
    if (message.type === 'event') {
      this.#dispatch(message);
      return;
    }

    const pending = this.#pending.get(message.id);
    if (pending === undefined) {
      this.#reportProblem(`Ignored a response to request ${message.id}, which is not pending.`);
      return;
    }
    this.#pending.delete(message.id);
    this.#settle(pending, message.envelope);
  }

  #settle(pending: PendingRequest, envelope: Envelope<unknown>): void {
    if (!envelope.ok) {
      pending.reject(new MailtapRequestError(pending.channel, envelope.error));
      return;
    }
    const result = checkResult(pending.channel, envelope.value);
    if (result.ok) {
      pending.resolve(result.value);
      return;
    }
    const detail = `The engine answered ${pending.channel} with a malformed result: ${result.problem}.`;
    pending.reject(
      new MailtapRequestError(pending.channel, makeError('INTERNAL_ERROR', { detail })),
    );
  }

  #dispatch(event: ServerEvent): void {
    if (event.channel === 'session:output') {
      this.#callEach(this.#outputListeners, event.payload, event.channel);
    } else {
      this.#callEach(this.#snapshotListeners, event.payload, event.channel);
    }
  }

  #callEach<T>(listeners: Set<Listener<T>>, value: T, channel: string): void {
    for (const listener of [...listeners]) {
      try {
        listener(value);
      } catch (error) {
        this.#reportProblem(`A ${channel} listener failed: ${String(error)}`);
      }
    }
  }

  #handleClose(code: number, reason: string): void {
    if (this.#state === 'closed') {
      return;
    }
    this.#state = 'closed';
    this.#closeDetail = reason === '' ? `code ${code}` : `code ${code}: ${reason}`;
    this.#queued.length = 0;

    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const request of pending) {
      request.reject(
        new EngineConnectionError(
          `The connection to the Mailtap engine closed (${this.#closeDetail}) before it answered ${request.channel}.`,
        ),
      );
    }
    this.#notifyLink();
  }

  #notifyLink(): void {
    this.#callEach(this.#linkListeners, this.#state, 'link state');
  }
}
