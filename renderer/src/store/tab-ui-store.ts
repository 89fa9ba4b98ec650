import type { Disposer } from '../../../shared/ipc/contract';
import { INITIAL_AUTH_FORM, type AuthFormValues } from '../sidebar/auth-methods';

/** Display of a tab's session: the live terminal, or a view built from the transcript. */
export type OutputView = 'terminal' | 'transcript' | 'bytes' | 'hex';

/** View state of one tab, kept while another tab is on screen. */
export interface TabUi {
  readonly view: OutputView;
  /** Show UTC times in the transcript, byte and hex views. */
  readonly timestamps: boolean;
  readonly sidebarPanel: string | null;
  readonly search: string;
  /** Draft of the "send exact bytes" box. */
  readonly exactDraft: string;
  /** Mirrors the engine's credential keeping for this session, which the user turned on. */
  readonly keepingCredentials: boolean;
  /** The Auth tab's fields; the password is never kept here. */
  readonly authForm: AuthFormValues;
  /** The saved connection the tab's session was opened from, whose stored password can log in. */
  readonly savedConnectionId: string | null;
}

export const DEFAULT_TAB_UI: TabUi = {
  view: 'terminal',
  timestamps: false,
  sidebarPanel: null,
  search: '',
  exactDraft: '',
  keepingCredentials: false,
  authForm: INITIAL_AUTH_FORM,
  savedConnectionId: null,
};

/**
 * Per-tab view state kept outside React, so that switching tabs and back restores the view,
 * the sidebar panel and the drafts of each session.
 */
export class TabUiStore {
  readonly #tabs = new Map<string, TabUi>();
  readonly #listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): Disposer => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  get(sessionId: string): TabUi {
    return this.#tabs.get(sessionId) ?? DEFAULT_TAB_UI;
  }

  set(sessionId: string, change: Partial<TabUi>): void {
    this.#tabs.set(sessionId, { ...this.get(sessionId), ...change });
    for (const listener of [...this.#listeners]) {
      listener();
    }
  }

  forget(sessionId: string): void {
    this.#tabs.delete(sessionId);
  }

  /**
   * Hands a tab's view state to the session that replaces it (Reconnect). Credential keeping is
   * off in the new session, so its mirror starts off too.
   */
  move(fromSessionId: string, toSessionId: string): void {
    const moved = this.#tabs.get(fromSessionId);
    this.#tabs.delete(fromSessionId);
    if (moved !== undefined) {
      this.set(toSessionId, { ...moved, keepingCredentials: false });
    }
  }
}
