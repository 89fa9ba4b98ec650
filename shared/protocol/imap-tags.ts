/**
 * IMAP commands a person types by name (RFC 9051, section 6, and common extensions). A line that
 * starts with one of them has no tag: every IMAP command starts with a tag, so the console adds one.
 */
const IMAP_COMMANDS = new Set([
  'APPEND',
  'AUTHENTICATE',
  'CAPABILITY',
  'CHECK',
  'CLOSE',
  'COMPRESS',
  'COPY',
  'CREATE',
  'DELETE',
  'ENABLE',
  'EXAMINE',
  'EXPUNGE',
  'FETCH',
  'GETACL',
  'GETMETADATA',
  'GETQUOTA',
  'GETQUOTAROOT',
  'ID',
  'IDLE',
  'LIST',
  'LOGIN',
  'LOGOUT',
  'LSUB',
  'MOVE',
  'MYRIGHTS',
  'NAMESPACE',
  'NOOP',
  'RENAME',
  'SEARCH',
  'SELECT',
  'SETACL',
  'SETMETADATA',
  'SETQUOTA',
  'SORT',
  'STARTTLS',
  'STATUS',
  'STORE',
  'SUBSCRIBE',
  'THREAD',
  'UID',
  'UNAUTHENTICATE',
  'UNSELECT',
  'UNSUBSCRIBE',
  'XLIST',
]);

/** Prefix of the tags the console adds; `a1`, `a2`, … read like the tags in RFC examples. */
export const AUTO_TAG_PREFIX = 'a';

/**
 * Returns whether a typed IMAP command line lacks its tag: its first word is a command name and
 * its second word is not (so `LOGIN alice secret` lacks one, while `NOOP NOOP` is tag `NOOP`
 * and command `NOOP`). Empty lines, and lines that continue a command, are the caller's business.
 */
export function imapLineNeedsTag(line: string): boolean {
  const words = line.trim().split(/\s+/);
  const first = (words[0] ?? '').toUpperCase();
  if (!IMAP_COMMANDS.has(first)) {
    return false;
  }
  const second = (words[1] ?? '').toUpperCase();
  return !IMAP_COMMANDS.has(second);
}

/**
 * Returns the literal a client line announces at its end: `{5}` waits for the server's `+`, `{5+}` does
 * not (RFC 7888). Null when the line announces none.
 */
export function literalAtLineEnd(line: string): { size: number; synchronizing: boolean } | null {
  const match = /\{(\d{1,10})(\+?)\}\s*$/.exec(line);
  if (match === null) {
    return null;
  }
  return { size: Number(match[1]), synchronizing: match[2] === '' };
}
