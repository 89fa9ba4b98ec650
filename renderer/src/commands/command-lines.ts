import type { MailtapError } from '../../../shared/errors';
import type { SendLineResult } from '../../../shared/session';

/**
 * Splits the command box into the lines to send. An empty box is one empty line, which SMTP
 * needs between headers and body. One line break at the very end of a pasted block is dropped,
 * because it ends the last line rather than adding an empty one. CRLF from a paste is one break.
 */
export function splitCommandLines(draft: string): string[] {
  const lines = draft.split(/\r\n|\n|\r/);
  if (lines.length > 1 && lines.at(-1) === '') {
    lines.pop();
  }
  return lines;
}

export function joinCommandLines(lines: readonly string[]): string {
  return lines.join('\n');
}

export interface SendOutcome {
  /** How many lines the engine accepted, from the first. */
  readonly sentCount: number;
  /** Why the next line was not sent: a catalog error from the engine, or a thrown failure. */
  readonly failure: { readonly error: MailtapError } | { readonly thrown: unknown } | null;
}

/**
 * Sends lines one at a time in order, each after the engine accepted the one before, and stops at
 * the first that the engine rejects or that fails to reach it.
 */
export async function sendLinesInOrder(
  lines: readonly string[],
  send: (line: string) => Promise<SendLineResult>,
  onSent: (index: number) => void,
): Promise<SendOutcome> {
  for (let index = 0; index < lines.length; index++) {
    let result: SendLineResult;
    try {
      result = await send(lines[index]!);
    } catch (thrown) {
      return { sentCount: index, failure: { thrown } };
    }
    if (!result.sent) {
      return { sentCount: index, failure: { error: result.error } };
    }
    onSent(index);
  }
  return { sentCount: lines.length, failure: null };
}
