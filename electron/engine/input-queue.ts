import type { InputVerdict } from './protocols/driver';

/** Maximum lines a session keeps waiting for replies, enough for a long pasted message. */
export const MAX_HELD_LINES = 100_000;

export interface InputQueueHooks {
  /** Asks the protocol driver about the line at the head of the queue. */
  readonly judge: (line: string, waited: boolean) => InputVerdict;
  /** Writes a line that may go now. */
  readonly write: (line: string, automatic: boolean) => void;
  readonly note: (level: 'info' | 'warning', text: string) => void;
}

interface HeldLine {
  readonly text: string;
  readonly automatic: boolean;
  /** Order of submission, counted from 1 over the session. */
  readonly sequence: number;
}

/**
 * The lines a user sent that the session has accepted but not yet written, in order. Each line
 * is written as soon as the driver allows it: at once in the usual case, after a reply when the
 * protocol demands (a non-pipelining SMTP server, the body after DATA, IMAP literal data after
 * `+`). Every line that goes out still appears in the terminal when it is written, and every line
 * that is dropped is named in a note, so nothing happens out of sight.
 */
export class InputQueue {
  private readonly lines: HeldLine[] = [];
  private lastWaitReason: string | null = null;
  private submitted = 0;
  /**
   * The last line that was held while the head waited for a reply. Every line up to it waited,
   * not only the head: a pasted message behind a DATA is content, even its lines that look like
   * commands, and the driver must know that when the server refuses the DATA.
   */
  private waitedThrough = 0;

  constructor(private readonly hooks: InputQueueHooks) {}

  get size(): number {
    return this.lines.length;
  }

  get isFull(): boolean {
    return this.lines.length >= MAX_HELD_LINES;
  }

  /** True when a held line matches, e.g. a STARTTLS that later lines must not follow blindly. */
  holds(predicate: (line: string) => boolean): boolean {
    return this.lines.some((line) => predicate(line.text));
  }

  /** Appends a line behind those already held and writes whatever may go now. */
  submit(text: string, automatic: boolean): void {
    this.submitted++;
    this.lines.push({ text, automatic, sequence: this.submitted });
    this.pump();
  }

  /** Writes held lines from the head of the queue until one must wait. */
  pump(): void {
    for (let head = this.lines[0]; head !== undefined; head = this.lines[0]) {
      const verdict = this.hooks.judge(head.text, head.sequence <= this.waitedThrough);
      if (verdict.action === 'wait') {
        this.waitedThrough = this.submitted;

        // One note per reason, not per held line, so a long paste does not flood the terminal.
        if (verdict.reason !== this.lastWaitReason) {
          this.lastWaitReason = verdict.reason;
          this.hooks.note('info', verdict.reason);
        }
        return;
      }
      this.lines.shift();
      this.lastWaitReason = null;
      if (verdict.action === 'drop') {
        // The line itself is not quoted: after a refused AUTH it can be a credential.
        this.hooks.note('warning', verdict.reason);
        continue;
      }
      if (verdict.note !== undefined) {
        this.hooks.note('warning', verdict.note);
      }
      this.hooks.write(head.text, head.automatic);
    }
  }

  /** Forgets every held line and notes how many were not sent, and why. */
  clear(reason: string): void {
    if (this.lines.length === 0) {
      return;
    }
    const count = this.lines.length;
    this.lines.length = 0;
    this.lastWaitReason = null;
    this.hooks.note('warning', `${count} held line(s) were not sent: ${reason}`);
  }
}
