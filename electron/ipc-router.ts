import type {
  Disposer,
  Envelope,
  EventChannel,
  EventMap,
  RequestChannel,
} from '../shared/ipc/contract';
import { makeError } from '../shared/errors';
import type { Dispatcher } from './engine/dispatch';
import type { Logger } from './engine/logger';
import type { SessionHub } from './engine/session-hub';
import { isTrustedSender } from './sender-policy';

/** The part of Electron's WebContents the router uses; tests pass a fake. */
export interface RouterContents {
  readonly mainFrame: unknown;
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
  once(event: 'destroyed', listener: () => void): unknown;
  on(
    event: 'did-start-navigation',
    listener: (details: { isMainFrame: boolean; isSameDocument: boolean }) => void,
  ): unknown;
}

/** The part of Electron's IpcMainInvokeEvent the router reads. */
export interface RouterInvokeEvent<C extends RouterContents> {
  readonly sender: C;
  /** Null when the frame that sent the request has navigated away or been destroyed. */
  readonly senderFrame: { readonly url: string } | null;
}

/**
 * Routes IPC requests to the engine and its events back to the window that opened each session.
 * A request runs only when it comes from the top-level frame of the app's own page, and only for
 * sessions that window owns. Every other request is rejected and logged, and nothing runs.
 */
export class IpcRouter<C extends RouterContents> {
  private readonly owners = new Map<string, C>();
  private readonly watched = new WeakSet<C>();
  private readonly stopEvents: Disposer[];

  constructor(
    private readonly hub: SessionHub,
    private readonly dispatch: Dispatcher,
    private readonly logger: Logger,
  ) {
    this.stopEvents = [
      hub.onOutput((batch) => this.forward('session:output', batch)),
      hub.onState((snapshot) => this.forward('session:state', snapshot)),
    ];
  }

  async handle(
    channel: RequestChannel,
    event: RouterInvokeEvent<C>,
    params: unknown,
  ): Promise<Envelope<unknown>> {
    const frame = event.senderFrame;
    const verdict = isTrustedSender({
      url: frame?.url,
      isMainFrame: frame !== null && frame === event.sender.mainFrame,
    });
    if (!verdict.trusted) {
      this.logger.warn('ipc request rejected', { channel, reason: verdict.reason });
      return {
        ok: false,
        error: makeError('INVALID_REQUEST', { detail: `Rejected because ${verdict.reason}.` }),
      };
    }
    const contents = event.sender;
    this.watch(contents);
    const sessionId = (params as { sessionId?: unknown } | null)?.sessionId;
    if (
      typeof sessionId === 'string' &&
      this.owners.get(sessionId) !== contents &&
      channel !== 'session:open'
    ) {
      return {
        ok: false,
        error: makeError('SESSION_NOT_FOUND', { detail: `Session id: ${sessionId}.` }),
      };
    }
    const envelope = await this.dispatch(channel, params, {
      onSessionCreated: (createdId) => this.owners.set(createdId, contents),
    });
    if (channel === 'session:close' && typeof sessionId === 'string') {
      this.owners.delete(sessionId);
    }
    return envelope;
  }

  dispose(): void {
    for (const stop of this.stopEvents) {
      stop();
    }
  }

  private forward<E extends EventChannel>(channel: E, payload: EventMap[E]): void {
    const owner = this.owners.get(payload.sessionId);
    if (owner !== undefined && !owner.isDestroyed()) {
      owner.send(channel, payload);
    }
  }

  /** Closes a window's sessions when it goes away or reloads. */
  private watch(contents: C): void {
    if (this.watched.has(contents)) {
      return;
    }
    this.watched.add(contents);
    contents.once('destroyed', () => this.closeSessionsOf(contents));
    contents.on('did-start-navigation', (details) => {
      // A reload starts a page that does not know the old sessions.
      if (details.isMainFrame && !details.isSameDocument) {
        this.closeSessionsOf(contents);
      }
    });
  }

  private closeSessionsOf(contents: C): void {
    for (const [sessionId, owner] of this.owners) {
      if (owner === contents) {
        this.owners.delete(sessionId);
        this.hub.close(sessionId);
      }
    }
  }
}
