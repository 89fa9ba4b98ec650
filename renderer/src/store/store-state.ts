import type { CertificateFileCheck, ChainReport } from '../../../shared/certificates/model';
import type { MailtapApi } from '../../../shared/ipc/contract';
import type { ProtocolId } from '../../../shared/presets';
import type {
  AppDefaults,
  OutputBatch,
  SessionOptions,
  SessionSnapshot,
} from '../../../shared/session';
import type { EngineLink, EngineLinkState } from '../api/engine-link';
import type { FormErrors, FormValues } from './form-values';

/** The content of the main area: the connection form, the active session or an opened certificate file. */
export type View = 'form' | 'session' | 'certificate-file';

/** The chain analysis of one session's handshake, or of an opened file, as it loads. */
export interface CertificateReportState {
  readonly report: ChainReport | null;
  readonly error: string | null;
}

/** A certificate file opened by dialog or drop. */
export interface CertificateFileState extends CertificateReportState {
  readonly fileName: string;
  /** The file's bytes, kept to check it again with another name or CA file; null when unread. */
  readonly bytes: Uint8Array | null;
  /** The name and trust anchors of the last analysis. */
  readonly check: CertificateFileCheck;
}

/** How far a multi-line send has got. */
export interface SendProgress {
  readonly sentCount: number;
  readonly total: number;
}

/** The command box of one session. */
export interface CommandState {
  readonly draft: string;
  /** True while lines are being sent; the box is read-only meanwhile so nothing typed is lost. */
  readonly sending: boolean;
  readonly error: string | null;
  /** Set while a send of more than one request is under way. */
  readonly progress?: SendProgress | undefined;
  /**
   * The reason the box sends nothing for now, e.g. a guided flow is sending message content that
   * a typed line would corrupt. Undefined while the box may send.
   */
  readonly hold?: string | undefined;
}

export interface LinkStatus {
  readonly state: EngineLinkState;
  readonly everOpened: boolean;
  readonly closeDetail: string | null;
}

export interface StoreState {
  /** Browser mode's link to the engine; null under Electron. */
  readonly link: LinkStatus | null;
  readonly missingToken: boolean;
  readonly defaults: AppDefaults | null;
  readonly defaultsError: string | null;
  /** Sessions in the order they were opened. */
  readonly sessions: readonly SessionSnapshot[];
  readonly activeSessionId: string | null;
  readonly view: View;
  readonly form: FormValues;
  readonly formErrors: FormErrors;
  /** Note on the changes made while reading the Host field, shown beside it; null for none. */
  readonly hostNote: string | null;
  /** True while `openSession` is pending. */
  readonly opening: boolean;
  readonly openError: string | null;
  readonly commands: ReadonlyMap<string, CommandState>;
  /** The options each session was opened with, for "copy as command" and Reconnect. */
  readonly sessionOptions: ReadonlyMap<string, SessionOptions>;
  /** Sessions whose Reconnect is under way. */
  readonly reconnecting: ReadonlySet<string>;
  /** Chain analyses by session id, kept after the engine drops a closed session. */
  readonly certificates: ReadonlyMap<string, CertificateReportState>;
  readonly certificateFile: CertificateFileState | null;
}

/** The destination of session output: the OutputRouter in the app, or a fake in tests. */
export interface SessionOutputTarget {
  addSession(sessionId: string, protocol: ProtocolId): void;
  deliver(batch: OutputBatch): void;
  removeSession(sessionId: string): void;
}

export interface StoreDependencies {
  readonly api: MailtapApi;
  readonly link: EngineLink | null;
  readonly missingToken: boolean;
  readonly output: SessionOutputTarget;
  /** Keeps the connection form across reloads of the page; null keeps nothing. */
  readonly formStorage?: Storage | null;
}
