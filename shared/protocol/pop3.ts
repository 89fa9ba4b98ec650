import { normalizeCapabilityLines } from './capability-lines';
import { LineBuffer } from './line-buffer';

/**
 * One complete POP3 response (RFC 1939): a status line, and for multi-line commands that
 * succeeded, the lines up to the terminating `.` line, dot-unstuffed.
 */
export interface Pop3Response {
  readonly protocol: 'pop3';
  /** `+OK`, `-ERR`, `+` for a SASL continuation, or null for a line with no status. */
  readonly status: '+OK' | '-ERR' | '+' | null;
  /** The status line without the status word. */
  readonly text: string;
  /** The status line exactly as received. */
  readonly firstLine: string;
  /** Body lines of a multi-line response, with the leading dot of stuffed lines removed. */
  readonly body: readonly string[] | null;
  /** True when the body passed the tracking cap and its tail was only counted. */
  readonly bodyTruncated: boolean;
  /** The command this response answers, upper-cased, or null for the greeting. */
  readonly command: string | null;
  readonly bareLf: boolean;
  /**
   * A sentence on what looks wrong in the framing, or null. Set when a RETR body's size differs
   * from the octet count on its `+OK` line, and on the first of a run of lines that lack a
   * status: both are what a server that fails to dot-stuff produces.

   */
  readonly framingProblem: string | null;
}

/** Body bytes a response keeps for parsing; the terminal still shows every byte. */
export const MAX_TRACKED_BODY_BYTES = 16 * 1024 * 1024;

/** Commands whose positive response is multi-line when sent without an argument. */
const MULTI_LINE_WITHOUT_ARGUMENT = new Set(['CAPA', 'LIST', 'UIDL', 'AUTH']);
/** Commands whose positive response is always multi-line. */
const MULTI_LINE_ALWAYS = new Set(['RETR', 'TOP']);

interface Expectation {
  readonly command: string | null;
  readonly multiLine: boolean;
}

/** Returns whether a positive reply to this client line is a multi-line response. */
export function isMultiLineCommand(line: string): boolean {
  const words = line.trim().split(/\s+/);
  const verb = (words[0] ?? '').toUpperCase();
  if (MULTI_LINE_ALWAYS.has(verb)) {
    return true;
  }
  return MULTI_LINE_WITHOUT_ARGUMENT.has(verb) && words.length === 1;
}

/**
 * Assembles POP3 responses. POP3 responses do not say whether a body follows, so the reader
 * must be told of every command sent, in order, through `expect`.
 */
export class Pop3ResponseReader {
  private readonly buffer: LineBuffer;
  /** The greeting is the first response and answers no command. */
  private readonly expectations: Expectation[] = [{ command: null, multiLine: false }];
  private current: {
    status: Pop3Response['status'];
    text: string;
    firstLine: string;
    body: string[];
    bodyTruncated: boolean;
  } | null = null;
  private currentExpectation: Expectation | null = null;
  private bareLf = false;
  /** The command of the last multi-line response, while no other response has begun. */
  private lastMultiLine: string | null = null;
  /** True while lines keep arriving with no command waiting; only the first is flagged. */
  private inStrayRun = false;
  /** Bytes held in `current`, for bufferedByteCount. */
  private currentBytes = 0;

  /** `maxLineBytes` caps each tracked line; the default is MAX_TRACKED_LINE_BYTES. */
  constructor(maxLineBytes?: number) {
    this.buffer = new LineBuffer(maxLineBytes);
  }

  get bufferedByteCount(): number {
    return this.buffer.bufferedByteCount + this.currentBytes;
  }

  /** The command of a multi-line response whose final `.` line has not arrived, or null. */
  get openMultiLineCommand(): string | null {
    return this.current === null ? null : (this.currentExpectation?.command ?? null);
  }

  /** Drops the expectation of a greeting, for a reader started after STLS. */
  skipGreeting(): void {
    if (this.expectations[0]?.command === null) {
      this.expectations.shift();
    }
  }

  /**
   * Records a command the client sent; its response will be read accordingly. A SASL response
   * line sent after a `+` continuation is not a command and must not be passed here.
   */
  expect(line: string): void {
    const verb = (line.trim().split(/\s+/)[0] ?? '').toUpperCase();
    this.expectations.push({ command: verb, multiLine: isMultiLineCommand(line) });
  }

  push(chunk: Uint8Array): Pop3Response[] {
    this.buffer.push(chunk);
    const responses: Pop3Response[] = [];
    for (let line = this.buffer.takeLine(); line !== null; line = this.buffer.takeLine()) {
      if (line.ending === 'lf') {
        this.bareLf = true;
      }
      const response = this.consume(line.text);
      if (response !== null) {
        responses.push(response);
      }
    }
    return responses;
  }

  private consume(text: string): Pop3Response | null {
    if (this.current !== null) {
      // Inside a multi-line body: a lone dot ends it, a leading dot is stuffing (RFC 1939, 3).
      if (text === '.') {
        return this.finish();
      }
      // Past the cap the body is only counted, so a huge RETR cannot exhaust memory.
      if (this.currentBytes < MAX_TRACKED_BODY_BYTES) {
        this.current.body.push(text.startsWith('.') ? text.slice(1) : text);
      } else {
        this.current.bodyTruncated = true;
      }
      this.currentBytes += text.length + 2;
      return null;
    }
    const status = statusOf(text);
    // Every POP3 response starts with a status, so a line without one belongs to no command, and
    // the command still waiting keeps its place. Only the greeting may lack a status.
    const greetingDue = this.expectations[0]?.command === null;
    const stray = status === null && !greetingDue;
    const waiting = stray ? undefined : this.expectations.shift();
    const expectation = waiting ?? { command: null, multiLine: false };

    const framingProblem = stray && !this.inStrayRun ? strayLineProblem(this.lastMultiLine) : null;
    this.inStrayRun = stray;
    if (!stray) {
      this.lastMultiLine = null;
    }
    const rest = status === null ? text : text.slice(status.length).trimStart();
    this.current = { status, text: rest, firstLine: text, body: [], bodyTruncated: false };
    this.currentExpectation = expectation;
    this.currentBytes = text.length + 2;
    if (status === '+OK' && expectation.multiLine) {
      return null;
    }
    if (status === '+') {
      // A SASL continuation answers the AUTH command only in part: the next client line is
      // the SASL response, which gets the next status line, so the AUTH expectation stays.
      this.expectations.unshift(expectation);
    }
    return this.finish(framingProblem);
  }

  private finish(strayProblem: string | null = null): Pop3Response {
    const current = this.current!;
    const expectation = this.currentExpectation;
    const multiLine = current.status === '+OK' && expectation?.multiLine === true;
    if (multiLine) {
      this.lastMultiLine = expectation.command;
    }
    const response: Pop3Response = {
      protocol: 'pop3',
      status: current.status,
      text: current.text,
      firstLine: current.firstLine,
      body: multiLine ? current.body : null,
      bodyTruncated: current.bodyTruncated,
      command: expectation?.command ?? null,
      bareLf: this.bareLf,
      framingProblem: multiLine ? sizeProblem(current) : strayProblem,
    };
    this.current = null;
    this.currentExpectation = null;
    this.currentBytes = 0;
    this.bareLf = false;
    return response;
  }
}

/** The octet count on a RETR `+OK` line, in the form Dovecot sends (`+OK 120 octets`). */

const ANNOUNCED_OCTETS = /^(\d+)\s+octets\b/i;

/**
 * Compares a RETR body with the size its `+OK` line announced (RFC 1939, section 5: the count
 * is of the message itself, before dot-stuffing). Lines are binary strings, so length is bytes.
 */
function sizeProblem(response: {
  readonly text: string;
  readonly body: readonly string[];
  readonly bodyTruncated: boolean;
}): string | null {
  const announced = ANNOUNCED_OCTETS.exec(response.text);
  if (announced === null || response.bodyTruncated) {
    return null;
  }
  const expected = Number(announced[1]);
  const received = response.body.reduce((total, line) => total + line.length + 2, 0);
  if (received === expected) {
    return null;
  }
  return (
    `The message has ${received} octets after removing dot-stuffing, but the server announced ` +
    `${expected}. A server that does not double the leading dot of a line (RFC 1939, section 3) ` +
    'loses that dot, or ends the message early at a line holding only a dot. Compare the raw ' +
    'bytes in the Bytes view.'
  );
}

function strayLineProblem(lastMultiLine: string | null): string {
  if (lastMultiLine === null) {
    return 'A line without +OK or -ERR arrived where a response should start; it answers no command.';
  }
  return (
    `Lines without +OK or -ERR arrived after the ${lastMultiLine} response had ended. ` +
    'The server probably sent a line holding only a dot without doubling it (RFC 1939, ' +
    'section 3), which ended the response early; the rest of the message follows as stray lines.'
  );
}

function statusOf(line: string): Pop3Response['status'] {
  if (/^\+OK(\s|$)/i.test(line)) {
    return '+OK';
  }
  if (/^-ERR(\s|$)/i.test(line)) {
    return '-ERR';
  }
  if (/^\+(\s|$)/.test(line)) {
    return '+';
  }
  return null;
}

/** Returns the capability lines of a CAPA response (RFC 2449), keyword upper-cased. */
export function parsePop3Capabilities(response: Pop3Response): string[] | null {
  if (response.command !== 'CAPA' || response.status !== '+OK' || response.body === null) {
    return null;
  }
  return normalizeCapabilityLines(response.body);
}

export function isPop3StarttlsCommand(line: string): boolean {
  return /^\s*STLS\s*$/i.test(line);
}
