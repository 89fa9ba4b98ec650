import { describeError } from '../../../shared/errors';
import type { Disposer, MailtapApi } from '../../../shared/ipc/contract';
import type { AddressFamily, ProtocolId, SecurityMode } from '../../../shared/presets';
import type { AuthRequest, CramMd5Computation } from '../../../shared/sasl/types';
import type { CertificateFileCheck, ChainReport } from '../../../shared/certificates/model';
import type {
  AppDefaults,
  OutputBatch,
  SessionOptions,
  SessionSnapshot,
} from '../../../shared/session';
import type { EngineLink, EngineLinkState } from '../api/engine-link';
import { describeFailure } from '../api/request-errors';
import { CommandHistory } from '../commands/command-history';
import { joinCommandLines, sendLinesInOrder, splitCommandLines } from '../commands/command-lines';
import {
  INITIAL_FORM_VALUES,
  applyPreset,
  validateForm,
  type FormErrors,
  type FormValues,
  type TextField,
} from './form-values';

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

/** The command box of one session. */
export interface CommandState {
  readonly draft: string;
  /** True while lines are being sent; the box is read-only meanwhile so nothing typed is lost. */
  readonly sending: boolean;
  readonly error: string | null;
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
  /** True while `openSession` is pending. */
  readonly opening: boolean;
  readonly openError: string | null;
  readonly commands: ReadonlyMap<string, CommandState>;
  /** The options each session was opened with, for "copy as command". */
  readonly sessionOptions: ReadonlyMap<string, SessionOptions>;
  /** Chain analyses by session id, kept after the engine forgets a closed session. */
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
}

const EMPTY_COMMAND: CommandState = { draft: '', sending: false, error: null };

function linkStatusOf(link: EngineLink | null): LinkStatus | null {
  return link === null
    ? null
    : { state: link.state, everOpened: link.everOpened, closeDetail: link.closeDetail };
}

/**
 * The renderer's state outside React: session snapshots, the active session, the connection form
 * and each session's command box. Components read it with `useSyncExternalStore`.
 */
export class SessionStore {
  readonly #api: MailtapApi;
  readonly #link: EngineLink | null;
  readonly #output: SessionOutputTarget;
  readonly #listeners = new Set<() => void>();
  readonly #disposers: Disposer[] = [];
  readonly #histories = new Map<string, CommandHistory>();
  /** Sessions with a snapshot from an event, which is never older than an `openSession` result. */
  readonly #dismissed = new Set<string>();
  #state: StoreState;
  #started = false;
  #ehloEdited = false;

  constructor(dependencies: StoreDependencies) {
    this.#api = dependencies.api;
    this.#link = dependencies.link;
    this.#output = dependencies.output;
    this.#state = {
      link: linkStatusOf(dependencies.link),
      missingToken: dependencies.missingToken,
      defaults: null,
      defaultsError: null,
      sessions: [],
      activeSessionId: null,
      view: 'form',
      form: INITIAL_FORM_VALUES,
      formErrors: {},
      opening: false,
      openError: null,
      commands: new Map(),
      sessionOptions: new Map(),
      certificates: new Map(),
      certificateFile: null,
    };
  }

  /** Subscribes to the engine's events and requests the form defaults. Later calls do nothing. */
  start(): void {
    if (this.#started) {
      return;
    }
    this.#started = true;

    this.#disposers.push(
      this.#api.onSessionState((snapshot) => this.#applySnapshot(snapshot)),
      this.#api.onSessionOutput((batch) => this.#output.deliver(batch)),
    );
    if (this.#link !== null) {
      const link = this.#link;
      this.#disposers.push(link.onStateChange(() => this.#update({ link: linkStatusOf(link) })));
    }
    void this.#loadDefaults();
  }

  dispose(): void {
    for (const dispose of this.#disposers.splice(0)) {
      dispose();
    }
    this.#listeners.clear();
  }

  readonly subscribe = (listener: () => void): Disposer => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  readonly getState = (): StoreState => this.#state;

  setFormField(field: TextField, value: string): void {
    if (field === 'ehloName') {
      this.#ehloEdited = true;
    }
    this.#update({ form: { ...this.#state.form, [field]: value } });
  }

  choosePreset(presetId: string): void {
    this.#update({ form: applyPreset(this.#state.form, presetId) });
  }

  setSecurity(security: SecurityMode): void {
    this.#update({ form: { ...this.#state.form, security } });
  }

  setFamily(family: AddressFamily): void {
    this.#update({ form: { ...this.#state.form, family } });
  }

  setLegacyTls(legacyTls: boolean): void {
    this.#update({ form: { ...this.#state.form, legacyTls } });
  }

  /** Validates the form and opens a session; on failure the form keeps its values. */
  async submitForm(): Promise<void> {
    if (this.#state.opening) {
      return;
    }
    const validation = validateForm(this.#state.form);
    if (!validation.ok) {
      this.#update({ formErrors: validation.errors, openError: null });
      return;
    }
    await this.openWith(validation.options);
  }

  /** Opens a session with ready options, e.g. a saved connection, in a new tab. */
  async openWith(options: SessionOptions): Promise<void> {
    if (this.#state.opening) {
      return;
    }
    this.#update({ opening: true, formErrors: {}, openError: null });
    try {
      const snapshot = await this.#api.openSession(options);
      this.#applySnapshot(snapshot);
      const sessionOptions = new Map(this.#state.sessionOptions).set(snapshot.sessionId, options);
      this.#update({
        opening: false,
        view: 'session',
        activeSessionId: snapshot.sessionId,
        sessionOptions,
      });
    } catch (reason) {
      this.#update({ opening: false, openError: describeFailure(reason) });
    }
  }

  /** Replaces the form's values, e.g. with a saved connection to edit before connecting. */
  loadForm(form: FormValues): void {
    this.#ehloEdited = true;
    this.#update({ form, formErrors: {}, openError: null, view: 'form' });
  }

  /**
   * Closes a tab: ends its session in the engine (FIN and TLS close_notify) and removes the
   * tab with its terminal. The tab goes even when the engine has already forgotten the session.
   */
  async closeTab(sessionId: string): Promise<void> {
    const session = this.#findSession(sessionId);
    if (session !== undefined && session.phase !== 'closed') {
      try {
        await this.#api.closeSession(sessionId);
      } catch {
        // The session is gone either way; an unreachable engine is reported by the banner.
      }
    }
    this.dismissSession(sessionId);
  }

  showForm(): void {
    this.#update({ view: 'form' });
  }

  selectSession(sessionId: string): void {
    if (this.#findSession(sessionId) !== undefined) {
      this.#update({ view: 'session', activeSessionId: sessionId });
    }
  }

  /** Removes a session from the list and disposes its terminal. */
  dismissSession(sessionId: string): void {
    this.#dismissed.add(sessionId);
    this.#histories.delete(sessionId);
    this.#output.removeSession(sessionId);

    const sessions = this.#state.sessions.filter((session) => session.sessionId !== sessionId);
    const commands = new Map(this.#state.commands);
    commands.delete(sessionId);
    const sessionOptions = new Map(this.#state.sessionOptions);
    sessionOptions.delete(sessionId);
    const certificates = new Map(this.#state.certificates);
    certificates.delete(sessionId);
    const wasActive = this.#state.activeSessionId === sessionId;
    this.#update({
      sessions,
      commands,
      sessionOptions,
      certificates,
      activeSessionId: wasActive
        ? (sessions.at(-1)?.sessionId ?? null)
        : this.#state.activeSessionId,
      view: wasActive && sessions.length === 0 ? 'form' : this.#state.view,
    });
  }

  commandOf(sessionId: string): CommandState {
    return this.#state.commands.get(sessionId) ?? EMPTY_COMMAND;
  }

  setDraft(sessionId: string, draft: string): void {
    this.#historyOf(sessionId).stopBrowsing();
    this.#updateCommand(sessionId, { draft });
  }

  /** Shows the previous history entry in the box; returns false when there is none. */
  recallPrevious(sessionId: string): boolean {
    const text = this.#historyOf(sessionId).previous(this.commandOf(sessionId).draft);
    if (text === undefined) {
      return false;
    }
    this.#updateCommand(sessionId, { draft: text });
    return true;
  }

  /** Shows the next history entry, or the saved draft; returns false when not browsing. */
  recallNext(sessionId: string): boolean {
    const text = this.#historyOf(sessionId).next();
    if (text === undefined) {
      return false;
    }
    this.#updateCommand(sessionId, { draft: text });
    return true;
  }

  /**
   * Sends the lines of the command box one by one. Each sent line leaves the box at once, so after
   * a rejection the box contains exactly the lines not sent, next to the error.
   */
  async sendCommand(sessionId: string): Promise<void> {
    const command = this.commandOf(sessionId);
    if (command.sending) {
      return;
    }

    const lines = splitCommandLines(command.draft);
    const history = this.#historyOf(sessionId);
    this.#updateCommand(sessionId, { sending: true, error: null });
    const outcome = await sendLinesInOrder(
      lines,
      (line) => this.#api.sendLine(sessionId, line),
      (index) => {
        history.add(lines[index]!);
        this.#updateCommand(sessionId, { draft: joinCommandLines(lines.slice(index + 1)) });
      },
    );

    let error: string | null = null;
    if (outcome.failure !== null) {
      error =
        'error' in outcome.failure
          ? describeError(outcome.failure.error)
          : describeFailure(outcome.failure.thrown);
    }
    this.#updateCommand(sessionId, { sending: false, error });
  }

  /**
   * Sends lines on the user's behalf, for a guided step; each appears in the terminal as it goes
   * out. Returns why a line was not sent, or null when all were.
   */
  async sendLines(sessionId: string, lines: readonly string[]): Promise<string | null> {
    const outcome = await sendLinesInOrder(
      lines,
      (line) => this.#api.sendLine(sessionId, line),
      () => undefined,
    );
    if (outcome.failure === null) {
      return null;
    }
    return 'error' in outcome.failure
      ? describeError(outcome.failure.error)
      : describeFailure(outcome.failure.thrown);
  }

  /** Runs the Upgrade action: the engine sends the protocol's STARTTLS command. */
  async startTls(sessionId: string): Promise<void> {
    try {
      const result = await this.#api.startTls(sessionId);
      this.#updateCommand(sessionId, { error: result.sent ? null : describeError(result.error) });
    } catch (reason) {
      this.#updateCommand(sessionId, { error: describeFailure(reason) });
    }
  }

  /** Allows credentials on a session whose certificate is untrusted, for this certificate only. */
  async acceptCertificate(sessionId: string, fingerprint: string): Promise<void> {
    try {
      await this.#api.acceptCertificate(sessionId, fingerprint);
      this.#updateCommand(sessionId, { error: null });
    } catch (reason) {
      this.#updateCommand(sessionId, { error: describeFailure(reason) });
    }
  }

  /**
   * Starts the auth helper's exchange in the engine. Returns null when the first line went out,
   * or the error to show next to the helper.
   */
  async startAuth(sessionId: string, request: AuthRequest): Promise<string | null> {
    try {
      const result = await this.#api.startAuth(sessionId, request);
      return result.sent ? null : describeError(result.error);
    } catch (reason) {
      return describeFailure(reason);
    }
  }

  /** Computes a CRAM-MD5 response for the calculator; throws what the engine rejected. */
  computeCramMd5(challenge: string, username: string, secret: string): Promise<CramMd5Computation> {
    return this.#api.computeCramMd5(challenge, username, secret);
  }

  /** Loads the chain analysis of a session's handshake once; later calls keep the first answer. */
  async loadCertificates(sessionId: string): Promise<void> {
    const known = this.#state.certificates.get(sessionId);
    if (known?.report != null) {
      return;
    }
    let entry: CertificateReportState;
    try {
      const report = await this.#api.getCertificates(sessionId);
      entry = { report, error: report === null ? 'This session has not negotiated TLS.' : null };
    } catch (reason) {
      entry = { report: null, error: describeFailure(reason) };
    }
    if (this.#dismissed.has(sessionId)) {
      return;
    }
    const certificates = new Map(this.#state.certificates);
    certificates.set(sessionId, entry);
    this.#update({ certificates });
  }

  /**
   * Sends a certificate file to the engine for analysis, against the name and trust anchors of
   * `check`, and shows the result in the main area.
   */
  async openCertificateFile(
    fileName: string,
    bytes: Uint8Array,
    check: CertificateFileCheck = {},
  ): Promise<void> {
    const pending: CertificateFileState = { fileName, bytes, check, report: null, error: null };
    this.#update({ view: 'certificate-file', certificateFile: pending });
    let result: CertificateFileState;
    try {
      const report = await this.#api.analyzeCertificateFile(fileName, bytes, check);
      result = { ...pending, report };
    } catch (reason) {
      result = { ...pending, error: describeFailure(reason) };
    }
    if (this.#state.certificateFile === pending) {
      this.#update({ certificateFile: result });
    }
  }

  /** Shows why a file was not sent for analysis, in the certificate file view. */
  showCertificateFileError(fileName: string, error: string): void {
    this.#update({
      view: 'certificate-file',
      certificateFile: { fileName, bytes: null, check: {}, report: null, error },
    });
  }

  /** Leaves the certificate file view for the session or the form shown before. */
  closeCertificateFile(): void {
    this.#update({
      certificateFile: null,
      view: this.#state.activeSessionId === null ? 'form' : 'session',
    });
  }

  async closeSession(sessionId: string): Promise<void> {
    try {
      await this.#api.closeSession(sessionId);
    } catch (reason) {
      this.#updateCommand(sessionId, { error: describeFailure(reason) });
    }
  }

  async #loadDefaults(): Promise<void> {
    try {
      const defaults = await this.#api.getDefaults();
      const form = this.#ehloEdited
        ? this.#state.form
        : { ...this.#state.form, ehloName: defaults.ehloName };
      this.#update({ defaults, form, defaultsError: null });
    } catch (reason) {
      this.#update({ defaultsError: describeFailure(reason) });
    }
  }

  #applySnapshot(snapshot: SessionSnapshot): void {
    const { sessionId } = snapshot;
    if (this.#dismissed.has(sessionId)) {
      return;
    }
    const known = this.#findSession(sessionId);
    if (known !== undefined && known.revision >= snapshot.revision) {
      // The response to openSession can arrive after newer state events; keep the newest.
      return;
    }

    this.#output.addSession(sessionId, snapshot.protocol);
    const sessions = [...this.#state.sessions];
    const index = sessions.findIndex((session) => session.sessionId === sessionId);
    if (index < 0) {
      sessions.push(snapshot);
    } else {
      sessions[index] = snapshot;
    }
    this.#update({ sessions });
  }

  #findSession(sessionId: string): SessionSnapshot | undefined {
    return this.#state.sessions.find((session) => session.sessionId === sessionId);
  }

  #historyOf(sessionId: string): CommandHistory {
    let history = this.#histories.get(sessionId);
    if (history === undefined) {
      history = new CommandHistory();
      this.#histories.set(sessionId, history);
    }
    return history;
  }

  #updateCommand(sessionId: string, change: Partial<CommandState>): void {
    if (this.#dismissed.has(sessionId)) {
      return;
    }
    const commands = new Map(this.#state.commands);
    commands.set(sessionId, { ...this.commandOf(sessionId), ...change });
    this.#update({ commands });
  }

  #update(change: Partial<StoreState>): void {
    this.#state = { ...this.#state, ...change };
    for (const listener of [...this.#listeners]) {
      listener();
    }
  }
}
