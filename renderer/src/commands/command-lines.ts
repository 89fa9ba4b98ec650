import type { MailtapError } from '../../../shared/errors';
import { MAX_LINES_REQUEST_LENGTH } from '../../../shared/ipc/validate-lines';
import type { SendLinesResult } from '../../../shared/session';

/**
 * Maximum number of lines per `session:send-lines` request. A paste goes out in requests of this size, so the
 * box can show progress and one request keeps the engine busy for milliseconds, not seconds.
 */
export const CHUNK_MAX_LINES = 2_000;
/** Maximum UTF-16 code units per request: half of what the engine accepts, for headroom. */
export const CHUNK_MAX_LENGTH = MAX_LINES_REQUEST_LENGTH / 2;

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

/**
 * Splits lines into requests of at most `maxLines` lines and `maxLength` code units. A line
 * longer than `maxLength` gets a request of its own, and the engine judges its length.
 */
export function chunkLines(
  lines: readonly string[],
  maxLines: number = CHUNK_MAX_LINES,
  maxLength: number = CHUNK_MAX_LENGTH,
): string[][] {
  const chunks: string[][] = [];
  let chunk: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (chunk.length > 0 && (chunk.length >= maxLines || length + line.length > maxLength)) {
      chunks.push(chunk);
      chunk = [];
      length = 0;
    }
    chunk.push(line);
    length += line.length;
  }
  if (chunk.length > 0) {
    chunks.push(chunk);
  }
  return chunks;
}

export interface SendOutcome {
  /** How many lines the engine accepted, from the first. */
  readonly sentCount: number;
  /** Indexes of accepted lines that the engine shows masked, because they carry a credential. */
  readonly maskedIndexes: readonly number[];
  /** Why the next line was not sent: a catalog error from the engine, or a thrown failure. */
  readonly failure: { readonly error: MailtapError } | { readonly thrown: unknown } | null;
}

/**
 * Sends lines in order, a chunk per request, each request after the engine responded to the
 * one before. The engine stops at the first line it refuses, and so does this.
 */
export async function sendLinesInChunks(
  lines: readonly string[],
  send: (chunk: readonly string[]) => Promise<SendLinesResult>,
  onProgress: (sentCount: number) => void,
): Promise<SendOutcome> {
  let sentCount = 0;
  const maskedIndexes: number[] = [];
  for (const chunk of chunkLines(lines)) {
    let result: SendLinesResult;
    try {
      result = await send(chunk);
    } catch (thrown) {
      return { sentCount, maskedIndexes, failure: { thrown } };
    }
    for (const index of result.maskedIndexes) {
      maskedIndexes.push(sentCount + index);
    }
    sentCount += result.sentCount;
    if (result.error !== null) {
      return { sentCount, maskedIndexes, failure: { error: result.error } };
    }
    onProgress(sentCount);
  }
  return { sentCount, maskedIndexes, failure: null };
}
