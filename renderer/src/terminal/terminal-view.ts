import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon, type ISearchOptions } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal, type ITheme } from '@xterm/xterm';

import { CONTINUATION_MARK, GUTTERS } from '../../../shared/display/output-formatter';
import type { Disposer } from '../../../shared/ipc/contract';
import type { OutputSink } from './output-router';
import { messageChannelScheduler, PacedWriter } from './paced-writer';

/** Lines kept above the screen; a long IMAP FETCH or a few hours of SMTP dialogue fit. */
export const TERMINAL_SCROLLBACK_LINES = 10_000;

const FONT_FAMILY =
  "ui-monospace, 'Cascadia Mono', 'SF Mono', Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace";
const FONT_SIZE_PX = 13;

/** Highlight colours of search matches, in the #RRGGBB form the search addon requires. */
const SEARCH_DECORATIONS: NonNullable<ISearchOptions['decorations']> = {
  matchBackground: '#5a4a12',
  matchOverviewRuler: '#f2c14e',
  activeMatchBackground: '#a06a00',
  activeMatchColorOverviewRuler: '#ffd873',
};

/** Search progress: the active match (1-based, 0 for none) and the number of matches. */
export interface SearchResults {
  readonly index: number;
  readonly count: number;
}

/** Matches styles/base.css. The ANSI colours are tuned so that every reply class reads on the background. */
const THEME: ITheme = {
  background: '#0f1216',
  foreground: '#d6dbe1',
  cursor: '#0f1216',
  cursorAccent: '#0f1216',
  selectionBackground: '#2f4a6b',
  black: '#1b1f24',
  red: '#ff6b6b',
  green: '#6fd08c',
  yellow: '#f2c14e',
  blue: '#5c9cf5',
  magenta: '#d58cf0',
  cyan: '#4fc7d9',
  white: '#c9d1d9',
  brightBlack: '#8b949e',
  brightRed: '#ff8f8f',
  brightGreen: '#8fe3a8',
  brightYellow: '#ffd873',
  brightBlue: '#7fb3ff',
  brightMagenta: '#e3a8f7',
  brightCyan: '#79dcea',
  brightWhite: '#f0f3f6',
};

/** A server line the user points at: hovering it, leaving it, or clicking or selecting it. */
export interface ServerLineEvent {
  readonly kind: 'hover' | 'leave' | 'select';
  /** The line as shown, without its `S: ` gutter; wrapped rows are joined. */
  readonly line: string;
  /** Pointer position in the page, for placing a tooltip; 0 for a keyboard selection. */
  readonly clientX: number;
  readonly clientY: number;
}

/**
 * One session's xterm terminal. It exists for the whole life of the session, so output is written
 * (and acknowledged) even while no DOM node shows it. `attach` puts it on screen.
 *
 * xterm never sends anything anywhere, because the view subscribes to neither `onData` nor
 * `onBinary` and stdin is disabled. Only the formatter's output is written to it, so escape
 * sequences from the server never reach xterm's parser. Addresses in the text are links, and
 * `openLink` decides whether one opens (see link-opener.ts); OSC 8 hyperlinks, which only the
 * formatter's output could carry, go through the same function.
 */
export class TerminalView implements OutputSink {
  readonly #terminal: Terminal;
  readonly #fit = new FitAddon();
  readonly #search = new SearchAddon();
  /** The element xterm renders into; moved between containers, never recreated. */
  readonly #host: HTMLDivElement;
  #opened = false;
  #detach: Disposer | null = null;
  #disposed = false;
  readonly #lineListeners = new Set<(event: ServerLineEvent) => void>();
  readonly #escapeListeners = new Set<() => void>();
  readonly #scheduler = messageChannelScheduler();
  readonly #writer: PacedWriter;

  constructor(
    ownerDocument: Document = document,
    openLink: (uri: string) => void = () => undefined,
  ) {
    this.#host = ownerDocument.createElement('div');
    this.#host.className = 'terminal-host';
    this.#terminal = new Terminal({
      disableStdin: true,
      convertEol: false,
      scrollback: TERMINAL_SCROLLBACK_LINES,
      fontFamily: FONT_FAMILY,
      fontSize: FONT_SIZE_PX,
      cursorBlink: false,
      cursorInactiveStyle: 'none',
      theme: THEME,
      linkHandler: { activate: (_event, uri) => openLink(uri), allowNonHttpProtocols: false },
      // The search addon highlights matches with decorations, which xterm still marks proposed.
      allowProposedApi: true,
    });
    this.#terminal.loadAddon(this.#fit);
    this.#terminal.loadAddon(this.#search);
    this.#terminal.loadAddon(new WebLinksAddon((_event, uri) => openLink(uri)));
    this.#writer = new PacedWriter(this.#terminal, this.#scheduler.schedule);
    this.#terminal.attachCustomKeyEventHandler((event) => this.#filterKey(event));
    this.#watchServerLines();
  }

  /**
   * Reports Escape pressed in the terminal, so the UI can move focus to the command box. Returns
   * a disposer that removes the listener.
   */
  onEscape(listener: () => void): Disposer {
    this.#escapeListeners.add(listener);
    return () => {
      this.#escapeListeners.delete(listener);
    };
  }

  /**
   * Passes Tab and Escape to the browser instead of xterm, which would take Tab as terminal input
   * and trap keyboard users. The terminal is output only, so nothing typed here is lost. Returning
   * false makes xterm ignore the key and leaves the browser's default action.
   */
  #filterKey(event: KeyboardEvent): boolean {
    if (event.key === 'Tab') {
      return false;
    }
    if (event.key === 'Escape') {
      if (event.type === 'keydown') {
        this.#terminal.blur();
        for (const listener of [...this.#escapeListeners]) {
          listener();
        }
      }
      return false;
    }
    return true;
  }

  /**
   * Reports server lines under the pointer and in the selection, so the UI can explain them.
   * Returns a disposer that removes the listener.
   */
  onServerLine(listener: (event: ServerLineEvent) => void): Disposer {
    this.#lineListeners.add(listener);
    return () => {
      this.#lineListeners.delete(listener);
    };
  }

  /** Returns the server line at a buffer row (0-based), or null for client lines and notes. */
  serverLineAt(row: number): string | null {
    const buffer = this.#terminal.buffer.active;
    let start = row;
    while (start > 0 && buffer.getLine(start)?.isWrapped === true) {
      start--;
    }
    let text = buffer.getLine(start)?.translateToString(true) ?? '';
    for (let next = start + 1; buffer.getLine(next)?.isWrapped === true; next++) {
      text += buffer.getLine(next)?.translateToString(true) ?? '';
    }
    if (!text.startsWith(GUTTERS.server)) {
      return null;
    }
    const line = text.slice(GUTTERS.server.length);
    return line.startsWith(CONTINUATION_MARK) ? line.slice(CONTINUATION_MARK.length) : line;
  }

  #emitLine(event: ServerLineEvent): void {
    for (const listener of [...this.#lineListeners]) {
      listener(event);
    }
  }

  /**
   * Hover comes from a link provider: xterm queries it for the row under the pointer and calls
   * `hover` and `leave` on what it returns. The "links" have no underline and do nothing when
   * clicked but pin the explanation; they never open anything.
   */
  #watchServerLines(): void {
    this.#terminal.registerLinkProvider({
      provideLinks: (bufferLineNumber, callback) => {
        const line = this.serverLineAt(bufferLineNumber - 1);
        if (line === null || line.trim() === '') {
          callback(undefined);
          return;
        }
        const point = (kind: ServerLineEvent['kind'], event: MouseEvent): ServerLineEvent => ({
          kind,
          line,
          clientX: event.clientX,
          clientY: event.clientY,
        });
        callback([
          {
            range: {
              start: { x: 1, y: bufferLineNumber },
              end: { x: this.#terminal.cols, y: bufferLineNumber },
            },
            text: line,
            decorations: { underline: false, pointerCursor: false },
            activate: (event) => this.#emitLine(point('select', event)),
            hover: (event) => this.#emitLine(point('hover', event)),
            leave: (event) => this.#emitLine(point('leave', event)),
          },
        ]);
      },
    });
    this.#terminal.onSelectionChange(() => {
      // NOTE: xterm 6 reports selection rows 0-based here, although IBufferCellPosition's
      // documentation says 1-based; serverLineAt takes the 0-based row.
      const position = this.#terminal.getSelectionPosition();
      if (position === undefined) {
        return;
      }
      const line = this.serverLineAt(position.start.y);
      if (line !== null) {
        this.#emitLine({ kind: 'select', line, clientX: 0, clientY: 0 });
      }
    });
  }

  /**
   * Writes text in slices and portions (see paced-writer.ts), so that xterm yields to rendering
   * and input between them and is never left waiting on a clamped timer.
   */
  write(text: string, onWritten: () => void): void {
    if (this.#disposed) {
      return;
    }
    this.#writer.write(text, onWritten);
  }

  /**
   * Shows the terminal inside `container`, sized to it and refitted whenever it resizes.
   * Returns a disposer that takes it off screen again; the terminal and its content stay.
   */
  attach(container: HTMLElement): Disposer {
    if (this.#disposed) {
      return () => undefined;
    }
    this.#detach?.();
    container.append(this.#host);
    if (!this.#opened) {
      // xterm measures its font when it opens, so it opens only once the host is in the page.
      this.#terminal.open(this.#host);
      this.#opened = true;
    }
    this.#fitToContainer();

    const observer = new ResizeObserver(() => this.#fitToContainer());
    observer.observe(container);

    let attached = true;
    const detach = (): void => {
      if (!attached) {
        return;
      }
      attached = false;
      observer.disconnect();
      this.#host.remove();
      if (this.#detach === detach) {
        this.#detach = null;
      }
    };
    this.#detach = detach;
    return detach;
  }

  /** Scrolls to the newest output, e.g. when the session comes back on screen. */
  scrollToBottom(): void {
    if (!this.#disposed) {
      this.#terminal.scrollToBottom();
    }
  }

  /** Moves to the next (or previous) match of `term` in the scrollback; false when none. */
  find(term: string, backwards = false): boolean {
    if (this.#disposed || term === '') {
      return false;
    }
    const options: ISearchOptions = { caseSensitive: false, decorations: SEARCH_DECORATIONS };
    return backwards
      ? this.#search.findPrevious(term, options)
      : this.#search.findNext(term, options);
  }

  clearSearch(): void {
    if (!this.#disposed) {
      this.#search.clearDecorations();
      this.#terminal.clearSelection();
    }
  }

  /** Calls `listener` whenever the number of matches or the active match changes. */
  onSearchResults(listener: (results: SearchResults) => void): Disposer {
    const subscription = this.#search.onDidChangeResults(({ resultIndex, resultCount }) =>
      listener({ index: resultIndex + 1, count: resultCount }),
    );
    return () => subscription.dispose();
  }

  /** Returns the selected text as plain text without colours. */
  selection(): string {
    return this.#disposed ? '' : this.#terminal.getSelection();
  }

  dispose(): void {
    if (this.#disposed) {
      return;
    }
    this.#disposed = true;
    this.#lineListeners.clear();
    this.#escapeListeners.clear();
    this.#writer.dispose();
    this.#scheduler.dispose();
    this.#detach?.();
    // Disposing the terminal disposes its loaded addons too.
    this.#terminal.dispose();
  }

  #fitToContainer(): void {
    if (this.#disposed || !this.#host.isConnected) {
      return;
    }
    this.#fit.fit();
    this.#terminal.refresh(0, this.#terminal.rows - 1);
  }
}
