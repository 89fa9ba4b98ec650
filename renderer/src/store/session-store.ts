import type { CertificateFileCheck } from '../../../shared/certificates/model';
import { describeError } from '../../../shared/errors';
import type { Disposer, MailtapApi } from '../../../shared/ipc/contract';
import type { AddressFamily, SecurityMode } from '../../../shared/presets';
import type { AuthStartRequest, CramMd5Computation } from '../../../shared/sasl/types';
import type { SessionOptions, SessionSnapshot } from '../../../shared/session';
import type { EngineLink } from '../api/engine-link';
import { describeFailure } from '../api/request-errors';
import { CertificateViews } from './certificate-views';
import { CommandBoxes } from './command-boxes';
import { ConnectionFormModel } from './form-model';
import type { FormValues, TextField } from './form-values';
import { markEngineLost, replaceSession } from './session-list';
import { SessionPlacement } from './session-placement';
import type {
  CommandState,
  LinkStatus,
  SessionOutputTarget,
  StoreDependencies,
  StoreState,
} from './store-state';

function linkStatusOf(link: EngineLink | null): LinkStatus | null {
  return link === null
    ? null
    : { state: link.state, everOpened: link.everOpened, closeDetail: link.closeDetail };
}

function withoutKey<K, V>(map: ReadonlyMap<K, V>, key: K): Map<K, V> {
  const copy = new Map(map);
  copy.delete(key);
  return copy;
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
  readonly #commands: CommandBoxes;
  readonly #form: ConnectionFormModel;
  readonly #certificates: CertificateViews;
  /** Sessions with a snapshot from an event, which is never older than an `openSession` result. */
  readonly #dismissed = new Set<string>();
  readonly #placement: SessionPlacement;
  #state: StoreState;
  #started = false;

  constructor(dependencies: StoreDependencies) {
    this.#api = dependencies.api;
    this.#link = dependencies.link;
    this.#output = dependencies.output;
    const host = {
      api: this.#api,
      getState: () => this.#state,
      update: (change: Partial<StoreState>) => this.#update(change),
      isDismissed: (sessionId: string) => this.#dismissed.has(sessionId),
    };
    this.#commands = new CommandBoxes(host);
    this.#form = new ConnectionFormModel(host, dependencies.formStorage ?? null);
    this.#certificates = new CertificateViews(host);
    this.#placement = new SessionPlacement({ ...host, output: this.#output });
    this.#state = {
      link: linkStatusOf(dependencies.link),
      missingToken: dependencies.missingToken,
      defaults: null,
      defaultsError: null,
      sessions: [],
      activeSessionId: null,
      view: 'form',
      form: this.#form.initialValues,
      formErrors: {},
      hostNote: null,
      opening: false,
      openError: null,
      commands: new Map(),
      sessionOptions: new Map(),
      reconnecting: new Set(),
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
      this.#api.onSessionState((snapshot) => this.#placement.apply(snapshot)),
      this.#api.onSessionOutput((batch) => this.#output.deliver(batch)),
    );
    if (this.#link !== null) {
      const link = this.#link;
      this.#disposers.push(link.onStateChange(() => this.#applyLinkState(link)));
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

  /** Sets a field and clears its validation message, which described the old value. */
  setFormField(field: TextField, value: string): void {
    this.#form.setField(field, value);
  }

  /** Moves a scheme, user name or port out of the Host field; see parseHostInput. */
  normalizeHost(): void {
    this.#form.normalizeHost();
  }

  choosePreset(presetId: string): void {
    this.#form.choosePreset(presetId);
  }

  setSecurity(security: SecurityMode): void {
    this.#form.setSecurity(security);
  }

  setFamily(family: AddressFamily): void {
    this.#form.setFamily(family);
  }

  setLegacyTls(legacyTls: boolean): void {
    this.#form.setLegacyTls(legacyTls);
  }

  /** Validates the form and opens a session; on failure the form keeps its values. */
  async submitForm(): Promise<void> {
    if (this.#state.opening) {
      return;
    }
    const options = this.#form.validate();
    if (options !== null) {
      await this.openWith(options);
    }
  }

  /**
   * Opens a session with ready options, e.g. a saved connection, in a new tab. Returns the new
   * session's id, or null when nothing was opened.
   */
  async openWith(options: SessionOptions): Promise<string | null> {
    if (this.#state.opening) {
      return null;
    }
    this.#update({ opening: true, formErrors: {}, openError: null });
    try {
      const snapshot = await this.#api.openSession(options);
      this.#placement.placeOpened(snapshot);
      const sessionOptions = new Map(this.#state.sessionOptions).set(snapshot.sessionId, options);
      this.#update({
        opening: false,
        view: 'session',
        activeSessionId: snapshot.sessionId,
        sessionOptions,
      });
      return snapshot.sessionId;
    } catch (reason) {
      this.#update({ opening: false, openError: describeFailure(reason) });
      return null;
    }
  }

  /**
   * Opens a new session with the options of a closed one, in the same tab: the new session takes
   * the old one's place, draft and history. Returns the new session id, or null when nothing
   * was opened; a failure is shown in the command box.
   */
  async reconnect(sessionId: string): Promise<string | null> {
    const options = this.#state.sessionOptions.get(sessionId);
    const session = this.#findSession(sessionId);
    if (
      options === undefined ||
      session?.phase !== 'closed' ||
      this.#state.reconnecting.has(sessionId) ||
      this.#state.link?.state === 'closed'
    ) {
      return null;
    }

    this.#update({ reconnecting: new Set(this.#state.reconnecting).add(sessionId) });
    this.#placement.beginReconnect();
    let snapshot: SessionSnapshot | null = null;
    try {
      snapshot = await this.#api.openSession(options);
    } catch (reason) {
      this.#commands.update(sessionId, { error: describeFailure(reason) });
    }
    const reconnecting = new Set(this.#state.reconnecting);
    reconnecting.delete(sessionId);
    this.#update({ reconnecting });

    if (snapshot !== null && this.#dismissed.has(sessionId)) {
      // The tab was closed while the new session opened, so the new one is not needed.
      this.#placement.takeNewest(snapshot);
      void this.#api.closeSession(snapshot.sessionId).catch(() => undefined);
      snapshot = null;
    }
    if (snapshot !== null) {
      this.#replaceTab(sessionId, this.#placement.takeNewest(snapshot), options);
    }
    this.#placement.endReconnect();
    return snapshot?.sessionId ?? null;
  }

  /** Replaces the form's values, e.g. with a saved connection to edit before connecting. */
  loadForm(form: FormValues): void {
    this.#form.load(form);
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
    this.#commands.forget(sessionId);
    this.#output.removeSession(sessionId);

    const sessions = this.#state.sessions.filter((session) => session.sessionId !== sessionId);
    const wasActive = this.#state.activeSessionId === sessionId;
    this.#update({
      sessions,
      commands: withoutKey(this.#state.commands, sessionId),
      sessionOptions: withoutKey(this.#state.sessionOptions, sessionId),
      certificates: withoutKey(this.#state.certificates, sessionId),
      activeSessionId: wasActive
        ? (sessions.at(-1)?.sessionId ?? null)
        : this.#state.activeSessionId,
      view: wasActive && sessions.length === 0 ? 'form' : this.#state.view,
    });
  }

  commandOf(sessionId: string): CommandState {
    return this.#commands.commandOf(sessionId);
  }

  setDraft(sessionId: string, draft: string): void {
    this.#commands.setDraft(sessionId, draft);
  }

  /** Shows the previous history entry in the box; returns false when there is none. */
  recallPrevious(sessionId: string): boolean {
    return this.#commands.recallPrevious(sessionId);
  }

  /** Shows the next history entry, or the saved draft; returns false when not browsing. */
  recallNext(sessionId: string): boolean {
    return this.#commands.recallNext(sessionId);
  }

  /** Sends the lines of the command box in order; see CommandBoxes.send. */
  sendCommand(sessionId: string): Promise<void> {
    return this.#commands.send(sessionId);
  }

  /** Sends lines for a guided step; returns why a line was not sent, or null when all were. */
  sendLines(sessionId: string, lines: readonly string[]): Promise<string | null> {
    return this.#commands.sendLines(sessionId, lines);
  }

  /** Stops the session's command box from sending, with this reason (see CommandBoxes.hold). */
  holdCommands(sessionId: string, reason: string): void {
    this.#commands.hold(sessionId, reason);
  }

  releaseCommands(sessionId: string): void {
    this.#commands.release(sessionId);
  }

  /** Runs the Upgrade action: the engine sends the protocol's STARTTLS command. */
  async startTls(sessionId: string): Promise<void> {
    const hold = this.#commands.commandOf(sessionId).hold;
    if (hold !== undefined) {
      this.#commands.update(sessionId, { error: hold });
      return;
    }
    try {
      const result = await this.#api.startTls(sessionId);
      this.#commands.update(sessionId, {
        error: result.sent ? null : describeError(result.error),
      });
    } catch (reason) {
      this.#commands.update(sessionId, { error: describeFailure(reason) });
    }
  }

  /** Allows credentials on a session whose certificate is untrusted, for this certificate only. */
  async acceptCertificate(sessionId: string, fingerprint: string): Promise<void> {
    try {
      await this.#api.acceptCertificate(sessionId, fingerprint);
      this.#commands.update(sessionId, { error: null });
    } catch (reason) {
      this.#commands.update(sessionId, { error: describeFailure(reason) });
    }
  }

  /**
   * Starts the auth helper's exchange in the engine. Returns null when the first line went out,
   * or the error to show next to the helper.
   */
  async startAuth(sessionId: string, request: AuthStartRequest): Promise<string | null> {
    try {
      const result = await this.#api.startAuth(sessionId, request);
      return result.sent ? null : describeError(result.error);
    } catch (reason) {
      return describeFailure(reason);
    }
  }

  /** Stops the auth helper's exchange; the engine notes it in the terminal. */
  async stopAuth(sessionId: string): Promise<void> {
    await this.#api.stopAuth(sessionId).catch(() => undefined);
  }

  /** Computes a CRAM-MD5 response for the calculator; throws what the engine rejected. */
  computeCramMd5(challenge: string, username: string, secret: string): Promise<CramMd5Computation> {
    return this.#api.computeCramMd5(challenge, username, secret);
  }

  /** Loads the chain analysis of a session's handshake once; later calls keep the first result. */
  loadCertificates(sessionId: string): Promise<void> {
    return this.#certificates.load(sessionId);
  }

  /**
   * Sends a certificate file to the engine for analysis, against the name and trust anchors of
   * `check`, and shows the result in the main area.
   */
  openCertificateFile(
    fileName: string,
    bytes: Uint8Array,
    check: CertificateFileCheck = {},
  ): Promise<void> {
    return this.#certificates.openFile(fileName, bytes, check);
  }

  /** Shows why a file was not sent for analysis, in the certificate file view. */
  showCertificateFileError(fileName: string, error: string): void {
    this.#certificates.showFileError(fileName, error);
  }

  /** Leaves the certificate file view for the session or the form shown before. */
  closeCertificateFile(): void {
    this.#certificates.closeFile();
  }

  async closeSession(sessionId: string): Promise<void> {
    try {
      await this.#api.closeSession(sessionId);
    } catch (reason) {
      this.#commands.update(sessionId, { error: describeFailure(reason) });
    }
  }

  async #loadDefaults(): Promise<void> {
    try {
      this.#form.applyDefaults(await this.#api.getDefaults());
    } catch (reason) {
      this.#update({ defaultsError: describeFailure(reason) });
    }
  }

  /** Marks every open session as lost once the link to the engine is gone for good. */
  #applyLinkState(link: EngineLink): void {
    const status = linkStatusOf(link);
    if (link.state !== 'closed') {
      this.#update({ link: status });
      return;
    }
    this.#placement.placeHeld();
    this.#update({
      link: status,
      sessions: markEngineLost(this.#state.sessions, link.closeDetail),
    });
  }

  #replaceTab(oldId: string, snapshot: SessionSnapshot, options: SessionOptions): void {
    const newId = snapshot.sessionId;
    this.#output.addSession(newId, snapshot.protocol);
    this.#commands.carryOver(oldId, newId);
    this.#commands.forget(oldId);
    this.#dismissed.add(oldId);
    this.#output.removeSession(oldId);
    // The engine keeps an ended session until it is closed; this frees it.
    void this.#api.closeSession(oldId).catch(() => undefined);

    const sessionOptions = withoutKey(this.#state.sessionOptions, oldId).set(newId, options);
    this.#update({
      sessions: replaceSession(this.#state.sessions, oldId, snapshot),
      commands: withoutKey(this.#state.commands, oldId),
      sessionOptions,
      certificates: withoutKey(this.#state.certificates, oldId),
      activeSessionId: this.#state.activeSessionId === oldId ? newId : this.#state.activeSessionId,
    });
  }

  #findSession(sessionId: string): SessionSnapshot | undefined {
    return this.#state.sessions.find((session) => session.sessionId === sessionId);
  }

  #update(change: Partial<StoreState>): void {
    this.#state = { ...this.#state, ...change };
    for (const listener of [...this.#listeners]) {
      listener();
    }
  }
}
