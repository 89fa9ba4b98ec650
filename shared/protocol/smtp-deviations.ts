import type { SmtpDeviation, SmtpReply } from './smtp';

/**
 * Sentences for the departures from RFC 5321's reply grammar that the reader tolerates. Bare
 * LF and truncation are reported elsewhere (the byte view and the tracking caps), so they have
 * no sentence here.
 */
const DEVIATION_TEXT: Partial<Record<SmtpDeviation, string>> = {
  'blank-line':
    'a blank line, which is not part of any reply; clients that read line by line may take it ' +
    'as the end of the reply',
  'no-code':
    'a line without a three-digit reply code; a strict client stops here or drops the connection',
  'code-mismatch':
    'continuation lines with different reply codes, so the final line decides the code',
  'missing-space':
    'a final line with text directly after its code, where RFC 5321 requires a space',
};

/** Returns a warning naming each grammar deviation in a reply, or null for a regular reply. */
export function describeSmtpDeviations(reply: SmtpReply): string | null {
  const sentences = reply.deviations.flatMap((deviation) => DEVIATION_TEXT[deviation] ?? []);
  if (sentences.length === 0) {
    return null;
  }
  const code = reply.code === null ? 'a server line' : `the ${reply.code} reply`;
  return `Irregular SMTP framing in ${code}: ${sentences.join('; ')} (RFC 5321, section 4.2).`;
}
