import type { ReplyCategory } from './reply-class';

/**
 * SGR parameter lists for every style the formatter uses, where '' is the default style.
 * They are the only escape sequences the formatter ever emits, and each is written whole as
 * `ESC [ 0 ; params m`, so a style never depends on what was written before it.
 */
export const STYLES = {
  serverGutter: '2',
  clientGutter: '36',
  typedClient: '1;96',
  automaticClient: '36',
  /** Caret escapes, `<9B>` and `<U+202E>`: they stand for bytes the server sent. */
  escape: '35',
  /** The `<LF>` that marks a bare LF. */
  bareLineFeed: '1;35',
  /** The `…` at both ends of a server line that a client line or note cut in two. */
  continuation: '2',
  /** Text the console adds beside a server line, such as a decoded challenge; never server bytes. */
  annotation: '2;3',
  noteInfo: '90',
  noteWarning: '33',
  noteError: '1;31',
} as const;

export const CATEGORY_STYLES: Readonly<Record<ReplyCategory, string>> = {
  success: '32',
  intermediate: '94',
  continuation: '94',
  'transient-failure': '33',
  'permanent-failure': '31',
  unclassified: '',
};

const RESET = '\x1b[0m';

function selectGraphicRendition(style: string): string {
  return style === '' ? RESET : `\x1b[0;${style}m`;
}

/** Collects styled text, emitting an SGR sequence only where the style changes. */
export class StyledTextWriter {
  readonly #parts: string[] = [];
  /** Text of the current style not yet moved to `#parts`, so that each run becomes one part. */
  #run = '';
  #current = '';

  write(style: string, text: string): void {
    if (text === '') {
      return;
    }
    if (style !== this.#current) {
      this.#closeRun();
      this.#parts.push(selectGraphicRendition(style));
      this.#current = style;
    }
    this.#run += text;
  }

  /** Resets the style before the line break, so that no colour bleeds into the next line. */
  endLine(): void {
    this.#resetStyle();
    this.#run += '\r\n';
  }

  /** Returns everything written, ending in the default style so that the next write starts clean. */
  finish(): string {
    this.#resetStyle();
    this.#closeRun();
    const text = this.#parts.join('');
    this.#parts.length = 0;
    return text;
  }

  #resetStyle(): void {
    if (this.#current !== '') {
      this.#closeRun();
      this.#parts.push(RESET);
      this.#current = '';
    }
  }

  #closeRun(): void {
    if (this.#run !== '') {
      this.#parts.push(this.#run);
      this.#run = '';
    }
  }
}
