/**
 * Commands that may stand anywhere in a pipelined group (RFC 2920, section 3.1): their replies
 * change nothing the client must wait for. Every other command (EHLO, DATA, BDAT, AUTH, STARTTLS,
 * QUIT, NOOP, VRFY, EXPN and unknown ones) must end the group, so the next line waits for its reply.
 */
const MAY_CONTINUE_GROUP = new Set(['RSET', 'MAIL', 'SEND', 'SOML', 'SAML', 'RCPT']);

/** Verbs after which the next line waits for the reply even when the server offers PIPELINING. */
export function endsPipelineGroup(verb: string): boolean {
  return !MAY_CONTINUE_GROUP.has(verb.toUpperCase());
}

/**
 * Returns whether the next command may be written while replies to `outstanding` commands are
 * still missing: never without PIPELINING, and with it only when none of them ends a group.
 */
export function mayWriteBeforeReplies(
  outstanding: readonly string[],
  pipelining: boolean,
): boolean {
  if (outstanding.length === 0) {
    return true;
  }
  return pipelining && outstanding.every((verb) => !endsPipelineGroup(verb));
}

/** SMTP verbs a person types; a line starting with one of them is a command, not message text. */
const SMTP_VERBS = new Set([
  'HELO',
  'EHLO',
  'MAIL',
  'RCPT',
  'DATA',
  'BDAT',
  'RSET',
  'NOOP',
  'QUIT',
  'VRFY',
  'EXPN',
  'HELP',
  'AUTH',
  'STARTTLS',
  'ETRN',
  'ATRN',
  'BURL',
  'TURN',
  'SEND',
  'SOML',
  'SAML',
]);

export function isSmtpCommandVerb(verb: string): boolean {
  return SMTP_VERBS.has(verb.toUpperCase());
}
