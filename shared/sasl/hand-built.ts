import { isLoneSaslCredential } from '../protocol/secrets';
import { inspectBase64 } from './base64-inspector';

/** `AUTH PLAIN <base64>` or `<tag> AUTHENTICATE PLAIN <base64>`, as typed or pasted. */
const PLAIN_WITH_INITIAL_RESPONSE = /^\s*(?:\S+\s+)?(?:AUTH|AUTHENTICATE)\s+PLAIN\s+(\S+)\s*$/i;

/**
 * Returns a warning naming the mistakes of a hand-built PLAIN string in a typed line, or null. It
 * covers `AUTH PLAIN <base64>`, its IMAP form, and a base64 PLAIN message on a line of its own.
 * The warning names the kind of mistake only, never a byte of the credential.
 */
export function handBuiltPlainWarning(line: string): string | null {
  const initial = PLAIN_WITH_INITIAL_RESPONSE.exec(line)?.[1];
  const blob = initial ?? (isLoneSaslCredential(line) ? line.trim() : null);
  if (blob === null || blob === '=') {
    return null;
  }
  const inspection = inspectBase64(blob);
  const problems =
    inspection.bytes === null
      ? ['The PLAIN string is not valid base64, so the server cannot decode it.']
      : inspection.findings.filter((finding) => finding.level === 'error').map((f) => f.text);
  if (problems.length === 0) {
    return null;
  }
  return `This AUTH PLAIN string looks hand-built with a mistake: ${problems.join(' ')} The Auth tab builds it correctly.`;
}
