/**
 * Most UTF-16 code units handed to xterm.js in one `write` call. xterm parses each call whole
 * before it checks its time budget (12 ms in xterm 6, `WRITE_TIMEOUT_MS`), so one call of
 * several megabytes is one long task. Measured in Chromium 156 on a 2-core Xeon, xterm parses
 * about 40,000 code units of formatted output per millisecond, so a slice costs about 1.5 ms
 * there and stays far below 100 ms even on a machine many times slower. See docs/benchmarks.md.
 */
export const MAX_WRITE_SLICE_CHARS = 64 * 1024;

const LINE_FEED = 0x0a;
const HIGH_SURROGATE_FIRST = 0xd800;
const HIGH_SURROGATE_LAST = 0xdbff;

/**
 * Splits text into slices of at most `maxChars` code units (one more where that keeps a
 * surrogate pair whole), preferring to end each slice after a line break. xterm keeps its parser
 * state across writes, so a slice may also end inside an escape sequence.
 */
export function splitForWrite(text: string, maxChars = MAX_WRITE_SLICE_CHARS): string[] {
  if (text.length <= maxChars) {
    return [text];
  }
  const slices: string[] = [];
  let start = 0;
  while (text.length - start > maxChars) {
    let end = lineBreakBefore(text, start + maxChars, start + Math.ceil(maxChars / 2));
    if (end < 0) {
      end = start + maxChars;
      const last = text.charCodeAt(end - 1);
      if (last >= HIGH_SURROGATE_FIRST && last <= HIGH_SURROGATE_LAST) {
        end++;
      }
    }
    slices.push(text.slice(start, end));
    start = end;
  }
  slices.push(text.slice(start));
  return slices;
}

/** Returns the index after the last LF in `[floor, end)`, or -1 when there is none. */
function lineBreakBefore(text: string, end: number, floor: number): number {
  for (let index = end - 1; index >= floor; index--) {
    if (text.charCodeAt(index) === LINE_FEED) {
      return index + 1;
    }
  }
  return -1;
}
