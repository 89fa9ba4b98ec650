import { useSyncExternalStore } from 'react';

import type { Disposer } from '../../../shared/ipc/contract';

/** The server line a session's Explain panel shows. */
export interface ExplainedLine {
  readonly text: string;
  /** True when the user clicked or selected the line; a pinned line outlasts later hovering. */
  readonly pinned: boolean;
}

/**
 * Store of the server line each session explains. Hovering replaces the line unless one is pinned;
 * clicking or selecting pins it. Kept outside the session store because it changes on every
 * pointer move and only the Explain panel reads it.
 */
export class ExplainedLines {
  readonly #lines = new Map<string, ExplainedLine>();
  readonly #listeners = new Set<() => void>();

  get(sessionId: string): ExplainedLine | undefined {
    return this.#lines.get(sessionId);
  }

  hover(sessionId: string, text: string): void {
    if (this.#lines.get(sessionId)?.pinned === true) {
      return;
    }
    this.#set(sessionId, { text, pinned: false });
  }

  pin(sessionId: string, text: string): void {
    this.#set(sessionId, { text, pinned: true });
  }

  unpin(sessionId: string): void {
    const current = this.#lines.get(sessionId);
    if (current !== undefined) {
      this.#set(sessionId, { ...current, pinned: false });
    }
  }

  readonly subscribe = (listener: () => void): Disposer => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  #set(sessionId: string, line: ExplainedLine): void {
    const current = this.#lines.get(sessionId);
    if (current?.text === line.text && current.pinned === line.pinned) {
      return;
    }
    this.#lines.set(sessionId, line);
    for (const listener of [...this.#listeners]) {
      listener();
    }
  }
}

/** The one instance of the renderer: the terminal pane writes to it, the Explain panel reads it. */
export const explainedLines = new ExplainedLines();

export function useExplainedLine(sessionId: string): ExplainedLine | undefined {
  return useSyncExternalStore(explainedLines.subscribe, () => explainedLines.get(sessionId));
}
