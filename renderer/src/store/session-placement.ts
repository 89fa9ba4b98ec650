import type { SessionSnapshot } from '../../../shared/session';
import { replaceSession } from './session-list';
import type { SessionOutputTarget, StoreState } from './store-state';

/** Callbacks into the store that owns the placement. */
export interface PlacementHost {
  readonly output: SessionOutputTarget;
  getState(): StoreState;
  update(change: Partial<StoreState>): void;
  isDismissed(sessionId: string): boolean;
}

/**
 * Puts session snapshots into the store's list of tabs, from events and from `openSession`
 * responses, keeping the newest of each. While a Reconnect waits for its new session id, snapshots
 * of unknown sessions are held back, so the new session appears in the old tab's place instead
 * of flashing up as a tab of its own.
 */
export class SessionPlacement {
  readonly #host: PlacementHost;
  readonly #held = new Map<string, SessionSnapshot>();
  #pendingReconnects = 0;

  constructor(host: PlacementHost) {
    this.#host = host;
  }

  /** Applies a snapshot from a state event. */
  apply(snapshot: SessionSnapshot): void {
    const { sessionId } = snapshot;
    if (this.#host.isDismissed(sessionId)) {
      return;
    }
    const known = this.#find(sessionId);
    if (known !== undefined && known.revision >= snapshot.revision) {
      // The response to openSession can arrive after newer state events; keep the newest.
      return;
    }

    this.#host.output.addSession(sessionId, snapshot.protocol);
    if (known === undefined && this.#pendingReconnects > 0) {
      this.#held.set(sessionId, this.takeNewest(snapshot));
      return;
    }
    const sessions = [...this.#host.getState().sessions];
    const index = sessions.findIndex((session) => session.sessionId === sessionId);
    if (index < 0) {
      sessions.push(snapshot);
    } else {
      sessions[index] = snapshot;
    }
    this.#host.update({ sessions });
  }

  /** Adds the response to `openSession` as a tab, or a newer snapshot of it that arrived first. */
  placeOpened(snapshot: SessionSnapshot): void {
    const newest = this.takeNewest(snapshot);
    this.#host.output.addSession(newest.sessionId, newest.protocol);
    const known = this.#find(newest.sessionId);
    if (known === undefined || known.revision < newest.revision) {
      const sessions = replaceSession(this.#host.getState().sessions, newest.sessionId, newest);
      this.#host.update({ sessions });
    }
  }

  /** Returns the newer of a snapshot and one held back for it, and drops the held one. */
  takeNewest(snapshot: SessionSnapshot): SessionSnapshot {
    const held = this.#held.get(snapshot.sessionId);
    this.#held.delete(snapshot.sessionId);
    return held !== undefined && held.revision > snapshot.revision ? held : snapshot;
  }

  /** Starts holding back unknown sessions until the matching `endReconnect`. */
  beginReconnect(): void {
    this.#pendingReconnects++;
  }

  /** Stops holding back once no Reconnect waits, and adds what was held as tabs of their own. */
  endReconnect(): void {
    this.#pendingReconnects--;
    if (this.#pendingReconnects === 0) {
      this.placeHeld();
    }
  }

  /** Adds every held-back session as a tab of its own, e.g. when the engine is lost. */
  placeHeld(): void {
    for (const snapshot of [...this.#held.values()]) {
      this.placeOpened(snapshot);
    }
  }

  #find(sessionId: string): SessionSnapshot | undefined {
    return this.#host.getState().sessions.find((session) => session.sessionId === sessionId);
  }
}
