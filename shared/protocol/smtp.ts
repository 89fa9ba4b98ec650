import { normalizeCapabilityLines } from './capability-lines';
import { LineBuffer, type ReceivedLine } from './line-buffer';

/**
 * A complete SMTP reply (RFC 5321, section 4.2): one or more lines with the same three-digit
 * code, where every line but the last has a hyphen after the code.
 */
export interface SmtpReply {
  readonly protocol: 'smtp';
  /** The code of the final line, or null for a line that has no reply code at all. */
  readonly code: number | null;
  /** Text after the code and separator, one entry per line. */
  readonly lines: readonly string[];
  /** The lines exactly as received, without terminators. */
  readonly raw: readonly string[];
  /** Enhanced status code (RFC 3463) at the start of the final line's text, e.g. `5.7.1`. */
  readonly enhancedCode: string | null;
  /** Departures from the grammar that the parser tolerated. */
  readonly deviations: readonly SmtpDeviation[];
}

export type SmtpDeviation =
  | 'blank-line'
  | 'bare-lf'
  | 'code-mismatch'
  | 'no-code'
  | 'missing-space'
  | 'truncated-line'
  | 'truncated-reply';

/**
 * Lines one reply keeps; later continuation lines are counted but dropped, so a server that
 * never ends a `250-` reply cannot exhaust memory. Real EHLO replies have a few dozen lines.
 */
export const MAX_TRACKED_REPLY_LINES = 1000;
/**
 * Bytes one reply keeps, so that a thousand maximal lines cannot hold a gigabyte; the same cap
 * as one IMAP response's.
 */
export const MAX_TRACKED_REPLY_BYTES = 16 * 1024 * 1024;

const REPLY_LINE = /^([2-5]\d\d)([ -]?)(.*)$/s;
const ENHANCED_CODE = /^([245]\.\d{1,3}\.\d{1,3})(?:\s|$)/;

/** Assembles SMTP replies from server bytes, tolerating the irregular replies real servers send. */
export class SmtpReplyReader {
  private readonly buffer: LineBuffer;
  private lines: ReceivedLine[] = [];
  private deviations: SmtpDeviation[] = [];
  private code: number | null = null;
  private keptBytes = 0;

  /** `maxLineBytes` caps each tracked line; the default is MAX_TRACKED_LINE_BYTES. */
  constructor(maxLineBytes?: number) {
    this.buffer = new LineBuffer(maxLineBytes);
  }

  get bufferedByteCount(): number {
    return (
      this.buffer.bufferedByteCount +
      this.lines.reduce((sum, line) => sum + line.text.length + 2, 0)
    );
  }

  /** Feeds bytes and returns every reply they complete, in order. */
  push(chunk: Uint8Array): SmtpReply[] {
    this.buffer.push(chunk);
    const replies: SmtpReply[] = [];
    for (let line = this.buffer.takeLine(); line !== null; line = this.buffer.takeLine()) {
      const reply = this.consume(line);
      if (reply !== null) {
        replies.push(reply);
      }
    }
    return replies;
  }

  private consume(line: ReceivedLine): SmtpReply | null {
    if (line.ending === 'lf') {
      this.note('bare-lf');
    }
    if (line.truncated) {
      this.note('truncated-line');
    }
    const match = REPLY_LINE.exec(line.text);
    if (match === null) {
      // A blank line inside a multi-line reply is tolerated; anything else outside one is a
      // line without a code, which is returned alone so that nothing waits for it.
      this.note(line.text.trim() === '' ? 'blank-line' : 'no-code');
      this.keep(line);
      if (this.code === null && line.text.trim() !== '') {
        return this.finish(null);
      }
      return null;
    }
    const code = Number(match[1]);
    const separator = match[2];
    if (this.code !== null && this.code !== code) {
      this.note('code-mismatch');
    }
    this.code = code;
    this.keep(line);
    if (separator === '-') {
      return null;
    }
    if (separator === '' && match[3] !== '') {
      this.note('missing-space');
    }
    return this.finish(code);
  }

  private finish(code: number | null): SmtpReply {
    const raw = this.lines.map((line) => line.text);
    // Only lines with a reply code carry reply text; blank or stray lines stay in `raw`.
    const lines: string[] = [];
    for (const text of raw) {
      const match = REPLY_LINE.exec(text);
      if (match !== null) {
        lines.push(match[3] ?? '');
      }
    }
    if (code === null) {
      lines.push(...raw.filter((text) => text.trim() !== ''));
    }
    const last = lines[lines.length - 1] ?? '';
    const enhanced = ENHANCED_CODE.exec(last);
    const reply: SmtpReply = {
      protocol: 'smtp',
      code,
      lines,
      raw,
      enhancedCode: code === null || enhanced === null ? null : (enhanced[1] ?? null),
      deviations: this.deviations,
    };
    this.lines = [];
    this.keptBytes = 0;
    this.deviations = [];
    this.code = null;
    return reply;
  }

  private keep(line: ReceivedLine): void {
    if (
      this.lines.length < MAX_TRACKED_REPLY_LINES &&
      this.keptBytes + line.text.length <= MAX_TRACKED_REPLY_BYTES
    ) {
      this.lines.push(line);
      this.keptBytes += line.text.length;
    } else {
      this.note('truncated-reply');
    }
  }

  private note(deviation: SmtpDeviation): void {
    if (!this.deviations.includes(deviation)) {
      this.deviations.push(deviation);
    }
  }
}

/**
 * Returns the extension keywords of an EHLO reply (RFC 5321, section 4.1.1.1): every line after
 * the first, including the last one, so `250 STARTTLS` counts. Keywords are upper-cased; their
 * parameters are kept as sent.
 */
export function parseEhloKeywords(reply: SmtpReply): string[] {
  if (reply.code !== 250) {
    return [];
  }
  return normalizeCapabilityLines(reply.lines.slice(1));
}

/** Returns the command verb of a client line, upper-cased (`MAIL` for `mail from:<a@b>`). */
export function smtpVerb(line: string): string {
  const match = /^\s*([A-Za-z]+)/.exec(line);
  return match?.[1]?.toUpperCase() ?? '';
}

export function isSmtpStarttlsCommand(line: string): boolean {
  return /^\s*STARTTLS\s*$/i.test(line);
}

/** Returns a reply's final line for messages and error context. */
export function smtpReplySummary(reply: SmtpReply): string {
  return reply.raw[reply.raw.length - 1] ?? '';
}
