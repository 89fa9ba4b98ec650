/**
 * Turns the lines of an EHLO reply or a CAPA response into capability entries: trimmed, blank
 * lines dropped, the keyword upper-cased (keywords are case-insensitive) and its parameters kept
 * as sent, because some (SIZE, AUTH mechanisms) are shown to the user.
 */
export function normalizeCapabilityLines(lines: readonly string[]): string[] {
  return lines
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const space = line.indexOf(' ');
      return space < 0
        ? line.toUpperCase()
        : `${line.slice(0, space).toUpperCase()}${line.slice(space)}`;
    });
}
