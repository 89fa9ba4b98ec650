import type { ProtocolId } from '../presets';
import type { OutputEntry } from '../session';
import { challengeAnnotation, MAX_ANNOTATED_CHALLENGE_CHARS } from '../sasl/challenge-text';
import { asciiText, printableAsciiEnd } from './ascii-text';
import { escapeCodePoint, formatInvalidByte } from './escape';
import { literalDigitsAfterRun, literalLength, nextLiteralDigits } from './imap-literal';
import { classifyReplyStart, type ReplyCategory, type ReplyClass } from './reply-class';
import { CATEGORY_STYLES, STYLES, StyledTextWriter } from './sgr';
import { Utf8StreamDecoder, type Utf8Sink } from './utf8-decoder';

/**
 * Maximum number of characters of a server line held back while its reply class is unknown.
 * IMAP replies with tags of up to 59 characters are classified (60 to 61 when the status word
 * ends exactly at the limit), and longer ones are shown unclassified. Only a server that stalls
 * inside these first characters delays the display.
 */
export const MAX_CLASSIFY_PREFIX_CHARS = 64;

/** Gutters that start every visual line, after the c:/s: convention of hand-written transcripts. */
export const GUTTERS = { server: 'S: ', client: 'C: ', note: '-- ' } as const;

/** Opens and closes the console's note beside a server line, e.g. a decoded challenge. */
export const ANNOTATION_MARKS = { open: '  [', close: ']' } as const;

/** Ends a server line that a client line or note cut in two, and starts its continuation. */
export const CONTINUATION_MARK = '…';

/**
 * Stands before the line break of a line that ended in LF without CR. ASCII, because common
 * monospace fonts such as DejaVu Sans Mono lack the Control Pictures glyph U+240A.
 */
export const BARE_LF_MARK = '<LF>';

const CR = 0x0d;
const LF = 0x0a;
const REPLACEMENT_CHARACTER = '\ufffd';

const NOTE_STYLES: Readonly<Record<'info' | 'warning' | 'error', string>> = {
  info: STYLES.noteInfo,
  warning: STYLES.noteWarning,
  error: STYLES.noteError,
};

/** A decoded server unit: a code point (0 or more) or invalid byte `b` stored as `-(b + 1)`. */
type Unit = number;

/**
 * - `idle`: no server line is open; the next byte starts one.
 * - `holding`: a server line has started, but its first characters are held until they classify it.
 * - `open`: the server line is on screen with its gutter and colour.
 * - `suspended`: a client line or note cut the server line; its rest goes on a new gutter line.
 */
type LineState = 'idle' | 'holding' | 'open' | 'suspended';

export interface OutputFormatterOptions {
  /**
   * Writes each run of printable ASCII in an open line as one slice instead of byte by byte.
   * The output is the same either way. False keeps the byte-by-byte path, which the
   * differential test uses as the reference. Defaults to true.
   */
  readonly printableRuns?: boolean;
}

/**
 * Turns one session's output into text for xterm's `write`, one instance per session.
 *
 * Nothing the server or the user sends can drive the terminal. Every control character, invalid
 * UTF-8 byte and invisible or reordering code point is shown as a visible escape. The only
 * escape sequences in the result are the formatter's own SGR colours. The state of a line, an
 * incomplete UTF-8 sequence, a CR whose LF has not arrived and an IMAP literal carry across calls,
 * so output comes out the same however it is split into chunks.
 */
export class OutputFormatter {
  readonly #protocol: ProtocolId;
  readonly #printableRuns: boolean;
  readonly #decoder = new Utf8StreamDecoder();
  readonly #sink: Utf8Sink;
  readonly #writer = new StyledTextWriter();
  #state: LineState = 'idle';
  #heldUnits: Unit[] = [];
  /** The held units as text for the classifier, kept alongside so it is not rebuilt per unit. */
  #heldText = '';
  #category: ReplyCategory = 'unclassified';
  #pendingCr = false;
  /**
   * The digits of a `{N}` that ends the current IMAP line so far, outside literals: null when the
   * line does not end that way, digits alone while the brace is open, digits and `}` once closed.
   */
  #literalDigits: string | null = null;
  #literalBytesLeft = 0;
  #byteInLiteral = false;
  /**
   * The text of the current server line while it may be a SASL challenge (`334 `, `+ `), kept so
   * that its decoded form can follow it. It is null for every other line and past the cap.
   */
  #challengeLine: string | null = null;

  constructor(protocol: ProtocolId, options: OutputFormatterOptions = {}) {
    this.#protocol = protocol;
    this.#printableRuns = options.printableRuns ?? true;
    this.#sink = {
      codePoint: (codePoint) => this.#acceptUnit(codePoint),
      invalidByte: (byte) => this.#acceptUnit(-(byte + 1)),
    };
  }

  get protocol(): ProtocolId {
    return this.#protocol;
  }

  format(entries: readonly OutputEntry[]): string {
    for (const entry of entries) {
      switch (entry.kind) {
        case 'server':
          this.#formatServerBytes(entry.bytes);
          break;
        case 'client':
          this.#formatClientLine(entry.text, entry.automatic);
          break;
        case 'note':
          this.#formatNote(entry.level, entry.text);
          break;
      }
    }
    return this.#writer.finish();
  }

  #formatServerBytes(bytes: Uint8Array): void {
    let index = 0;
    while (index < bytes.length) {
      if (this.#printableRuns && this.#canWritePrintableRun()) {
        const end = this.#printableRunEnd(bytes, index);
        if (end > index) {
          this.#writePrintableRun(bytes, index, end);
          index = end;
          continue;
        }
      }
      this.#formatServerByte(bytes[index]!);
      index++;
    }
  }

  #formatServerByte(byte: number): void {
    this.#byteInLiteral = this.#literalBytesLeft > 0;
    if (this.#byteInLiteral) {
      this.#literalBytesLeft--;
    }

    if (this.#state === 'idle') {
      this.#beginLine();
    }

    if (this.#pendingCr) {
      this.#pendingCr = false;
      if (byte === LF) {
        this.#endLine(false);
        return;
      }
      this.#acceptUnit(CR);
    }

    // CR and LF cannot occur inside a UTF-8 sequence, so one cut short by them is invalid.
    if (byte === CR) {
      this.#decoder.flush(this.#sink);
      this.#pendingCr = true;
    } else if (byte === LF) {
      this.#decoder.flush(this.#sink);
      this.#endLine(true);
    } else {
      this.#decoder.push(byte, this.#sink);
    }
  }

  /**
   * True when the next printable ASCII bytes would each go straight to the screen: the line is
   * open, and no CR or partial UTF-8 sequence waits for the byte that decides its meaning.
   */
  #canWritePrintableRun(): boolean {
    return this.#state === 'open' && !this.#pendingCr && !this.#decoder.hasPendingBytes;
  }

  /**
   * Returns the end of the run of TAB and printable ASCII bytes from `start`. A run stops where
   * an IMAP literal ends, because the bytes after it count towards the next `{N}` announcement.
   */
  #printableRunEnd(bytes: Uint8Array, start: number): number {
    const limit =
      this.#literalBytesLeft > 0
        ? Math.min(bytes.length, start + this.#literalBytesLeft)
        : bytes.length;
    return printableAsciiEnd(bytes, start, limit);
  }

  /**
   * Writes a run of printable ASCII as one slice, with the same effect as passing its bytes one
   * by one through `#formatServerByte`. None of them is escaped, and each is written in the
   * line's colour, counted against an open literal and appended to a challenge line.
   */
  #writePrintableRun(bytes: Uint8Array, start: number, end: number): void {
    const length = end - start;
    this.#byteInLiteral = this.#literalBytesLeft > 0;
    if (this.#byteInLiteral) {
      this.#literalBytesLeft -= length;
    } else if (this.#protocol === 'imap') {
      this.#literalDigits = literalDigitsAfterRun(this.#literalDigits, bytes, start, end);
    }

    const text = asciiText(bytes, start, end);
    if (this.#challengeLine !== null) {
      // Each unit is appended while the line is under the cap, and the first one past it drops it.
      this.#challengeLine =
        this.#challengeLine.length + length <= MAX_ANNOTATED_CHALLENGE_CHARS
          ? this.#challengeLine + text
          : null;
    }
    this.#writer.write(CATEGORY_STYLES[this.#category], text);
  }

  #beginLine(): void {
    this.#literalDigits = null;
    // Lines inside a literal are message data, whatever they start with.
    if (this.#protocol === 'raw' || this.#byteInLiteral) {
      this.#openLine('unclassified', false);
      return;
    }
    this.#heldUnits = [];
    this.#heldText = '';
    this.#state = 'holding';
  }

  #acceptUnit(unit: Unit): void {
    if (this.#protocol === 'imap' && !this.#byteInLiteral) {
      this.#literalDigits = nextLiteralDigits(this.#literalDigits, unit);
    }

    if (this.#state === 'suspended') {
      this.#openLine(this.#category, true);
    }

    if (this.#state === 'holding') {
      this.#heldUnits.push(unit);
      this.#heldText += unitToText(unit);
      const complete = this.#heldUnits.length >= MAX_CLASSIFY_PREFIX_CHARS;
      const reply = this.#classifyHeld(complete);
      if (reply !== undefined) {
        this.#openLine(reply.category, false, reply.status);
      }
      return;
    }

    this.#writeUnit(unit);
  }

  #classifyHeld(complete: boolean): ReplyClass | undefined {
    return classifyReplyStart(this.#protocol, this.#heldText, complete);
  }

  /** Writes the gutter, then any held characters in the line's colour. */
  #openLine(category: ReplyCategory, continued: boolean, status: string | null = null): void {
    this.#writer.write(STYLES.serverGutter, GUTTERS.server);
    if (continued) {
      this.#writer.write(STYLES.continuation, CONTINUATION_MARK);
    } else {
      this.#challengeLine = status === '334' || status === '+' ? '' : null;
    }
    this.#category = category;
    this.#state = 'open';

    const classifiedUnits = this.#heldUnits;
    this.#heldUnits = [];
    this.#heldText = '';
    for (const unit of classifiedUnits) {
      this.#writeUnit(unit);
    }
  }

  #writeUnit(unit: Unit): void {
    if (this.#challengeLine !== null) {
      this.#challengeLine =
        this.#challengeLine.length < MAX_ANNOTATED_CHALLENGE_CHARS
          ? this.#challengeLine + unitToText(unit)
          : null;
    }
    if (unit < 0) {
      this.#writer.write(STYLES.escape, formatInvalidByte(-unit - 1));
      return;
    }
    const escaped = escapeCodePoint(unit);
    if (escaped === undefined) {
      this.#writer.write(CATEGORY_STYLES[this.#category], String.fromCodePoint(unit));
    } else {
      this.#writer.write(STYLES.escape, escaped);
    }
  }

  #endLine(bareLineFeed: boolean): void {
    if (this.#state === 'holding') {
      const reply = this.#classifyHeld(true)!;
      this.#openLine(reply.category, false, reply.status);
    } else if (this.#state === 'suspended') {
      this.#openLine(this.#category, true);
    }
    this.#writeChallengeAnnotation();

    if (bareLineFeed) {
      this.#writer.write(STYLES.bareLineFeed, BARE_LF_MARK);
    }
    this.#writer.endLine();
    this.#state = 'idle';

    if (this.#protocol === 'imap' && !bareLineFeed && !this.#byteInLiteral) {
      this.#literalBytesLeft = literalLength(this.#literalDigits);
    }
    this.#literalDigits = null;
  }

  /**
   * Closes the visual line of an unfinished server line, so that a client line or note gets a
   * line of its own. The server line stays unfinished: its rest continues on a marked line.
   */
  #interruptServerLine(): void {
    if (this.#state === 'holding') {
      // Classify what has arrived as if the line ended here: `250` is a reply, `25` is not.
      const reply = this.#classifyHeld(false) ?? this.#classifyHeld(true)!;
      this.#openLine(reply.category, false);
    }
    if (this.#state === 'open') {
      this.#writer.write(STYLES.continuation, CONTINUATION_MARK);
      this.#writer.endLine();
      this.#state = 'suspended';
    }
  }

  /** Shows the decoded text of a challenge after its line, in the console's own style. */
  #writeChallengeAnnotation(): void {
    const line = this.#challengeLine;
    this.#challengeLine = null;
    if (line === null || this.#byteInLiteral) {
      return;
    }
    const annotation = challengeAnnotation(this.#protocol, line);
    if (annotation === null) {
      return;
    }
    this.#writer.write(STYLES.annotation, ANNOTATION_MARKS.open);
    this.#writeEscapedText(annotation, STYLES.annotation);
    this.#writer.write(STYLES.annotation, ANNOTATION_MARKS.close);
  }

  #formatClientLine(text: string, automatic: boolean): void {
    this.#interruptServerLine();
    this.#writer.write(STYLES.clientGutter, GUTTERS.client);
    this.#writeEscapedText(text, automatic ? STYLES.automaticClient : STYLES.typedClient);
    this.#writer.endLine();
  }

  #formatNote(level: 'info' | 'warning' | 'error', text: string): void {
    this.#interruptServerLine();
    const style = NOTE_STYLES[level] ?? STYLES.noteError;
    for (const line of text.split(/\r?\n/)) {
      this.#writer.write(style, GUTTERS.note);
      this.#writeEscapedText(line, style);
      this.#writer.endLine();
    }
  }

  #writeEscapedText(text: string, style: string): void {
    for (const char of text) {
      const escaped = escapeCodePoint(char.codePointAt(0)!);
      if (escaped === undefined) {
        this.#writer.write(style, char);
      } else {
        this.#writer.write(STYLES.escape, escaped);
      }
    }
  }
}

function unitToText(unit: Unit): string {
  return unit < 0 ? REPLACEMENT_CHARACTER : String.fromCodePoint(unit);
}
