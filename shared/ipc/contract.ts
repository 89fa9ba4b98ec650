import type {
  ConnectionImportResult,
  ConnectionInput,
  ConnectionList,
} from '../connections/connection-types';
import type { CertificateFileCheck, ChainReport } from '../certificates/model';
import type { MailtapError } from '../errors';
import type { AuthStartRequest, CramMd5Computation } from '../sasl/types';
import type {
  AppDefaults,
  OutputBatch,
  SendLineResult,
  SendLinesResult,
  SessionOptions,
  SessionSnapshot,
} from '../session';
import type {
  ExportedFile,
  TranscriptExport,
  TranscriptExportOptions,
  TranscriptPage,
} from '../transcript';

/** Where a saved file went, or that the user cancelled the save dialog. */
export type SaveOutcome =
  { readonly saved: true; readonly location: string } | { readonly saved: false };

/**
 * Requests from the renderer to the engine: channel name to parameter and result types.
 * The Electron preload and the browser-mode client both implement exactly these.
 */
export interface RequestMap {
  'app:defaults': { params: null; result: AppDefaults };
  'session:open': { params: SessionOptions; result: SessionSnapshot };
  'session:send-line': { params: { sessionId: string; text: string }; result: SendLineResult };
  /**
   * Sends typed lines in order, as `session:send-line` would one by one, and stops at the first
   * line the engine refuses. One request carries a whole paste.
   */
  'session:send-lines': {
    params: { sessionId: string; lines: readonly string[] };
    result: SendLinesResult;
  };
  /** Sends the protocol's STARTTLS command on the user's behalf (the Upgrade action). */
  'session:starttls': { params: { sessionId: string }; result: SendLineResult };
  /**
   * Allows credentials on a session whose certificate failed verification, for the certificate
   * with this SHA-256 fingerprint only.
   */
  'session:accept-certificate': {
    params: { sessionId: string; fingerprint: string };
    result: null;
  };
  'session:close': { params: { sessionId: string }; result: null };
  /** Acknowledges that the renderer has written this many server bytes to the terminal. */
  'session:ack': { params: { sessionId: string; byteCount: number }; result: null };
  /**
   * Starts the auth helper's exchange: the engine sends each line and responds to each challenge. The
   * secret is typed, or a saved connection's stored password that the engine decrypts itself.
   */
  'auth:start': {
    params: { sessionId: string; request: AuthStartRequest };
    result: SendLineResult;
  };
  /** Stops the auth helper's exchange, so that typed lines go out again; the session stays. */
  'auth:stop': { params: { sessionId: string }; result: null };
  /** Computes a CRAM-MD5 response for a pasted challenge, with its intermediate values. */
  'auth:cram-md5': {
    params: { challenge: string; username: string; secret: string };
    result: CramMd5Computation;
  };
  /** Writes bytes exactly as given, with no CRLF added ("send exact bytes"). */
  'session:send-bytes': {
    params: { sessionId: string; bytes: Uint8Array };
    result: SendLineResult;
  };
  /** Reads transcript records from index `from`, or the last ones when `from` is null. */
  'transcript:read': {
    params: { sessionId: string; from: number | null; maxBytes: number };
    result: TranscriptPage;
  };
  'transcript:export': {
    params: { sessionId: string; options: TranscriptExportOptions };
    result: TranscriptExport;
  };
  /** Turns on or off keeping real credentials for an export that asks for them. */
  'transcript:keep-credentials': {
    params: { sessionId: string; keep: boolean };
    result: { keeping: boolean };
  };
  /** Asks the user where to save a file and writes it; the desktop app only. */
  'file:save': { params: { file: ExportedFile }; result: SaveOutcome };
  'connections:list': { params: null; result: ConnectionList };
  'connections:save': { params: { connection: ConnectionInput }; result: ConnectionList };
  'connections:delete': { params: { id: string }; result: ConnectionList };
  /** The saved connections as a file to share, without passwords. */
  'connections:export': { params: null; result: ExportedFile };
  'connections:import': { params: { content: string }; result: ConnectionImportResult };
  /** The certificate analysis of the session's TLS handshake; null before TLS. */
  'session:certificates': { params: { sessionId: string }; result: ChainReport | null };
  /**
   * Analyses a certificate file (PEM, DER or PKCS#7) that the user opened, without a session,
   * optionally against a host name and extra trust anchors.
   */
  'certificates:analyze-file': {
    params: { fileName: string; bytes: Uint8Array } & CertificateFileCheck;
    result: ChainReport;
  };
}

/** Events from the engine to the renderer: channel name to payload type. */
export interface EventMap {
  'session:output': OutputBatch;
  'session:state': SessionSnapshot;
}

export type RequestChannel = keyof RequestMap;
export type EventChannel = keyof EventMap;
export type RequestParams<C extends RequestChannel> = RequestMap[C]['params'];
export type RequestResult<C extends RequestChannel> = RequestMap[C]['result'];

export const REQUEST_CHANNELS: readonly RequestChannel[] = [
  'app:defaults',
  'session:open',
  'session:send-line',
  'session:send-lines',
  'session:starttls',
  'session:accept-certificate',
  'session:close',
  'session:ack',
  'auth:start',
  'auth:stop',
  'auth:cram-md5',
  'session:send-bytes',
  'transcript:read',
  'transcript:export',
  'transcript:keep-credentials',
  'file:save',
  'connections:list',
  'connections:save',
  'connections:delete',
  'connections:export',
  'connections:import',
  'session:certificates',
  'certificates:analyze-file',
];

export const EVENT_CHANNELS: readonly EventChannel[] = ['session:output', 'session:state'];

export function isRequestChannel(value: unknown): value is RequestChannel {
  return typeof value === 'string' && (REQUEST_CHANNELS as readonly string[]).includes(value);
}

/** Removes a listener; calling it twice is harmless. */
export type Disposer = () => void;

/**
 * The API object the renderer sees as `window.mailtap` (Electron) or builds itself (browser
 * mode). Named operations only: there is no generic send or invoke.
 */
export interface MailtapApi {
  getDefaults(): Promise<AppDefaults>;
  openSession(options: SessionOptions): Promise<SessionSnapshot>;
  sendLine(sessionId: string, text: string): Promise<SendLineResult>;
  sendLines(sessionId: string, lines: readonly string[]): Promise<SendLinesResult>;
  startTls(sessionId: string): Promise<SendLineResult>;
  acceptCertificate(sessionId: string, fingerprint: string): Promise<null>;
  closeSession(sessionId: string): Promise<null>;
  acknowledge(sessionId: string, byteCount: number): Promise<null>;
  startAuth(sessionId: string, request: AuthStartRequest): Promise<SendLineResult>;
  stopAuth(sessionId: string): Promise<null>;
  computeCramMd5(challenge: string, username: string, secret: string): Promise<CramMd5Computation>;
  sendBytes(sessionId: string, bytes: Uint8Array): Promise<SendLineResult>;
  readTranscript(sessionId: string, from: number | null, maxBytes: number): Promise<TranscriptPage>;
  exportTranscript(sessionId: string, options: TranscriptExportOptions): Promise<TranscriptExport>;
  keepCredentials(sessionId: string, keep: boolean): Promise<{ keeping: boolean }>;
  /** Saves a file the user chose to keep: a save dialog in the desktop app, a download in a browser. */
  saveFile(file: ExportedFile): Promise<SaveOutcome>;
  listConnections(): Promise<ConnectionList>;
  saveConnection(connection: ConnectionInput): Promise<ConnectionList>;
  deleteConnection(id: string): Promise<ConnectionList>;
  exportConnections(): Promise<ExportedFile>;
  importConnections(content: string): Promise<ConnectionImportResult>;
  getCertificates(sessionId: string): Promise<ChainReport | null>;
  analyzeCertificateFile(
    fileName: string,
    bytes: Uint8Array,
    check?: CertificateFileCheck,
  ): Promise<ChainReport>;
  onSessionOutput(listener: (batch: OutputBatch) => void): Disposer;
  onSessionState(listener: (snapshot: SessionSnapshot) => void): Disposer;
}

/**
 * The result of a request as it crosses a process boundary: thrown errors do not survive
 * Electron's IPC intact, so failures travel as data with a catalog code.
 */
export type Envelope<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: MailtapError };
