import { asRecord, InvalidField, LineTooLong, MAX_LINE_LENGTH, parseSessionId } from './validate';

/**
 * Maximum number of lines, and of UTF-16 code units, that one `session:send-lines` request may
 * carry. The renderer sends a larger paste in several requests, so each stays well under browser
 * mode's 8 MiB WebSocket message limit even when every character takes 3 bytes in UTF-8.
 */
export const MAX_LINES_PER_REQUEST = 10_000;
export const MAX_LINES_REQUEST_LENGTH = 2 * 1024 * 1024;

/** Checks the parameters of `session:send-lines`: a session id and an array of lines. */
export function parseSendLinesParams(value: unknown): { sessionId: string; lines: string[] } {
  const record = asRecord(value, 'params');
  const lines = record['lines'];
  if (!Array.isArray(lines)) {
    throw new InvalidField('lines', 'must be an array of strings');
  }
  if (lines.length > MAX_LINES_PER_REQUEST) {
    throw new InvalidField(
      'lines',
      `has ${lines.length} lines; one request may carry at most ${MAX_LINES_PER_REQUEST}`,
    );
  }
  let length = 0;
  const checked = lines.map((line: unknown, index) => {
    if (typeof line !== 'string') {
      throw new InvalidField(`lines[${index}]`, 'must be a string');
    }
    length += line.length;
    return line;
  });
  // A too-long line is the user's mistake and gets INPUT_TOO_LONG with its size, so it is
  // checked before the request total. The transport already bounds the line's UTF-8 count.
  const tooLong = checked.findIndex((line) => line.length > MAX_LINE_LENGTH);
  if (tooLong >= 0) {
    throw new LineTooLong(checked[tooLong]!, tooLong + 1);
  }
  if (length > MAX_LINES_REQUEST_LENGTH) {
    throw new InvalidField(
      'lines',
      `have ${length} characters together; one request may carry at most ${MAX_LINES_REQUEST_LENGTH}`,
    );
  }

  return { sessionId: parseSessionId(record), lines: checked };
}
